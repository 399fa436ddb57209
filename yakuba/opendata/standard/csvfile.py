"""Writing and reading the CSV files: UTF-8 out, UTF-8 (with or without BOM) or cp932 in,
and the Excel-friendly encodings offered at download.

Generated files are UTF-8 without BOM, comma-separated, CRLF line ends (RFC 4180),
every field quoted only when needed.  The same rows always give the same bytes, so an
unchanged table makes no new version.

Shift_JIS downloads are cp932 (Windows-31J, what Excel in Japan reads as "Shift_JIS").
A character cp932 cannot hold becomes 〓 (下駄記号, the customary mark for a missing
character); a few characters that Unicode and cp932 map differently (〜 WAVE DASH,
− MINUS SIGN, ‖, ¢, £, ¬, — EM DASH) are first turned into the cp932 look-alikes
(～, －, ∥, ￠, ￡, ￢, ―), so they survive.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence

#: What a character cp932 cannot encode becomes.
REPLACEMENT_CHARACTER = "〓"
#: Unicode characters whose cp932 counterpart is a different code point.
CP932_LOOKALIKES = str.maketrans(
    {
        "\u301c": "\uff5e",  # 〜 WAVE DASH → ～ FULLWIDTH TILDE
        "\u2212": "\uff0d",  # − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
        "\u2016": "\u2225",  # ‖ DOUBLE VERTICAL LINE → ∥ PARALLEL TO
        "\u00a2": "\uffe0",  # ¢ → ￠
        "\u00a3": "\uffe1",  # £ → ￡
        "\u00ac": "\uffe2",  # ¬ → ￢
        "\u2014": "\u2015",  # — EM DASH → ― HORIZONTAL BAR
    }
)
_ERROR_HANDLER = "yakuba-opendata-geta"


def _replace_with_geta(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return REPLACEMENT_CHARACTER * (error.end - error.start), error.end


codecs.register_error(_ERROR_HANDLER, _replace_with_geta)

#: The encodings offered at download: query value → (Python codec, charset label).
DOWNLOAD_ENCODINGS: dict[str, tuple[str, str]] = {
    "utf-8": ("utf-8", "utf-8"),
    "utf-8-sig": ("utf-8-sig", "utf-8"),
    "shift_jis": ("cp932", "Shift_JIS"),
}


class UndecodableFile(ValueError):
    """The bytes are neither UTF-8 nor cp932."""


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 bytes of the table (no BOM, CRLF line ends)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def decode_text(content: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (a BOM is dropped) first, then
    cp932.  Raises :class:`UndecodableFile` when neither reads it."""
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise UndecodableFile(str(error)) from error
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp932"), "cp932"
    except UnicodeDecodeError as error:
        raise UndecodableFile(str(error)) from error


def encode_text(text: str, encoding: str) -> bytes:
    """``text`` in one of :data:`DOWNLOAD_ENCODINGS` (by query value)."""
    codec, _label = DOWNLOAD_ENCODINGS[encoding]
    if codec == "cp932":
        return text.translate(CP932_LOOKALIKES).encode("cp932", errors=_ERROR_HANDLER)
    return text.encode(codec)


def sniff_charset(head: bytes) -> str:
    """The charset label of a file from its first bytes ("utf-8", "Shift_JIS" or "")."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("cp932")().decode(head, final=False)
        return "Shift_JIS"
    except UnicodeDecodeError:
        return ""


def read_rows(text: str) -> list[list[str]]:
    """The rows of CSV text (any line ends); blank lines are dropped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [row for row in reader if any(cell.strip() for cell in row)]
