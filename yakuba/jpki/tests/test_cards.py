"""Issuing cards, revoking certificates, resetting PINs (services), with their access records."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from yakuba.audit.models import AccessRecord
from yakuba.jpki.authority import load_authority
from yakuba.jpki.events import card_issued, certificate_revoked
from yakuba.jpki.models import Card, CardCertificate
from yakuba.jpki.rules import validity_end
from yakuba.jpki.services import issue_card, reset_pin, revoke_certificates

from .conftest import issue

pytestmark = pytest.mark.django_db


def _certificate(card_id: int, kind: str) -> x509.Certificate:
    row = CardCertificate.objects.get(card_id=card_id, kind=kind)
    return x509.load_der_x509_certificate(bytes(row.certificate_der))


def test_a_card_carries_both_certificates_chained_to_the_ca(card, person):
    ca = load_authority().certificate
    auth = _certificate(card.card_id, "auth")
    sign = _certificate(card.card_id, "sign")

    assert card.kinds == ("auth", "sign")
    assert len(card.card_number) == 12 and card.card_number.isdigit()
    for certificate in (auth, sign):
        certificate.verify_directly_issued_by(ca)
        assert (
            certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
        )
        points = certificate.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        assert points[0].full_name[0].value == "https://www.city.example.lg.jp/card/crl.der"
        end = validity_end(timezone.localdate(), person.birth_date)
        assert certificate.not_valid_after_utc == end


def test_the_authentication_certificate_names_nobody(card):
    auth = _certificate(card.card_id, "auth")
    usage = auth.extensions.get_extension_for_class(x509.KeyUsage).value

    assert "村山" not in auth.subject.rfc4514_string()
    assert len(auth.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value) == 32
    assert (usage.digital_signature, usage.content_commitment) == (True, False)
    assert (
        ExtendedKeyUsageOID.CLIENT_AUTH
        in auth.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    )


def test_the_signing_certificate_names_the_holder_and_commits_to_content(card):
    sign = _certificate(card.card_id, "sign")
    usage = sign.extensions.get_extension_for_class(x509.KeyUsage).value

    assert sign.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "村山 花子"
    assert (usage.digital_signature, usage.content_commitment) == (True, True)


def test_rsa_2048_keys_as_on_the_real_card(person):
    issued = issue(person.pk, key_algorithm="rsa2048")

    assert _certificate(issued.card_id, "auth").public_key().key_size == 2048
    assert set(CardCertificate.objects.values_list("key_algorithm", flat=True)) == {"rsa2048"}


def test_the_private_keys_are_stored_sealed_only(card):
    from cryptography.hazmat.primitives.asymmetric import ec

    for row in CardCertificate.objects.filter(card_id=card.card_id):
        sealed = bytes(row.sealed_private_key)
        public = x509.load_der_x509_certificate(bytes(row.certificate_der)).public_key()
        assert isinstance(public, ec.EllipticCurvePublicKey)
        assert sealed[:1] == b"\x01" and len(sealed) > 100
        assert b"BEGIN" not in sealed


def test_pins_are_stored_as_password_hashes(card):
    from django.contrib.auth.hashers import check_password

    auth = CardCertificate.objects.get(card_id=card.card_id, kind="auth")

    assert "1234" not in auth.pin_hash
    assert check_password("1234", auth.pin_hash)


def test_under_fifteen_gets_no_signing_certificate(child):
    issued = issue(child.pk, sign_pin=None)

    assert issued.kinds == ("auth",)
    assert not CardCertificate.objects.filter(card_id=issued.card_id, kind="sign").exists()


def test_under_fifteen_asking_for_a_signing_certificate_is_refused(child):
    with pytest.raises(ValidationError) as caught:
        issue(child.pk, sign_pin="ABC123")

    assert caught.value.message_dict == {
        "sign_pin": ["15歳未満の方には署名用電子証明書を発行できません。"]
    }
    assert Card.objects.count() == 0


def test_a_resident_may_decline_the_signing_certificate(person):
    issued = issue(person.pk, sign_pin=None, with_signing=False)

    assert issued.kinds == ("auth",)


def test_bad_pins_are_refused_together_and_nothing_is_saved(person):
    with pytest.raises(ValidationError) as caught:
        issue(person.pk, auth_pin="12", sign_pin="abcdef")

    assert caught.value.message_dict == {
        "auth_pin": ["利用者証明用の暗証番号は、数字4桁で入力してください。"],
        "sign_pin": [
            "署名用の暗証番号は、英大文字と数字をそれぞれ1文字以上含めてください（記号は使えません）。"
        ],
    }
    assert Card.objects.count() == 0 and CardCertificate.objects.count() == 0


def test_a_signing_pin_is_required_with_the_signing_certificate(person):
    with pytest.raises(ValidationError) as caught:
        issue(person.pk, sign_pin="")

    assert caught.value.message_dict == {"sign_pin": ["署名用の暗証番号を入力してください。"]}


def test_no_card_for_a_removed_person(person):
    from yakuba.residents.models import Person

    Person.objects.filter(pk=person.pk).update(
        status="removed", removed_on=datetime.date(2025, 1, 1), removal_reason="move_out"
    )

    with pytest.raises(ValidationError) as caught:
        issue(person.pk)

    assert caught.value.code == "removed"


def test_unknown_person_is_a_404(db):
    with pytest.raises(Http404):
        issue(999_999)


def test_a_new_card_retires_the_old_one_and_revokes_its_certificates(
    card, person, django_capture_on_commit_callbacks
):
    revoked = []
    certificate_revoked.connect(
        lambda sender, **kwargs: revoked.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            second = issue(person.pk)
    finally:
        certificate_revoked.disconnect(dispatch_uid="t")

    old = Card.objects.get(pk=card.card_id)
    assert second.replaced_card_id == card.card_id
    assert old.retired_at is not None
    assert set(
        CardCertificate.objects.filter(card=old).values_list("kind", "revocation_reason")
    ) == {("auth", "reissue"), ("sign", "reissue")}
    assert sorted(event["kind"] for event in revoked) == ["auth", "sign"]
    assert {event["reason"] for event in revoked} == {"reissue"}
    assert Card.objects.filter(person=person, retired_at__isnull=True).get().pk == second.card_id


def test_issuing_sends_card_issued_after_commit(person, django_capture_on_commit_callbacks):
    events = []
    card_issued.connect(
        lambda sender, **kwargs: events.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            issued = issue(person.pk)
        assert events == []
        for callback in callbacks:
            callback()
    finally:
        card_issued.disconnect(dispatch_uid="t")

    assert events == [
        {
            "card_id": issued.card_id,
            "person_id": person.pk,
            "kinds": ["auth", "sign"],
            "signal": card_issued,
        }
    ]


def test_staff_issue_leaves_one_access_record(person, clerk_a):
    issued = issue_card(
        clerk_a, person.pk, auth_pin="1234", sign_pin="ABC123", key_algorithm="p256"
    )

    record = AccessRecord.objects.get()
    assert (record.subject_kind, record.subject_id, record.record_kind, record.action) == (
        "residents.person",
        str(person.pk),
        "jpki.card",
        "create",
    )
    assert record.purpose == "jpki_card_administration"
    assert record.fields == ["カード番号", "利用者証明用電子証明書", "署名用電子証明書", "暗証番号"]
    assert Card.objects.get(pk=issued.card_id).issued_by == clerk_a


@pytest.mark.parametrize("who", ["viewer_a", "clerk_b"])
def test_only_shimin_operators_issue(person, request, who):
    with pytest.raises(PermissionDenied):
        issue_card(request.getfixturevalue(who), person.pk, auth_pin="1234", sign_pin="ABC123")

    assert Card.objects.count() == 0 and AccessRecord.objects.count() == 0


def test_revoking_chosen_certificates(card, clerk_a):
    count = revoke_certificates(clerk_a, card.card_id, kinds=["sign"], reason="holder_request")

    rows = dict(
        CardCertificate.objects.filter(card_id=card.card_id).values_list(
            "kind", "revocation_reason"
        )
    )
    assert count == 1
    assert rows == {"auth": "", "sign": "holder_request"}
    assert CardCertificate.objects.get(card_id=card.card_id, kind="sign").revoked_by == clerk_a
    assert AccessRecord.objects.get().fields == ["電子証明書の失効"]


def test_revoking_twice_changes_nothing(card):
    assert revoke_certificates(None, card.card_id, kinds=["auth", "sign"], reason="lost") == 2
    first = CardCertificate.objects.get(card_id=card.card_id, kind="auth").revoked_at

    assert revoke_certificates(None, card.card_id, kinds=["auth"], reason="other") == 0
    row = CardCertificate.objects.get(card_id=card.card_id, kind="auth")
    assert (row.revoked_at, row.revocation_reason) == (first, "lost")


def test_revoking_needs_a_known_reason_and_kind(card):
    with pytest.raises(ValidationError) as caught:
        revoke_certificates(None, card.card_id, kinds=["sign"], reason="bored")
    assert caught.value.message_dict == {"reason": ["失効の理由を選んでください。"]}
    with pytest.raises(ValidationError) as caught:
        revoke_certificates(None, card.card_id, kinds=[], reason="lost")
    assert caught.value.message_dict == {"kinds": ["失効させる電子証明書を選んでください。"]}


def test_a_pin_reset_sets_the_new_pin_and_clears_the_counter(card, clerk_a):
    from django.contrib.auth.hashers import check_password

    row = CardCertificate.objects.get(card_id=card.card_id, kind="auth")
    CardCertificate.objects.filter(pk=row.pk).update(pin_failures=3)

    reset_pin(clerk_a, row.pk, new_pin="9876")

    row.refresh_from_db()
    assert row.pin_failures == 0 and not row.is_locked
    assert check_password("9876", row.pin_hash) and not check_password("1234", row.pin_hash)
    assert AccessRecord.objects.get().fields == ["暗証番号"]


def test_a_pin_reset_follows_the_rules_of_its_certificate(card):
    row = CardCertificate.objects.get(card_id=card.card_id, kind="sign")

    with pytest.raises(ValidationError) as caught:
        reset_pin(None, row.pk, new_pin="1234")

    assert caught.value.message_dict == {
        "new_pin": ["署名用の暗証番号は、6文字以上16文字以下で入力してください。"]
    }


def test_no_pin_reset_on_a_revoked_certificate(card):
    revoke_certificates(None, card.card_id, kinds=["auth"], reason="lost")
    row = CardCertificate.objects.get(card_id=card.card_id, kind="auth")

    with pytest.raises(ValidationError) as caught:
        reset_pin(None, row.pk, new_pin="9876")

    assert caught.value.code == "revoked"
