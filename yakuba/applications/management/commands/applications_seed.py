"""``manage.py applications_seed``: write the standard procedures of the demo city."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from yakuba.applications.services.seeding import seed_standard_procedures


class Command(BaseCommand):
    help = (
        "Write the standard categories, procedures (with their forms) and life events; "
        "idempotent: a changed form becomes a new version, published versions are never changed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="Leave new procedures unpublished and new form versions as drafts.",
        )

    def handle(self, *args, **options) -> None:
        report = seed_standard_procedures(publish=not options["no_publish"])
        self.stdout.write(report.summary())
