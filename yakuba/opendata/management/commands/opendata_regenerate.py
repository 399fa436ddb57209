"""Make sure the standard open datasets exist and regenerate their files.

    manage.py opendata_regenerate                 # every standard dataset, now
    manage.py opendata_regenerate event aed       # only these
    manage.py opendata_regenerate --ensure-only   # create missing datasets, build nothing
    manage.py opendata_regenerate --enqueue       # hand the work to the task worker

Run it daily (cron/systemd timer): events drop out once over, the population file moves
to the new month, and facility or course edits (which send no event) are picked up.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yakuba.opendata.services import standard
from yakuba.opendata.standard.definitions import BY_KEY
from yakuba.opendata.standard.values import MunicipalityNotSet
from yakuba.opendata.tasks import regenerate_standard_dataset_task


class Command(BaseCommand):
    help = "Create the standard open datasets when missing and regenerate their CSV files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("keys", nargs="*", help=f"Standard keys ({', '.join(BY_KEY)}).")
        parser.add_argument("--enqueue", action="store_true", help="Run in the task worker.")
        parser.add_argument(
            "--ensure-only", action="store_true", help="Only create missing datasets."
        )

    def handle(self, *args, keys: list[str], enqueue: bool, ensure_only: bool, **options):
        unknown = [key for key in keys if key not in BY_KEY]
        if unknown:
            raise CommandError(f"unknown standard dataset(s): {', '.join(unknown)}")
        keys = keys or list(BY_KEY)
        try:
            for key in keys:
                dataset = standard.ensure_standard_dataset(key)
                if ensure_only:
                    self.stdout.write(f"{key}: {dataset.name}")
                elif enqueue:
                    regenerate_standard_dataset_task.enqueue(key)
                    self.stdout.write(f"{key}: enqueued")
                else:
                    result = standard.regenerate(key)
                    state = (
                        "skipped (deleted)"
                        if result.skipped
                        else ("new version" if result.changed else "unchanged")
                    )
                    self.stdout.write(
                        f"{key}: {state}, file v{result.file_version}, {result.rows} rows"
                    )
                    for omission in result.omitted:
                        self.stdout.write(
                            f"  left out {omission.identifier} {omission.name}: {omission.reason}"
                        )
        except MunicipalityNotSet as error:
            raise CommandError(str(error)) from error
