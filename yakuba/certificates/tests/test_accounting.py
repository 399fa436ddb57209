"""Fee accounting for 会計課: issuances, copies and fees per Japan-time day, kiosk and kind;
totals; the CSV (UTF-8, BOM for Excel); no personal data."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.certificates.queries.accounting import (
    accounting_csv_for,
    daily_totals_for,
    kiosk_choices_for,
)
from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


@pytest.fixture
def accountant(db):
    unit = OrgUnitFactory(code="kaikei", name="会計課", name_en="Accounting Division")
    return AssignmentFactory(org_unit=unit, role="viewer").user


@pytest.fixture
def issued(db):
    first = KioskFactory(code="K0001", name="セブン-イレブン武蔵村山中央店")
    second = KioskFactory(code="K0002", name="ローソン武蔵村山学園店")
    day = D(2026, 12, 1)
    IssuanceFactory(kiosk=first, kind="residence", copies=2, issued_at=local(day, 6, 30))
    IssuanceFactory(kiosk=first, kind="residence", copies=1, issued_at=local(day, 22, 59))
    IssuanceFactory(kiosk=first, kind="tax", copies=1, unit_fee=300, issued_at=local(day, 12))
    IssuanceFactory(kiosk=second, kind="seal", copies=3, issued_at=local(day, 9))
    # 23:30 UTC on 12/1 is 08:30 on 12/2 in Tokyo.
    IssuanceFactory(
        kiosk=second,
        kind="residence",
        issued_at=datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC),
    )
    IssuanceFactory(kiosk=first, kind="residence", issued_at=local(D(2026, 11, 30), 23, 59))
    return first, second


def test_rows_per_day_kiosk_and_kind_with_totals(accountant, issued):
    report = daily_totals_for(accountant, date_from=D(2026, 12, 1), date_to=D(2026, 12, 2))
    assert [(r.date, r.kiosk_code, r.kind, r.issuances, r.copies, r.fees) for r in report.rows] == [
        (D(2026, 12, 1), "K0001", "residence", 2, 3, 600),
        (D(2026, 12, 1), "K0001", "tax", 1, 1, 300),
        (D(2026, 12, 1), "K0002", "seal", 1, 3, 600),
        (D(2026, 12, 2), "K0002", "residence", 1, 1, 200),
    ]
    assert (report.totals.issuances, report.totals.copies, report.totals.fees) == (5, 8, 1700)
    assert report.by_kiosk["K0001"].fees == 900 and report.by_kiosk["K0002"].fees == 800
    assert [(label, t.issuances) for label, t in report.kind_totals] == [
        ("住民票の写し", 3),
        ("印鑑登録証明書", 1),
        ("課税・所得証明書", 1),
    ]
    assert report.rows[0].kind_label == "住民票の写し"


def test_one_kiosk_only(accountant, issued):
    report = daily_totals_for(
        accountant, date_from=D(2026, 11, 30), date_to=D(2026, 12, 2), kiosk_code="K0002"
    )
    assert {r.kiosk_code for r in report.rows} == {"K0002"}
    assert report.totals.fees == 800


def test_an_empty_period_has_zero_totals(accountant, issued):
    report = daily_totals_for(accountant, date_from=D(2025, 1, 1), date_to=D(2025, 1, 31))
    assert report.rows == [] and report.totals.fees == 0


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (D(2026, 12, 2), D(2026, 12, 1), "終了日は開始日以後の日にしてください。"),
        (D(2025, 1, 1), D(2026, 1, 2), "期間は366日以内にしてください。"),
    ],
)
def test_a_bad_period_is_refused(accountant, first, last, message):
    with pytest.raises(ValidationError) as caught:
        daily_totals_for(accountant, date_from=first, date_to=last)
    assert caught.value.message_dict["date_to"] == [message]


def test_citizens_division_admins_may_read_it_others_may_not(
    issued, unit_a, clerk_a, supervisor, clerk_b, system_admin
):
    admin = AssignmentFactory(org_unit=unit_a, role="admin").user
    assert daily_totals_for(admin, date_from=D(2026, 12, 1), date_to=D(2026, 12, 1)).rows
    for user in (clerk_a, supervisor, clerk_b, system_admin):
        with pytest.raises(PermissionDenied):
            daily_totals_for(user, date_from=D(2026, 12, 1), date_to=D(2026, 12, 1))
        with pytest.raises(PermissionDenied):
            kiosk_choices_for(user)


def test_the_csv_has_a_bom_japanese_headers_rows_and_a_total_and_no_personal_data(
    accountant, issued
):
    before = AccessRecord.objects.count()
    body = accounting_csv_for(accountant, date_from=D(2026, 12, 1), date_to=D(2026, 12, 2))
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == [
        "日付",
        "キオスクID",
        "設置店舗",
        "証明書の種類",
        "交付件数",
        "通数",
        "手数料（円）",
    ]
    assert rows[1] == [
        "2026-12-01",
        "K0001",
        "セブン-イレブン武蔵村山中央店",
        "住民票の写し",
        "2",
        "3",
        "600",
    ]
    assert rows[-1] == ["合計", "", "", "", "5", "8", "1700"]
    assert len(rows) == 6
    text = body.decode("utf-8-sig")
    assert "山田" not in text and "serial" not in text
    assert AccessRecord.objects.count() == before  # counts and fees: nothing to record


def test_the_csv_without_bom(accountant, issued):
    body = accounting_csv_for(
        accountant, date_from=D(2026, 12, 1), date_to=D(2026, 12, 1), bom=False
    )
    assert body.decode("utf-8").startswith("日付,")


def test_kiosk_choices_list_every_kiosk(accountant, issued):
    assert kiosk_choices_for(accountant) == [
        ("K0001", "K0001 セブン-イレブン武蔵村山中央店"),
        ("K0002", "K0002 ローソン武蔵村山学園店"),
    ]
