"""A small, strict DER codec: just what CMS SignedData needs (RFC 5652, X.690).

``cryptography`` builds and parses certificates and CRLs but offers no API to
read a CMS signature, and its PKCS#7 builder needs the private key in the
process — a real card never lets it out.  So the CMS envelope is encoded and
decoded here, and every cryptographic operation (digest, signature,
verification) stays in ``cryptography``.

The decoder accepts definite lengths in their shortest form only (DER), checks
that every element ends inside its parent, and raises :class:`DerError` on
anything else.  Nothing here trusts lengths blindly.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

# Universal tags (class universal; 0x20 = constructed).
INTEGER = 0x02
OCTET_STRING = 0x04
NULL = 0x05
OBJECT_IDENTIFIER = 0x06
UTC_TIME = 0x17
GENERALIZED_TIME = 0x18
SEQUENCE = 0x30
SET = 0x31

MAX_DEPTH = 32


class DerError(ValueError):
    """The bytes are not the DER structure expected."""


# ----------------------------------------------------------------------------- encoding


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    """One element: tag byte, DER length, content."""
    return bytes([tag]) + encode_length(len(content)) + content


def sequence(*items: bytes) -> bytes:
    return tlv(SEQUENCE, b"".join(items))


def set_of(*items: bytes) -> bytes:
    """A DER ``SET OF``: the encodings sorted as octet strings (X.690 §11.6)."""
    return tlv(SET, b"".join(sorted(items)))


def integer(value: int) -> bytes:
    length = max(1, (value.bit_length() + 8) // 8)  # room for the sign bit
    return tlv(INTEGER, value.to_bytes(length, "big", signed=True))


def octet_string(value: bytes) -> bytes:
    return tlv(OCTET_STRING, value)


def null() -> bytes:
    return tlv(NULL, b"")


def oid(dotted: str) -> bytes:
    parts = [int(part) for part in dotted.split(".")]
    if len(parts) < 2 or parts[0] > 2 or (parts[0] < 2 and parts[1] >= 40):
        raise ValueError(f"not an object identifier: {dotted}")
    body = bytearray()
    for number in [parts[0] * 40 + parts[1], *parts[2:]]:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        body.extend(reversed(chunk))
    return tlv(OBJECT_IDENTIFIER, bytes(body))


def utc_time(moment: datetime.datetime) -> bytes:
    """UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3)."""
    moment = moment.astimezone(datetime.UTC)
    if 1950 <= moment.year < 2050:
        return tlv(UTC_TIME, moment.strftime("%y%m%d%H%M%SZ").encode("ascii"))
    return tlv(GENERALIZED_TIME, moment.strftime("%Y%m%d%H%M%SZ").encode("ascii"))


def context(number: int, content: bytes) -> bytes:
    """A context-specific constructed element ``[number]``.

    Used both for ``[n] EXPLICIT`` (``content`` is one complete element) and
    for ``[n] IMPLICIT`` of a constructed type such as ``SET OF`` (``content``
    is the set's content, re-tagged).
    """
    return tlv(0xA0 | number, content)


# ----------------------------------------------------------------------------- decoding


@dataclass(frozen=True)
class Element:
    """One decoded element: its tag byte, its content and its complete encoding."""

    tag: int
    content: bytes
    encoded: bytes

    @property
    def constructed(self) -> bool:
        return bool(self.tag & 0x20)

    def children(self, depth: int = 0) -> list[Element]:
        if not self.constructed:
            raise DerError("primitive element has no children")
        return read_all(self.content, depth + 1)

    def expect(self, tag: int) -> Element:
        if self.tag != tag:
            raise DerError(f"expected tag 0x{tag:02x}, found 0x{self.tag:02x}")
        return self


def _read(data: bytes, offset: int) -> tuple[Element, int]:
    if offset + 2 > len(data):
        raise DerError("truncated element")
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise DerError("multi-byte tags are not used here")
    first = data[offset + 1]
    position = offset + 2
    if first < 0x80:
        length = first
    elif first == 0x80:
        raise DerError("indefinite length is not DER")
    else:
        count = first & 0x7F
        if count > 4 or position + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[position : position + count], "big")
        if length < 0x80 or data[position] == 0:
            raise DerError("length not in its shortest form")
        position += count
    end = position + length
    if end > len(data):
        raise DerError("element runs past its parent")
    return Element(tag, data[position:end], data[offset:end]), end


def read_one(data: bytes) -> Element:
    """Exactly one element filling ``data``."""
    element, end = _read(data, 0)
    if end != len(data):
        raise DerError("trailing bytes after the element")
    return element


def read_all(data: bytes, depth: int = 0) -> list[Element]:
    if depth > MAX_DEPTH:
        raise DerError("nested too deeply")
    elements = []
    offset = 0
    while offset < len(data):
        element, offset = _read(data, offset)
        elements.append(element)
    return elements


def decode_oid(element: Element) -> str:
    element.expect(OBJECT_IDENTIFIER)
    body = element.content
    if not body or body[-1] & 0x80:
        raise DerError("bad object identifier")
    numbers: list[int] = []
    value = 0
    for index, byte in enumerate(body):
        if value == 0 and byte == 0x80 and (index == 0 or not body[index - 1] & 0x80):
            raise DerError("object identifier not in its shortest form")
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    first = numbers[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(number) for number in head + numbers[1:])


def decode_integer(element: Element) -> int:
    element.expect(INTEGER)
    body = element.content
    if not body:
        raise DerError("empty integer")
    if len(body) > 1 and (
        (body[0] == 0 and not body[1] & 0x80) or (body[0] == 0xFF and body[1] & 0x80)
    ):
        raise DerError("integer not in its shortest form")
    return int.from_bytes(body, "big", signed=True)


def decode_time(element: Element) -> datetime.datetime:
    """UTCTime (years 50–99 are 19xx, RFC 5280 §4.1.2.5.1) or GeneralizedTime, seconds, ``Z``."""
    text = element.content.decode("ascii", errors="replace")
    if element.tag == UTC_TIME and re.fullmatch(r"[0-9]{12}Z", text):
        year = int(text[:2])
        text = f"{1900 + year if year >= 50 else 2000 + year}{text[2:]}"
    elif not (element.tag == GENERALIZED_TIME and re.fullmatch(r"[0-9]{14}Z", text)):
        raise DerError("bad time")
    try:
        moment = datetime.datetime.strptime(text, "%Y%m%d%H%M%SZ")
    except ValueError as error:
        raise DerError("bad time") from error
    return moment.replace(tzinfo=datetime.UTC)
