"""Empty the stored PDF of issuances past the reprint window (run every few minutes).

Idempotent: a second run empties nothing. Serial, hashes and fee stay, so the public
verification and the fee accounting keep working.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from yakuba.certificates.services.issuance import purge_documents


class Command(BaseCommand):
    help = (
        "Empty Issuance.document of certificates issued more than "
        "YAKUBA_CERTIFICATE_REPRINT_MINUTES "
        f"({settings.YAKUBA_CERTIFICATE_REPRINT_MINUTES}) minutes ago."
    )

    def handle(self, *args, **options) -> None:
        count = purge_documents()
        self.stdout.write(f"certificate PDFs emptied: {count}")
