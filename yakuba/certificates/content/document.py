"""What a certificate says, independent of how it is drawn: the contract between the
content builders (``content/``) and the PDF renderer (``pdf/``).

A builder turns the register (as of a moment) into a :class:`CertificateDocument`; the
renderer draws it on A4 with the issue-time details (:class:`IssueStamp`). The canonical
JSON of the document is hashed (``content_hash``): the verification page and the QR code
identify a certificate by its serial **and** this hash, so a changed name or address on a
forged paper does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Item:
    """One labelled value, e.g. ``Item("生年月日", "昭和60年4月1日")``. ``key`` is a stable
    machine name (``birth_date``) the renderer may use to place the value in its column."""

    key: str
    label: str
    value: str


@dataclass(frozen=True)
class PersonEntry:
    """One person's block (a row of 住民票の写し, the holder of a 印鑑登録証明書, …)."""

    items: tuple[Item, ...]

    def value(self, key: str, default: str = "") -> str:
        for item in self.items:
            if item.key == key:
                return item.value
        return default


@dataclass(frozen=True)
class CertificateDocument:
    """The content of one certificate.

    ``kind``: a ``CertificateKind`` value. ``title``: 「住民票の写し」 etc.
    ``header``: items about the whole certificate (住所, 世帯主, 年度, …).
    ``people``: one entry per person shown (several for a household 住民票).
    ``table``: further items (the amounts of a 課税・所得証明書).
    ``seal_image_png``: the registered seal impression (印鑑登録証明書 only).
    ``attestation``: the certifying sentence (「この写しは、住民票の原本と相違ないことを証明する。」).
    ``remarks``: 備考 lines (「以下余白」 is the renderer's).
    ``as_of``: ISO date-time of the register state the content reflects.
    ``omitted``: labels of items left out at the holder's choice (printed as 「省略」 notes).
    """

    kind: str
    title: str
    municipality_name: str
    municipality_code: str
    header: tuple[Item, ...]
    people: tuple[PersonEntry, ...]
    attestation: str
    as_of: str
    table: tuple[Item, ...] = ()
    remarks: tuple[str, ...] = ()
    omitted: tuple[str, ...] = ()
    seal_image_png: bytes | None = field(default=None, repr=False)

    def canonical_json(self) -> bytes:
        """Sorted-key, compact UTF-8 JSON of the content (the seal image as its SHA-256)."""
        data = asdict(self)
        image = data.pop("seal_image_png")
        data["seal_image_sha256"] = hashlib.sha256(image).hexdigest() if image else ""
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json()).hexdigest()


@dataclass(frozen=True)
class IssueStamp:
    """Issue-time details drawn on every page: serial (16 characters, shown in groups of
    four), issue moment (aware datetime; printed in 和暦 with time), the mayor's name and
    title line (「武蔵村山市長　山田 一郎」), the verification URL put in the QR code, the
    number of copies (the PDF holds one page set per copy, each marked 「n/N通目」)."""

    serial: str
    issued_at_iso: str
    mayor_line: str
    verify_url: str
    copies: int = 1
