"""Virus scanning of attachments through the ClamAV daemon (clamd).

When ``settings.YAKUBA_CLAMD_ADDRESS`` is set (``"tcp://host:3310"`` or
``"unix:///run/clamav/clamd.ctl"``), :func:`scan_file` sends the file's bytes to clamd with
its INSTREAM command and returns a :class:`ScanVerdict`:

- ``clean``: clamd answered ``stream: OK``;
- ``infected``: clamd answered ``stream: <signature> FOUND`` (``detail`` is the signature);
- ``failed``: clamd could not be reached, timed out, or answered something else (an
  ``ERROR`` such as ``INSTREAM size limit exceeded``) — ``detail`` says why;
- ``not_scanned``: no address is configured.

The protocol (clamd(8), "INSTREAM"): the client sends ``zINSTREAM\\0``, then the data in
chunks, each preceded by its length as a 4-byte unsigned big-endian integer, then a
zero-length chunk; clamd answers one NUL-terminated line.  The ``z`` prefix asks for the
NUL-terminated form of the reply.  We speak it with the standard library's ``socket``
module (no client package: docs/adr/0003-clamd-client.md).
"""

from __future__ import annotations

import logging
import socket
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings

from yakuba.applications.models import ScanStatus

logger = logging.getLogger(__name__)

#: Bytes per INSTREAM chunk (clamd's StreamMaxLength is a total, not a chunk limit).
CHUNK_BYTES = 64 * 1024
#: Seconds to wait for the connection to clamd.
CONNECT_TIMEOUT = 5.0
#: Seconds any one send or receive may take (clamd answers after scanning the whole stream).
IO_TIMEOUT = 60.0
#: Longest reply we read (a signature name is well under this).
REPLY_LIMIT = 4096


@dataclass(frozen=True)
class ScanVerdict:
    """What the scan said: ``status`` is a :class:`ScanStatus` value; ``detail`` the
    signature name (infected) or the reason (failed)."""

    status: str
    detail: str = ""

    @classmethod
    def clean(cls) -> ScanVerdict:
        return cls(ScanStatus.CLEAN)

    @classmethod
    def infected(cls, name: str) -> ScanVerdict:
        return cls(ScanStatus.INFECTED, name)

    @classmethod
    def failed(cls, reason: str) -> ScanVerdict:
        return cls(ScanStatus.FAILED, reason)

    @classmethod
    def not_scanned(cls) -> ScanVerdict:
        return cls(ScanStatus.NOT_SCANNED)

    @property
    def is_infected(self) -> bool:
        return self.status == ScanStatus.INFECTED


class ClamdAddressError(ValueError):
    """``YAKUBA_CLAMD_ADDRESS`` is neither ``tcp://host:port`` nor ``unix:///path``."""


def parse_address(address: str) -> tuple[int, str | tuple[str, int]]:
    """``"tcp://host:port"`` → ``(AF_INET/AF_INET6, (host, port))``;
    ``"unix:///path"`` → ``(AF_UNIX, "/path")``."""
    if address.startswith("unix://"):
        path = address.removeprefix("unix://")
        if not path.startswith("/"):
            raise ClamdAddressError(f"unix socket path must be absolute: {address!r}")
        return socket.AF_UNIX, path
    if address.startswith("tcp://"):
        rest = address.removeprefix("tcp://").rstrip("/")
        host, separator, port_text = rest.rpartition(":")
        if not separator or not host or not port_text.isdigit():
            raise ClamdAddressError(f"expected tcp://host:port, got {address!r}")
        port = int(port_text)
        if not 0 < port < 65536:
            raise ClamdAddressError(f"port out of range: {address!r}")
        host = host.removeprefix("[").removesuffix("]")  # tcp://[::1]:3310
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return family, (host, port)
    raise ClamdAddressError(f"expected tcp://host:port or unix:///path, got {address!r}")


def scan_file(file: BinaryIO, *, address: str | None = None) -> ScanVerdict:
    """Scan an open binary file from its current position to its end."""
    return scan_chunks(iter(lambda: file.read(CHUNK_BYTES), b""), address=address)


def scan_bytes(data: bytes, *, address: str | None = None) -> ScanVerdict:
    return scan_chunks(
        (data[start : start + CHUNK_BYTES] for start in range(0, len(data), CHUNK_BYTES)),
        address=address,
    )


def scan_chunks(chunks: Iterable[bytes], *, address: str | None = None) -> ScanVerdict:
    """Send ``chunks`` to clamd (``address`` or the setting); never raises for a scanner
    problem — that is a ``failed`` verdict, logged."""
    address = settings.YAKUBA_CLAMD_ADDRESS if address is None else address
    if not address:
        return ScanVerdict.not_scanned()
    try:
        family, target = parse_address(address)
    except ClamdAddressError as error:
        logger.error("clamd address is invalid: %s", error)
        return ScanVerdict.failed(f"invalid address: {error}")
    try:
        reply = _instream(family, target, chunks)
    except TimeoutError:
        logger.warning("clamd at %s timed out", address)
        return ScanVerdict.failed("timeout")
    except OSError as error:
        logger.warning("clamd at %s unreachable: %s", address, error)
        return ScanVerdict.failed(f"unreachable: {error.strerror or error}")
    return _verdict(reply, address)


def _instream(family: int, target: str | tuple[str, int], chunks: Iterable[bytes]) -> bytes:
    with socket.socket(family, socket.SOCK_STREAM) as connection:
        connection.settimeout(CONNECT_TIMEOUT)
        connection.connect(target)
        connection.settimeout(IO_TIMEOUT)
        try:
            connection.sendall(b"zINSTREAM\0")
            for chunk in chunks:
                if chunk:
                    connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
        except (BrokenPipeError, ConnectionResetError):
            # clamd stops reading and closes once the stream passes StreamMaxLength;
            # its reply (``INSTREAM size limit exceeded. ERROR``) may still be readable.
            pass
        return _read_reply(connection)


def _read_reply(connection: socket.socket) -> bytes:
    reply = b""
    while b"\0" not in reply and len(reply) < REPLY_LIMIT:
        try:
            data = connection.recv(REPLY_LIMIT)
        except ConnectionResetError:
            break
        if not data:
            break
        reply += data
    return reply.split(b"\0", 1)[0].strip()


def _verdict(reply: bytes, address: str) -> ScanVerdict:
    text = reply.decode("utf-8", "replace")
    if text == "stream: OK":
        return ScanVerdict.clean()
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        name = text.removeprefix("stream: ").removesuffix(" FOUND").strip()
        logger.warning("clamd at %s found %s", address, name)
        return ScanVerdict.infected(name[:200])
    reason = text or "no reply"
    logger.warning("clamd at %s answered %r", address, reason)
    return ScanVerdict.failed(f"clamd: {reason}"[:200])
