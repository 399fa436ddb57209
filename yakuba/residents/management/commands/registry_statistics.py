"""manage.py registry_statistics [--as-of DATE] [--threshold K]: the population table as CSV."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yakuba.core.japanese import JapaneseInputError, parse_japanese_date
from yakuba.residents.transfer.statistics import DEFAULT_THRESHOLD, population_table, table_csv


class Command(BaseCommand):
    help = "Population by 町丁目 × 5-year band × sex as of a day, small cells suppressed (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="西暦 or 和暦 (default: today)")
        parser.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD)

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["as_of"]:
            try:
                day = parse_japanese_date(options["as_of"])
            except JapaneseInputError as error:
                raise CommandError(error.user_message()) from error
        try:
            table = population_table(day, threshold=options["threshold"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        sys.stdout.buffer.write(table_csv(table))
