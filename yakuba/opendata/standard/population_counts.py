"""The exact counts behind 地域・年齢別人口, read from the resident register's statistics.

The counting is the register's own (:func:`yakuba.residents.transfer.queries.population_table`,
one aggregate query over the history as of the day; aggregates only, nothing about any one
person).  It is asked for **unsuppressed** counts (``threshold=0``) because the published
file applies its own, stricter suppression (:mod:`.suppression`): areas too small to show
at all, and a check that no hidden cell can be worked out from any chain of sums.

The shapes here (:class:`AreaPopulation`, :class:`PopulationStatistics`) are what the
generator and its suppression tests work on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from yakuba.residents.transfer import queries as population_queries

from .columns import POPULATION_BAND_LABELS

#: The sexes counted, in the order the standard dataset lists them (男性, 女性).
SEXES: tuple[str, ...] = ("male", "female")
BAND_COUNT = len(POPULATION_BAND_LABELS)


@dataclass(frozen=True)
class AreaPopulation:
    """The residents of one town area on the day, by sex and age band."""

    code: str
    name: str
    #: Households with at least one resident member in the area.
    households: int
    #: ``{sex: (count per band of POPULATION_BAND_LABELS)}`` for each sex of :data:`SEXES`.
    by_sex: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def count(self, sex: str, band: int) -> int:
        return self.by_sex.get(sex, (0,) * BAND_COUNT)[band]

    def total_of(self, sex: str) -> int:
        return sum(self.by_sex.get(sex, ()))

    @property
    def total(self) -> int:
        return sum(self.total_of(sex) for sex in SEXES)


@dataclass(frozen=True)
class PopulationStatistics:
    """Residents by town area, sex and age band as of ``as_of`` (every area in force on
    the day, areas without residents included with zeros, in display order)."""

    as_of: datetime.date
    areas: tuple[AreaPopulation, ...]


def population_on(as_of: datetime.date) -> PopulationStatistics:
    """The exact counts on ``as_of`` (suppression is the caller's job)."""
    table = population_queries.population_table(as_of, threshold=0)
    if len(table.bands) != BAND_COUNT:  # pragma: no cover - both follow the standard's bands
        raise RuntimeError("the register's age bands differ from the dataset's columns")
    areas = tuple(
        AreaPopulation(
            code=row.code,
            name=row.name,
            households=row.households.value or 0,
            by_sex={
                sex: tuple(row.cells[(band.index, sex)].value or 0 for band in table.bands)
                for sex in SEXES
            },
        )
        for row in table.areas
    )
    return PopulationStatistics(as_of=as_of, areas=areas)
