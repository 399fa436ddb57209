"""manage.py registry_import FILE [--dry-run]: load a registry CSV from the server's disk."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yakuba.residents.transfer.models import JobStatus
from yakuba.residents.transfer.services import import_file


class Command(BaseCommand):
    help = (
        "Check and load a registry CSV (all or nothing). Exit status 0: loaded (or, with "
        "--dry-run, no problems); 1: problems found, nothing written; 2: refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check only; write nothing to the register"
        )
        parser.add_argument(
            "--show", type=int, default=50, help="problems to print (default 50; all are stored)"
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        job = import_file(path, dry_run=options["dry_run"])
        self.stdout.write(
            f"job {job.pk}: {job.status} — {job.lines_done} lines, {job.people} people, "
            f"{job.households} households, encoding {job.encoding or '?'}, sha256 {job.file_sha256}"
        )
        if job.started_at and job.finished_at:
            seconds = (job.finished_at - job.started_at).total_seconds()
            rate = job.people / seconds if seconds else 0
            self.stdout.write(f"time {seconds:.1f} s ({rate:,.0f} people/s)")
        if job.message_text:
            self.stdout.write(job.message_text)
        for problem in job.problems.order_by("line", "pk")[: options["show"]]:
            self.stdout.write(f"  {problem.line}\t{problem.column or '-'}\t{problem.text}")
        if job.status in (JobStatus.SUCCEEDED, JobStatus.VALID):
            return
        if job.status == JobStatus.INVALID:
            raise SystemExit(1)
        raise SystemExit(2)
