"""manage.py registry_export [--output FILE]: the whole register as CSV (backup), audited."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from yakuba.residents.transfer.services import start_export, stream_export


class Command(BaseCommand):
    help = (
        "Write the current register (除票 included) as registry CSV, UTF-8 with BOM. One access "
        "record (action export) names this command."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, **options):
        started = start_export(None, system_actor="manage.py registry_export")
        output = options["output"]
        if output is None:
            for chunk in stream_export(started.job):
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            with open(output, "wb") as handle:
                for chunk in stream_export(started.job):
                    handle.write(chunk)
            started.job.refresh_from_db()
            self.stderr.write(
                f"job {started.job.pk}: {started.job.people} people, sha256 {started.job.file_sha256}"
            )
