"""地域・年齢別人口 (population) from the resident register's statistics, small cells
suppressed.

One row for the whole city (地域名 「<市名>（全域）」, 地域コード empty, first) and one per
town area (町丁目; 地域コード = its 町字ID), as of the first day of the month
(調査年月日): regenerating during the month gives the same file unless a late entry
changed that day's figures.  Counts come from
:func:`.population_counts.population_on` (the register's own aggregate counting).

Suppression (:mod:`.suppression`): a count of 1 or 2 (below ``SMALL_CELL_THRESHOLD``)
is published as ``X``; an area with fewer than ``SMALL_AREA_MINIMUM`` residents is
published all ``X`` (its zeros would show where its few residents are); then further
cells are hidden until no ``X`` can be recomputed from the published cells and the sums
that hold in the table (総人口 = 男性 + 女性, 男性/女性 = the sum of their age bands, the
city row = the sum of the areas, for every column including 世帯数).  A zero is
published as ``0``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .columns import POPULATION_BAND_LABELS, POPULATION_COLUMNS
from .population_counts import SEXES, population_on
from .suppression import (
    SMALL_AREA_MINIMUM,
    SMALL_CELL_THRESHOLD,
    SUPPRESSED,
    Relation,
    suppress,
)
from .table import Table
from .values import City

SEX_LABELS = {"male": "男性", "female": "女性"}
#: The row of the whole city in the suppression table.
CITY_ROW = "city"


def survey_date(today: datetime.date | None = None) -> datetime.date:
    """調査年月日: the first day of the current month."""
    return (today or timezone.localdate()).replace(day=1)


def _columns() -> list[str]:
    bands = [f"{label}の{SEX_LABELS[sex]}" for label in POPULATION_BAND_LABELS for sex in SEXES]
    return ["総人口", "男性", "女性", *bands, "世帯数"]


def _values(statistics) -> tuple[dict, list[str], list[str]]:
    """Cell → count for the city row and every area row; the row keys in order."""
    values: dict[tuple[str, str], int] = {}
    rows = [area.code for area in statistics.areas]
    band_count = len(POPULATION_BAND_LABELS)
    for area in statistics.areas:
        values[(area.code, "総人口")] = area.total
        for sex in SEXES:
            values[(area.code, SEX_LABELS[sex])] = area.total_of(sex)
            for band in range(band_count):
                label = f"{POPULATION_BAND_LABELS[band]}の{SEX_LABELS[sex]}"
                values[(area.code, label)] = area.count(sex, band)
        values[(area.code, "世帯数")] = area.households
    columns = _columns()
    for column in columns:
        values[(CITY_ROW, column)] = sum(values[(row, column)] for row in rows)
    return values, [CITY_ROW, *rows], columns


def relations_for(rows: list[str], columns: list[str]) -> list[Relation]:
    """The sums that hold in the table (see the module docstring)."""
    relations = []
    for row in rows:
        relations.append(Relation((row, "総人口"), ((row, "男性"), (row, "女性"))))
        for sex in SEXES:
            label = SEX_LABELS[sex]
            parts = tuple((row, f"{band}の{label}") for band in POPULATION_BAND_LABELS)
            relations.append(Relation((row, label), parts))
    areas = [row for row in rows if row != CITY_ROW]
    for column in columns:
        relations.append(Relation((CITY_ROW, column), tuple((row, column) for row in areas)))
    return relations


def suppressed_table(statistics) -> tuple[dict, set, list[str], list[str]]:
    """The counts, the cells to hide, the row keys and the count columns."""
    values, rows, columns = _values(statistics)
    forced = {
        (area.code, column)
        for area in statistics.areas
        if 0 < area.total < SMALL_AREA_MINIMUM
        for column in columns
    }
    hidden = suppress(
        values,
        relations_for(rows, columns),
        threshold=SMALL_CELL_THRESHOLD,
        forced=forced,
    )
    return values, hidden, rows, columns


def build(city: City, *, as_of: datetime.date | None = None) -> Table:
    as_of = as_of or survey_date()
    statistics = population_on(as_of)
    values, hidden, _rows, columns = suppressed_table(statistics)
    table = Table(POPULATION_COLUMNS)

    def cells(row: str) -> dict[str, str]:
        return {
            column: SUPPRESSED if (row, column) in hidden else str(values[(row, column)])
            for column in columns
        }

    table.add(
        {
            "全国地方公共団体コード": city.code,
            "地方公共団体名": city.full_name,
            "調査年月日": as_of.isoformat(),
            "地域名": _("%(city)s（全域）") % {"city": city.name},
            **cells(CITY_ROW),
            "備考": _("市全域の合計"),
        },
        name=city.name,
    )
    for area in statistics.areas:
        table.add(
            {
                "全国地方公共団体コード": city.code,
                "地域コード": area.code,
                "地方公共団体名": city.full_name,
                "調査年月日": as_of.isoformat(),
                "地域名": area.name,
                **cells(area.code),
            },
            identifier=area.code,
            name=area.name,
        )
    return table
