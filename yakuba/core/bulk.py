"""Bulk appends for loads of millions of rows: PostgreSQL ``COPY``, ``executemany`` elsewhere.

``bulk_create`` builds and returns model instances, which costs more than the
insert itself at the sizes of a registry load.  :func:`copy_rows` writes rows
of database-ready values straight into a table; constraints and triggers apply
as to any ``INSERT``.  Callers prepare the values (``Field.get_db_prep_save``
or the ``connection.ops.adapt_*`` functions) so both backends store what the
ORM would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Append ``rows`` (values in the order of ``columns``, database column names); returns the count."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        rows = list(rows)
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)
        return len(rows)
