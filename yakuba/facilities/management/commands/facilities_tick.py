"""Run the facilities module's periodic jobs (unpaid expiry, waitlist offers, reminders,
lottery periods)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from yakuba.facilities import periodic
from yakuba.facilities.tasks import facilities_tick_task


class Command(BaseCommand):
    help = (
        "Run the facilities periodic jobs once, every N seconds with --every, or as a "
        "self-rescheduling task with --start-ticker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds.")
        parser.add_argument(
            "--start-ticker",
            action="store_true",
            help="Enqueue the task that runs the jobs every five minutes; run once after deployment.",
        )

    def handle(self, *args, every: int, start_ticker: bool, **options) -> None:
        if start_ticker:
            facilities_tick_task.enqueue(True)
            self.stdout.write("facilities ticker enqueued")
            return
        while True:
            counts = periodic.run_due_jobs()
            self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
            if not every:
                return
            time.sleep(every)
