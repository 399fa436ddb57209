"""Re-encrypt every 個人番号 that is not under the active (first) key."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yakuba.vault.crypto import VaultError, configured_keyring
from yakuba.vault.models import MyNumber, MyNumberHistory
from yakuba.vault.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt and re-index every My Number stored under an older key with the active "
        "key (the first of YAKUBA_MYNUMBER_KEYS / the key file). Safe to stop and re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the rows under other keys"
        )

    def handle(self, *args, batch_size: int, dry_run: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            keyring = configured_keyring()
        except VaultError as error:
            raise CommandError(str(error.message)) from None
        active = keyring.active.key_id
        if dry_run:
            pending = (
                MyNumber.objects.exclude(key_id=active).count()
                + MyNumberHistory.objects.exclude(key_id=active).count()
            )
            self.stdout.write(f"{pending} numbers are under keys other than {active!r}.")
            return
        try:
            result = rotate_keys(batch_size=batch_size)
        except VaultError as error:
            raise CommandError(f"{error.code}: {error.detail} — {error.message}") from None
        self.stdout.write(
            f"Re-encrypted {result.current} current and {result.history} earlier numbers "
            f"with key {result.key_id!r}; {result.remaining} remain under other keys."
        )
        if result.remaining == 0 and len(keyring.keys) > 1:
            self.stdout.write(
                "Every number is under the active key: you may now remove the older keys "
                f"({', '.join(keyring.key_ids[1:])}) from the configuration and restart."
            )
