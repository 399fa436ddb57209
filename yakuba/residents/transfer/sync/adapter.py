"""The contract between yakuba and an external registry system.

An adapter gives yakuba **extracts**: files in the registry CSV format
(:mod:`yakuba.residents.transfer.csv_format`), each either a full snapshot
of the register (every person, 除票 included) or the people changed since the
previous extract.  yakuba works out what changed itself (change detection
against its current state), so an extract needs no 異動 codes; an optional
``異動日`` column dates changes that the row's own dates do not (氏名変更,
世帯変更, 職権修正).

An adapter never writes to yakuba: the sync run (:mod:`.services`) does, and
remembers the **cursor** (the ``name`` of the last extract applied without
errors).  Names must sort in the order the extracts were taken.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Protocol, runtime_checkable


@runtime_checkable
class Extract(Protocol):
    """One extract file of the source system."""

    #: Unique and sortable in the order extracts were taken; the cursor.
    name: str
    #: When the source system took the extract.
    taken_at: datetime.datetime
    #: True: every person of the register; False: changed people only.
    full: bool
    #: SHA-256 (hex) of the content: part of every movement's external id.
    sha256: str
    #: Size in bytes (for progress).
    size: int

    def chunks(self) -> Iterator[bytes]:
        """The content, in pieces."""
        ...


@runtime_checkable
class RegistrySource(Protocol):
    """Where extracts come from (a directory, an API of the standard system, …)."""

    def snapshot(self) -> Extract | None:
        """The newest full extract, or ``None`` when there is none."""
        ...

    def changes_since(self, cursor: str) -> list[Extract]:
        """Extracts taken after ``cursor``, oldest first.

        With an empty cursor (nothing read yet): the newest full extract and
        every extract after it.
        """
        ...
