"""The certificate revocation list: contents, reasons, numbering, publication at /card/crl.der."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from django.urls import reverse
from django.utils import timezone

from yakuba.jpki.authority import load_authority
from yakuba.jpki.models import CardCertificate, PublishedCrl
from yakuba.jpki.services import current_crl, revoke_certificates, revoke_for_movement

from .conftest import issue

pytestmark = pytest.mark.django_db


def _crl() -> x509.CertificateRevocationList:
    return x509.load_der_x509_crl(bytes(current_crl().der))


def _serial(card_id: int, kind: str) -> int:
    return int(CardCertificate.objects.get(card_id=card_id, kind=kind).serial_number, 16)


def _reason(entry: x509.RevokedCertificate) -> x509.ReasonFlags | None:
    try:
        return entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    except x509.ExtensionNotFound:
        return None


def test_an_empty_crl_is_signed_by_the_ca_with_number_and_next_update(card):
    crl = _crl()
    ca = load_authority().certificate

    assert len(crl) == 0
    assert crl.is_signature_valid(ca.public_key())
    assert crl.issuer == ca.subject
    assert crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number == 1
    assert crl.next_update_utc - crl.last_update_utc == datetime.timedelta(hours=24)
    aki = crl.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest


def test_revocations_are_listed_with_their_reason_codes(card, child):
    other = issue(child.pk, sign_pin=None)
    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")
    revoke_certificates(None, card.card_id, kinds=["auth"], reason="other")
    revoke_certificates(None, other.card_id, kinds=["auth"], reason="holder_request")

    entries = {entry.serial_number: entry for entry in _crl()}

    assert {serial: _reason(entry) for serial, entry in entries.items()} == {
        _serial(card.card_id, "sign"): x509.ReasonFlags.key_compromise,
        _serial(card.card_id, "auth"): None,  # unspecified: the extension is left out
        _serial(other.card_id, "auth"): x509.ReasonFlags.cessation_of_operation,
    }
    revoked_at = CardCertificate.objects.get(card_id=card.card_id, kind="sign").revoked_at
    assert entries[_serial(card.card_id, "sign")].revocation_date_utc == revoked_at


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("move_within", x509.ReasonFlags.affiliation_changed),
        ("move_out", x509.ReasonFlags.affiliation_changed),
        ("name_change", x509.ReasonFlags.affiliation_changed),
        ("death", x509.ReasonFlags.cessation_of_operation),
    ],
)
def test_movement_reasons_map_to_crl_reasons(card, person, kind, expected):
    revoke_for_movement(kind=kind, person_ids=[person.pk])

    assert {_reason(entry) for entry in _crl()} == {expected}


def test_a_reissue_lists_the_old_certificates_as_superseded(card, person):
    issue(person.pk)

    assert [_reason(entry) for entry in _crl()] == [x509.ReasonFlags.superseded] * 2


def test_the_same_list_is_served_until_something_changes(card):
    first = current_crl()
    assert current_crl().number == first.number

    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")

    second = current_crl()
    assert second.number == first.number + 1
    assert (second.entries, second.revoked_total) == (1, 1)
    assert current_crl().number == second.number


def test_a_list_close_to_its_next_update_is_renewed(card):
    first = current_crl()

    later = current_crl(now=first.this_update + datetime.timedelta(hours=12, seconds=1))

    assert later.number == first.number + 1
    assert PublishedCrl.objects.count() == 2


def test_expired_certificates_leave_the_list(card):
    revoke_certificates(None, card.card_id, kinds=["auth", "sign"], reason="lost")
    end = CardCertificate.objects.get(card_id=card.card_id, kind="auth").not_after

    after = current_crl(now=end + datetime.timedelta(days=1))

    assert after.entries == 0
    assert len(x509.load_der_x509_crl(bytes(after.der))) == 0


def test_the_crl_is_published_for_anyone_as_der(client, card):
    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")

    response = client.get(reverse("portal:card_crl"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert [entry.serial_number for entry in crl] == [_serial(card.card_id, "sign")]
    assert crl.is_signature_valid(load_authority().certificate.public_key())


def test_the_crl_distribution_point_of_the_certificates_is_the_published_url(card):
    row = CardCertificate.objects.get(card_id=card.card_id, kind="auth")
    points = x509.load_der_x509_certificate(
        bytes(row.certificate_der)
    ).extensions.get_extension_for_class(x509.CRLDistributionPoints)

    assert points.value[0].full_name[0].value.endswith(reverse("portal:card_crl"))
    assert timezone.now() < row.not_after
