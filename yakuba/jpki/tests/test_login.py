"""Challenge–response login: the card answers a nonce; every refusal case names its reason."""

from __future__ import annotations

import datetime

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone

from yakuba.jpki import authority
from yakuba.jpki.models import LoginChallenge
from yakuba.jpki.readers import get_reader
from yakuba.jpki.services import (
    LoginRefusedError,
    issue_challenge,
    login_message,
    revoke_certificates,
    verify_login,
)

from .pki import foreign_certificate

pytestmark = pytest.mark.django_db


def _answer(card_number: str, nonce: str, *, kind: str = "auth", pin: str | None = None):
    reader = get_reader()
    pin = pin or ("1234" if kind == "auth" else "ABC123")
    return (
        reader.sign(card_number, kind, pin, login_message(nonce)),
        reader.read_certificate(card_number, kind),
    )


def _refused(nonce: str, signature: bytes, certificate: bytes, **options) -> LoginRefusedError:
    with pytest.raises(LoginRefusedError) as caught:
        verify_login(nonce, signature, certificate, **options)
    return caught.value


def test_a_correct_answer_names_the_resident(card, person):
    challenge = issue_challenge()
    signature, certificate = _answer(card.card_number, challenge.nonce)

    result = verify_login(challenge.nonce, signature, certificate)

    assert (result.person_id, result.card_id, result.card_number) == (
        person.pk,
        card.card_id,
        card.card_number,
    )
    assert LoginChallenge.objects.get(nonce=challenge.nonce).used_at is not None


def test_a_challenge_is_random_and_short_lived():
    first, second = issue_challenge(), issue_challenge()

    assert first.nonce != second.nonce and len(first.nonce) == 43
    assert (
        datetime.timedelta(minutes=4)
        < first.expires_at - timezone.now()
        <= datetime.timedelta(minutes=5)
    )


def test_a_replayed_nonce_is_refused(card):
    challenge = issue_challenge()
    signature, certificate = _answer(card.card_number, challenge.nonce)
    verify_login(challenge.nonce, signature, certificate)

    error = _refused(challenge.nonce, signature, certificate)

    assert (error.code, error.message) == (
        "nonce_used",
        "この認証要求はすでに使われています。最初からやり直してください。",
    )


def test_an_expired_nonce_is_refused(card):
    challenge = issue_challenge(now=timezone.now() - datetime.timedelta(minutes=6))
    signature, certificate = _answer(card.card_number, challenge.nonce)

    error = _refused(challenge.nonce, signature, certificate)

    assert (error.code, error.message) == (
        "nonce_expired",
        "ログインの有効時間（5分）が過ぎました。最初からやり直してください。",
    )


@pytest.mark.parametrize("nonce", ["x" * 43, "", "short", 42])
def test_a_nonce_never_issued_is_refused(card, nonce):
    signature, certificate = _answer(card.card_number, "x" * 43)

    assert _refused(nonce, signature, certificate).code == "nonce_unknown"


def test_a_signature_over_another_nonce_is_refused_and_spends_the_nonce(card):
    challenge = issue_challenge()
    signature, certificate = _answer(card.card_number, issue_challenge().nonce)

    error = _refused(challenge.nonce, signature, certificate)

    assert (error.code, error.message) == (
        "bad_signature",
        "カードの署名を確認できませんでした。最初からやり直してください。",
    )
    assert _refused(challenge.nonce, signature, certificate).code == "nonce_used"


def test_a_certificate_from_another_ca_is_refused(card):
    certificate, key = foreign_certificate()
    challenge = issue_challenge()
    signature = key.sign(login_message(challenge.nonce), ec.ECDSA(hashes.SHA256()))

    error = _refused(
        challenge.nonce, signature, certificate.public_bytes(serialization.Encoding.DER)
    )

    assert (error.code, error.message) == (
        "untrusted",
        "信頼できる認証局が発行した電子証明書ではありません。",
    )


def test_without_any_ca_nothing_is_trusted(db, jpki_dir):
    certificate, key = foreign_certificate()
    challenge = issue_challenge()
    signature = key.sign(login_message(challenge.nonce), ec.ECDSA(hashes.SHA256()))

    error = _refused(
        challenge.nonce, signature, certificate.public_bytes(serialization.Encoding.DER)
    )

    assert error.code == "untrusted"
    assert not jpki_dir.exists()


def test_the_signing_certificate_does_not_log_in(card):
    challenge = issue_challenge()
    signature, certificate = _answer(card.card_number, challenge.nonce, kind="sign")

    error = _refused(challenge.nonce, signature, certificate)

    assert (error.code, error.message) == ("wrong_kind", "利用者証明用電子証明書ではありません。")


def test_an_expired_certificate_is_refused(card, person):
    from yakuba.core.japanese import format_date_both
    from yakuba.jpki.rules import fifth_birthday_after

    end = card.not_after
    later = end + datetime.timedelta(seconds=1)
    challenge = issue_challenge(now=later - datetime.timedelta(minutes=1))
    signature, certificate = _answer(card.card_number, challenge.nonce)

    error = _refused(challenge.nonce, signature, certificate, now=later)

    last_day = fifth_birthday_after(timezone.localdate(), person.birth_date)
    assert (error.code, error.message) == (
        "expired",
        f"電子証明書の有効期限（{format_date_both(last_day)}）が過ぎています。"
        "市役所の窓口で更新の手続きをしてください。",
    )


def test_a_certificate_not_yet_valid_is_refused(card):
    earlier = timezone.now() - datetime.timedelta(hours=1)
    challenge = issue_challenge(now=earlier)
    signature, certificate = _answer(card.card_number, challenge.nonce)

    error = _refused(challenge.nonce, signature, certificate, now=earlier)

    assert (error.code, error.message) == (
        "not_yet_valid",
        "この電子証明書はまだ有効期間に入っていません。",
    )


def test_a_revoked_certificate_is_refused_with_date_and_reason(card):
    from yakuba.core.japanese import format_date_both

    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")
    challenge = issue_challenge()
    signature, certificate = _answer(card.card_number, challenge.nonce)

    error = _refused(challenge.nonce, signature, certificate)

    today = format_date_both(timezone.localdate())
    assert (error.code, error.message) == (
        "revoked",
        f"この電子証明書は失効しています（{today}、理由：カードの紛失・盗難）。",
    )


def test_revoking_the_signing_certificate_leaves_login_working(card, person):
    revoke_certificates(None, card.card_id, kinds=["sign"], reason="address_change")
    challenge = issue_challenge()

    assert (
        verify_login(challenge.nonce, *_answer(card.card_number, challenge.nonce)).person_id
        == person.pk
    )


def test_a_certificate_of_our_ca_that_no_card_holds_is_refused(card):
    ca = authority.load_authority()
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    certificate = authority.issue_certificate(
        ca,
        kind="auth",
        public_key=key.public_key(),
        serial_number=12345,
        not_before=now - datetime.timedelta(minutes=1),
        not_after=now + datetime.timedelta(days=30),
        holder_name="",
    )
    challenge = issue_challenge()
    signature = key.sign(login_message(challenge.nonce), ec.ECDSA(hashes.SHA256()))

    error = _refused(
        challenge.nonce, signature, certificate.public_bytes(serialization.Encoding.DER)
    )

    assert (error.code, error.message) == (
        "unknown_certificate",
        "この電子証明書は登録されていません。",
    )


def test_garbage_instead_of_a_certificate_is_refused(card):
    challenge = issue_challenge()

    error = _refused(challenge.nonce, b"sig", b"not a certificate")

    assert (error.code, error.message) == ("malformed", "電子証明書を読み取れませんでした。")


def test_old_challenges_are_swept(db):
    old = issue_challenge(now=timezone.now() - datetime.timedelta(hours=2))

    issue_challenge()

    assert not LoginChallenge.objects.filter(nonce=old.nonce).exists()
    assert LoginChallenge.objects.count() == 1


def test_a_crl_altered_in_the_database_is_not_relied_on(card):
    from yakuba.jpki.models import PublishedCrl
    from yakuba.jpki.services import current_crl

    published = current_crl()
    der_bytes = bytearray(bytes(published.der))
    der_bytes[-1] ^= 0x01  # inside the CA's signature
    PublishedCrl.objects.filter(pk=published.pk).update(der=bytes(der_bytes))
    challenge = issue_challenge()

    error = _refused(challenge.nonce, *_answer(card.card_number, challenge.nonce))

    assert (error.code, error.message) == (
        "crl_invalid",
        "失効情報を確認できませんでした。しばらくしてから、もう一度お試しください。",
    )
