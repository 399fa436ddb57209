"""Enqueue again the chunks a crashed worker left with queued deliveries."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from yakuba.alerts.delivery import redrive


class Command(BaseCommand):
    help = (
        "Re-enqueue chunks with queued deliveries of alerts sending for longer than "
        "--older-than minutes that no live worker holds (after a worker crash)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=redrive.STUCK_MINUTES,
            help="Minutes since the alert started sending (default %(default)s).",
        )

    def handle(self, *args, older_than: float, **options) -> None:
        chunks = redrive.redrive_stuck(older_than=datetime.timedelta(minutes=older_than))
        self.stdout.write(f"re-drove {len(chunks)} chunk(s)")
