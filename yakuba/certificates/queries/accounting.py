"""Fee accounting of コンビニ交付 for 会計課: issuances per kiosk per day, and totals.

Counts and fees only — no person, no serial, no card — so reading it writes no access
record. A day is a day of the city's time zone (an issuance at 23:30 UTC belongs to the
next day in Tokyo). Policy: :func:`~yakuba.certificates.policies.may_view_accounting`
(会計課 viewer, 市民課 admin).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CertificateKind, Issuance, Kiosk
from ..policies import may_view_accounting
from .kiosks import day_bounds

MAX_DAYS = 366

CSV_HEADER = ("日付", "キオスクID", "設置店舗", "証明書の種類", "交付件数", "通数", "手数料（円）")


@dataclass(frozen=True)
class AccountingRow:
    """One kiosk, one day, one kind of certificate."""

    date: datetime.date
    kiosk_code: str
    kiosk_name: str
    kind: str
    issuances: int
    copies: int
    fees: int

    @property
    def kind_label(self) -> str:
        return str(CertificateKind(self.kind).label)


@dataclass
class Totals:
    issuances: int = 0
    copies: int = 0
    fees: int = 0

    def add(self, row: AccountingRow) -> None:
        self.issuances += row.issuances
        self.copies += row.copies
        self.fees += row.fees


@dataclass
class AccountingReport:
    """``rows`` by date, kiosk code and kind; ``totals`` of the period; ``by_kind`` and
    ``by_kiosk`` totals (kiosk code → totals)."""

    date_from: datetime.date
    date_to: datetime.date
    kiosk_code: str | None
    rows: list[AccountingRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    by_kind: dict[str, Totals] = field(default_factory=dict)
    by_kiosk: dict[str, Totals] = field(default_factory=dict)

    @property
    def kind_totals(self) -> list[tuple[str, Totals]]:
        return [
            (str(kind.label), self.by_kind[kind.value])
            for kind in CertificateKind
            if kind.value in self.by_kind
        ]


def _check_period(date_from: Any, date_to: Any) -> None:
    if not isinstance(date_from, datetime.date) or not isinstance(date_to, datetime.date):
        raise ValidationError(_("期間の開始日と終了日を入力してください。"), code="required")
    if date_to < date_from:
        raise ValidationError(
            {"date_to": _("終了日は開始日以後の日にしてください。")}, code="period_order"
        )
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError(
            {"date_to": _("期間は%(days)d日以内にしてください。") % {"days": MAX_DAYS}},
            code="period_length",
        )


def kiosk_choices_for(user: Any) -> list[tuple[str, str]]:
    """``(code, "code name")`` of every kiosk, for the accounting filter."""
    if not may_view_accounting(user):
        raise PermissionDenied
    return [
        (code, f"{code} {name}")
        for code, name in Kiosk.objects.order_by("code").values_list("code", "name")
    ]


def daily_totals_for(
    user: Any,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    kiosk_code: str | None = None,
) -> AccountingReport:
    """Issuances, copies and fees per day (inclusive range), kiosk and kind, with totals.
    One query. Raises ``PermissionDenied`` without the accounting role and
    ``ValidationError`` for a reversed or over-long period."""
    if not may_view_accounting(user):
        raise PermissionDenied
    _check_period(date_from, date_to)
    start, _end = day_bounds(date_from)
    _start, end = day_bounds(date_to)
    issuances = Issuance.objects.filter(issued_at__gte=start, issued_at__lt=end)
    if kiosk_code:
        issuances = issuances.filter(kiosk__code=kiosk_code)
    grouped = (
        issuances.annotate(day=TruncDate("issued_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "kiosk__code", "kiosk__name", "kind")
        .annotate(issuances=Count("pk"), copies=Sum("copies"), fees=Sum("total_fee"))
        .order_by("day", "kiosk__code", "kind")
    )
    report = AccountingReport(date_from, date_to, kiosk_code or None)
    for values in grouped:
        row = AccountingRow(
            date=values["day"],
            kiosk_code=values["kiosk__code"],
            kiosk_name=values["kiosk__name"],
            kind=values["kind"],
            issuances=values["issuances"],
            copies=values["copies"] or 0,
            fees=values["fees"] or 0,
        )
        report.rows.append(row)
        report.totals.add(row)
        report.by_kind.setdefault(row.kind, Totals()).add(row)
        report.by_kiosk.setdefault(row.kiosk_code, Totals()).add(row)
    return report


def accounting_csv_for(
    user: Any,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    kiosk_code: str | None = None,
    bom: bool = True,
) -> bytes:
    """The report as CSV for 会計課: one line per day, kiosk and kind, then a 合計 line.
    UTF-8, with a BOM by default so that Excel opens it as is. Column names are Japanese
    whatever the page language (the file is an accounting record)."""
    report = daily_totals_for(user, date_from=date_from, date_to=date_to, kiosk_code=kiosk_code)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow(
            [
                row.date.isoformat(),
                row.kiosk_code,
                row.kiosk_name,
                _japanese_label(row.kind),
                row.issuances,
                row.copies,
                row.fees,
            ]
        )
    writer.writerow(
        [
            "合計",
            report.kiosk_code or "",
            "",
            "",
            report.totals.issuances,
            report.totals.copies,
            report.totals.fees,
        ]
    )
    text = buffer.getvalue()
    return (("\ufeff" + text) if bom else text).encode("utf-8")


def _japanese_label(kind: str) -> str:
    from django.utils import translation

    with translation.override("ja"):
        return str(CertificateKind(kind).label)
