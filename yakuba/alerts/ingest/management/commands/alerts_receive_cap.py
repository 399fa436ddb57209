"""Apply a CAP 1.2 document from another agency through the national-warning rules."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "CAP 1.2 の文書を受信し、規則に従って配信を作成します。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CAP 1.2 XML ファイル（- で標準入力）")

    def handle(self, *args, **options) -> None:
        import sys

        from yakuba.alerts.ingest.apply import receive_cap

        name = options["file"]
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"ファイルを読めません: {error}") from error
        record = receive_cap(data)
        self.stdout.write(f"{record.get_outcome_code_display()}: {record.outcome}")
        if record.outcome_code == "error":
            raise CommandError("CAP 文書を読み取れませんでした。")
