"""The demo city's コンビニ交付: kiosks, seals, tax assessments, a support measure, issuances."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from yakuba.audit.models import AccessRecord
from yakuba.certificates import content
from yakuba.certificates.demo import (
    DEMO_KIOSKS,
    ISSUANCES,
    TAX_CSV_NAME,
    assessment_row,
    latest_fiscal_year,
    load_demo_certificates,
    maintenance_start,
    salary_deduction,
    seal_png,
)
from yakuba.certificates.models import (
    Issuance,
    Kiosk,
    MaintenanceWindow,
    SealRegistration,
    SupportMeasure,
    TaxAssessment,
)
from yakuba.certificates.policies import (
    may_manage_kiosks,
    may_operate_register,
    may_operate_tax,
    may_view_accounting,
)
from yakuba.certificates.services.kiosks import enrol_device, service_status
from yakuba.demo.loader import load_demo_city
from yakuba.identity.models import User
from yakuba.identity.testing import login_citizen
from yakuba.residents.models import Person

STAFF = "city.musashimurayama.example.lg.jp"
HANAKO_CODE = "10000000001"
# 武蔵村山市: about 35.73–35.78 N, 139.35–139.43 E.
CITY_BOX = (Decimal("35.73"), Decimal("35.78"), Decimal("139.35"), Decimal("139.43"))


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.YAKUBA_JPKI_DEMO = True
    return load_demo_city(residents=40, seed=1)


def test_tax_arithmetic_is_consistent():
    row = assessment_row(4_000_000, 0, 2026)

    assert salary_deduction(4_000_000) == 1_240_000
    assert row["total_income"] == 2_760_000
    assert row["deductions_total"] == 430_000 + 600_000
    assert row["taxable_income"] == 1_730_000
    assert (row["municipal_income_levy"], row["prefectural_income_levy"]) == (103_800, 69_200)
    assert (row["municipal_per_capita"], row["prefectural_per_capita"]) == (3_000, 1_000)
    assert assessment_row(0, 0, 2026)["municipal_per_capita"] == 0  # 非課税
    assert assessment_row(4_000_000, 0, 2023)["municipal_per_capita"] == 3_500
    assert latest_fiscal_year(datetime.date(2026, 5, 31)) == 2025
    assert latest_fiscal_year(datetime.date(2026, 6, 1)) == 2026


def test_seal_image_is_a_red_ring():
    picture = Image.open(io.BytesIO(seal_png("村山"))).convert("RGB")

    red, green, _blue = picture.getpixel((picture.width // 2, 16))
    assert red > 150 and green < 80
    assert picture.getpixel((30, 30)) == (255, 255, 255)


def test_maintenance_starts_on_the_second_sunday_of_next_month():
    start = maintenance_start(datetime.date(2026, 12, 5))

    assert (start.year, start.month, start.day, start.hour, start.minute) == (2027, 1, 10, 6, 30)
    assert start.weekday() == 6


@pytest.mark.django_db
def test_demo_loads_the_certificates(demo, client):
    """One load, every property of the certificates demo."""
    _kiosks_and_links(demo)
    _maintenance_next_month()
    _seals()
    _taxes(demo)
    _support_measure()
    _issuances(demo)
    _staff(demo)
    _hanako_sees_her_issuances(client)


def _kiosks_and_links(demo):
    kiosks = list(Kiosk.objects.order_by("code"))
    south, north, west, east = CITY_BOX

    assert [kiosk.code for kiosk in kiosks] == [item.code for item in DEMO_KIOSKS]
    assert any("市役所" in kiosk.name for kiosk in kiosks)
    assert {"セブン-イレブン", "ローソン", "ファミリーマート"} <= {
        kiosk.name.split(" ")[0] for kiosk in kiosks
    }
    for kiosk in kiosks:
        assert kiosk.is_active and kiosk.address.startswith("東京都武蔵村山市")
        assert south < kiosk.latitude < north and west < kiosk.longitude < east
    logins = demo.logins_file.read_text(encoding="utf-8")
    assert len(demo.kiosk_links) == 4
    for link in demo.kiosk_links:
        assert f"http://127.0.0.1:8000{link.enrolment_path}" in logins
        assert f"/kiosk/demo/{link.code}/" in logins
    # The printed link enrols a device, once.
    token = demo.kiosk_links[0].enrolment_path.split("/")[-2]
    kiosk, generation = enrol_device(token)
    assert kiosk.code == demo.kiosk_links[0].code and generation == 1


def _maintenance_next_month():
    window = MaintenanceWindow.objects.get()
    today = timezone.localdate()
    starts = timezone.localtime(window.starts_at).date()

    assert (starts.year * 12 + starts.month) - (today.year * 12 + today.month) == 1
    assert window.reason and window.reason_en
    assert service_status(window.starts_at).reason == "maintenance"


def _seals():
    adults = [
        person
        for person in Person.objects.filter(status="resident")
        if (timezone.localdate() - person.birth_date).days >= 18 * 366
    ]
    seals = SealRegistration.objects.filter(abolished_on__isnull=True)

    assert seals.filter(person__resident_code=HANAKO_CODE).exists()
    assert 0.2 * len(adults) <= seals.count() <= 0.65 * len(adults)
    hanako_seal = seals.get(person__resident_code=HANAKO_CODE)
    image = Image.open(io.BytesIO(bytes(hanako_seal.seal_image)))
    assert image.format == "PNG" and image.width >= 100
    assert hanako_seal.registered_on < timezone.localdate() - datetime.timedelta(days=59)
    numbers = sorted(seals.values_list("registration_number", flat=True))
    assert numbers[0] == "000001" and len(set(numbers)) == len(numbers)


def _taxes(demo):
    latest = latest_fiscal_year(timezone.localdate())
    years = Counter(TaxAssessment.objects.values_list("fiscal_year", flat=True))
    hanako = TaxAssessment.objects.filter(person__resident_code=HANAKO_CODE)

    assert set(years) == {latest - 2, latest - 1, latest}
    assert hanako.count() == 3
    assert set(TaxAssessment.objects.values_list("source", flat=True)) == {"csv"}
    assert (demo.logins_file.parent / TAX_CSV_NAME).read_bytes().startswith(b"\xef\xbb\xbf")
    assert demo.tax_assessment_rows == TaxAssessment.objects.count()
    for row in TaxAssessment.objects.all():
        expected = assessment_row(row.salary_income, row.dependants, row.fiscal_year)
        assert {key: getattr(row, key) for key in expected} == expected
    salaries = [row.salary_income for row in TaxAssessment.objects.filter(salary_income__gt=0)]
    assert salaries and 1_000_000 <= sorted(salaries)[len(salaries) // 2] <= 8_000_000
    assert AccessRecord.objects.filter(record_kind="certificates.tax_assessment").exists()


def _support_measure():
    measure = SupportMeasure.objects.get()

    assert measure.person.resident_code != HANAKO_CODE
    assert measure.person.household_id != Person.objects.get(resident_code=HANAKO_CODE).household_id
    assert measure.lifted_at is None and measure.flagged_by.email == f"shimin@{STAFF}"
    with pytest.raises(content.Refused):
        content.build_certificate("residence", measure.person_id, {})


def _issuances(demo):
    issuances = list(Issuance.objects.all())
    now = timezone.now()
    hanako = Person.objects.get(resident_code=HANAKO_CODE)

    assert len(issuances) == demo.certificate_issuances == ISSUANCES
    assert {issuance.kiosk.code for issuance in issuances} == {item.code for item in DEMO_KIOSKS}
    assert all(now - datetime.timedelta(days=29) < i.issued_at < now for i in issuances)
    assert all(i.document is None for i in issuances)  # purged: past the reprint window
    assert len({i.serial for i in issuances}) == len(issuances)
    assert sum(1 for i in issuances if i.person_id == hanako.pk) == 4
    kinds = Counter(issuance.kind for issuance in issuances)
    assert {"residence", "seal", "tax"} <= set(kinds)
    measure = SupportMeasure.objects.get()
    for issuance in issuances:
        assert measure.person_id not in issuance.printed_person_ids
        assert issuance.total_fee == issuance.unit_fee * issuance.copies
        local = timezone.localtime(issuance.issued_at)
        assert datetime.time(6, 30) <= local.time() < datetime.time(23, 0)
    printed = AccessRecord.objects.filter(record_kind__startswith="certificates.issuance.")
    assert printed.count() == sum(len(i.printed_person_ids) for i in issuances)


def _staff(demo):
    admin = User.objects.get(email=f"shimin-admin@{STAFF}")
    kazei = User.objects.get(email=f"kazei@{STAFF}")
    kaikei = User.objects.get(email=f"kaikei@{STAFF}")
    shimin = User.objects.get(email=f"shimin@{STAFF}")

    assert may_manage_kiosks(admin) and may_operate_register(shimin)
    assert may_operate_tax(kazei) and not may_manage_kiosks(kazei)
    assert may_view_accounting(kaikei) and not may_operate_tax(kaikei)
    logins = demo.logins_file.read_text(encoding="utf-8")
    for user in (admin, kazei, kaikei):
        assert user.email in logins


def _hanako_sees_her_issuances(client):
    hanako = User.objects.get(email="hanako@example.jp")
    login_citizen(client, hanako)
    person = Person.objects.get(resident_code=HANAKO_CODE)

    page = client.get(reverse("portal:certificates:mine"))

    assert page.status_code == 200
    body = page.content.decode()
    for issuance in Issuance.objects.filter(person=person):
        assert issuance.display_serial in body or issuance.serial in body
    client.logout()


@pytest.mark.django_db
def test_loading_again_adds_nothing(demo):
    def counts():
        return (
            Kiosk.objects.count(),
            MaintenanceWindow.objects.count(),
            SealRegistration.objects.count(),
            TaxAssessment.objects.count(),
            SupportMeasure.objects.count(),
            Issuance.objects.count(),
            User.objects.count(),
        )

    before = counts()

    again = load_demo_city(residents=40, seed=1, reset=True)

    assert counts() == before
    assert again.certificate_issuances == ISSUANCES
    assert len(again.kiosk_links) == 4


@pytest.mark.django_db
def test_the_stage_run_twice_adds_nothing(demo, settings):
    from yakuba.demo.loader import ORGANISATION_VALID_FROM, STAFF_DOMAIN

    counts = (
        Kiosk.objects.count(),
        MaintenanceWindow.objects.count(),
        SealRegistration.objects.count(),
        TaxAssessment.objects.count(),
        SupportMeasure.objects.count(),
        Issuance.objects.count(),
    )
    serials = set(Issuance.objects.values_list("serial", flat=True))

    again = load_demo_certificates(
        resident_codes=list(Person.objects.values_list("resident_code", flat=True)),
        holder_code=HANAKO_CODE,
        staff_domain=STAFF_DOMAIN,
        password="yakuba-demo-2026",
        valid_from=ORGANISATION_VALID_FROM,
        register_operator_email=f"shimin@{STAFF}",
        seed=1,
        work_dir=settings.VAR_DIR,
    )

    assert again.seals == 0 and again.issuances == ISSUANCES
    assert (
        Kiosk.objects.count(),
        MaintenanceWindow.objects.count(),
        SealRegistration.objects.count(),
        TaxAssessment.objects.count(),
        SupportMeasure.objects.count(),
        Issuance.objects.count(),
    ) == counts
    assert set(Issuance.objects.values_list("serial", flat=True)) == serials
