"""Export the access record as JSON Lines, one record per line, verifiable offline.

    manage.py export_access_records --output access-2026.jsonl [--from N] [--to M]

Each line holds every hashed field and ``record_hash``; ``verify_audit_chain
--file`` re-checks an export without the database. The export is itself
recorded (action ``export``), and contains personal data: store it like the
database.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yakuba.audit.queries import exported_access_records


class Command(BaseCommand):
    help = "Write access records (with their hashes) as JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="file to create (default: stdout)")
        parser.add_argument("--from", dest="first", type=int, default=1, help="first sequence")
        parser.add_argument("--to", dest="last", type=int, help="last sequence (default: head)")

    def handle(self, *args, **options):
        first, last = options["first"], options["last"]
        if first < 1 or (last is not None and last < first):
            raise CommandError("--from must be at least 1 and --to at least --from")
        output = Path(options["output"]) if options["output"] else None
        if output is not None and output.exists():
            raise CommandError(f"{output} exists; exports are never overwritten")
        lines = exported_access_records(
            first_sequence=first,
            last_sequence=last,
            system_actor=f"export_access_records ({getpass.getuser()}@{os.uname().nodename})",
        )
        stream = output.open("x", encoding="utf-8") if output else self.stdout
        count = 0
        last_hash = ""
        try:
            for line in lines:
                stream.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
                last_hash = line["record_hash"]
        finally:
            if output:
                stream.close()
        if output:
            self.stdout.write(f"{count} records written to {output}; last hash {last_hash}")
