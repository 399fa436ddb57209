"""Kiosks: registration and changes (市民課 admin), device enrolment (single-use token,
generation bump), stopping and resuming."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yakuba.certificates.events import kiosk_enrolled
from yakuba.certificates.models import Kiosk
from yakuba.certificates.services import kiosks as services
from yakuba.certificates.services.kiosks import EnrolmentError
from yakuba.certificates.tests.factories import KioskFactory
from yakuba.identity.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_admin(unit_a):
    return AssignmentFactory(org_unit=unit_a, role="admin").user


def test_an_admin_registers_a_kiosk_with_a_normalised_code(kiosk_admin):
    kiosk = services.create_kiosk(
        kiosk_admin,
        code="ｋ０００１",
        name="  セブン-イレブン武蔵村山中央店 ",
        operator="株式会社セブン-イレブン・ジャパン",
        address="東京都武蔵村山市中央一丁目1番地",
        latitude="35.754",
        longitude="139.387",
    )
    kiosk.refresh_from_db()
    assert (kiosk.code, kiosk.name) == ("K0001", "セブン-イレブン武蔵村山中央店")
    assert (kiosk.latitude, kiosk.longitude) == (Decimal("35.754000"), Decimal("139.387000"))
    assert kiosk.is_active and kiosk.enrolled_at is None and kiosk.device_generation == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"code": ""}, "code", "キオスクIDを入力してください。"),
        (
            {"code": "k 1"},
            "code",
            "キオスクIDは英大文字・数字・ハイフンの2〜20文字で入力してください（例: K0001）。",
        ),
        ({"name": " "}, "name", "設置店舗を入力してください。"),
        ({"name": "店" * 101}, "name", "設置店舗は100文字以内で入力してください。"),
        ({"latitude": "95"}, "latitude", "緯度は-90〜90の数で入力してください。"),
        ({"latitude": "北緯35度"}, "latitude", "緯度は-90〜90の数で入力してください。"),
        ({"latitude": "35.7"}, "longitude", "緯度と経度は両方入力するか、両方空欄にしてください。"),
    ],
)
def test_bad_kiosk_data_is_refused_with_a_message(kiosk_admin, data, field, message):
    arguments = {"code": "K0001", "name": "店", **data}
    with pytest.raises(ValidationError) as caught:
        services.create_kiosk(kiosk_admin, **arguments)
    assert caught.value.message_dict[field] == [message]
    assert Kiosk.objects.count() == 0


def test_a_code_in_use_is_refused_on_create_and_update(kiosk_admin):
    KioskFactory(code="K0001")
    second = KioskFactory(code="K0002")
    message = ["このキオスクIDは既に登録されています。別のIDにしてください。"]
    with pytest.raises(ValidationError) as caught:
        services.create_kiosk(kiosk_admin, code="k0001", name="店")
    assert caught.value.message_dict["code"] == message
    with pytest.raises(ValidationError) as caught:
        services.update_kiosk(kiosk_admin, second.pk, code="K0001")
    assert caught.value.message_dict["code"] == message
    assert Kiosk.objects.get(pk=second.pk).code == "K0002"


def test_update_changes_only_what_is_given(kiosk_admin):
    kiosk = KioskFactory(code="K0001", name="旧店舗", address="旧住所")
    services.update_kiosk(kiosk_admin, kiosk.pk, name="新店舗")
    kiosk.refresh_from_db()
    assert (kiosk.code, kiosk.name, kiosk.address) == ("K0001", "新店舗", "旧住所")


@pytest.mark.parametrize("who", ["clerk_a", "supervisor", "clerk_b", "system_admin"])
def test_only_citizens_division_admins_manage_kiosks(request, who):
    user = request.getfixturevalue(who)
    kiosk = KioskFactory(code="K0001")
    with pytest.raises(PermissionDenied):
        services.create_kiosk(user, code="K0002", name="店")
    with pytest.raises(PermissionDenied):
        services.update_kiosk(user, kiosk.pk, name="変更")
    with pytest.raises(PermissionDenied):
        services.deactivate_kiosk(user, kiosk.pk)
    with pytest.raises(PermissionDenied):
        services.issue_enrolment_token(user, kiosk.pk)
    kiosk.refresh_from_db()
    assert (Kiosk.objects.count(), kiosk.name, kiosk.is_active) == (1, kiosk.name, True)
    assert kiosk.enrolment_token_hash == ""


# ------------------------------------------------------------------ enrolment


def test_the_token_is_stored_only_as_its_hash_and_works_once(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    token = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    kiosk.refresh_from_db()
    assert token not in kiosk.enrolment_token_hash
    assert kiosk.enrolment_token_hash == services.token_hash(token)
    assert kiosk.device_generation == 0  # nothing changes until the link is used
    enrolled, generation = services.enrol_device(token)
    assert (enrolled.pk, generation) == (kiosk.pk, 1)
    enrolled.refresh_from_db()
    assert enrolled.enrolment_token_hash == "" and enrolled.enrolled_at is not None
    with pytest.raises(EnrolmentError) as caught:
        services.enrol_device(token)
    assert "この登録リンクは使えません" in caught.value.message
    assert Kiosk.objects.get(pk=kiosk.pk).device_generation == 1


def test_re_enrolling_bumps_the_generation_and_retires_the_old_device(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    _kiosk, first = services.enrol_device(services.issue_enrolment_token(kiosk_admin, kiosk.pk))
    assert services.kiosk_for_device("K0001", first).pk == kiosk.pk
    second_token = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    assert services.kiosk_for_device("K0001", first).pk == kiosk.pk  # still, until used
    _kiosk, second = services.enrol_device(second_token)
    assert second == first + 1
    assert services.kiosk_for_device("K0001", first) is None
    assert services.kiosk_for_device("K0001", second).pk == kiosk.pk


def test_a_new_link_voids_the_previous_unused_one(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    older = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    newer = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    with pytest.raises(EnrolmentError):
        services.enrol_device(older)
    assert services.enrol_device(newer)[1] == 1


def test_an_expired_link_does_not_enrol(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    token = services.issue_enrolment_token(
        kiosk_admin, kiosk.pk, valid_for=datetime.timedelta(minutes=5)
    )
    Kiosk.objects.filter(pk=kiosk.pk).update(
        enrolment_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(EnrolmentError):
        services.enrol_device(token)
    assert Kiosk.objects.get(pk=kiosk.pk).device_generation == 0


@pytest.mark.parametrize("token", ["", "short", "x" * 500, None, "A" * 43])
def test_a_malformed_or_unknown_token_is_refused(token):
    KioskFactory(code="K0001")
    with pytest.raises(EnrolmentError):
        services.enrol_device(token)


def test_the_validity_of_a_link_is_bounded(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    for valid_for in (datetime.timedelta(minutes=1), datetime.timedelta(days=31)):
        with pytest.raises(ValidationError):
            services.issue_enrolment_token(kiosk_admin, kiosk.pk, valid_for=valid_for)


def test_enrolment_sends_an_event_after_commit(kiosk_admin, django_capture_on_commit_callbacks):
    kiosk = KioskFactory(code="K0001")
    token = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    sent = []

    def listener(sender, signal, **payload):
        sent.append(payload)

    kiosk_enrolled.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.enrol_device(token)
    finally:
        kiosk_enrolled.disconnect(listener)
    assert sent == [{"kiosk_id": kiosk.pk, "kiosk_code": "K0001", "generation": 1}]


# ------------------------------------------------------------------ stop / resume


def test_stopping_a_kiosk_retires_its_device_and_voids_its_link(kiosk_admin):
    kiosk = KioskFactory(code="K0001")
    _kiosk, generation = services.enrol_device(
        services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    )
    pending = services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    services.deactivate_kiosk(kiosk_admin, kiosk.pk)
    assert services.kiosk_for_device("K0001", generation) is None
    with pytest.raises(EnrolmentError):
        services.enrol_device(pending)
    with pytest.raises(ValidationError) as caught:
        services.issue_enrolment_token(kiosk_admin, kiosk.pk)
    assert caught.value.code == "kiosk_inactive"
    resumed = services.activate_kiosk(kiosk_admin, kiosk.pk)
    assert resumed.is_active
    assert services.kiosk_for_device("K0001", generation) is None  # must enrol again


@pytest.mark.parametrize(
    ("code", "generation"), [("K0001", "x"), ("k0001", 1), ("<script>", 1), (None, 1), ("K0001", 2)]
)
def test_kiosk_for_device_rejects_anything_but_the_current_cookie(kiosk_admin, code, generation):
    kiosk = KioskFactory(code="K0001")
    services.enrol_device(services.issue_enrolment_token(kiosk_admin, kiosk.pk))
    assert services.kiosk_for_device(code, generation) is None
    assert services.kiosk_for_device("K0001", 1).pk == kiosk.pk
