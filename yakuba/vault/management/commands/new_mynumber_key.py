"""Print a new key line for YAKUBA_MYNUMBER_KEYS or the key file (32 random bytes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yakuba.vault.keys import KeyConfigurationError, new_key_line


class Command(BaseCommand):
    help = (
        "Print a new My Number key line '<key id>:<base64>'. Put it FIRST in "
        "YAKUBA_MYNUMBER_KEYS (or the key file), keep the old key after it, restart, "
        "then run rotate_mynumber_keys."
    )

    def add_arguments(self, parser):
        parser.add_argument("key_id", help="1-16 characters of a-z, 0-9, '-' or '_', e.g. k2027")

    def handle(self, *args, key_id: str, **options):
        try:
            line = new_key_line(key_id)
        except KeyConfigurationError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(line)
        self.stderr.write(
            "Store this line like a password (a secrets manager, or a file readable only by "
            "the application's user). Never commit it."
        )
