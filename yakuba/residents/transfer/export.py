"""The register as CSV lines, streamed from one consistent snapshot of the database."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db import connection, transaction

from yakuba.residents.models import Person

from .csv_format import (
    EXPORT_HEADERS,
    RELATIONSHIP_LABELS,
    REMOVAL_REASON_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    UTF8_BOM,
    format_date,
)

FETCH_SIZE = 5000
LINES_PER_CHUNK = 500

_VALUES = (
    "resident_code",
    "household__household_number",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "former_family_name",
    "birth_date",
    "sex",
    "relationship",
    "household__town_area__code",
    "household__town_area__name",
    "household__banchi",
    "household__katagaki",
    "became_resident_on",
    "address_set_on",
    "previous_address",
    "registered_domicile",
    "domicile_head",
    "status",
    "removed_on",
    "removal_reason",
    "next_address",
)
_DATES = {7, 14, 15, 20}


def _cells(values: tuple) -> list[str]:
    cells = []
    for index, value in enumerate(values):
        if index in _DATES:
            cells.append(format_date(value))
        elif index == 8:
            cells.append(SEX_LABELS[value])
        elif index == 9:
            cells.append(RELATIONSHIP_LABELS[value])
        elif index == 19:
            cells.append(STATUS_LABELS[value])
        elif index == 21:
            cells.append(REMOVAL_REASON_LABELS.get(value, ""))
        else:
            cells.append(value or "")
    return cells


def export_lines() -> Iterator[tuple[bytes, int]]:
    """``(bytes, rows written so far)`` pieces of the CSV: BOM and header, then every person.

    Rows are ordered by 世帯番号 (the import needs a household's rows together),
    then by id.  On PostgreSQL the whole read runs in one REPEATABLE READ
    transaction, so a long export is one consistent snapshot; SQLite
    transactions are snapshots already.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    yield UTF8_BOM + buffer.getvalue().encode("utf-8"), 0
    buffer.seek(0)
    buffer.truncate()
    rows = 0
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        queryset = Person.objects.order_by("household__household_number", "pk").values_list(
            *_VALUES
        )
        pending = 0
        for values in queryset.iterator(chunk_size=FETCH_SIZE):
            writer.writerow(_cells(values))
            rows += 1
            pending += 1
            if pending >= LINES_PER_CHUNK:
                yield buffer.getvalue().encode("utf-8"), rows
                buffer.seek(0)
                buffer.truncate()
                pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8"), rows
