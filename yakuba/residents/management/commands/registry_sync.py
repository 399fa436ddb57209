"""manage.py registry_sync: configure a source of extracts, or run the sync (inline or queued).

manage.py registry_sync --configure KEY --name NAME --directory DIR
manage.py registry_sync KEY            # run now, inline (cron, systemd timer)
manage.py registry_sync KEY --enqueue  # hand the run to the task worker
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yakuba.residents.transfer.models import JobStatus, SyncSource
from yakuba.residents.transfer.sync.services import configure_source, run_sync
from yakuba.residents.transfer.tasks import sync_registry_task


class Command(BaseCommand):
    help = "Configure or run the sync with a standard 住民記録 system's extract directory."

    def add_arguments(self, parser):
        parser.add_argument("key", nargs="?", help="the source to run")
        parser.add_argument("--configure", metavar="KEY", help="create or update a source")
        parser.add_argument("--name", help="name shown on the staff page (with --configure)")
        parser.add_argument("--directory", help="the extract directory (with --configure)")
        parser.add_argument("--disable", action="store_true", help="with --configure: disable")
        parser.add_argument("--enqueue", action="store_true", help="run in the task worker")

    def handle(self, *args, **options):
        if options["configure"]:
            if not options["directory"]:
                raise CommandError("--configure needs --directory")
            source = configure_source(
                key=options["configure"],
                name=options["name"] or options["configure"],
                directory=options["directory"],
                enabled=not options["disable"],
            )
            self.stdout.write(
                f"source {source.key}: {source.directory} (cursor {source.cursor or '-'})"
            )
            return
        if not options["key"]:
            raise CommandError("name a source key, or use --configure")
        source = SyncSource.objects.filter(key=options["key"]).first()
        if source is None:
            raise CommandError(f"no source {options['key']!r}; configure it first")
        if options["enqueue"]:
            result = sync_registry_task.enqueue(source.pk)
            self.stdout.write(f"enqueued: {result.id}")
            return
        outcome = run_sync(source.pk)
        if outcome.busy:
            self.stdout.write("another run of this source is in progress")
            raise SystemExit(2)
        if not outcome.jobs:
            self.stdout.write("nothing new")
        for job in outcome.jobs:
            counts = ", ".join(f"{key}={value}" for key, value in sorted(job.counts.items()))
            self.stdout.write(f"{job.file_name}: {job.status} ({counts}) {job.message_text}")
            for problem in job.problems.order_by("line", "pk")[:50]:
                self.stdout.write(f"  {problem.line}\t{problem.column or '-'}\t{problem.text}")
        if any(job.status != JobStatus.SUCCEEDED for job in outcome.jobs):
            raise SystemExit(1)
