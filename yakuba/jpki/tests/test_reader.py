"""The emulated reader: PIN counters and locks as on the card's chip, signatures with the card's keys."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from django.test import override_settings

from yakuba.jpki.models import CardCertificate
from yakuba.jpki.readers import (
    CardNotPresentError,
    CardReader,
    CertificateNotOnCardError,
    PinLockedError,
    WrongPinError,
    get_reader,
)
from yakuba.jpki.readers.emulated import EmulatedReader, masked_holder
from yakuba.jpki.services import reset_pin, revoke_certificates

from .conftest import issue

pytestmark = pytest.mark.django_db


def _failures(card_number: str, kind: str) -> int:
    return CardCertificate.objects.get(card__card_number=card_number, kind=kind).pin_failures


def test_the_configured_reader_is_the_emulation():
    reader = get_reader()

    assert isinstance(reader, EmulatedReader) and isinstance(reader, CardReader)


@override_settings(YAKUBA_JPKI_READER="yakuba.jpki.models.Card")
def test_a_reader_setting_naming_something_else_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="is not a CardReader"):
        get_reader()


def test_cards_are_listed_with_masked_holder_and_number(card):
    slots = get_reader().cards()

    assert [(slot.handle, slot.label) for slot in slots] == [
        (card.card_number, f"村○ 花○（****-****-{card.card_number[-4:]}）")
    ]


def test_masked_holder_keeps_only_first_characters():
    assert masked_holder("佐々木", "小次郎") == "佐○○ 小○○"


def test_signature_verifies_with_the_certificate(card):
    reader = get_reader()
    certificate = x509.load_der_x509_certificate(reader.read_certificate(card.card_number, "auth"))

    signature = reader.sign(card.card_number, "auth", "1234", b"challenge")

    certificate.public_key().verify(signature, b"challenge", ec.ECDSA(hashes.SHA256()))


def test_rsa_cards_sign_pkcs1_v1_5(person):
    issued = issue(person.pk, key_algorithm="rsa2048")
    reader = get_reader()
    certificate = x509.load_der_x509_certificate(
        reader.read_certificate(issued.card_number, "sign")
    )

    signature = reader.sign(issued.card_number, "sign", "ABC123", b"document")

    certificate.public_key().verify(signature, b"document", padding.PKCS1v15(), hashes.SHA256())


def test_authentication_pin_locks_after_three_wrong_tries(card):
    reader = get_reader()
    remaining = []
    for _ in range(3):
        with pytest.raises(WrongPinError) as caught:
            reader.sign(card.card_number, "auth", "0000", b"x")
        remaining.append(caught.value.remaining)

    assert remaining == [2, 1, 0]
    assert caught.value.message == (
        "暗証番号が違います。利用者証明用電子証明書の暗証番号がロックされました。"
        "市役所の窓口で暗証番号の再設定をしてください。"
    )
    with pytest.raises(PinLockedError) as locked:
        reader.sign(card.card_number, "auth", "1234", b"x")
    assert locked.value.message.startswith("利用者証明用電子証明書の暗証番号がロックされています。")
    assert _failures(card.card_number, "auth") == 3
    assert reader.remaining_tries(card.card_number, "auth") == 0


def test_wrong_pin_message_says_how_many_tries_are_left(card):
    with pytest.raises(WrongPinError) as caught:
        get_reader().sign(card.card_number, "auth", "9999", b"x")

    assert caught.value.message == "暗証番号が違います。あと2回間違えるとロックされます。"


def test_a_correct_pin_resets_the_counter(card):
    reader = get_reader()
    for _ in range(2):
        with pytest.raises(WrongPinError):
            reader.sign(card.card_number, "auth", "0000", b"x")

    reader.sign(card.card_number, "auth", "1234", b"x")

    assert _failures(card.card_number, "auth") == 0
    with pytest.raises(WrongPinError) as caught:
        reader.sign(card.card_number, "auth", "0000", b"x")
    assert caught.value.remaining == 2


def test_signing_pin_locks_after_five_and_has_its_own_counter(card):
    reader = get_reader()
    remaining = []
    for _ in range(5):
        with pytest.raises(WrongPinError) as caught:
            reader.sign(card.card_number, "sign", "WRONG1", b"x")
        remaining.append(caught.value.remaining)

    assert remaining == [4, 3, 2, 1, 0]
    with pytest.raises(PinLockedError):
        reader.sign(card.card_number, "sign", "ABC123", b"x")
    assert _failures(card.card_number, "auth") == 0
    reader.sign(card.card_number, "auth", "1234", b"x")


def test_a_reset_pin_unlocks(card):
    reader = get_reader()
    for _ in range(3):
        with pytest.raises(WrongPinError):
            reader.sign(card.card_number, "auth", "0000", b"x")
    row = CardCertificate.objects.get(card__card_number=card.card_number, kind="auth")

    reset_pin(None, row.pk, new_pin="4321")

    reader.sign(card.card_number, "auth", "4321", b"x")
    with pytest.raises(WrongPinError):
        reader.sign(card.card_number, "auth", "1234", b"x")


def test_lower_case_signing_pin_is_the_same_pin(card):
    get_reader().sign(card.card_number, "sign", "abc123", b"x")

    assert _failures(card.card_number, "sign") == 0


def test_the_chip_signs_even_with_a_revoked_certificate(card):
    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")

    assert get_reader().sign(card.card_number, "auth", "1234", b"x")


def test_no_signing_key_on_a_child_card(child):
    issued = issue(child.pk, sign_pin=None)

    with pytest.raises(CertificateNotOnCardError) as caught:
        get_reader().sign(issued.card_number, "sign", "ABC123", b"x")
    assert caught.value.message == "このカードには、この用途の電子証明書が入っていません。"


def test_a_retired_or_unknown_card_is_not_on_the_reader(card, person):
    issue(person.pk)

    for handle in (card.card_number, "000000000000"):
        with pytest.raises(CardNotPresentError):
            get_reader().read_certificate(handle, "auth")
