"""Open every stored 個人番号 and check its blind index (exit status 1 on any failure)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from yakuba.vault.crypto import VaultError
from yakuba.vault.services import verify_numbers


class Command(BaseCommand):
    help = (
        "Decrypt every My Number in memory and check its index. Prints counts per key id "
        "and, for failures, the table, person id and problem (never a number)."
    )

    def handle(self, *args, **options):
        try:
            result = verify_numbers()
        except VaultError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        keys = ", ".join(f"{key}: {count}" for key, count in sorted(result.by_key.items()))
        self.stdout.write(f"Checked {result.checked} numbers ({keys or 'none'}).")
        for table, person_id, problem in result.failures:
            self.stdout.write(f"FAILED {table} person {person_id}: {problem}")
        if result.failures:
            self.stdout.write(f"{len(result.failures)} numbers failed the check.")
            sys.exit(1)
        self.stdout.write("OK")
