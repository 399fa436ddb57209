"""Release scheduled alerts whose time has come, and re-drive chunks of crashed workers."""

from __future__ import annotations

import datetime
import time

from django.core.management.base import BaseCommand

from yakuba.alerts.delivery import redrive
from yakuba.alerts.delivery.tasks import scheduler_tick
from yakuba.alerts.services import compose


class Command(BaseCommand):
    help = (
        "Start scheduled alerts that are due and re-drive stuck chunks (once, every N seconds "
        "with --every, or as a self-rescheduling task with --start-ticker)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="Repeat every N seconds until stopped."
        )
        parser.add_argument(
            "--start-ticker",
            action="store_true",
            help="Enqueue the scheduler task, which re-enqueues itself every minute "
            "(database or Redis backend); run once after deployment.",
        )

    def handle(self, *args, every: int, start_ticker: bool, **options) -> None:
        if start_ticker:
            scheduler_tick.enqueue(True)
            self.stdout.write("scheduler task enqueued")
            return
        while True:
            released = compose.release_due()
            chunks = redrive.redrive_stuck(
                older_than=datetime.timedelta(minutes=redrive.STUCK_MINUTES)
            )
            self.stdout.write(f"released {len(released)} alert(s), re-drove {len(chunks)} chunk(s)")
            if not every:
                return
            time.sleep(every)
