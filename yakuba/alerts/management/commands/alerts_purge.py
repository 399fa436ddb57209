"""``manage.py alerts_purge``: delete delivery records older than a year, erase switched-off endpoints."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yakuba.alerts.services.retention import purge


class Command(BaseCommand):
    help = "Apply the alerts retention rules (run daily)."

    def handle(self, *args, **options) -> None:
        result = purge()
        self.stdout.write(
            f"deleted {result.deliveries} delivery records, erased {result.endpoints} endpoints"
        )
