"""Reads of the public verification page and of the resident's コンビニ交付の履歴.

The verification reads are public: anyone holding a paper certificate (a landlord, an
employer, a bank) may check it. They therefore return :class:`IssuedFacts` — the serial,
the kind and the moment of issue — and never the issuance row, the person, the people
printed or the kiosk. What is revealed depends on what the caller proves to hold:

* a serial alone: only whether it exists (``MISMATCH`` when it does, since the content
  was not shown to match); 80 random bits make guessing serials pointless, and even a
  hit reveals nothing about anyone;
* the serial and the first 16 hex characters of the content hash (the QR code): the
  kind and the moment of issue, which the paper itself shows;
* the signed PDF itself: the same facts when its SHA-256 is an issued document's.

The kiosk store is **not** revealed: where and when the holder stood at a copier is
location data about the holder that the paper does not print and a verifier does not
need. The holder sees it on マイページ (:func:`issuances_of`).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..models import SERIAL_LENGTH, Issuance

#: The QR code carries this many hex characters of the content hash (64 bits).
HASH_PREFIX_LENGTH = 16
#: Dashes and spaces people type or copy between the groups of four.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ーｰ_.・]+")
#: Crockford base32: letters people confuse with digits.
_CONFUSABLES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SERIAL = re.compile(rf"^[0-9A-HJKMNP-TV-Z]{{{SERIAL_LENGTH}}}$")
_HEX = re.compile(rf"^[0-9a-f]{{{HASH_PREFIX_LENGTH},64}}$")


def normalise_serial(text: str) -> str | None:
    """The canonical 16-character serial from what a person typed or a QR code carried,
    else ``None``.

    Full-width characters are folded (NFKC), case is ignored, hyphens, dashes and spaces
    between the groups are dropped, and the Crockford confusables I and L read as 1, O
    as 0: ``" 7k3m－9qx2 b4t8-zpOr "`` → ``"7K3M9QX2B4T8ZP0R"``.
    """
    folded = unicodedata.normalize("NFKC", text or "").upper()
    compact = _SEPARATORS.sub("", folded).translate(_CONFUSABLES)
    return compact if _SERIAL.match(compact) else None


def normalise_hash_prefix(text: str) -> str | None:
    """Lower-case hex of 16–64 characters (the QR's ``h``), else ``None``."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "")).lower()
    return folded if _HEX.match(folded) else None


def display_serial(serial: str) -> str:
    """``7K3M9QX2B4T8ZP0R`` → ``7K3M-9QX2-B4T8-ZP0R`` (as printed)."""
    return "-".join(serial[i : i + 4] for i in range(0, len(serial), 4))


class Outcome(enum.StrEnum):
    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"
    MATCH = "match"


@dataclass(frozen=True)
class IssuedFacts:
    """What the public page may say about an issued certificate (nothing about a person)."""

    serial: str
    kind: str
    kind_label: str
    issued_at: datetime.datetime

    @property
    def display_serial(self) -> str:
        return display_serial(self.serial)


@dataclass(frozen=True)
class SerialVerdict:
    outcome: Outcome
    serial: str
    facts: IssuedFacts | None = None  # only when the content hash matched

    @property
    def display_serial(self) -> str:
        return display_serial(self.serial)


def _facts(issuance: Issuance) -> IssuedFacts:
    return IssuedFacts(
        serial=issuance.serial,
        kind=issuance.kind,
        kind_label=str(issuance.get_kind_display()),
        issued_at=issuance.issued_at,
    )


_PUBLIC_FIELDS = ("serial", "kind", "issued_at", "content_hash")


def verify_serial(serial: str, hash_prefix: str | None) -> SerialVerdict:
    """Whether a certificate with ``serial`` (canonical) was issued, and whether its
    content hash starts with ``hash_prefix`` (compared in constant time)."""
    issuance = Issuance.objects.filter(serial=serial).only(*_PUBLIC_FIELDS).first()
    if issuance is None:
        return SerialVerdict(Outcome.NOT_FOUND, serial)
    if hash_prefix and hmac.compare_digest(
        issuance.content_hash[: len(hash_prefix)].encode(), hash_prefix.encode()
    ):
        return SerialVerdict(Outcome.MATCH, serial, _facts(issuance))
    return SerialVerdict(Outcome.MISMATCH, serial)


def issued_document(data: bytes) -> IssuedFacts | None:
    """The issued certificate whose signed PDF is exactly ``data`` (SHA-256), else ``None``."""
    digest = hashlib.sha256(data).hexdigest()
    issuance = Issuance.objects.filter(document_hash=digest).only(*_PUBLIC_FIELDS).first()
    return _facts(issuance) if issuance is not None else None


# --- マイページ -----------------------------------------------------------------------


def issuances_of(person_id: int | None) -> list[Issuance]:
    """The certificates the resident ``person_id`` obtained with their card, newest first,
    with the kiosk (for its store name); none for ``None``. The issuance part's
    :func:`~yakuba.certificates.queries.issuances.own_issuances` (the latest 200), so
    マイページ and the staff page agree."""
    from .issuances import own_issuances

    return own_issuances(person_id)


@dataclass(frozen=True)
class AccessLink:
    """The access record (on /mypage/access-record/) written when a certificate was issued."""

    sequence: int
    occurred_at: datetime.datetime
    action_label: str
    page: int

    @property
    def anchor(self) -> str:
        return f"access-{self.sequence}"


#: Rows per page of the access-record page (``yakuba.audit.views.CITIZEN_PAGE_SIZE``);
#: a test opens the link and finds the row, so a change there fails here.
ACCESS_RECORD_PAGE_SIZE = 50
#: An issuance's access record is written in the same transaction, within this window.
ACCESS_RECORD_WINDOW = datetime.timedelta(seconds=30)


def access_links_for(user: Any, issuances: list[Issuance]) -> dict[int, AccessLink]:
    """For each issuance (by id) the citizen's own access record of it, if one exists.

    The issuance service records the issue on the resident's access record (record kind
    ``certificates.issuance.<kind>``, action 印刷) in the same transaction, a moment after
    ``issued_at`` (the PDF is rendered in between): the record of that kind closest in
    time (within :data:`ACCESS_RECORD_WINDOW`) is its record.
    Reads only the citizen's own records (``audit.queries.access_records_for_citizen``).
    """
    from yakuba.audit.queries import access_records_for_citizen

    if not issuances:
        return {}
    earliest = min(issuance.issued_at for issuance in issuances) - ACCESS_RECORD_WINDOW
    latest = max(issuance.issued_at for issuance in issuances) + ACCESS_RECORD_WINDOW
    from ..services.issuance import RECORD_KIND_PREFIX, record_kind_for

    own = access_records_for_citizen(user)
    candidates = list(
        own.filter(
            record_kind__startswith=RECORD_KIND_PREFIX,
            occurred_at__gte=earliest,
            occurred_at__lte=latest,
        ).order_by("-sequence")
    )
    if not candidates:
        return {}
    matched: dict[int, Any] = {}
    taken: set[int] = set()
    for issuance in sorted(issuances, key=lambda row: row.issued_at):
        best = None
        for record in candidates:
            if record.sequence in taken or record.record_kind != record_kind_for(issuance.kind):
                continue
            distance = abs(record.occurred_at - issuance.issued_at)
            if distance <= ACCESS_RECORD_WINDOW and (
                best is None or distance < abs(best.occurred_at - issuance.issued_at)
            ):
                best = record
        if best is not None:
            taken.add(best.sequence)
            matched[issuance.pk] = best
    if not matched:
        return {}
    lowest = min(record.sequence for record in matched.values())
    newer = list(own.filter(sequence__gte=lowest).values_list("sequence", flat=True))
    position = {sequence: index for index, sequence in enumerate(newer)}  # newest first
    return {
        issuance_id: AccessLink(
            sequence=record.sequence,
            occurred_at=record.occurred_at,
            action_label=str(record.get_action_display()),
            page=position[record.sequence] // ACCESS_RECORD_PAGE_SIZE + 1,
        )
        for issuance_id, record in matched.items()
    }
