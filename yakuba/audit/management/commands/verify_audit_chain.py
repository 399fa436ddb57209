"""Verify the hash chain of the access record and report the first broken link.

    manage.py verify_audit_chain                      # the chain in the database
    manage.py verify_audit_chain --file export.jsonl  # an export (export_access_records)

Exit status 0 with ``OK: N records verified``; otherwise exit status 1 with
``BROKEN at sequence N: <what is wrong>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yakuba.audit.models import GENESIS_HASH
from yakuba.audit.services import Problem, verify_chain, verify_records

PROBLEMS = {
    Problem.GAP: "a record is missing (sequence gap)",
    Problem.BROKEN_LINK: "broken link: previous_hash does not match the preceding record",
    Problem.HASH_MISMATCH: "hash mismatch: the record's content was altered",
    Problem.HEAD_MISMATCH: "the chain head does not match the records",
    Problem.MALFORMED: "the line is not an access record",
}


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    yield {}


class Command(BaseCommand):
    help = "Recompute every access-record hash in order; exit 1 at the first broken link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=2000)
        parser.add_argument(
            "--file", type=Path, help="verify a JSON Lines export instead of the database"
        )
        parser.add_argument(
            "--previous-hash",
            help="with --file: the hash the export must continue from "
            "(default: the genesis for an export from sequence 1)",
        )

    def handle(self, *args, **options):
        if options["file"]:
            verdict = self._verify_file(Path(options["file"]), options["previous_hash"])
        else:
            verdict = verify_chain(chunk_size=options["chunk_size"])
        if verdict.ok:
            self.stdout.write(f"OK: {verdict.checked} records verified")
            self.stdout.write(f"last hash: {verdict.last_hash}")
            return
        raise CommandError(
            f"BROKEN at sequence {verdict.broken_sequence}: {PROBLEMS[verdict.problem]} "
            f"({verdict.checked} records verified before it)"
        )

    def _verify_file(self, path: Path, previous_hash: str | None):
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        first = next(_lines(path), None)
        first_sequence = 1
        if isinstance(first, dict) and isinstance(first.get("sequence"), int):
            first_sequence = first["sequence"]
        if previous_hash is None:
            if first_sequence == 1:
                previous_hash = GENESIS_HASH
            else:
                previous_hash = str(first.get("previous_hash", "")) if first else ""
                self.stdout.write(
                    f"export starts at sequence {first_sequence}, continuing from hash "
                    f"{previous_hash}: compare it with the last hash of the earlier export"
                )
        return verify_records(
            _lines(path), first_sequence=first_sequence, previous_hash=previous_hash
        )
