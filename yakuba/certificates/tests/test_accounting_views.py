"""The fee accounting page and its CSV: access for the cast, the period form, the download."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.certificates.tests.factories import IssuanceFactory, KioskFactory
from yakuba.identity.testing import login_citizen, login_staff
from yakuba.identity.tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def accountant(db):
    unit = OrgUnitFactory(code="kaikei", name="会計課", name_en="Accounting Division")
    return AssignmentFactory(org_unit=unit, role="viewer").user


@pytest.fixture
def kiosk_admin(unit_a):
    return AssignmentFactory(org_unit=unit_a, role="admin").user


@pytest.fixture
def issued(db):
    kiosk = KioskFactory(code="K0001", name="セブン-イレブン武蔵村山中央店")
    noon = timezone.make_aware(datetime.datetime(2026, 12, 1, 12))
    IssuanceFactory(kiosk=kiosk, kind="residence", copies=2, issued_at=noon)
    IssuanceFactory(kiosk=kiosk, kind="tax", issued_at=noon)
    return kiosk


PERIOD = {"date_from": "2026-12-01", "date_to": "令和8年12月31日"}


@pytest.mark.parametrize(
    "who", ["anonymous", "citizen", "clerk_a", "clerk_b", "supervisor", "system_admin"]
)
@pytest.mark.parametrize("name", ["accounting", "accounting_csv"])
def test_only_accounting_and_citizens_division_admins_see_the_fees(
    client, request, issued, who, name
):
    browser = client
    if who == "citizen":
        browser = login_citizen(client, request.getfixturevalue(who))
    elif who != "anonymous":
        browser = login_staff(client, request.getfixturevalue(who))
    response = browser.get(reverse(f"console:certificates:{name}"), PERIOD)
    if who in ("anonymous", "citizen"):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("console:login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", ["accountant", "kiosk_admin"])
def test_the_page_shows_rows_and_totals(client, request, issued, who):
    browser = login_staff(client, request.getfixturevalue(who))
    response = browser.get(reverse("console:certificates:accounting"), PERIOD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "住民票の写し" in body and "課税・所得証明書" in body
    assert "600円" in body  # 3 copies at 200 yen
    assert reverse("console:certificates:accounting_csv") + "?date_from=2026-12-01" in body


def test_the_page_without_a_query_shows_this_month(client, accountant):
    response = login_staff(client, accountant).get(reverse("console:certificates:accounting"))
    assert response.status_code == 200
    assert "この期間の交付はありません。" in response.content.decode()


def test_a_bad_period_comes_back_with_errors(client, accountant, issued):
    browser = login_staff(client, accountant)
    for query in (
        {"date_from": "2026-12-31", "date_to": "2026-12-01"},
        {"date_from": "きのう", "date_to": ""},
        {"date_from": "2026-12-01", "date_to": "2026-12-31", "kiosk": "K9999"},
    ):
        for name in ("accounting", "accounting_csv"):
            response = browser.get(reverse(f"console:certificates:{name}"), query)
            assert response.status_code == 400
            assert "入力内容に問題があります" in response.content.decode()


def test_the_csv_download(client, accountant, issued):
    browser = login_staff(client, accountant)
    response = browser.get(
        reverse("console:certificates:accounting_csv"), {**PERIOD, "kiosk": "K0001", "bom": "on"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="kiosk-fees-20261201-20261231-K0001.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[-1] == ["合計", "K0001", "", "", "2", "3", "600"]
    plain = browser.get(reverse("console:certificates:accounting_csv"), PERIOD)
    assert plain.content.decode("utf-8").startswith("日付,")
