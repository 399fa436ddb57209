"""Erase drafts of online applications untouched for YAKUBA_APPLICATIONS_DRAFT_DAYS days,
with their attachment files, and attachment files no row names (run daily)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yakuba.applications.services import retention


class Command(BaseCommand):
    help = (
        "Erase drafts of online applications not updated for YAKUBA_APPLICATIONS_DRAFT_DAYS "
        "days (or --days) with their attachment files, then remove orphan attachment files."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep drafts updated within this many days "
            f"(default YAKUBA_APPLICATIONS_DRAFT_DAYS = {settings.YAKUBA_APPLICATIONS_DRAFT_DAYS}).",
        )
        parser.add_argument(
            "--keep-orphans",
            action="store_true",
            help="Do not look for attachment files without a row.",
        )

    def handle(self, *args, days: int | None, keep_orphans: bool, **options) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        result = retention.purge_drafts(days=days)
        self.stdout.write(
            f"drafts erased: {result.drafts}, attachment files erased: {result.attachments}"
        )
        if not keep_orphans:
            orphans = retention.purge_orphan_files()
            self.stdout.write(f"orphan files removed: {orphans}")
