"""``manage.py demo_data [--residents N] [--seed S] [--reset]`` (also ``python -m yakuba demo-data``)."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from yakuba.demo.loader import DEFAULT_RESIDENTS, DEFAULT_SEED, load_demo_city

MAX_RESIDENTS = 500_000


def _residents(text: str) -> int:
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from error
    if not 1 <= value <= MAX_RESIDENTS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_RESIDENTS}")
    return value


class Command(BaseCommand):
    help = (
        "Load the demo city (武蔵村山市): profile, organisation, town areas, accounts, population."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--residents",
            type=_residents,
            default=DEFAULT_RESIDENTS,
            help=f"number of residents to generate (default {DEFAULT_RESIDENTS})",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="wipe the demo population first and load it again (accounts and organisation are kept)",
        )

    def handle(self, *args, residents: int, seed: int, reset: bool, **options) -> None:
        self.stdout.write(
            f"demo city: 武蔵村山市, {residents} residents, seed {seed}{' (reset)' if reset else ''}"
        )
        try:
            result = load_demo_city(
                residents=residents, seed=seed, reset=reset, report=self.stdout.write
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if result.already_loaded:
            self.stdout.write("already loaded (use --reset to load the population again)")
            return
        total = sum(result.timings.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"loaded {result.people} residents in {result.households} households in {total:.1f} s"
            )
        )
        if not result.linked_citizen:
            self.stdout.write("note: the demo persona 村山 花子 is not in a population this small")
        self.stdout.write("")
        self.stdout.write(result.logins_file.read_text(encoding="utf-8"))
        self.stdout.write(f"(written to {result.logins_file})")
