"""課税・所得証明書: one person's assessed income and inhabitant tax for one 年度.

The 年度 is the fiscal year of the tax (April to March); the income is that of the
calendar year before (「令和6年中の所得」 for 令和7年度). Amounts are whole yen as
assessed (``TaxAssessment``); the address printed is the holder's address at the
moment of issue. The prefectural tax is named after the prefecture's suffix
(都民税, 道民税, 府民税, 県民税).
"""

from __future__ import annotations

import datetime

from yakuba.core.japanese import format_yen, to_wareki
from yakuba.residents.queries import CertificateRecord

from ..models import CertificateKind, TaxAssessment
from .checks import assessment
from .common import address_item, as_of_text, name_items, wareki
from .document import CertificateDocument, Item, PersonEntry
from .refusals import RefusalCode, Refused

TITLE = "課税・所得証明書"
ATTESTATION = "上記のとおり相違ないことを証明する。"


def fiscal_year_text(year: int) -> str:
    """``2025`` → 令和7年度 (the era of April 1st of that year; 元年度 for the first)."""
    wareki_date = to_wareki(datetime.date(year, 4, 1))
    return f"{wareki_date.era}{wareki_date.year_label}年度"


def income_year_text(fiscal_year: int) -> str:
    """The calendar year of the income: ``2025`` → 令和6年 (2019 → 令和元年)."""
    wareki_date = to_wareki(datetime.date(fiscal_year - 1, 12, 31))
    return f"{wareki_date.era}{wareki_date.year_label}年"


def prefectural_tax_name(prefecture: str) -> str:
    """東京都 → 都民税, 北海道 → 道民税, 大阪府 → 府民税, else 県民税."""
    for suffix in ("都", "道", "府"):
        if prefecture.endswith(suffix):
            return f"{suffix}民税"
    return "県民税"


def _table(row: TaxAssessment, prefecture: str) -> tuple[Item, ...]:
    prefectural = prefectural_tax_name(prefecture)
    return (
        Item("salary_income", "給与収入", format_yen(row.salary_income)),
        Item("total_income", "合計所得金額", format_yen(row.total_income)),
        Item("deductions_total", "所得控除額の合計", format_yen(row.deductions_total)),
        Item("taxable_income", "課税標準額", format_yen(row.taxable_income)),
        Item("municipal_income_levy", "市民税 所得割額", format_yen(row.municipal_income_levy)),
        Item("municipal_per_capita", "市民税 均等割額", format_yen(row.municipal_per_capita)),
        Item(
            "prefectural_income_levy",
            f"{prefectural} 所得割額",
            format_yen(row.prefectural_income_levy),
        ),
        Item(
            "prefectural_per_capita",
            f"{prefectural} 均等割額",
            format_yen(row.prefectural_per_capita),
        ),
        Item("total_tax", "税額の合計", format_yen(row.total_tax)),
        Item("dependants", "扶養人数", f"{row.dependants}人"),
    )


def build_tax(
    record: CertificateRecord, fiscal_year: int, *, at: datetime.datetime
) -> CertificateDocument:
    row = assessment(record.person.person_id, fiscal_year)
    if row is None:
        raise Refused(RefusalCode.NO_ASSESSMENT)
    person = record.person
    items = name_items(person, kana=False)
    items.append(Item("birth_date", "生年月日", wareki(person.birth_date)))
    return CertificateDocument(
        kind=CertificateKind.TAX.value,
        title=TITLE,
        municipality_name=record.municipality_name,
        municipality_code=record.municipality_code,
        header=(
            Item("fiscal_year", "年度", fiscal_year_text(fiscal_year)),
            address_item(record),
        ),
        people=(PersonEntry(tuple(items)),),
        table=_table(row, record.address.prefecture),
        remarks=(f"{income_year_text(fiscal_year)}中の所得に基づく課税の内容です。",),
        attestation=ATTESTATION,
        as_of=as_of_text(at),
    )
