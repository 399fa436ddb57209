"""A logging filter that blanks anything shaped like a 個人番号 before it is written.

The vault never logs a number (its log lines carry events, key ids and
purposes only).  This filter is the safety net for everything else: a 12-digit
run — written plain, in groups of four with spaces or hyphens, or in
full-width digits — whose check digit is valid is replaced by ``[個人番号]`` in
the message and in every string attribute a formatter could print.  Digits
inside longer alphanumeric tokens (request ids, hashes) are left alone.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from .numbers import is_valid

REPLACEMENT = "[個人番号]"
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z０-９])"
    r"([0-9０-９]{4}[ \-－　]?[0-9０-９]{4}[ \-－　]?[0-9０-９]{4})"
    r"(?![0-9A-Za-z０-９])"
)
# Attributes of every LogRecord that are not free text.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


def redact(text: str) -> str:
    """``text`` with every valid-looking 個人番号 replaced by ``[個人番号]``."""

    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", match.group(1)))
        return REPLACEMENT if is_valid(digits) else match.group(0)

    return _CANDIDATE.sub(replace, text)


class RedactMyNumbersFilter(logging.Filter):
    """Rewrites the record's message (and string extras) with :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a broken format string is the formatter's problem
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD and isinstance(value, str):
                cleaned = redact(value)
                if cleaned != value:
                    setattr(record, name, cleaned)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
