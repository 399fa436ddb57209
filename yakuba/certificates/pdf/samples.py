"""Sample certificate contents (fictitious people) for the tests, the documentation
screenshots and the timing figures of the PDF part. Not used when issuing."""

from __future__ import annotations

import datetime
import io

from ..content.document import CertificateDocument, IssueStamp, Item, PersonEntry

JST = datetime.timezone(datetime.timedelta(hours=9))
CITY = "武蔵村山市"
CODE = "132233"
ADDRESS = "東京都武蔵村山市本町一丁目1番地の1　サンプルハイツ101号"

_FAMILY = (
    ("村山 太郎", "ムラヤマ タロウ", "昭和55年4月2日", "男", "世帯主"),
    ("村山 花子", "ムラヤマ ハナコ", "昭和57年11月23日", "女", "妻"),
    ("村山 一郎", "ムラヤマ イチロウ", "平成22年6月15日", "男", "子"),
    ("村山 桜", "ムラヤマ サクラ", "平成25年3月3日", "女", "子"),
    ("村山 健太", "ムラヤマ ケンタ", "平成30年8月8日", "男", "子"),
    ("村山 梅子", "ムラヤマ ウメコ", "昭和25年1月10日", "女", "母"),
)


def resident(index: int) -> PersonEntry:
    name, kana, birth, sex, relationship = _FAMILY[index % len(_FAMILY)]
    if index >= len(_FAMILY):
        name = f"{name}{index}"
    return PersonEntry(
        (
            Item("name", "氏名", name),
            Item("name_kana", "フリガナ", kana),
            Item("birth_date", "生年月日", birth),
            Item("sex", "性別", sex),
            Item("relationship", "続柄", relationship),
            Item("became_resident_on", "住民となった日", "平成20年4月1日"),
            Item("address_set_on", "住所を定めた日", "平成20年4月1日 転入"),
            Item("previous_address", "前住所", "東京都立川市錦町三丁目2番1号 コーポ錦201"),
            Item("registered_domicile", "本籍", "東京都武蔵村山市本町一丁目1番地"),
            Item("domicile_head", "筆頭者", "村山 太郎"),
            Item("resident_code", "住民票コード", f"1234567890{index % 10}"),
        )
    )


def residence(people: int = 1, *, omitted: tuple[str, ...] = ()) -> CertificateDocument:
    return CertificateDocument(
        kind="residence",
        title="住民票の写し",
        municipality_name=CITY,
        municipality_code=CODE,
        header=(Item("address", "住所", ADDRESS), Item("head", "世帯主", "村山 太郎")),
        people=tuple(resident(index) for index in range(people)),
        attestation="この写しは、住民票の原本と相違ないことを証明する。",
        as_of="2026-05-01T10:23:00+09:00",
        omitted=omitted,
    )


def residence_items(people: int = 1) -> CertificateDocument:
    entries = tuple(
        PersonEntry(
            tuple(
                item
                for item in resident(index).items
                if item.key in ("name", "birth_date", "sex", "relationship")
            )
            + (Item("address", "住所", ADDRESS),)
        )
        for index in range(people)
    )
    return CertificateDocument(
        kind="residence_items",
        title="住民票記載事項証明書",
        municipality_name=CITY,
        municipality_code=CODE,
        header=(Item("purpose", "証明する事項", "氏名・生年月日・性別・続柄・住所"),),
        people=entries,
        attestation="上記の事項は、住民票に記載されている事項と相違ないことを証明する。",
        as_of="2026-05-01T10:23:00+09:00",
    )


def seal_image_png() -> bytes:
    """A fictitious round seal impression 「村山」 (red, 200 px)."""
    from PIL import Image, ImageDraw, ImageFont

    from .fonts import FONT_FILES, MINCHO

    image = Image.new("RGBA", (200, 200), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 30, 30, 255)
    draw.ellipse((8, 8, 192, 192), outline=red, width=9)
    font = ImageFont.truetype(FONT_FILES[MINCHO], 78)
    draw.text((100, 62), "村", font=font, fill=red, anchor="mm")
    draw.text((100, 138), "山", font=font, fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seal(people: int = 1) -> CertificateDocument:
    return CertificateDocument(
        kind="seal",
        title="印鑑登録証明書",
        municipality_name=CITY,
        municipality_code=CODE,
        header=(),
        people=(
            PersonEntry(
                (
                    Item("name", "氏名", "村山 太郎"),
                    Item("birth_date", "生年月日", "昭和55年4月2日"),
                    Item("address", "住所", ADDRESS),
                    Item("registration_number", "登録番号", "0001234"),
                )
            ),
        )
        + tuple(resident(index) for index in range(1, people)),
        attestation="この写しは、登録されている印影と相違ないことを証明する。",
        as_of="2026-05-01T10:23:00+09:00",
        seal_image_png=seal_image_png(),
    )


def tax(people: int = 1) -> CertificateDocument:
    return CertificateDocument(
        kind="tax",
        title="課税・所得証明書",
        municipality_name=CITY,
        municipality_code=CODE,
        header=(Item("fiscal_year", "年度", "令和8年度（令和7年1月〜12月の所得）"),),
        people=(
            PersonEntry(
                (
                    Item("address", "住所", ADDRESS),
                    Item("name", "氏名", "村山 太郎"),
                    Item("birth_date", "生年月日", "昭和55年4月2日"),
                )
            ),
        )
        + tuple(resident(index) for index in range(1, people)),
        table=(
            Item("salary_income", "給与収入", "5,200,000円"),
            Item("total_income", "合計所得金額", "3,660,000円"),
            Item("deductions", "所得控除合計", "1,480,000円"),
            Item("taxable_income", "課税標準額", "2,180,000円"),
            Item("income_levy", "市民税・都民税 所得割", "218,000円"),
            Item("per_capita_levy", "市民税・都民税 均等割", "5,000円"),
            Item("dependents", "扶養人数", "3人"),
        ),
        attestation="上記のとおり証明する。",
        as_of="2026-05-01T10:23:00+09:00",
    )


KINDS = {"residence": residence, "residence_items": residence_items, "seal": seal, "tax": tax}


def document(kind: str, people: int = 1) -> CertificateDocument:
    return KINDS[kind](people)


def stamp(*, copies: int = 1, serial: str = "7K3M9QXD2HB5TRWA") -> IssueStamp:
    return IssueStamp(
        serial=serial,
        issued_at_iso=datetime.datetime(2026, 5, 1, 10, 23, tzinfo=JST).isoformat(),
        mayor_line="武蔵村山市長　山田 一郎",
        verify_url=f"https://www.city.musashimurayama.example.lg.jp/certificates/verify/?s={serial}&h=3f5a9c1e0b7d2a64",
        copies=copies,
    )
