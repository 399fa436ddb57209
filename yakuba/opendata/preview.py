"""A table preview of a CSV (or TSV) resource: its header and first rows, for the dataset page.

Only the start of the stored file is read (:data:`READ_BYTES`), so a large file costs no more
than a small one.  The encoding is sniffed as the standard datasets need it: UTF-8 with a
byte-order mark, UTF-8 without, else cp932 (Shift_JIS as Windows and Excel write it).  A file
that is neither, or that the ``csv`` module cannot parse, gives a preview with an ``error``
(the page then offers the download only); nothing here raises for a broken file.

A preview is cached by the file's SHA-256 (the same bytes always give the same preview), so
showing a dataset page again does not read the file again.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Resource, ResourceKind
from .services.files import full_path

#: Rows shown under the header.
PREVIEW_ROWS = 20
#: Columns shown at most (a wider file is cut, and the page says so).
PREVIEW_COLUMNS = 30
#: Characters shown at most per cell.
CELL_CHARACTERS = 200
#: Bytes read from the start of the file at most.
READ_BYTES = 256 * 1024
#: Formats previewed, with their delimiter.
DELIMITERS = {"CSV": ",", "TSV": "\t"}
CACHE_SECONDS = 60 * 60

ENCODING_LABELS = {
    "utf-8-sig": _("UTF-8（BOM付き）"),
    "utf-8": _("UTF-8"),
    "cp932": _("Shift_JIS（cp932）"),
}


ERROR_MESSAGES = {
    "encoding": _(
        "文字コードを判別できないため、プレビューを表示できません"
        "（UTF-8 と Shift_JIS に対応しています）。"
    ),
    "not_csv": _("CSVファイルとして読み取れないため、プレビューを表示できません。"),
    "empty": _("データが入っていません。"),
    "unreadable": _("ファイルを読み取れないため、プレビューを表示できません。"),
}


@dataclass
class Preview:
    """The header, the first rows (each padded to the header's width) and what was cut.

    Header cells may be blank (the page names them by position).  Texts are kept as codes
    (``encoding``, ``error_code``) so a cached preview serves every language."""

    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    encoding: str = ""
    #: More rows follow in the file than are shown.
    more_rows: bool = False
    #: The file's column count when columns beyond :data:`PREVIEW_COLUMNS` were left out.
    columns_cut: int = 0
    #: Why no table can be shown: a key of :data:`ERROR_MESSAGES`, or "".
    error_code: str = ""

    @property
    def error(self) -> str:
        return str(ERROR_MESSAGES[self.error_code]) if self.error_code else ""

    @property
    def encoding_label(self) -> str:
        return str(ENCODING_LABELS.get(self.encoding, self.encoding))


def may_preview(resource: Resource) -> bool:
    """Whether ``resource`` is a kept CSV/TSV file (the only kind previewed)."""
    return (
        resource.kind == ResourceKind.UPLOAD
        and bool(resource.file_version)
        and (resource.format or "").upper() in DELIMITERS
    )


def decode_start(data: bytes, *, complete: bool) -> tuple[str, str] | None:
    """``(text, encoding)`` of the first bytes of a file, or None when it is neither UTF-8
    nor cp932.  ``complete`` says whether ``data`` is the whole file; if not, a character
    cut at the end is dropped rather than taken for an encoding error."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp932")
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            return decoder.decode(data, final=complete), encoding
        except UnicodeDecodeError:
            continue
    return None


def _cell(text: str) -> str:
    text = text.strip()
    if len(text) > CELL_CHARACTERS:
        return text[: CELL_CHARACTERS - 1] + "…"
    return text


def _records(text: str, delimiter: str, wanted: int) -> tuple[list[list[str]], bool]:
    """Up to ``wanted`` + 1 non-blank records of ``text``, and whether parsing stopped at
    an error (what was read before it is kept)."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            if any(cell.strip() for cell in record):
                records.append(record)
                if len(records) > wanted:
                    break
    except csv.Error:
        return records, True
    return records, False


def parse_preview(data: bytes, *, complete: bool, delimiter: str = ",") -> Preview:
    """The preview of a file starting with ``data`` (the whole file when ``complete``)."""
    decoded = decode_start(data, complete=complete)
    if decoded is None:
        return Preview(error_code="encoding")
    text, encoding = decoded
    if not complete:
        # The last line may be cut in the middle: parse whole lines only.
        text = text[: text.rfind("\n") + 1]
    if "\0" in text:
        return Preview(encoding=encoding, error_code="not_csv")
    wanted = PREVIEW_ROWS + 1  # the header and the rows shown
    records, broken = _records(text, delimiter, wanted)
    if not records:
        return Preview(encoding=encoding, error_code="not_csv" if broken else "empty")
    # A multi-line cell cut at the end of what was read is an unterminated quote: the
    # reader stops there (``broken``) and keeps the records before it.
    more_rows = broken or not complete or len(records) > wanted
    header, body = records[0], records[1:wanted]
    width = max(len(row) for row in [header, *body])
    shown = min(width, PREVIEW_COLUMNS)
    return Preview(
        header=[_cell(name) for name in (header + [""] * width)[:shown]],
        rows=[[_cell(value) for value in (row + [""] * width)[:shown]] for row in body],
        encoding=encoding,
        more_rows=more_rows,
        columns_cut=width if width > shown else 0,
    )


def resource_preview(resource: Resource) -> Preview | None:
    """The preview of a CSV/TSV resource's current file, or None for other resources.
    A missing or unreadable stored file gives a preview with an ``error``."""
    if not may_preview(resource):
        return None
    key = f"opendata:preview:v1:{resource.sha256}:{resource.format.upper()}"
    if resource.sha256:
        cached = cache.get(key)
        if cached is not None:
            return cached
    kept = queries.current_file(resource)
    if kept is None:
        return None
    try:
        with full_path(kept.path).open("rb") as stored:
            data = stored.read(READ_BYTES + 1)
    except OSError:
        return Preview(error_code="unreadable")
    complete = len(data) <= READ_BYTES
    preview = parse_preview(
        data[:READ_BYTES], complete=complete, delimiter=DELIMITERS[resource.format.upper()]
    )
    if resource.sha256:
        cache.set(key, preview, CACHE_SECONDS)
    return preview
