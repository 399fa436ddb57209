"""What a generator returns: the rows of one standard file, and the records it had to
leave out (a ◎ field it could not fill), which the staff pages list."""

from __future__ import annotations

from dataclasses import dataclass, field

from .columns import Column, header, required_names


@dataclass(frozen=True)
class Omission:
    identifier: str
    name: str
    reason: str


@dataclass
class Table:
    columns: tuple[Column, ...]
    rows: list[list[str]] = field(default_factory=list)
    omitted: list[Omission] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return header(self.columns)

    def add(self, values: dict[str, str], *, identifier: str = "", name: str = "") -> bool:
        """Append a row given by column name (missing columns empty).  A row with an empty
        ◎ column is not added but recorded in ``omitted``; returns whether it was added."""
        unknown = set(values) - set(self.header)
        if unknown:
            raise KeyError(f"not columns of this dataset: {sorted(unknown)}")
        missing = [name for name in required_names(self.columns) if not values.get(name)]
        if missing:
            self.omitted.append(
                Omission(identifier, name or values.get("名称", ""), "、".join(missing))
            )
            return False
        self.rows.append([values.get(column, "") for column in self.header])
        return True
