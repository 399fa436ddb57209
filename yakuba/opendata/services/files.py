"""Storing resource files: outside the web root, 0600, checked by content and size.

A file is written in chunks while its size and SHA-256 are counted; more than
``YAKUBA_OPENDATA_MAX_UPLOAD_BYTES`` stops the copy.  Its type is read from the content
(libmagic), never trusted from the name or the client: executables, scripts and unknown
binaries are refused, and a file whose content does not match the format it claims
(a "CSV" that is a ZIP) is refused too.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK_BYTES = 64 * 1024

#: Content types accepted, with the format label each one is shown as.
ACCEPTED_TYPES: dict[str, str] = {
    "text/csv": "CSV",
    "text/plain": "TXT",
    "application/csv": "CSV",
    "application/json": "JSON",
    "application/geo+json": "GeoJSON",
    "application/xml": "XML",
    "text/xml": "XML",
    "application/pdf": "PDF",
    "application/zip": "ZIP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/tiff": "TIFF",
    "application/rdf+xml": "RDF",
    "text/turtle": "TTL",
}
#: Formats a text file may claim (libmagic says text/plain or text/csv for all of them).
TEXT_FORMATS = {"CSV", "TSV", "TXT", "JSON", "GEOJSON", "XML", "RDF", "TTL", "JSON-LD", "ICS", ""}
#: Formats whose content libmagic reports as a ZIP or as OOXML.
ZIP_FORMATS = {"ZIP", "XLSX", "DOCX", "ODS", "SHP", "KMZ"}


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to files_dir()
    size: int
    sha256: str
    mimetype: str
    format: str


def files_dir() -> Path:
    directory = Path(settings.YAKUBA_OPENDATA_FILES_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def full_path(relative: str) -> Path:
    return files_dir() / relative


def safe_file_name(name: str, default: str = "resource") -> str:
    """The last part of a download URL: ASCII letters, digits, ``._-`` (others become
    ``_``), at most 100 characters, the extension kept (「施設 一覧.csv」→「resource.csv」)."""
    name = unicodedata.normalize("NFKC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    if not re.search(r"[A-Za-z0-9]", stem):
        stem = default
    stem = stem[: 99 - len(extension)]
    return f"{stem}.{extension}" if extension else stem


def _chunks(source: Any) -> Iterator[bytes]:
    if isinstance(source, bytes):
        for start in range(0, len(source), CHUNK_BYTES):
            yield source[start : start + CHUNK_BYTES]
        return
    chunks = getattr(source, "chunks", None)
    if chunks is not None:
        yield from chunks(CHUNK_BYTES)
        return
    while chunk := source.read(CHUNK_BYTES):
        yield chunk


def _write_limited(path: Path, chunks: Iterable[bytes], limit: int) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise ValidationError(
                    {
                        "upload": _("ファイルが大きすぎます（上限 %(limit)s MB）。")
                        % {"limit": limit // (1024 * 1024) or 1}
                    },
                    code="too_large",
                )
            digest.update(chunk)
            target.write(chunk)
    return size, digest.hexdigest()


def _format_for(content_type: str, claimed: str) -> str:
    claimed = (claimed or "").strip().upper()
    shown = ACCEPTED_TYPES.get(content_type)
    if shown is None:
        raise ValidationError(
            {
                "upload": _("この種類のファイル（%(type)s）は公開できません。")
                % {"type": content_type}
            },
            code="type",
        )
    if content_type.startswith("text/") or content_type in (
        "application/json",
        "application/csv",
        "application/xml",
        "application/geo+json",
    ):
        if claimed and claimed not in TEXT_FORMATS:
            raise _mismatch(claimed, shown)
        return claimed or shown
    if (
        content_type in ("application/zip",)
        or "openxmlformats" in content_type
        or ("opendocument" in content_type)
    ):
        if claimed and claimed not in ZIP_FORMATS:
            raise _mismatch(claimed, shown)
        return claimed or shown
    if claimed and claimed != shown and not (claimed == "JPG" and shown == "JPEG"):
        raise _mismatch(claimed, shown)
    return shown


def _mismatch(claimed: str, found: str) -> ValidationError:
    return ValidationError(
        {
            "upload": _("ファイルの中身（%(found)s）が指定の形式（%(claimed)s）と一致しません。")
            % {"found": found, "claimed": claimed}
        },
        code="mismatch",
    )


def store_file(source: Any, *, claimed_format: str = "", limit: int | None = None) -> StoredFile:
    """Copy ``source`` (bytes, a Django upload or a binary file object) into storage.
    Raises ``ValidationError`` on the ``upload`` field (size, type, empty)."""
    limit = limit or settings.YAKUBA_OPENDATA_MAX_UPLOAD_BYTES
    relative = f"{secrets.token_hex(1)}/{secrets.token_hex(16)}"
    path = full_path(relative)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    try:
        size, sha256 = _write_limited(path, _chunks(source), limit)
        if size == 0:
            raise ValidationError({"upload": _("ファイルが空です。")}, code="empty")
        content_type = magic.from_file(str(path), mime=True)
        file_format = _format_for(content_type, claimed_format)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return StoredFile(relative, size, sha256, content_type, file_format)


def remove_file(relative: str) -> None:
    full_path(relative).unlink(missing_ok=True)
