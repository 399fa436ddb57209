"""A directory of extract files, as a standard system's periodic export leaves them.

File names: ``YYYYMMDDhhmmss_full.csv`` (the whole register) or
``YYYYMMDDhhmmss_diff.csv`` (changed people only); the timestamp is when the
source system took the extract (Japan time).  Anything else in the directory
is ignored — in particular files still being written, which the exporting
system must give another name (``….csv.part``) until they are complete.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

FILE_NAME = re.compile(r"^(?P<stamp>[0-9]{14})_(?P<kind>full|diff)\.csv$")
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ExtractFile:
    """One extract file on disk (implements :class:`~.adapter.Extract`)."""

    path: Path
    name: str
    taken_at: datetime.datetime
    full: bool
    size: int
    _sha256: list[str] = field(default_factory=list, compare=False, repr=False)

    @property
    def sha256(self) -> str:
        if not self._sha256:
            digest = hashlib.sha256()
            for chunk in self.chunks():
                digest.update(chunk)
            self._sha256.append(digest.hexdigest())
        return self._sha256[0]

    def chunks(self) -> Iterator[bytes]:
        with open(self.path, "rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                yield chunk


class DirectoryExtractSource:
    """Extracts from one directory (implements :class:`~.adapter.RegistrySource`)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def extracts(self) -> list[ExtractFile]:
        """Every extract in the directory, oldest first (unreadable names ignored)."""
        found = []
        if not self.directory.is_dir():
            return found
        for path in self.directory.iterdir():
            match = FILE_NAME.match(path.name)
            if match is None or not path.is_file():
                continue
            try:
                naive = datetime.datetime.strptime(match["stamp"], "%Y%m%d%H%M%S")
            except ValueError:
                continue
            found.append(
                ExtractFile(
                    path=path,
                    name=path.name,
                    taken_at=timezone.make_aware(naive),
                    full=match["kind"] == "full",
                    size=path.stat().st_size,
                )
            )
        return sorted(found, key=lambda extract: extract.name)

    def snapshot(self) -> ExtractFile | None:
        full = [extract for extract in self.extracts() if extract.full]
        return full[-1] if full else None

    def changes_since(self, cursor: str) -> list[ExtractFile]:
        extracts = self.extracts()
        if cursor:
            return [extract for extract in extracts if extract.name > cursor]
        latest_full = self.snapshot()
        if latest_full is None:
            return extracts
        return [extract for extract in extracts if extract.name >= latest_full.name]
