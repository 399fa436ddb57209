"""Card and PIN at the kiosk: wrong PINs count on the card, lock after 3, refusals never say why."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yakuba.certificates.models import Issuance, SupportMeasure

from .test_kiosk_support import *  # noqa: F403
from .test_kiosk_support import choose, sign_in, slot_of, start, state_of, url

pytestmark = pytest.mark.django_db

GENERIC = "このカードではご利用いただけません。市役所の窓口でお手続きください。"
COUNTER = "このサービスはご利用いただけません。お手数ですが、市役所の窓口でお手続きください。"


def tries_left(card) -> int:
    from yakuba.jpki.readers import get_reader

    return get_reader().remaining_tries(card.card_number, "auth")


def test_wrong_pin_says_how_many_tries_are_left(device, card):
    response = sign_in(device, card, pin="0000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "暗証番号が違います。あと2回間違えるとロックされます。" in html
    assert tries_left(card) == 2
    assert "person_id" not in state_of(device)
    again = device.post(url("pin"), {"pin": "1111"})
    assert "あと1回" in again.content.decode()
    assert tries_left(card) == 1
    assert device.post(url("pin"), {"pin": "1234"}).url == url("kind")
    assert tries_left(card) == 3  # a correct PIN resets the card's counter


def test_third_wrong_pin_locks_the_card_and_ends_the_session(device, card):
    sign_in(device, card, pin="0000")
    device.post(url("pin"), {"pin": "0000"})
    third = device.post(url("pin"), {"pin": "0000"})
    assert third.status_code == 200
    assert "ロックされました" in third.content.decode()
    assert tries_left(card) == 0
    assert state_of(device) == {}
    # The right PIN on a locked card: the generic message only.
    response = sign_in(device, card, pin="1234")
    html = response.content.decode()
    assert GENERIC in html and "ロック" not in html


def test_revoked_card_is_refused_without_a_reason(device, card):
    from yakuba.jpki.services import revoke_certificates

    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")
    html = sign_in(device, card).content.decode()
    assert GENERIC in html
    assert "失効" not in html and "紛失" not in html
    assert state_of(device) == {}


def test_removed_person_is_sent_to_the_counter(device, card, holder):
    """A 転出 makes a 除票 (and revokes the card's certificates): the kiosk says only
    "please visit the counter", whichever check refuses first."""
    from yakuba.residents.services import record_move_out

    record_move_out(
        None,
        [holder],
        effective_on=timezone.localdate() - datetime.timedelta(days=1),
        destination="東京都立川市柴崎町三丁目8番地の2",
    )
    html = sign_in(device, card).content.decode()
    assert GENERIC in html or COUNTER in html
    assert "除票" not in html and "転出" not in html and "失効" not in html
    assert state_of(device) == {}


def test_support_measure_on_the_holder_is_never_named(device, card, holder):
    SupportMeasure.objects.create(person=holder, starts_on=datetime.date(2020, 1, 1))
    html = sign_in(device, card).content.decode()
    assert COUNTER in html
    assert "支援措置" not in html and "DV" not in html


def test_household_copy_listing_a_protected_member_is_refused_at_confirm(device, card, holder):
    from yakuba.residents.tests.factories import PersonFactory

    spouse = PersonFactory(household=holder.household, relationship="husband", given_name="太郎")
    SupportMeasure.objects.create(person=spouse, starts_on=datetime.date(2020, 1, 1))
    sign_in(device, card)
    choose(device, "residence", {"scope": "household"})
    device.get(url("confirm"))
    response = device.post(url("confirm"), {"request_id": state_of(device)["request_id"]})
    html = response.content.decode()
    assert response.status_code == 200 and COUNTER in html
    assert "支援措置" not in html
    assert Issuance.objects.count() == 0
    assert state_of(device) == {}


def test_unavailable_certificate_leads_to_the_counter(device, card):
    sign_in(device, card)
    response = device.post(url("kind"), {"kind": "seal"})  # no seal registered
    assert response.status_code == 200
    assert "印鑑登録証明書は、この端末では交付できません" in response.content.decode()
    assert "kind" not in state_of(device)


def test_failed_pins_are_rate_limited_per_kiosk(device, card, settings):
    settings.AXES_FAILURE_LIMIT = 2
    sign_in(device, card, pin="0000")
    response = device.post(url("pin"), {"pin": "0000"})
    assert response.status_code == 429
    assert "この端末ではしばらくご利用いただけません" in response.content.decode()
    start(device)
    device.post(url("card"), {"card": slot_of(card)})
    assert device.post(url("pin"), {"pin": "1234"}).status_code == 429


def test_pin_format_errors_are_clear_and_not_counted(device, card):
    start(device)
    device.post(url("card"), {"card": slot_of(card)})
    for pin, message in (
        ("", "暗証番号（数字4桁）を入力してください。"),
        ("12a4", "暗証番号は数字4桁です。"),
        ("123", "暗証番号は数字4桁です。"),
    ):
        response = device.post(url("pin"), {"pin": pin})
        assert response.status_code == 200 and message in response.content.decode()
    assert tries_left(card) == 3
    assert device.post(url("pin"), {"pin": "１２３４"}).url == url("kind")  # full-width digits


def test_unknown_card_token_is_a_clear_error(device, card):
    start(device)
    response = device.post(url("card"), {"card": "not-a-card"})
    assert response.status_code == 200
    assert "カードが見つかりません" in response.content.decode()


def test_outside_demo_mode_the_screen_waits_for_one_card(device, card, settings, holder):
    from yakuba.jpki.services import issue_card
    from yakuba.residents.tests.factories import PersonFactory

    settings.YAKUBA_JPKI_DEMO = False
    start(device)
    response = device.get(url("card"))  # the emulated reader holds exactly one card
    assert response.url == url("pin")
    other = PersonFactory(family_name="青梅", given_name="次郎")
    issue_card(None, other.pk, auth_pin="1234", sign_pin="ABC123", key_algorithm="p256")
    html = device.get(url("card")).content.decode()
    assert "カードは1枚だけ置いてください" in html
    assert f'content="2;url={url("card")}?poll=1"' in html
    assert card.card_number not in html and "村○" not in html
