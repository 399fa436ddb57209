"""A loopback stand-in for www.data.jma.go.jp: an Atom feed and message files, served with
ETag / Last-Modified validators and gzip, recording every request it answers."""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from .conftest import fixture_bytes

TITLES = {
    "VPWW53": "気象特別警報・警報・注意報",
    "VPWW54": "気象警報・注意報（Ｈ２７）",
    "VPWW55": "気象警報・注意報（Ｒ０６）（大雨）",
    "VPWW61": "気象警報・注意報（Ｒ０６）（その他注意報）",
    "VXSE53": "震源・震度に関する情報",
    "VPFD51": "府県天気予報（Ｒ０６）",
}


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class JmaStandIn:
    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    feed_version: int = 0
    base: str = ""

    def publish(self, *names: str, extra: dict[str, bytes] | None = None) -> None:
        """Put message files on the feed (newest first, as JMA lists them)."""
        for name in names:
            self.files[name] = fixture_bytes(name)
        for name, data in (extra or {}).items():
            self.files[name] = data
        self.feed_version += 1

    def feed(self) -> bytes:
        entries = []
        for name in sorted(self.files, reverse=True):
            code = name.split("_")[2]
            entries.append(
                "<entry>"
                f"<title>{escape(TITLES.get(code, code))}</title>"
                f"<id>urn:uuid:{hashlib.md5(name.encode()).hexdigest()}</id>"  # noqa: S324
                "<updated>2026-09-09T07:45:15Z</updated>"
                "<author><name>気象庁</name></author>"
                f'<link type="application/xml" href="{self.base}/data/{name}"/>'
                '<content type="text">【東京都気象警報・注意報】</content>'
                "</entry>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom" lang="ja">'
            "<title>高頻度（随時）</title><subtitle>JMAXML publishing feed</subtitle>"
            f"<updated>2026-09-09T07:45:15Z</updated><id>urn:feed:{self.feed_version}</id>"
            f'<link href="{self.base}/feed/extra.xml" rel="self"/>' + "".join(entries) + "</feed>"
        ).encode()

    def requested(self, part: str) -> list[Request]:
        return [r for r in self.requests if part in r.path]


def start(stand_in: JmaStandIn) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed/extra.xml":
                body = stand_in.feed()
                etag = f'"feed-{stand_in.feed_version}"'
                modified = formatdate(1_788_000_000 + stand_in.feed_version, usegmt=True)
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", {"ETag": etag, "Last-Modified": modified})
                return self._send(200, body, {"ETag": etag, "Last-Modified": modified})
            name = self.path.removeprefix("/data/")
            if name in stand_in.files:
                return self._send(200, stand_in.files[name], {})
            return self._send(404, b"not found", {})

        def _send(self, status: int, body: bytes, extra: dict[str, str]) -> None:
            stand_in.requests.append(Request(self.path, dict(self.headers.items()), status))
            if body and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                extra = {**extra, "Content-Encoding": "gzip"}
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stand_in.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server
