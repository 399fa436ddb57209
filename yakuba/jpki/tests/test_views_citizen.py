"""Citizen card login (demo and client-software modes), linking a card, refusals, lockout."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from yakuba.jpki.models import CardCertificate
from yakuba.jpki.readers import get_reader
from yakuba.jpki.services import login_message, revoke_certificates
from yakuba.jpki.views.citizen import SESSION_AUTH_METHOD, SESSION_CHALLENGE, _slot_token
from yakuba.residents.models import CitizenLink
from yakuba.residents.services import link_citizen

pytestmark = pytest.mark.django_db

LOGIN = "/card/login/"


@pytest.fixture
def demo(settings):
    settings.YAKUBA_JPKI_DEMO = True


@pytest.fixture
def linked_citizen(citizen, person):
    link_citizen(citizen, person.resident_code, method="demo")
    return citizen


def _challenge(client) -> str:
    response = client.get(LOGIN)
    assert response.status_code == 200
    return client.session[SESSION_CHALLENGE]


def _post(client, card_number: str, pin: str, nonce: str | None = None, **extra):
    nonce = nonce or _challenge(client)
    card = _slot_token(card_number)
    return client.post(LOGIN, {"nonce": nonce, "card": card, "pin": pin, **extra})


def _logged_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_the_login_url_is_under_card():
    assert reverse("portal:card_login") == LOGIN


def test_demo_page_lists_cards_without_javascript(client, demo, card):
    response = client.get(LOGIN)

    body = response.content.decode()
    assert response.status_code == 200
    assert "村○ 花○" in body and "村山" not in body
    assert f"****-****-{card.card_number[-4:]}" in body and card.card_number not in body
    assert f'value="{_slot_token(card.card_number)}"' in body
    assert f'name="nonce" value="{client.session[SESSION_CHALLENGE]}"' in body
    assert "<script" not in body.split("<main", 1)[1]
    assert "no-store" in response["Cache-Control"]


def test_a_linked_citizen_logs_in_with_the_card(client, demo, card, linked_citizen):
    response = _post(client, card.card_number, "1234")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:mypage")
    assert _logged_in_as(client) == linked_citizen.pk
    assert client.session[SESSION_AUTH_METHOD] == "jpki"


def test_next_is_followed_when_local(client, demo, card, linked_citizen):
    nonce = _challenge(client)

    response = _post(client, card.card_number, "1234", nonce, next="/mypage/access-record/")

    assert response["Location"] == "/mypage/access-record/"


def test_a_wrong_pin_shows_the_tries_left_and_logs_nobody_in(client, demo, card, linked_citizen):
    response = _post(client, card.card_number, "0000")

    body = response.content.decode()
    assert response.status_code == 200
    assert "暗証番号が違います。あと2回間違えるとロックされます。" in body
    assert _logged_in_as(client) is None
    assert CardCertificate.objects.get(card_id=card.card_id, kind="auth").pin_failures == 1


def test_a_locked_card_is_refused_with_guidance(client, demo, card, linked_citizen):
    CardCertificate.objects.filter(card_id=card.card_id, kind="auth").update(pin_failures=3)

    body = _post(client, card.card_number, "1234").content.decode()

    assert "利用者証明用電子証明書の暗証番号がロックされています。" in body
    assert _logged_in_as(client) is None


def test_a_malformed_pin_does_not_cost_a_try(client, demo, card, linked_citizen):
    body = _post(client, card.card_number, "12").content.decode()

    assert "暗証番号は数字4桁で入力してください。" in body
    assert CardCertificate.objects.get(card_id=card.card_id, kind="auth").pin_failures == 0


def test_a_revoked_certificate_is_refused(client, demo, card, linked_citizen):
    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")

    body = _post(client, card.card_number, "1234").content.decode()

    assert "この電子証明書は失効しています" in body and "カードの紛失・盗難" in body
    assert _logged_in_as(client) is None


def test_a_nonce_not_issued_to_this_browser_is_refused(client, demo, card, linked_citizen):
    from yakuba.jpki.services import issue_challenge

    foreign = issue_challenge().nonce
    _challenge(client)

    body = _post(client, card.card_number, "1234", foreign).content.decode()

    assert "画面の有効時間が過ぎました。もう一度お試しください。" in body
    assert _logged_in_as(client) is None
    assert CardCertificate.objects.get(card_id=card.card_id, kind="auth").pin_failures == 0


def test_a_replayed_form_is_refused(client, demo, card, linked_citizen):
    nonce = _challenge(client)
    _post(client, card.card_number, "1234", nonce)
    client.logout()
    client.get(LOGIN)

    body = _post(client, card.card_number, "1234", nonce).content.decode()

    assert "画面の有効時間が過ぎました。" in body
    assert _logged_in_as(client) is None


def test_a_card_without_an_account_is_refused_with_guidance(client, demo, card):
    response = _post(client, card.card_number, "1234")

    body = response.content.decode()
    assert response.status_code == 403
    assert "カードに結び付いたアカウントがありません" in body
    assert reverse("portal:signup") in body
    assert _logged_in_as(client) is None


def test_five_failed_attempts_lock_the_client_out(client, demo, card, child, linked_citizen):
    from .conftest import issue

    other = issue(child.pk, sign_pin=None)
    for number in [card.card_number, card.card_number, other.card_number, other.card_number]:
        assert _post(client, number, "0000").status_code == 200

    response = _post(client, other.card_number, "0000")

    assert response.status_code == 429
    assert client.get(LOGIN).status_code == 429
    assert CardCertificate.objects.get(card_id=card.card_id, kind="auth").pin_failures == 2


def test_a_signed_in_citizen_proves_the_card_then_confirms_the_link(
    client, demo, card, person, citizen
):
    client.force_login(citizen)

    response = _post(client, card.card_number, "1234")
    assert response["Location"] == reverse("portal:card_link")
    page = client.get(reverse("portal:card_link")).content.decode()

    assert "村山 花子 さんであることを確認しました" in page
    assert "カードを結び付ける" in page
    assert not CitizenLink.objects.filter(user=citizen).exists()


def test_confirming_links_the_card_to_the_account(client, demo, card, person, citizen):
    client.force_login(citizen)
    _post(client, card.card_number, "1234")

    response = client.post(reverse("portal:card_link"))

    assert response["Location"] == reverse("portal:mypage")
    link = CitizenLink.objects.get(user=citizen)
    assert (link.person_id, link.method) == (person.pk, "jpki")


def test_the_link_page_needs_a_fresh_card_proof(client, citizen):
    client.force_login(citizen)

    response = client.get(reverse("portal:card_link"), follow=True)

    assert response.redirect_chain[0] == (LOGIN, 302)
    assert "もう一度マイナンバーカードで本人確認をしてください。" in response.content.decode()


def test_the_link_page_is_for_signed_in_citizens_only(client):
    response = client.get(reverse("portal:card_link"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_an_already_linked_citizen_just_confirms_with_the_card(client, demo, card, linked_citizen):
    client.force_login(linked_citizen)

    response = _post(client, card.card_number, "1234")

    assert response["Location"] == reverse("portal:mypage")
    assert client.session[SESSION_AUTH_METHOD] == "jpki"


def test_outside_demo_mode_no_card_is_listed_and_the_client_software_answers(
    client, settings, card, linked_citizen
):
    settings.YAKUBA_JPKI_DEMO = False
    page = client.get(LOGIN).content.decode()
    nonce = client.session[SESSION_CHALLENGE]
    assert "村○" not in page and card.card_number[-4:] not in page
    assert f"<code>{nonce}</code>" in page
    reader = get_reader()  # stands in for the citizen's own reader and client software
    certificate = reader.read_certificate(card.card_number, "auth")
    signature = reader.sign(card.card_number, "auth", "1234", login_message(nonce))

    response = client.post(
        LOGIN,
        {
            "nonce": nonce,
            "certificate": base64.encodebytes(certificate).decode(),
            "signature": base64.b64encode(signature).decode(),
        },
    )

    assert response.status_code == 302
    assert _logged_in_as(client) == linked_citizen.pk


def test_outside_demo_mode_bad_input_is_a_form_error(client, settings, card):
    settings.YAKUBA_JPKI_DEMO = False
    nonce = _challenge(client)

    response = client.post(LOGIN, {"nonce": nonce, "certificate": "%%%", "signature": ""})

    body = response.content.decode()
    assert "利用者証明用電子証明書（Base64）の形式が正しくありません（Base64）。" in body
    assert "署名を貼り付けてください。" in body


def test_the_email_login_page_links_to_card_login(client):
    body = client.get(reverse("portal:login")).content.decode()

    assert f'href="{LOGIN}"' in body and "マイナンバーカードでログイン" in body
