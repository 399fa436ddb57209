"""Population by 町丁目 × 5-year age band × sex as of any day, with small cells suppressed.

Counted from the history (:class:`~yakuba.residents.models.PersonVersion`),
not from the current rows, in **one aggregate query**: for each person the
version in force on the day (greatest ``valid_from`` ≤ day; ties: the latest
recorded, then the greatest id — the rule of ``yakuba.residents.history``) is
picked with a window function, and the residents among them are counted by
the version's town area, sex and age band; the same pass counts the distinct
households per town area.  Age on the day: the number of birthdays reached
(someone born on 29 February counts a year older from 1 March in common years).

Suppression (秘匿) is in :func:`suppress`; the method is described in
docs/modules/residents-transfer.md.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.residents.models import PersonVersion, TownArea

BAND_YEARS = 5
#: The last band is open: 85歳以上 (as in the 地域・年齢別人口 dataset).
TOP_BAND_START = 85
DEFAULT_THRESHOLD = 3
MAX_THRESHOLD = 20
SEXES = ("male", "female")
SUPPRESSED_MARK = "X"


@dataclass(frozen=True)
class Band:
    index: int
    low: int
    high: int | None  # inclusive; None for the open top band

    @property
    def label(self) -> str:
        """``0-4歳`` … ``85歳以上`` (the dataset's column stem)."""
        return f"{self.low}歳以上" if self.high is None else f"{self.low}-{self.high}歳"


BANDS = tuple(
    Band(
        index,
        index * BAND_YEARS,
        None if index * BAND_YEARS >= TOP_BAND_START else index * BAND_YEARS + BAND_YEARS - 1,
    )
    for index in range(TOP_BAND_START // BAND_YEARS + 1)
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------------- counting


@dataclass(frozen=True)
class RawCounts:
    """Unsuppressed counts: ``people[(area_id, band, sex)]`` and ``households[area_id]``."""

    people: dict[tuple[int, int, str], int]
    households: dict[int, int]


def _band_case(day: datetime.date) -> tuple[str, list[datetime.date]]:
    """SQL CASE giving the band index from the birth date (bounds as parameters)."""
    whens = []
    params = []
    for band in BANDS[:-1]:
        # age <= band.high  ⇔  birth_date > day − (band.high + 1) years
        whens.append("WHEN v.birth_date > %s THEN " + str(band.index))
        params.append(years_before(day, band.high + 1))
    return "CASE " + " ".join(whens) + f" ELSE {BANDS[-1].index} END", params


def count_population(day: datetime.date, *, known_at: datetime.datetime | None = None) -> RawCounts:
    """Residents on ``day`` by town area, band and sex, and households by town area (one query).

    ``known_at`` limits the history to what was recorded by then ("as the
    register stood at that time", before later corrections).
    """
    table = PersonVersion._meta.db_table
    band_sql, band_params = _band_case(day)
    known_sql = ""
    params: list = [*band_params, day]
    if known_at is not None:
        known_sql = " AND v.recorded_at <= %s"
        params.append(known_at)
    sql = f"""
        WITH ranked AS (
            SELECT v.town_area_id AS area, v.sex AS sex, v.household_id AS household,
                   v.status AS status, {band_sql} AS band,
                   ROW_NUMBER() OVER (
                       PARTITION BY v.person_id
                       ORDER BY v.valid_from DESC, v.recorded_at DESC, v.id DESC
                   ) AS position
            FROM {table} v
            WHERE v.valid_from <= %s{known_sql}
        ),
        current AS (
            SELECT area, sex, household, band FROM ranked
            WHERE position = 1 AND status = 'resident'
        )
        SELECT area, sex, band, COUNT(*) FROM current GROUP BY area, sex, band
        UNION ALL
        SELECT area, '', -1, COUNT(DISTINCT household) FROM current GROUP BY area
    """
    people: dict[tuple[int, int, str], int] = {}
    households: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for area, sex, band, count in cursor.fetchall():
            if band == -1:
                households[area] = count
            else:
                people[(area, band, sex)] = count
    return RawCounts(people, households)


# ------------------------------------------------------------------- suppression


Key = tuple


@dataclass(frozen=True)
class Line:
    """A published equation: ``total`` = sum of ``parts``."""

    total: Key
    parts: tuple[Key, ...]


def suppress(values: dict[Key, int], lines: Iterable[Line], threshold: int) -> set[Key]:
    """Which keys to hide so that no hidden value can be worked out exactly from a line.

    1. **Primary**: every value from 1 to ``threshold`` (zeros are shown).
    2. **Secondary**, repeated until nothing changes: in each line (a total
       and its parts, all published), if exactly one member is hidden, hide
       one more — the smallest non-zero visible part (ties: first in order),
       else the total, else a zero part.  So every published equation holds
       no hidden member or at least two.

    ``threshold`` 0 hides nothing.
    """
    if threshold <= 0:
        return set()
    hidden = {key for key, value in values.items() if 1 <= value <= threshold}
    lines = list(lines)
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = (line.total, *line.parts)
            if sum(1 for member in members if member in hidden) != 1:
                continue
            visible_parts = [part for part in line.parts if part not in hidden]
            positive = [part for part in visible_parts if values.get(part, 0) > 0]
            if positive:
                choice = min(positive, key=lambda part: values[part])
            elif line.total not in hidden:
                choice = line.total
            elif visible_parts:
                choice = visible_parts[0]
            else:  # pragma: no cover - one hidden member and nothing else visible cannot happen
                continue
            hidden.add(choice)
            changed = True
    return hidden


# ----------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """A published count: ``value`` is ``None`` when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return SUPPRESSED_MARK if self.value is None else str(self.value)


@dataclass
class AreaRow:
    code: str
    name: str
    total: Cell
    male: Cell
    female: Cell
    households: Cell
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)

    def band_cells(self) -> list[tuple[Band, Cell, Cell]]:
        return [
            (band, self.cells[(band.index, "male")], self.cells[(band.index, "female")])
            for band in BANDS
        ]


@dataclass
class PopulationTable:
    """The published table: one row per town area and one for the whole city."""

    as_of: datetime.date
    threshold: int
    areas: list[AreaRow]
    city: AreaRow
    suppressed: int
    bands: tuple[Band, ...] = BANDS


def _areas_on(day: datetime.date, with_people: set[int]) -> list[TownArea]:
    in_force = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    return list(
        TownArea.objects.filter(in_force | Q(pk__in=with_people)).order_by("sort_order", "code")
    )


def population_table(
    day: datetime.date,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    known_at: datetime.datetime | None = None,
) -> PopulationTable:
    """Population by 町丁目 × 5-year band × sex on ``day``, with small cells suppressed.

    The function other modules call (open data: 地域・年齢別人口).  Counts are
    aggregates, not anyone's record: nothing is recorded in the access log.
    ``threshold`` k: counts 1..k are suppressed ("X"), with secondary
    suppression so totals cannot reveal them; 0 publishes every count (for use
    inside 市民課 only).
    """
    if not 0 <= threshold <= MAX_THRESHOLD:
        raise ValueError(f"threshold must be between 0 and {MAX_THRESHOLD}")
    raw = count_population(day, known_at=known_at)
    areas = _areas_on(day, {area for area, _band, _sex in raw.people} | set(raw.households))
    values: dict[Key, int] = {}
    for area in areas:
        for sex in SEXES:
            for band in BANDS:
                values[("c", area.pk, band.index, sex)] = raw.people.get(
                    (area.pk, band.index, sex), 0
                )
            values[("as", area.pk, sex)] = sum(
                values[("c", area.pk, band.index, sex)] for band in BANDS
            )
        values[("a", area.pk)] = values[("as", area.pk, "male")] + values[("as", area.pk, "female")]
        values[("h", area.pk)] = raw.households.get(area.pk, 0)
    for sex in SEXES:
        for band in BANDS:
            values[("C", band.index, sex)] = sum(
                values[("c", area.pk, band.index, sex)] for area in areas
            )
        values[("Cs", sex)] = sum(values[("C", band.index, sex)] for band in BANDS)
    values[("T",)] = values[("Cs", "male")] + values[("Cs", "female")]
    values[("H",)] = sum(values[("h", area.pk)] for area in areas)
    hidden = suppress(values, _lines(areas), threshold)

    def cell(key: Key) -> Cell:
        return Cell(None if key in hidden else values[key])

    rows = []
    for area in areas:
        row = AreaRow(
            code=area.code,
            name=area.name,
            total=cell(("a", area.pk)),
            male=cell(("as", area.pk, "male")),
            female=cell(("as", area.pk, "female")),
            households=cell(("h", area.pk)),
        )
        for band in BANDS:
            for sex in SEXES:
                row.cells[(band.index, sex)] = cell(("c", area.pk, band.index, sex))
        rows.append(row)
    city = AreaRow(
        code="",
        name=str(_("市全体")),
        total=cell(("T",)),
        male=cell(("Cs", "male")),
        female=cell(("Cs", "female")),
        households=cell(("H",)),
    )
    for band in BANDS:
        for sex in SEXES:
            city.cells[(band.index, sex)] = cell(("C", band.index, sex))
    return PopulationTable(day, threshold, rows, city, len(hidden))


def _lines(areas: list[TownArea]) -> list[Line]:
    lines = []
    for area in areas:
        for sex in SEXES:
            lines.append(
                Line(("as", area.pk, sex), tuple(("c", area.pk, band.index, sex) for band in BANDS))
            )
        lines.append(Line(("a", area.pk), (("as", area.pk, "male"), ("as", area.pk, "female"))))
    for sex in SEXES:
        for band in BANDS:
            lines.append(
                Line(
                    ("C", band.index, sex), tuple(("c", area.pk, band.index, sex) for area in areas)
                )
            )
        lines.append(Line(("Cs", sex), tuple(("C", band.index, sex) for band in BANDS)))
        lines.append(Line(("Cs", sex), tuple(("as", area.pk, sex) for area in areas)))
    lines.append(Line(("T",), (("Cs", "male"), ("Cs", "female"))))
    lines.append(Line(("T",), tuple(("a", area.pk) for area in areas)))
    lines.append(Line(("H",), tuple(("h", area.pk) for area in areas)))
    return lines


# -------------------------------------------------------------------------- CSV


def csv_header() -> list[str]:
    """The columns of the 地域・年齢別人口 dataset (推奨データセット style, docs/modules)."""
    header = [
        "都道府県コード又は市区町村コード",
        "地域コード",
        "都道府県名",
        "市区町村名",
        "調査年月日",
        "地域名",
        "総人口",
        "男性",
        "女性",
    ]
    for band in BANDS:
        header += [f"{band.label}の男性", f"{band.label}の女性"]
    header += ["世帯数", "備考"]
    return header


def csv_rows(table: PopulationTable) -> Iterator[list[str]]:
    from yakuba.core.services import get_municipality

    profile = get_municipality()
    code = profile.code if profile is not None else ""
    prefecture = profile.prefecture if profile is not None else ""
    city_name = profile.name if profile is not None else ""
    note = f"{table.threshold}人以下の区分は秘匿（X）" if table.threshold else ""
    for row in [*table.areas, table.city]:
        cells = [code, row.code, prefecture, city_name, table.as_of.isoformat(), row.name]
        cells += [str(row.total), str(row.male), str(row.female)]
        for _band, male, female in row.band_cells():
            cells += [str(male), str(female)]
        cells += [str(row.households), note]
        yield cells


def table_csv(table: PopulationTable) -> bytes:
    """The table as CSV (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_header())
    writer.writerows(csv_rows(table))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
