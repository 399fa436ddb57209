"""Small-cell suppression: every count of 1–2 is hidden, very small areas are hidden
whole, and no hidden cell can be recomputed from what is published.

"Cannot be recomputed" is checked with a certificate the test verifies on its own: for each
hidden cell, a change of the hidden cells that keeps every published value and every sum
of the table yet changes that cell.  Two tables that publish the same file then disagree
on the cell, so the file cannot tell which is true.
"""

from __future__ import annotations

import datetime
import random
from fractions import Fraction

import pytest

from yakuba.opendata.standard import population
from yakuba.opendata.standard.population_counts import (
    BAND_COUNT as BANDS,
)
from yakuba.opendata.standard.population_counts import (
    AreaPopulation,
    PopulationStatistics,
)
from yakuba.opendata.standard.suppression import (
    SMALL_AREA_MINIMUM,
    Relation,
    determined_cells,
    suppress,
    witnesses,
)


def assert_nothing_recomputable(values, relations, hidden):
    """Verify, independently of the elimination, the certificate of every hidden cell."""
    certificates = witnesses(hidden, relations)
    for cell in hidden:
        change = certificates[cell]
        assert change is not None, f"{cell} can be recomputed"
        assert change.get(cell, 0) != 0
        assert set(change) <= hidden, "a published cell would change"
        for relation in relations:
            total = change.get(relation.total, Fraction(0))
            parts = sum((change.get(part, Fraction(0)) for part in relation.parts), Fraction(0))
            assert total == parts, f"{relation} broken by the certificate"


def test_a_lone_small_cell_gets_a_complement():
    values = {"total": 20, "a": 1, "b": 7, "c": 12}
    relations = [Relation("total", ("a", "b", "c"))]

    hidden = suppress(values, relations)

    assert hidden == {"a", "b"}
    assert_nothing_recomputable(values, relations, hidden)


def test_the_complement_prefers_a_non_zero_part_then_the_total():
    values = {"total": 1, "a": 1, "b": 0}
    relations = [Relation("total", ("a", "b"))]

    assert suppress(values, relations) == {"total", "a"}


def test_a_chain_of_sums_that_would_reveal_a_cell_is_broken():
    # Rows r1, r2 and a column total row t; each hidden cell alone in its column would be
    # recomputable from the column totals even with two hidden cells per row.
    values = {
        ("r1", "x"): 1, ("r1", "y"): 5, ("r1", "s"): 6,
        ("r2", "x"): 4, ("r2", "y"): 8, ("r2", "s"): 12,
        ("t", "x"): 5, ("t", "y"): 13, ("t", "s"): 18,
    }  # fmt: skip
    relations = [Relation((row, "s"), ((row, "x"), (row, "y"))) for row in ("r1", "r2", "t")] + [
        Relation(("t", column), (("r1", column), ("r2", column))) for column in "xys"
    ]

    hidden = suppress(values, relations)

    assert ("r1", "x") in hidden
    assert determined_cells(hidden, relations) == set()
    assert_nothing_recomputable(values, relations, hidden)


def statistics(areas: list[tuple[str, dict[str, list[int]], int]]) -> PopulationStatistics:
    return PopulationStatistics(
        as_of=datetime.date(2026, 12, 1),
        areas=tuple(
            AreaPopulation(
                code=code,
                name=code,
                households=households,
                by_sex={sex: tuple(counts[sex]) for sex in ("male", "female")},
            )
            for code, counts, households in areas
        ),
    )


def bands(**counts: int) -> list[int]:
    row = [0] * BANDS
    for key, value in counts.items():
        row[int(key.removeprefix("b"))] = value
    return row


def test_the_only_resident_of_an_area_cannot_be_singled_out():
    table = statistics(
        [
            ("0001001", {"male": bands(b8=1), "female": bands()}, 1),
            ("0001002", {"male": bands(b3=40, b8=31), "female": bands(b3=38, b8=27)}, 60),
            ("0001003", {"male": bands(b3=22, b8=19), "female": bands(b3=25, b8=24)}, 41),
        ]
    )

    values, hidden, rows, columns = population.suppressed_table(table)

    # The tiny area is hidden whole, zeros included: its row shows no sex and no age.
    assert {("0001001", column) for column in columns} <= hidden
    relations = population.relations_for(rows, columns)
    assert_nothing_recomputable(values, relations, hidden)


@pytest.mark.parametrize("seed", range(6))
def test_random_small_towns_publish_nothing_recomputable(seed):
    generator = random.Random(seed)
    areas = []
    for number in range(5):
        counts = {
            sex: [generator.choice([0, 0, 1, 2, 3, 5, 9]) for _ in range(BANDS)]
            for sex in ("male", "female")
        }
        if number == 0:
            counts = {"male": bands(b17=2), "female": bands(b0=1)}  # below the area minimum
        households = max(1, sum(map(sum, counts.values())) // 2)
        areas.append((f"00010{number:02d}", counts, households))
    table = statistics(areas)

    values, hidden, rows, columns = population.suppressed_table(table)
    relations = population.relations_for(rows, columns)

    assert {cell for cell, value in values.items() if 1 <= value <= 2} <= hidden
    for area in table.areas:
        if 0 < area.total < SMALL_AREA_MINIMUM:
            assert {(area.code, column) for column in columns} <= hidden
    assert_nothing_recomputable(values, relations, hidden)


def test_a_table_without_small_counts_is_published_whole():
    table = statistics(
        [("0001001", {"male": [5] * BANDS, "female": [6] * BANDS}, 80)] * 1
        + [("0001002", {"male": [7] * BANDS, "female": [3] * BANDS}, 70)]
    )
    _values, hidden, _rows, _columns = population.suppressed_table(table)
    assert hidden == set()
