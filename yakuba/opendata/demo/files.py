"""The CSV files of the demo city's hand-written datasets (:mod:`.catalogue`).

Plausible for a city of 70,000, not the city's real figures: the numbers are made up
(deterministic, no randomness), the places are the city's real town areas and well-known
sights, the schools, nurseries and parks are invented names.  UTF-8, CRLF line ends.
"""

from __future__ import annotations

import csv
import io

TOWNS = (
    "中藤",
    "神明",
    "中央",
    "本町",
    "学園",
    "緑が丘",
    "大南",
    "三ツ藤",
    "榎",
    "伊奈平",
    "岸",
    "三ツ木",
    "大字三ツ木",
    "残堀",
    "中原",
)
WEEKDAY_PAIRS = ("月・木", "火・金", "水・土")
WEEKDAYS = ("月", "火", "水", "木", "金")


def csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 CSV, CRLF line ends (RFC 4180), every value as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else str(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def garbage_schedule() -> bytes:
    rows = []
    for index, town in enumerate(TOWNS):
        rows.append(
            [
                f"{index % 3 + 1}地区",
                town,
                WEEKDAY_PAIRS[index % 3],
                f"第{index % 2 * 2 + 1}・第{index % 2 * 2 + 3}{WEEKDAYS[(index + 1) % 5]}曜日",
                f"毎週{WEEKDAYS[(index + 2) % 5]}曜日",
                f"毎週{WEEKDAYS[(index + 3) % 5]}曜日",
                f"第{index % 4 + 1}{WEEKDAYS[(index + 4) % 5]}曜日",
                f"第{(index + 2) % 4 + 1}{WEEKDAYS[(index + 4) % 5]}曜日",
            ]
        )
    return csv_bytes(
        [
            "地区",
            "町名",
            "可燃ごみ",
            "不燃ごみ",
            "容器包装プラスチック",
            "古紙・古布",
            "びん・缶",
            "ペットボトル",
        ],
        rows,
    )


BULKY_WASTE = (
    ("いす（1人掛け）", "イス", 400, ""),
    ("いす（ソファー・2人掛け以上）", "イス", 1600, ""),
    ("自転車", "ジテンシャ", 800, "幼児用は400円"),
    ("たんす（高さ90cm未満）", "タンス", 800, ""),
    ("たんす（高さ90cm以上）", "タンス", 1600, ""),
    ("テーブル", "テーブル", 800, ""),
    ("ふとん", "フトン", 400, "1枚につき"),
    ("ベッド（シングル）", "ベッド", 1600, "マットレスは別料金"),
    ("マットレス（スプリング入り）", "マットレス", 2000, ""),
    ("電子レンジ", "デンシレンジ", 800, ""),
    ("掃除機", "ソウジキ", 400, ""),
    ("カーペット（6畳以下）", "カーペット", 800, ""),
    ("物干し台", "モノホシダイ", 400, "竿は別料金"),
    ("ストーブ", "ストーブ", 800, "灯油と電池を抜いてください"),
    ("スキー板（1組）", "スキーイタ", 400, ""),
)


def bulky_waste() -> bytes:
    return csv_bytes(
        ["品目", "品目_カナ", "手数料（円）", "備考"],
        [list(row) for row in BULKY_WASTE],
    )


#: (区分, 款, 予算額（千円）, 前年度（千円）) of the general account.
BUDGET = (
    ("歳入", "市税", 9_482_000, 9_301_500),
    ("歳入", "地方譲与税", 168_000, 165_400),
    ("歳入", "地方消費税交付金", 1_590_000, 1_548_000),
    ("歳入", "地方交付税", 4_210_000, 4_050_000),
    ("歳入", "国庫支出金", 8_920_300, 8_612_700),
    ("歳入", "都支出金", 5_102_800, 4_987_600),
    ("歳入", "繰入金", 1_206_000, 1_410_000),
    ("歳入", "市債", 1_833_000, 1_690_000),
    ("歳入", "その他", 3_287_900, 3_104_800),
    ("歳出", "議会費", 318_400, 312_900),
    ("歳出", "総務費", 3_912_600, 3_855_100),
    ("歳出", "民生費", 18_604_700, 18_011_300),
    ("歳出", "衛生費", 3_420_900, 3_276_000),
    ("歳出", "労働費", 21_300, 20_900),
    ("歳出", "農林業費", 152_800, 147_600),
    ("歳出", "商工費", 301_500, 289_700),
    ("歳出", "土木費", 3_204_100, 3_160_400),
    ("歳出", "消防費", 1_498_200, 1_470_300),
    ("歳出", "教育費", 3_512_400, 3_251_900),
    ("歳出", "公債費", 1_803_100, 1_823_800),
    ("歳出", "諸支出金", 20_000, 20_000),
    ("歳出", "予備費", 30_000, 30_000),
)


def budget() -> bytes:
    rows = []
    for kind, item, amount, previous in BUDGET:
        change = (amount - previous) / previous * 100
        rows.append(["令和8年度", kind, item, amount, previous, f"{change:.1f}"])
    return csv_bytes(
        ["年度", "区分", "款", "予算額（千円）", "前年度予算額（千円）", "増減率（%）"], rows
    )


#: (year, total, men, households) on 1 January: slowly falling, more households.
POPULATION = (
    (2017, 72_360, 36_080, 31_020),
    (2018, 72_110, 35_950, 31_240),
    (2019, 71_870, 35_830, 31_480),
    (2020, 71_640, 35_700, 31_720),
    (2021, 71_330, 35_540, 31_900),
    (2022, 71_020, 35_380, 32_060),
    (2023, 70_790, 35_250, 32_270),
    (2024, 70_560, 35_120, 32_450),
    (2025, 70_290, 34_980, 32_610),
    (2026, 70_030, 34_840, 32_760),
)


def population(until: int) -> bytes:
    rows = [
        [f"{year}-01-01", total, men, total - men, households, f"{total / households:.2f}"]
        for year, total, men, households in POPULATION
        if year <= until
    ]
    return csv_bytes(["基準日", "総人口", "男", "女", "世帯数", "一世帯あたり人員"], rows)


def vital_statistics() -> bytes:
    rows = []
    for offset, year in enumerate(range(2016, 2026)):
        births = 560 - offset * 14
        deaths = 610 + offset * 17
        moved_in = 3_150 - offset * 20 + (offset % 3) * 35
        moved_out = 3_260 - offset * 18 + (offset % 2) * 40
        rows.append(
            [year, births, deaths, births - deaths, moved_in, moved_out, moved_in - moved_out]
        )
    return csv_bytes(["年", "出生", "死亡", "自然増減", "転入", "転出", "社会増減"], rows)


#: Parks: (name, kana, town, lot, latitude, longitude, area m², kind, toilet, play equipment).
PARKS = (
    ("大南公園", "オオミナミコウエン", "大南三丁目", "10番地", 35.7402, 139.3960, 21_500, "近隣公園", "有", "有"),
    ("中藤公園", "ナカトウコウエン", "中藤四丁目", "25番地", 35.7620, 139.4012, 8_300, "街区公園", "有", "有"),
    ("本町ふれあい公園", "ホンマチフレアイコウエン", "本町二丁目", "3番地", 35.7551, 139.3839, 2_400, "街区公園", "無", "有"),
    ("学園さくら公園", "ガクエンサクラコウエン", "学園四丁目", "7番地", 35.7478, 139.3921, 3_100, "街区公園", "有", "有"),
    ("緑が丘中央公園", "ミドリガオカチュウオウコウエン", "緑が丘", "1460番地", 35.7433, 139.4098, 12_800, "近隣公園", "有", "有"),
    ("榎けやき公園", "エノキケヤキコウエン", "榎二丁目", "41番地", 35.7489, 139.4051, 1_900, "街区公園", "無", "有"),
    ("残堀川緑道", "ザンボリガワリョクドウ", "残堀三丁目", "地内", 35.7507, 139.3702, 6_700, "緑道", "無", "無"),
    ("三ツ木ひだまり公園", "ミツギヒダマリコウエン", "三ツ木二丁目", "18番地", 35.7571, 139.3760, 2_200, "街区公園", "無", "有"),
    ("伊奈平どんぐり公園", "イナダイラドングリコウエン", "伊奈平五丁目", "9番地", 35.7405, 139.3852, 2_700, "街区公園", "有", "有"),
    ("岸のもり公園", "キシノモリコウエン", "岸三丁目", "30番地", 35.7617, 139.3672, 4_500, "街区公園", "有", "無"),
    ("中原水辺公園", "ナカハラミズベコウエン", "中原一丁目", "12番地", 35.7596, 139.3712, 3_600, "街区公園", "有", "有"),
    ("神明みんなの広場", "シンメイミンナノヒロバ", "神明二丁目", "55番地", 35.7588, 139.3970, 1_500, "広場", "無", "無"),
)  # fmt: skip


def parks(city_code: str) -> bytes:
    rows = [
        [
            city_code,
            f"P{index:04d}",
            name,
            kana,
            f"東京都武蔵村山市{town}{lot}",
            f"{latitude:.6f}",
            f"{longitude:.6f}",
            area,
            kind,
            toilet,
            equipment,
            "",
        ]
        for index, (name, kana, town, lot, latitude, longitude, area, kind, toilet, equipment) in (
            enumerate(PARKS, start=1)
        )
    ]
    return csv_bytes(
        [
            "全国地方公共団体コード",
            "ID",
            "名称",
            "名称_カナ",
            "所在地_連結表記",
            "緯度",
            "経度",
            "面積（㎡）",
            "種別",
            "トイレの有無",
            "遊具の有無",
            "備考",
        ],
        rows,
    )


BUS_STOPS = (
    ("市役所", "シヤクショ", 35.75483, 139.38736),
    ("市民会館（さくらホール）", "シミンカイカン", 35.75362, 139.38610),
    ("村山医療センター", "ムラヤマイリョウセンター", 35.75910, 139.38030),
    ("イオンモールむさし村山", "イオンモールムサシムラヤマ", 35.74210, 139.39790),
    ("大南公園", "オオミナミコウエン", 35.74050, 139.39560),
    ("緑が丘ふれあいセンター", "ミドリガオカフレアイセンター", 35.74390, 139.40850),
    ("榎一丁目", "エノキイッチョウメ", 35.74740, 139.40220),
    ("学園四丁目", "ガクエンヨンチョウメ", 35.74780, 139.39180),
    ("残堀・伊奈平地区会館", "ザンボリイナダイラチクカイカン", 35.74710, 139.37330),
    ("三ツ木地区会館", "ミツギチクカイカン", 35.75720, 139.37540),
    ("岸", "キシ", 35.76190, 139.36610),
    ("野山北・六道山公園入口", "ノヤマキタロクドウヤマコウエンイリグチ", 35.76610, 139.37290),
)


def bus_stops() -> bytes:
    rows = [
        [f"B{index:03d}", name, kana, f"{latitude:.5f}", f"{longitude:.5f}", route]
        for index, (name, kana, latitude, longitude) in enumerate(BUS_STOPS, start=1)
        for route in (("内回り・外回り",) if index % 4 else ("内回り",))
    ]
    return csv_bytes(["停留所ID", "停留所名", "停留所名_カナ", "緯度", "経度", "路線"], rows)


NURSERIES = (
    ("市立第一保育園", "認可公立保育所", "本町三丁目", 120, "0歳（生後57日）～5歳", "有"),
    ("市立第二保育園", "認可公立保育所", "学園二丁目", 100, "0歳（生後6か月）～5歳", "無"),
    ("さくら保育園", "認可私立保育所", "大南四丁目", 90, "0歳（生後57日）～5歳", "有"),
    ("みどりの森保育園", "認可私立保育所", "緑が丘", 110, "0歳（生後6か月）～5歳", "有"),
    ("ひだまりこども園", "認定こども園（幼保連携型）", "中藤二丁目", 150, "0歳～5歳", "有"),
    ("むらやま幼稚園", "私立幼稚園", "中央一丁目", 180, "3歳～5歳", "無"),
    ("えのき小規模保育室", "認可外保育所", "榎三丁目", 19, "0歳～2歳", "無"),
)


def nurseries() -> bytes:
    rows = [
        [name, kind, f"東京都武蔵村山市{town}", f"042-56{index}-00{index}0", capacity, ages, temp]
        for index, (name, kind, town, capacity, ages, temp) in enumerate(NURSERIES, start=1)
    ]
    return csv_bytes(
        ["名称", "種別", "住所", "電話番号", "収容定員", "受入年齢", "一時預かりの有無"], rows
    )


SCHOOL_TOWNS = ("本町", "学園", "大南", "中藤", "緑が丘", "伊奈平", "三ツ木", "榎", "中原")
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九")


def schools() -> bytes:
    rows = []
    for index, town in enumerate(SCHOOL_TOWNS):
        pupils = 380 + (index * 53) % 260
        rows.append(
            [
                f"武蔵村山市立第{NUMERALS[index]}小学校",
                "小学校",
                f"東京都武蔵村山市{town}",
                pupils,
                pupils // 30 + 1 + 2,
            ]
        )
    for index, town in enumerate(SCHOOL_TOWNS[:5]):
        students = 420 + (index * 71) % 240
        rows.append(
            [
                f"武蔵村山市立第{NUMERALS[index]}中学校",
                "中学校",
                f"東京都武蔵村山市{town}",
                students,
                students // 32 + 1 + 2,
            ]
        )
    return csv_bytes(
        ["学校名", "種別", "所在地", "児童生徒数", "学級数（特別支援学級を含む）"], rows
    )


def library_loans() -> bytes:
    rows = []
    for month_index in range(12):
        year, month = (2025, 4 + month_index) if month_index < 9 else (2026, month_index - 8)
        season = (0, 3, 5, 9, 12, 2, -1, -3, -6, -4, 1, 6)[month_index]
        for library, base in (("中央図書館", 21_400), ("緑が丘図書館", 6_800)):
            loans = base + base * season // 100
            rows.append([f"{year}-{month:02d}", library, loans, loans * 10 // 37, 60 + season * 4])
    return csv_bytes(["年月", "館名", "貸出冊数", "貸出人数", "新規登録者数"], rows)


SIGHTS = (
    ("野山北・六道山公園", "ノヤマキタロクドウヤマコウエン", "Noyamakita-Rokudoyama Park", "大字三ツ木", 35.7683, 139.3690,
     "狭山丘陵にある都立公園。里山の風景とアスレチック、田んぼ体験が楽しめる。"),
    ("かたくりの湯", "カタクリノユ", "Katakuri no Yu (hot spring bath)", "本町五丁目", 35.7635, 139.3850,
     "狭山丘陵のふもとの日帰り温泉施設。"),
    ("真福寺", "シンプクジ", "Shinpukuji Temple", "中藤三丁目", 35.7635, 139.4000, "市内の古刹。春は桜が見事。"),
    ("村山デエダラまつり", "ムラヤマデエダラマツリ", "Murayama Deedara Festival", "本町一丁目", 35.7548, 139.3874,
     "巨人デエダラボッチの山車が練り歩く市民まつり（毎年11月）。"),
    ("狭山丘陵 谷ツ入り口", "サヤマキュウリョウ ヤツイリグチ", "Sayama Hills trail entrance", "中藤五丁目", 35.7671, 139.3990,
     "湧水と雑木林をめぐる散策路の入り口。"),
    ("村山かてうどんの店 案内所", "ムラヤマカテウドンノミセ アンナイジョ", "Murayama katemen udon guide", "学園二丁目", 35.7510, 139.3900,
     "地元の名物「村山かてうどん」を出す店の案内所。"),
)  # fmt: skip


def sights() -> bytes:
    rows = [
        [name, kana, english, f"東京都武蔵村山市{town}", f"{lat:.6f}", f"{lon:.6f}", text]
        for name, kana, english, town, lat, lon, text in SIGHTS
    ]
    return csv_bytes(["名称", "名称_カナ", "名称_英語", "住所", "緯度", "経度", "説明"], rows)


def traffic_accidents() -> bytes:
    rows = []
    for year in (2023, 2024, 2025):
        for index, town in enumerate(TOWNS):
            accidents = 3 + (index * 7 + year) % 11
            rows.append(
                [year, town, accidents, 1 if (index + year) % 37 == 0 else 0, accidents + index % 3]
            )
    return csv_bytes(["年", "町名", "発生件数", "死者数", "負傷者数"], rows)


def radio_speakers(city_code: str) -> bytes:
    rows = []
    for index, town in enumerate(TOWNS, start=1):
        latitude = 35.7400 + (index * 37 % 100) / 4000
        longitude = 139.3650 + (index * 53 % 100) / 1600
        rows.append(
            [
                city_code,
                f"S{index:03d}",
                f"{town}地区",
                f"東京都武蔵村山市{town}",
                f"{latitude:.6f}",
                f"{longitude:.6f}",
            ]
        )
    return csv_bytes(
        ["全国地方公共団体コード", "ID", "名称", "所在地_連結表記", "緯度", "経度"], rows
    )


CHECKUPS = (
    ("特定健康診査", 11_200, 48.2, 49.1, 50.3),
    ("胃がん検診", 21_400, 7.9, 8.3, 8.8),
    ("肺がん検診", 24_800, 9.6, 10.1, 10.4),
    ("大腸がん検診", 24_800, 14.8, 15.2, 15.9),
    ("子宮頸がん検診", 14_100, 15.3, 15.0, 15.7),
    ("乳がん検診", 12_600, 18.1, 18.6, 19.2),
)


def checkups() -> bytes:
    rows = []
    for name, targets, *rates in CHECKUPS:
        for year, rate in zip(("令和5年度", "令和6年度", "令和7年度"), rates, strict=True):
            rows.append([year, name, targets, round(targets * rate / 100), f"{rate:.1f}"])
    return csv_bytes(["年度", "健診・検診", "対象者数", "受診者数", "受診率（%）"], rows)


def care_certification() -> bytes:
    rows = []
    for offset, year in enumerate(("令和3年度末", "令和4年度末", "令和5年度末", "令和6年度末")):
        levels = [
            520 + offset * 21,
            480 + offset * 18,
            760 + offset * 30,
            610 + offset * 22,
            450 + offset * 15,
            420 + offset * 9,
            330 + offset * 6,
        ]
        rows.append([year, *levels, sum(levels)])
    return csv_bytes(
        [
            "年度末",
            "要支援1",
            "要支援2",
            "要介護1",
            "要介護2",
            "要介護3",
            "要介護4",
            "要介護5",
            "合計",
        ],
        rows,
    )


def staff_counts() -> bytes:
    return csv_bytes(
        ["部", "正規職員", "会計年度任用職員"],
        [["企画財務部", 48, 12], ["総務部", 71, 20], ["市民部", 96, 41], ["（集計中）", "", ""]],
    )
