"""``manage.py jpki issue|revoke|list|crl`` — the emulated cards from the command line.

Runs as the system (no staff actor, no access records), like an import job.

    jpki issue --person-id 12 --auth-pin 1234 --sign-pin ABC123 [--no-signing] [--key p256]
    jpki revoke --card-number 123456789012 [--kind auth --kind sign] --reason lost
    jpki list [--person-id 12]
    jpki crl [--output crl.der] [--pem]
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from yakuba.jpki.models import Card, CertificateKind, KeyAlgorithm, RevocationReason
from yakuba.jpki.services import current_crl, issue_card, revoke_certificates


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(message) for item in errors for message in item.messages)}"
            for field, errors in error.error_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


class Command(BaseCommand):
    help = "Issue, revoke and list emulated My Number cards; print the current CRL."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="issue a card to a resident")
        issue.add_argument("--person-id", type=int, required=True)
        issue.add_argument("--auth-pin", required=True, help="4 digits")
        issue.add_argument("--sign-pin", default="", help="6-16 upper-case letters and digits")
        issue.add_argument("--no-signing", action="store_true", help="no signing certificate")
        issue.add_argument("--key", choices=KeyAlgorithm.values, default=None)

        revoke = commands.add_parser("revoke", help="revoke certificates of a card")
        revoke.add_argument("--card-number", required=True)
        revoke.add_argument("--kind", action="append", choices=CertificateKind.values, dest="kinds")
        revoke.add_argument("--reason", choices=RevocationReason.values, required=True)

        listing = commands.add_parser("list", help="list cards and certificate status")
        listing.add_argument("--person-id", type=int, default=None)

        crl = commands.add_parser("crl", help="write the current CRL")
        crl.add_argument("--output", default="", help="file to write (default: a summary)")
        crl.add_argument("--pem", action="store_true", help="PEM instead of DER")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _issue(self, *, person_id, auth_pin, sign_pin, no_signing, key, **_options) -> None:
        try:
            issued = issue_card(
                None,
                person_id,
                auth_pin=auth_pin,
                sign_pin=sign_pin or None,
                with_signing=not no_signing,
                key_algorithm=key,
            )
        except Http404:
            raise CommandError(f"no person with id {person_id}") from None
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        self.stdout.write(
            f"card {issued.card_number} issued to person {issued.person_id}: "
            f"{', '.join(issued.kinds)}; valid until {issued.not_after:%Y-%m-%d}"
        )

    def _revoke(self, *, card_number, kinds, reason, **_options) -> None:
        card = Card.objects.filter(card_number=card_number).first()
        if card is None:
            raise CommandError(f"no card {card_number}")
        count = revoke_certificates(
            None, card.pk, kinds=kinds or list(CertificateKind.values), reason=reason
        )
        self.stdout.write(f"{count} certificate(s) revoked on card {card_number}")

    def _list(self, *, person_id, **_options) -> None:
        cards = Card.objects.prefetch_related("certificates").order_by("person_id", "pk")
        if person_id is not None:
            cards = cards.filter(person_id=person_id)
        for card in cards:
            state = "in use" if card.in_use else "retired"
            certificates = ", ".join(
                f"{row.kind}={row.status()} ({row.serial_number}, "
                f"{row.pin_failures}/{row.pin_limit} wrong PINs)"
                for row in sorted(card.certificates.all(), key=lambda row: row.kind)
            )
            self.stdout.write(
                f"person {card.person_id}\tcard {card.card_number}\t{state}\t{certificates}"
            )

    def _crl(self, *, output, pem, **_options) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        published = current_crl()
        der = bytes(published.der)
        if output:
            crl = x509.load_der_x509_crl(der)
            with open(output, "wb") as handle:
                handle.write(crl.public_bytes(Encoding.PEM) if pem else der)
        self.stdout.write(
            f"CRL number {published.number}, this update {published.this_update:%Y-%m-%d %H:%M:%S%z}, "
            f"next update {published.next_update:%Y-%m-%d %H:%M:%S%z}, {published.entries} revoked"
        )
        for revoked in x509.load_der_x509_crl(der):
            try:
                reason = revoked.extensions.get_extension_for_class(
                    x509.CRLReason
                ).value.reason.name
            except x509.ExtensionNotFound:
                reason = "unspecified"
            self.stdout.write(
                f"  {format(revoked.serial_number, 'x')}\t"
                f"{revoked.revocation_date_utc:%Y-%m-%d %H:%M:%S%z}\t{reason}"
            )
