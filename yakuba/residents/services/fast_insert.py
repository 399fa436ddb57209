"""Fast appends for the bulk load (:func:`yakuba.core.bulk.copy_rows`).

Used by :func:`~yakuba.residents.services.bulk_create_population` for the
history rows, which need no ids back (the people and households themselves go
through ``bulk_create``).  Values are prepared by each field
(``get_db_prep_save``), so both backends store exactly what the ORM would.
Tested on both backends by the demo-flow and history tests (``db_guarantees``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone

from yakuba.core.bulk import copy_rows


def insert_rows(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (dicts keyed by field attname; ``created``/``updated`` default to now)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    defaults = {"created": now, "updated": now}
    values = [
        [
            field.get_db_prep_save(
                row[field.attname] if field.attname in row else defaults[field.attname],
                connection,
            )
            for field in fields
        ]
        for row in rows
    ]
    return copy_rows(model, [field.column for field in fields], values)
