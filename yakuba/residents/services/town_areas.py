"""Town areas (町丁目): reading the CSV and importing it."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from yakuba.core.japanese import JapaneseInputError, normalize_kana, normalize_postal_code

from ..models import TownArea

TOWN_AREA_CSV = Path(__file__).resolve().parent.parent / "data" / "town_areas.csv"


@dataclass(frozen=True)
class TownAreaRow:
    """One line of a town-area CSV (see ``data/town_areas.csv``)."""

    code: str
    town_name: str
    chome: int | None
    name: str
    name_kana: str
    postal_code: str
    valid_from: datetime.date
    sort_order: int


def read_town_area_csv(path: Path | None = None) -> list[TownAreaRow]:
    """Read a town-area CSV (UTF-8, header line); the demo city's file by default.

    Columns: code, town_name, chome (empty for none), name, name_kana,
    postal_code, valid_from (ISO date), sort_order; extra columns are ignored.
    """
    rows = []
    with (path or TOWN_AREA_CSV).open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(handle):
            rows.append(
                TownAreaRow(
                    code=line["code"].strip(),
                    town_name=line["town_name"].strip(),
                    chome=int(line["chome"]) if line["chome"].strip() else None,
                    name=line["name"].strip(),
                    name_kana=line["name_kana"].strip(),
                    postal_code=line["postal_code"].strip(),
                    valid_from=datetime.date.fromisoformat(line["valid_from"].strip()),
                    sort_order=int(line["sort_order"]),
                )
            )
    return rows


@transaction.atomic
def import_town_areas(rows: Iterable[TownAreaRow]) -> int:
    """Create or update town areas by code; returns how many rows were imported."""
    count = 0
    for row in rows:
        try:
            postal_code = normalize_postal_code(row.postal_code)
        except JapaneseInputError as error:
            raise ValidationError(
                {
                    "postal_code": ValidationError(
                        error.message, code=error.code, params=error.params
                    )
                }
            ) from error
        area = TownArea.objects.filter(code=row.code).first() or TownArea(code=row.code)
        area.town_name = row.town_name
        area.chome = row.chome
        area.name = row.name
        area.name_kana = normalize_kana(row.name_kana)
        area.postal_code = postal_code
        area.valid_from = row.valid_from
        area.sort_order = row.sort_order
        area.full_clean()
        area.save()
        count += 1
    return count
