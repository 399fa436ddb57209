"""The loader and the demo_data command: profile, organisation, accounts, population."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from yakuba.audit.services import Subject, subjects_for
from yakuba.core.services import get_municipality
from yakuba.demo.loader import DEMO_PASSWORD, DEMO_STAFF, load_demo_city, totp_key
from yakuba.demo.organisation import BUREAUS, INDEPENDENT_DIVISIONS
from yakuba.identity.models import OrgUnit, User
from yakuba.identity.permissions import has_role, is_system_admin
from yakuba.residents.history import version_as_of
from yakuba.residents.models import (
    CitizenLink,
    Household,
    Movement,
    Person,
    PersonVersion,
    TownArea,
)

SHIMIN = "shimin@city.musashimurayama.example.lg.jp"
CHIEF = "chief@city.musashimurayama.example.lg.jp"
ADMIN = "admin@city.musashimurayama.example.lg.jp"
REQUIRED_DIVISIONS = {
    "bunsho", "hisho", "shimin", "kazei", "shuno", "kaikei", "bunka", "kyodo", "chiikifukushi", "bosai",
    "koreifukushi", "shogaifukushi", "toshikeikaku", "shokuin", "kyoikusomu", "kyoikushido", "toshokan",
    "sangyo", "kikaku", "somu",
}  # fmt: skip


def _sign_in(email: str):
    return authenticate(
        RequestFactory().post("/staff/login/"), username=email, password=DEMO_PASSWORD
    )


@pytest.mark.django_db
@pytest.mark.db_guarantees
def test_demo_flow_loads_the_city_and_staff_can_sign_in(var_dir):
    result = load_demo_city(residents=50, seed=2026)

    profile = get_municipality()
    assert (profile.code, profile.name, profile.postal_code, profile.phone) == (
        "132233", "武蔵村山市", "208-8501", "042-565-1111",
    )  # fmt: skip
    assert (result.people, Person.objects.count()) == (50, 51)  # 50 generated + the demo's 出生
    assert result.households == Household.objects.count()
    assert TownArea.objects.count() == 64
    assert REQUIRED_DIVISIONS <= set(OrgUnit.objects.values_list("code", flat=True))
    staff = _sign_in(SHIMIN)
    assert staff is not None and staff.kind == "staff"
    assert has_role(staff, [("shimin", "operator")])
    device = TOTPDevice.objects.get(user=staff, confirmed=True)
    assert device.bin_key == totp_key(2026, SHIMIN)
    assert device.verify_token(f"{totp(device.bin_key):06d}")


@pytest.mark.django_db
@pytest.mark.db_guarantees
def test_demo_staff_sign_in_through_the_staff_door_and_search(var_dir, client):
    load_demo_city(residents=50, seed=2026)
    key = totp_key(2026, SHIMIN)

    step1 = client.post(reverse("console:login"), {"username": SHIMIN, "password": DEMO_PASSWORD})
    step2 = client.post(reverse("console:totp_verify"), {"code": f"{totp(key):06d}"})
    search = client.get(
        reverse("console:resident_search"),
        {"query": "むらやま はなこ", "purpose": "resident_inquiry"},
    )

    assert step1.status_code == 302 and step1["Location"] == reverse("console:totp_verify")
    assert step2.status_code == 302
    assert search.status_code == 200
    assert "村山 花子" in search.content.decode()


@pytest.mark.django_db
def test_accounts_have_their_roles(var_dir):
    load_demo_city(residents=10, seed=1)

    chief, admin = User.objects.get(email=CHIEF), User.objects.get(email=ADMIN)
    assert has_role(chief, [("shimin", "approver")])
    assert is_system_admin(admin) and has_role(admin, [("shokuin", "admin")])
    assert not has_role(admin, [("shimin", "viewer")])  # no resident data for the administrator
    citizen = _sign_in("hanako@example.jp")
    assert citizen is not None and citizen.email_verified_at is not None


@pytest.mark.django_db
def test_organisation_has_bureaus_and_divisions_from_april_2024(var_dir):
    load_demo_city(residents=10, seed=1)

    shimin = OrgUnit.objects.get(code="shimin")
    assert (shimin.name, shimin.name_en, shimin.parent.name, shimin.valid_from.isoformat()) == (
        "市民課", "Citizens Division", "市民部", "2024-04-01",
    )  # fmt: skip
    assert OrgUnit.objects.get(code="kaikei").parent is None
    expected = len(BUREAUS) + sum(len(b[3]) for b in BUREAUS) + len(INDEPENDENT_DIVISIONS)
    assert OrgUnit.objects.count() == expected


@pytest.mark.django_db
def test_the_demo_citizen_is_linked_to_her_resident_record(var_dir):
    load_demo_city(residents=50, seed=2026)

    hanako = User.objects.get(email="hanako@example.jp")
    person = CitizenLink.objects.get(user=hanako).person
    assert (person.family_name, person.given_name, person.birth_date.isoformat()) == (
        "村山",
        "花子",
        "1970-03-01",
    )
    assert Subject("residents.person", str(person.pk)) in subjects_for(hanako)


@pytest.mark.django_db
def test_loading_twice_changes_nothing(var_dir):
    load_demo_city(residents=30, seed=1)
    people = list(Person.objects.values_list("resident_code", flat=True).order_by("resident_code"))

    result = load_demo_city(residents=80, seed=9)

    assert result.already_loaded
    assert (
        list(Person.objects.values_list("resident_code", flat=True).order_by("resident_code"))
        == people
    )


@pytest.mark.django_db
def test_reset_loads_the_population_again_and_keeps_accounts(var_dir):
    load_demo_city(residents=30, seed=1)
    staff_ids = set(User.objects.values_list("pk", flat=True))
    units = OrgUnit.objects.count()

    result = load_demo_city(residents=80, seed=9, reset=True)

    assert not result.already_loaded
    assert Person.objects.count() == 81  # 80 generated + the demo's 出生
    assert set(User.objects.values_list("pk", flat=True)) == staff_ids
    assert OrgUnit.objects.count() == units
    assert CitizenLink.objects.get().person.resident_code == "10000000001"
    device = TOTPDevice.objects.get(user__email=SHIMIN)
    assert device.bin_key == totp_key(9, SHIMIN)


@pytest.mark.django_db
def test_writes_the_logins_with_totp_secrets(var_dir):
    result = load_demo_city(residents=10, seed=1)

    text = (var_dir / "demo-logins.txt").read_text(encoding="utf-8")
    assert result.logins_file == var_dir / "demo-logins.txt"
    assert DEMO_PASSWORD in text and "hanako@example.jp" in text
    for email in (SHIMIN, CHIEF, ADMIN, "bosai@", "bosai-chief@"):
        assert email in text
    assert text.count("otpauth://totp/") == len(DEMO_STAFF) == 7
    assert (var_dir / "demo-logins.txt").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_command_loads_then_says_already_loaded(var_dir):
    first, second = io.StringIO(), io.StringIO()

    call_command("demo_data", "--residents", "20", "--seed", "3", stdout=first)
    call_command("demo_data", stdout=second)

    assert "loaded 20 residents" in first.getvalue()
    assert "TOTP secret (base32):" in first.getvalue()
    assert "already loaded" in second.getvalue()
    assert Person.objects.count() == 20


@pytest.mark.django_db
def test_command_reset(var_dir):
    call_command("demo_data", "--residents", "20", stdout=io.StringIO())
    out = io.StringIO()

    call_command("demo_data", "--residents", "25", "--reset", stdout=out)

    assert "loaded 25 residents" in out.getvalue()
    births = Movement.objects.filter(kind="birth").count()  # the demo's past may add a baby
    assert Person.objects.count() == 25 + births


@pytest.mark.parametrize("value", ["0", "-5", "many", "500001"])
def test_command_refuses_a_bad_resident_count(value):
    with pytest.raises(CommandError, match="--residents"):
        call_command("demo_data", "--residents", value, stderr=io.StringIO())


@pytest.mark.django_db
@pytest.mark.db_guarantees
def test_some_residents_have_a_past(var_dir):
    result = load_demo_city(residents=200, seed=2026)

    movements = Movement.objects.exclude(kind="initial")
    assert result.movements == 4
    assert sorted(movements.values_list("kind", flat=True)) == [
        "birth", "death", "move_out", "move_within",
    ]  # fmt: skip
    assert set(movements.values_list("source", flat=True)) == {"demo"}
    assert Movement.objects.get(kind="initial").source == "demo"
    moved = Movement.objects.get(kind="move_within").people.first()
    before = version_as_of(moved.pk, datetime.date(2025, 10, 14))
    after = version_as_of(moved.pk, datetime.date(2025, 10, 15))
    assert before.address != after.address
    assert after.katagaki == "グリーンハイツ本町 102号室"
    removed = dict(
        Person.objects.filter(status="removed").values_list("removal_reason", "removed_on")
    )
    assert removed == {"move_out": datetime.date(2026, 3, 20), "death": datetime.date(2026, 1, 8)}
    baby = Movement.objects.get(kind="birth").people.get()
    assert (baby.given_name, baby.birth_date) == ("陽菜", datetime.date(2026, 2, 14))
    assert Household.objects.filter(dissolved_on=datetime.date(2026, 1, 8)).count() == 1
    assert PersonVersion.objects.filter(movement__kind="initial").count() >= 200


@pytest.mark.django_db
def test_demo_residents_have_my_numbers_and_the_citizen_has_a_card(var_dir):
    from yakuba.jpki.models import Card
    from yakuba.vault.queries import masked_number

    result = load_demo_city(residents=50, seed=2026)

    hanako = CitizenLink.objects.get(user__email="hanako@example.jp").person
    assert result.my_numbers >= 50
    assert masked_number(hanako.pk).startswith("********")
    assert len(masked_number(hanako.pk)) == 12
    assert Card.objects.filter(person=hanako).count() == 1
    assert result.cards == Card.objects.count() > 1
    assert "PIN (利用者証明用): 1234" in result.logins_file.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_loads_alert_subscribers_and_alerts_in_each_state(
    var_dir, django_capture_on_commit_callbacks
):
    from yakuba.alerts.models import Alert, AlertStatus, Endpoint

    with django_capture_on_commit_callbacks(execute=True):
        result = load_demo_city(residents=10, seed=1)

    assert result.alert_subscribers == Endpoint.objects.filter(confirmed_at__isnull=False).count()
    assert result.alert_subscribers == 300 and result.alerts == 3
    states = dict(Alert.objects.values_list("category__code", "status"))
    # City news needs no approval and was delivered at once (tasks run inline in tests);
    # the crime alert was approved by the second 防災安全課 member; the drill waits.
    assert states == {
        "shisei": AlertStatus.SENT,
        "bohan": AlertStatus.SENT,
        "bosai": AlertStatus.PENDING,
    }
    crime = Alert.objects.get(category__code="bohan")
    assert crime.approved_by.email.startswith("bosai-chief@")
    assert crime.deliveries.filter(state="sent").count() == crime.targets_total > 0
