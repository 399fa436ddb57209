"""The column definitions of the national standard datasets (自治体標準オープンデータセット):
exact header names, their order and the ◎ (必須) marks.

Sources (``STANDARDS.md`` section 1.4; details in ``docs/modules/opendata-standard.md``):

* 指定緊急避難場所一覧 — the full new-style order of 1.4.2, verbatim (marks 必 → ◎).
* the other datasets — the new-style common block of 1.4.1 (verified on 公衆トイレ一覧)
  applied to the dataset-specific fields of 1.4.3 (the old 推奨 lists) by one rule:
  ``全国地方公共団体コード, ID, 地方公共団体名`` first; the name fields, with
  ``名称_英語`` after ``名称_カナ`` (common block); ``住所`` becomes the ``所在地_*`` block
  and ``方書`` becomes ``建物名等(方書)``; ``画像, 画像_ライセンス`` just before ``備考``.
  ◎ = the common block's ◎ (名称, 所在地_連結表記) plus the old lists' R marks of the
  dataset-specific fields.  **The new-style order and marks of these datasets are
  UNCONFIRMED** (STANDARDS.md, open point 1): change them here, in one place, once
  定義書A has been checked; the tests pin the lists below.

A *flag* column (災害種別_*, 指定避難所との重複) is ◎ in the standard yet its value is
``1`` (applies) or empty (does not): it is the one ◎ kind that may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    #: ◎ (必須): never empty in a generated file (flags excepted, see the module docstring).
    required: bool = False
    #: A ``1``/empty flag.
    flag: bool = False


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from a ``|``-separated list; a trailing ``◎`` marks a required one and a
    trailing ``⚑◎`` a required flag."""
    columns = []
    for raw in spec.split("|"):
        name = raw.strip()
        flag = name.endswith("⚑◎")
        required = name.endswith("◎")
        name = name.removesuffix("◎").removesuffix("⚑")
        columns.append(Column(name, required=required, flag=flag))
    return tuple(columns)


#: 1.4.1 (所在地 block): the parts of an address; ``所在地_連結表記`` is ◎.
ADDRESS_BLOCK = (
    "所在地_全国地方公共団体コード|町字ID|所在地_連結表記◎|所在地_都道府県|所在地_市区町村|"
    "所在地_町字|所在地_番地以下|建物名等(方書)"
)

PUBLIC_FACILITY_COLUMNS = _columns(
    "全国地方公共団体コード|ID|地方公共団体名|名称◎|名称_カナ|名称_英語|名称_通称|POIコード|"
    + ADDRESS_BLOCK
    + "|緯度|経度|電話番号|内線番号|法人番号|団体名|利用可能曜日|開始時間|終了時間|"
    "利用可能日時特記事項|説明|バリアフリー情報|URL|画像|画像_ライセンス|備考"
)

EVENT_COLUMNS = _columns(
    "全国地方公共団体コード|ID|地方公共団体名|イベント名◎|イベント名_カナ|イベント名_英語|"
    "開始日◎|終了日◎|開始時間◎|終了時間◎|開始日時特記事項|説明◎|料金(基本)|料金(詳細)|"
    "連絡先名称|連絡先電話番号|連絡先内線番号|主催者|場所名称◎|"
    + ADDRESS_BLOCK
    + "|緯度|経度|アクセス方法|駐車場情報|定員|参加申込終了日|参加申込終了時間|参加申込方法|"
    "URL|画像|画像_ライセンス|備考"
)

#: The age bands of 地域・年齢別人口 (0-4歳 … 80-84歳, 85歳以上).
POPULATION_BAND_LABELS: tuple[str, ...] = (
    *(f"{low}-{low + 4}歳" for low in range(0, 85, 5)),
    "85歳以上",
)
POPULATION_COLUMNS = _columns(
    "全国地方公共団体コード|地域コード|地方公共団体名|調査年月日◎|地域名◎|総人口◎|男性◎|女性◎|"
    + "|".join(f"{band}の{sex}◎" for band in POPULATION_BAND_LABELS for sex in ("男性", "女性"))
    + "|世帯数|備考"
)

HAZARD_COLUMNS: tuple[str, ...] = (
    "災害種別_洪水",
    "災害種別_崖崩れ、土石流及び地滑り",
    "災害種別_高潮",
    "災害種別_地震",
    "災害種別_津波",
    "災害種別_大規模な火事",
    "災害種別_内水氾濫",
    "災害種別_火山現象",
)

#: 1.4.2, verbatim.
EVACUATION_SPACE_COLUMNS = _columns(
    "全国地方公共団体コード|ID|名称◎|名称_カナ|名称_英字|所在地_全国地方公共団体コード|町字ID|"
    "所在地_連結表記◎|所在地_都道府県|所在地_市区町村|所在地_町字|所在地_番地以下|"
    "建物名等(方書)|緯度|経度|標高|電話番号◎|内線番号|連絡先メールアドレス|連絡先FormURL|"
    "連絡先備考（その他、SNSなど）|郵便番号|市区町村コード◎|地方公共団体名|"
    + "|".join(f"{name}⚑◎" for name in HAZARD_COLUMNS)
    + "|指定避難所との重複⚑◎|想定収容人数|対象となる町会・自治会|URL|画像|画像_ライセンス|備考"
)

AED_COLUMNS = _columns(
    "全国地方公共団体コード|ID|地方公共団体名|名称◎|名称_カナ|名称_英語|"
    + ADDRESS_BLOCK
    + "|緯度|経度|設置位置◎|電話番号|内線番号|法人番号|団体名|利用可能曜日|開始時間|終了時間|"
    "利用可能日時特記事項|小児対応設備の有無|URL|画像|画像_ライセンス|備考"
)


def header(columns: tuple[Column, ...]) -> list[str]:
    return [column.name for column in columns]


def required_names(columns: tuple[Column, ...], *, with_flags: bool = False) -> list[str]:
    """The ◎ columns that must never be empty (flags only when ``with_flags``)."""
    return [c.name for c in columns if c.required and (with_flags or not c.flag)]
