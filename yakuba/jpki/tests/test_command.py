"""manage.py jpki issue | revoke | list | crl."""

from __future__ import annotations

import io

import pytest
from cryptography import x509
from django.core.management import CommandError, call_command

from yakuba.audit.models import AccessRecord
from yakuba.jpki.models import Card, CardCertificate

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("jpki", *args, stdout=out)
    return out.getvalue()


def test_issue_list_revoke_and_crl(person, tmp_path):
    issued = _run(
        "issue",
        "--person-id",
        str(person.pk),
        "--auth-pin",
        "1234",
        "--sign-pin",
        "ABC123",
        "--key",
        "p256",
    )
    card = Card.objects.get(person=person)
    assert issued.startswith(
        f"card {card.card_number} issued to person {person.pk}: auth, sign; valid until "
    )

    listing = _run("list", "--person-id", str(person.pk))
    assert f"person {person.pk}\tcard {card.card_number}\tin use\tauth=valid (" in listing
    assert "0/3 wrong PINs" in listing and "0/5 wrong PINs" in listing

    revoked = _run(
        "revoke", "--card-number", card.card_number, "--kind", "sign", "--reason", "lost"
    )
    assert revoked == f"1 certificate(s) revoked on card {card.card_number}\n"

    output = tmp_path / "crl.pem"
    summary = _run("crl", "--output", str(output), "--pem")
    sign = CardCertificate.objects.get(card=card, kind="sign")
    assert "1 revoked" in summary
    assert f"  {sign.serial_number}\t" in summary and summary.rstrip().endswith("key_compromise")
    crl = x509.load_pem_x509_crl(output.read_bytes())
    assert [entry.serial_number for entry in crl] == [int(sign.serial_number, 16)]
    assert AccessRecord.objects.count() == 0  # the system, not staff


def test_issue_reports_the_rules_broken(person):
    with pytest.raises(
        CommandError, match="auth_pin: 利用者証明用の暗証番号は、数字4桁で入力してください。"
    ):
        _run("issue", "--person-id", str(person.pk), "--auth-pin", "12", "--no-signing")


def test_unknown_person_and_card_are_errors(db):
    with pytest.raises(CommandError, match="no person with id 98765"):
        _run("issue", "--person-id", "98765", "--auth-pin", "1234", "--no-signing")
    with pytest.raises(CommandError, match="no card 000000000000"):
        _run("revoke", "--card-number", "000000000000", "--reason", "lost")
