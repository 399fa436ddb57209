"""Job rows: progress written while a long transaction runs, reports stored after it.

Internal to the transfer package (services and tasks use it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from django.db import connection, connections
from django.utils import timezone, translation

from .csv_format import Problem
from .models import MAX_STORED_PROBLEMS, TransferJob, TransferProblem


class JobProgress:
    """``progress(bytes_done, lines_done)`` for a job, safe to call inside a transaction.

    A load runs in one long transaction; a progress update written in it would
    stay invisible until the end.  Inside a transaction the update is
    therefore written on a separate database connection (a short-lived
    thread), so the person watching the job page sees it move.  On SQLite
    the database has one writer at a time, so there the progress is written
    only outside transactions (the checking pass) and the page shows
    「取込中」 during the write.
    """

    def __init__(self, job_id: int, total: int) -> None:
        self.job_id = job_id
        self.total = total

    def __call__(self, bytes_done: int, lines_done: int) -> None:
        values = {
            "bytes_done": min(max(bytes_done, 0), self.total),
            "lines_done": lines_done,
            "updated": timezone.now(),
        }
        if not connection.in_atomic_block:
            TransferJob.objects.filter(pk=self.job_id).update(**values)
            return
        if connection.vendor == "sqlite":
            return
        thread = threading.Thread(target=_update_elsewhere, args=(self.job_id, values))
        thread.start()
        thread.join(timeout=10)


def _update_elsewhere(job_id: int, values: dict[str, Any]) -> None:
    try:
        TransferJob.objects.filter(pk=job_id).update(**values)
    finally:
        connections.close_all()


def _json_safe(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, (str, int, float, bool)) or value is None else str(value)
        for key, value in (params or {}).items()
    }


def message_source(message: Any) -> str:
    """The Japanese source text of a (lazy) message: the msgid the catalogue translates."""
    with translation.override("ja"):
        return str(message)


def store_problems(job: TransferJob, problems: Iterable[Problem], count: int) -> None:
    """Replace the job's report with ``problems`` (at most MAX_STORED_PROBLEMS rows)."""
    TransferProblem.objects.filter(job=job).delete()
    rows = [
        TransferProblem(
            job=job,
            line=problem.line,
            column=problem.column[:40],
            code=(problem.code or "invalid")[:40],
            message=message_source(problem.message),
            params=_json_safe(problem.params),
        )
        for problem, _index in zip(problems, range(MAX_STORED_PROBLEMS), strict=False)
    ]
    TransferProblem.objects.bulk_create(rows, batch_size=500)
    job.problem_count = count


def finish(job: TransferJob, status: str, *, message: Any = "", params: dict | None = None) -> None:
    job.status = status
    job.finished_at = timezone.now()
    if job.started_at is None:
        job.started_at = job.finished_at
    job.message = message_source(message) if message else ""
    job.message_params = _json_safe(params or {})
    job.save()


def chunks_of(job: TransferJob) -> Iterable[bytes]:
    """The stored upload of ``job``, one chunk at a time (one query per chunk)."""
    indexes = list(job.chunks.order_by("index").values_list("index", flat=True))
    for index in indexes:
        data = job.chunks.filter(index=index).values_list("data", flat=True).first()
        if data is not None:
            yield bytes(data)


class Timer:
    def __init__(self) -> None:
        self.start = time.monotonic()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.start
