"""Small-cell suppression (秘匿処理) for published counts, so no resident can be singled out.

A table of counts is published with some cells replaced by ``X``:

1. **Primary suppression** — every count from 1 to ``threshold - 1`` (a count of one or
   two people), and every cell of a *forced* set (the rows of very small areas, whose
   zeros alone would show where their few residents are).
2. **Secondary (complementary) suppression** — the table has additive relations (a total
   is the sum of its parts: 総人口 = 男性 + 女性, 男性 = the sum of the male age bands,
   and each column of the city-wide row is the sum of the areas).  A suppressed cell
   that the published cells and these relations still *determine* (the lone ``X`` of a
   row, or one recoverable through a chain of sums) would protect nothing, so further
   cells are suppressed — in a relation holding the exposed cell, the smallest non-zero
   published part first — until no suppressed cell is determined.

"Determined" is checked exactly: the relations restricted to the suppressed cells form a
linear system (the published cells are constants); a cell is determined when every
solution gives it the same value, i.e. when the system's null space is zero at that
cell.  The check runs on rational numbers (no rounding) per connected part of the table.
:func:`witnesses` returns, for each suppressed cell, a change of the suppressed cells that
keeps every published value and every relation yet changes that cell — the proof, which
the tests verify independently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Cell = Hashable

#: Counts from 1 to ``SMALL_CELL_THRESHOLD - 1`` are suppressed.
SMALL_CELL_THRESHOLD = 3
#: Areas with fewer residents than this (but at least one) are suppressed whole.
SMALL_AREA_MINIMUM = 10
#: What a suppressed cell shows.
SUPPRESSED = "X"


@dataclass(frozen=True)
class Relation:
    """``total`` = the sum of ``parts``."""

    total: Cell
    parts: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return (self.total, *self.parts)

    def coefficient(self, cell: Cell) -> int:
        return 1 if cell == self.total else -1


def _components(hidden: set[Cell], relations: Sequence[Relation]) -> list[list[Relation]]:
    """The relations that involve hidden cells, grouped by connected part of the table."""
    parent: dict[Cell, Cell] = {}

    def find(cell: Cell) -> Cell:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    involved = []
    for relation in relations:
        cells = [cell for cell in relation.cells if cell in hidden]
        if not cells:
            continue
        involved.append((relation, cells))
        for cell in cells[1:]:
            parent[find(cell)] = find(cells[0])
    groups: dict[Cell, list[Relation]] = defaultdict(list)
    for relation, cells in involved:
        groups[find(cells[0])].append(relation)
    return list(groups.values())


@dataclass
class _Reduced:
    variables: list[Cell]
    #: Sparse rows of the reduced row echelon form: variable index → coefficient.
    rows: list[dict[int, Fraction]]
    pivots: dict[int, int]  # variable index → row index

    def free(self) -> list[int]:
        return [index for index in range(len(self.variables)) if index not in self.pivots]


def _reduce(hidden: set[Cell], relations: list[Relation]) -> _Reduced:
    """Reduced row echelon form (exact, sparse) of the relations over the hidden cells."""
    variables = sorted(
        {cell for relation in relations for cell in relation.cells if cell in hidden}, key=repr
    )
    index = {cell: position for position, cell in enumerate(variables)}
    rows: list[dict[int, Fraction]] = []
    for relation in relations:
        row: dict[int, Fraction] = {}
        for cell in relation.cells:
            if cell in index:
                row[index[cell]] = row.get(index[cell], Fraction(0)) + relation.coefficient(cell)
        row = {column: value for column, value in row.items() if value}
        if row:
            rows.append(row)
    pivots: dict[int, int] = {}
    rank = 0
    for column in range(len(variables)):
        pivot = next((r for r in range(rank, len(rows)) if column in rows[r]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        scale = rows[rank][column]
        pivot_row = {c: value / scale for c, value in rows[rank].items()}
        rows[rank] = pivot_row
        for other in range(len(rows)):
            factor = rows[other].get(column) if other != rank else None
            if factor:
                target = rows[other]
                for c, value in pivot_row.items():
                    updated = target.get(c, Fraction(0)) - factor * value
                    if updated:
                        target[c] = updated
                    else:
                        target.pop(c, None)
        pivots[column] = rank
        rank += 1
    return _Reduced(variables, rows[:rank], pivots)


def _null_vector(reduced: _Reduced, free_index: int) -> dict[Cell, Fraction]:
    vector = {reduced.variables[free_index]: Fraction(1)}
    for column, row in reduced.pivots.items():
        value = -reduced.rows[row].get(free_index, Fraction(0))
        if value:
            vector[reduced.variables[column]] = value
    return vector


def _component_witnesses(reduced: _Reduced) -> dict[Cell, dict[Cell, Fraction] | None]:
    free = reduced.free()
    found: dict[Cell, dict[Cell, Fraction] | None] = {}
    for position, cell in enumerate(reduced.variables):
        if position not in reduced.pivots:
            found[cell] = _null_vector(reduced, position)
            continue
        row = reduced.rows[reduced.pivots[position]]
        through = next((f for f in free if f in row), None)
        found[cell] = None if through is None else _null_vector(reduced, through)
    return found


def witnesses(
    hidden: set[Cell], relations: Sequence[Relation]
) -> dict[Cell, dict[Cell, Fraction] | None]:
    """For every hidden cell, a change of the hidden cells (cell → amount) that keeps every
    relation and changes that cell, or ``None`` when the cell is determined."""
    found: dict[Cell, dict[Cell, Fraction] | None] = {}
    for component in _components(hidden, relations):
        found.update(_component_witnesses(_reduce(hidden, component)))
    for cell in hidden - set(found):
        found[cell] = {cell: Fraction(1)}  # in no relation: nothing constrains it
    return found


def determined_cells(hidden: set[Cell], relations: Sequence[Relation]) -> set[Cell]:
    """The hidden cells whose value the published cells and the relations fix."""
    exposed: set[Cell] = set()
    for component in _components(hidden, relations):
        reduced = _reduce(hidden, component)
        free = reduced.free()
        for column, row in reduced.pivots.items():
            if not any(f in reduced.rows[row] for f in free):
                exposed.add(reduced.variables[column])
    return exposed


def _choose_complement(
    exposed: Cell,
    values: Mapping[Cell, int],
    hidden: set[Cell],
    relations_of: Mapping[Cell, list[Relation]],
) -> Cell | None:
    """The published cell to suppress next to protect ``exposed``: in a relation holding
    it (the one with fewest hidden cells first), the smallest non-zero part, else the
    total if non-zero, else a zero part."""

    def rank(candidate: Cell, relation: Relation) -> tuple:
        value = values[candidate]
        return (value == 0, candidate == relation.total, value, repr(candidate))

    relations = sorted(
        relations_of.get(exposed, []), key=lambda r: sum(c in hidden for c in r.cells)
    )
    for relation in relations:
        candidates = [c for c in relation.cells if c not in hidden]
        if candidates:
            return min(candidates, key=lambda c: rank(c, relation))
    return None


def suppress(
    values: Mapping[Cell, int],
    relations: Sequence[Relation],
    *,
    threshold: int = SMALL_CELL_THRESHOLD,
    forced: Iterable[Cell] = (),
) -> set[Cell]:
    """The cells to publish as ``X`` (see the module docstring)."""
    hidden = {cell for cell, value in values.items() if 1 <= value < threshold}
    hidden |= set(forced)
    relations_of: dict[Cell, list[Relation]] = defaultdict(list)
    for relation in relations:
        for cell in relation.cells:
            relations_of[cell].append(relation)
    for _round in range(len(values) + 1):
        # Cheap pass first: a relation with exactly one hidden cell exposes it.
        lone = [
            next(c for c in relation.cells if c in hidden)
            for relation in relations
            if sum(c in hidden for c in relation.cells) == 1
        ]
        exposed = lone or sorted(determined_cells(hidden, relations), key=repr)
        if not exposed:
            return hidden
        added = False
        for cell in exposed:
            complement = _choose_complement(cell, values, hidden, relations_of)
            if complement is not None:
                hidden.add(complement)
                added = True
                break
        if not added:
            return hidden
    return hidden
