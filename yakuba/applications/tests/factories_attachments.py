"""Test builders of the attachments part: real small files and a clamd stand-in.

``FakeClamd`` is a real socket server (TCP or Unix) in a thread that speaks clamd's
INSTREAM protocol byte for byte and answers ``FOUND`` when the EICAR test string is in the
stream.  clamd itself cannot run here: it refuses to start without a virus database, and
the database is a download from the ClamAV mirrors (docs/modules/applications-attachments.md
says how to test against a real clamd).
"""

from __future__ import annotations

import socket
import socketserver
import struct
import tempfile
import threading
import zlib
from pathlib import Path

#: The EICAR anti-virus test file (harmless; every scanner reports it).  Assembled at run
#: time so that a scanner on a developer's machine does not quarantine this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Win.Test.EICAR_HDB-1"


def small_pdf(text: str = "yakuba") -> bytes:
    """A valid one-page PDF (correct cross-reference table) showing ``text``."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def small_png() -> bytes:
    """A valid 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack("!L", len(data)) + body + struct.pack("!L", zlib.crc32(body))

    header = struct.pack("!LLBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def small_jpeg() -> bytes:
    """The start of a JFIF JPEG (what libmagic reads) followed by filler and the end marker."""
    return (
        bytes.fromhex("ffd8ffe000104a46494600010100000100010000")
        + b"\xff\xdb\x00\x43\x00"
        + bytes(range(64))
        + b"\xff\xd9"
    )


def small_heic() -> bytes:
    """An ISO base media ``ftyp`` box of an iPhone HEIC photo, then filler."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)


HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n"
#: The start of a Windows program (an "MZ" DOS header with a PE offset).
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(112)


class _InstreamHandler(socketserver.BaseRequestHandler):
    server: _ServerMixin

    def handle(self) -> None:
        fake: FakeClamd = self.server.fake
        connection: socket.socket = self.request
        command = _read_exactly(connection, len(b"zINSTREAM\0"))
        fake.commands.append(command)
        if command != b"zINSTREAM\0":
            connection.sendall(b"UNKNOWN COMMAND\0")
            return
        data = bytearray()
        chunk_sizes = []
        while True:
            (length,) = struct.unpack("!L", _read_exactly(connection, 4))
            if length == 0:
                break
            chunk_sizes.append(length)
            data += _read_exactly(connection, length)
        fake.streams.append(bytes(data))
        fake.chunk_sizes.append(chunk_sizes)
        if fake.mode == "silent":
            fake.release.wait(10)
            return
        if fake.mode == "error":
            connection.sendall(b"INSTREAM size limit exceeded. ERROR\0")
        elif EICAR in data:
            connection.sendall(f"stream: {EICAR_SIGNATURE} FOUND\0".encode())
        else:
            connection.sendall(b"stream: OK\0")


def _read_exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        more = connection.recv(count - len(data))
        if not more:
            raise ConnectionError("client closed the stream early")
        data += more
    return data


class _ServerMixin:
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeClamd


class _TCPServer(_ServerMixin, socketserver.ThreadingTCPServer):
    pass


class _UnixServer(_ServerMixin, socketserver.ThreadingUnixStreamServer):
    pass


class FakeClamd:
    """A clamd stand-in: ``with FakeClamd("tcp") as clamd: … clamd.address …``.

    ``mode``: ``"normal"`` (OK, or FOUND for EICAR), ``"error"`` (an ``ERROR`` reply),
    ``"silent"`` (reads the stream and never answers).  ``streams`` holds what it received."""

    def __init__(self, transport: str = "tcp", mode: str = "normal") -> None:
        self.transport = transport
        self.mode = mode
        self.streams: list[bytes] = []
        self.chunk_sizes: list[list[int]] = []
        self.commands: list[bytes] = []
        self.release = threading.Event()
        self._directory: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> FakeClamd:
        if self.transport == "unix":
            self._directory = tempfile.TemporaryDirectory(prefix="fake-clamd-")
            path = str(Path(self._directory.name) / "clamd.ctl")
            self._server: socketserver.BaseServer = _UnixServer(path, _InstreamHandler)
            self.address = f"unix://{path}"
        else:
            self._server = _TCPServer(("127.0.0.1", 0), _InstreamHandler)
            host, port = self._server.server_address[:2]
            self.address = f"tcp://{host}:{port}"
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        if self._directory is not None:
            self._directory.cleanup()


def closed_tcp_address() -> str:
    """A TCP address on which nothing listens (a port just released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
