"""One worker per chunk at a time, released by the operating system when a worker dies.

PostgreSQL: a session advisory lock (``pg_try_advisory_lock``), dropped by the server
when the worker's connection closes — also when the worker is killed.  SQLite (one
machine by nature): an exclusive ``flock`` on a file under ``YAKUBA_VAR_DIR``, dropped
by the kernel when the process exits.  Either way a re-driven chunk cannot run beside
the worker still sending it, and a crashed worker's chunk is free at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import connection


def _key(alert_id: int, channel: str, chunk: int) -> int:
    digest = hashlib.blake2b(f"alerts:{alert_id}:{channel}:{chunk}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


@contextlib.contextmanager
def chunk_lock(alert_id: int, channel: str, chunk: int) -> Iterator[bool]:
    """Yield whether this process now holds the chunk (never waits)."""
    if connection.vendor == "postgresql":
        key = _key(alert_id, channel, chunk)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held and connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    directory = settings.VAR_DIR / "alerts-locks"
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / f"{alert_id}-{channel}-{chunk}.lock", os.O_CREAT | os.O_RDWR)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)


def is_busy(alert_id: int, channel: str, chunk: int) -> bool:
    """Is a live worker sending this chunk right now?"""
    with chunk_lock(alert_id, channel, chunk) as held:
        return not held
