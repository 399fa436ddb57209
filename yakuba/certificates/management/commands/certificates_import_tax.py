"""``manage.py certificates_import_tax FILE [--fiscal-year 2026]``: import the tax system's
CSV of 課税・所得 (the same checks and report as the staff page; all or nothing).

Exit status 0 when imported, 1 when the file had problems (each printed with its line;
nothing saved).  Access records name the command as the actor.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yakuba.certificates.services.records import import_tax_assessments
from yakuba.certificates.services.records.tax_csv import parse_year


class Command(BaseCommand):
    help = "課税・所得のCSVを取り込む（全件検査し、エラーがあれば何も保存しない）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--fiscal-year", default="", help="年度（例: 2026、令和8）")

    def handle(self, *args, file: Path, fiscal_year: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"ファイルがありません: {file}")
        year = None
        if fiscal_year:
            try:
                year = parse_year(fiscal_year)
            except ValueError as error:
                raise CommandError(str(error.args[0])) from error
        with file.open("rb") as handle:
            report = import_tax_assessments(None, handle, fiscal_year=year)
        if not report.ok:
            for problem in report.errors:
                column = f" {problem.column}" if problem.column else ""
                self.stderr.write(f"{problem.line}行目{column}: {problem.message}")
            raise CommandError(
                f"{len(report.errors)}件のエラーがあったため、何も取り込んでいません。",
                returncode=1,
            )
        years = "、".join(str(year) for year in report.fiscal_years)
        self.stdout.write(
            f"取り込みました（{report.encoding}、{years}年度）: {report.rows}行、"
            f"新規 {report.created}件、更新 {report.updated}件、変更なし {report.unchanged}件"
        )
