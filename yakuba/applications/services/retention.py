"""Retention of drafts (下書き) and their attachment files.

A draft nobody touched for ``settings.YAKUBA_APPLICATIONS_DRAFT_DAYS`` days is erased with
its attachments: the rows in one transaction per batch, the files after that transaction
commits.  A draft being saved at that moment is skipped (its row is locked, and its
``updated`` is then recent), never erased under the applicant's hands.

Files can also be left without a row: a process killed between writing a file and
inserting its row, or an upload inside a transaction that rolled back.  Such orphans
older than a grace period (so that an upload in progress is never touched) are removed
by :func:`purge_orphan_files`.

Run both with ``manage.py applications_purge_drafts`` (daily, from cron or a timer).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yakuba.applications.models import Attachment, Status, Submission
from yakuba.applications.services.attachments import attachment_path

logger = logging.getLogger(__name__)

#: Drafts erased per transaction.
BATCH_SIZE = 500
#: A file younger than this is never an orphan (its upload may still be running).
ORPHAN_GRACE = datetime.timedelta(days=1)


@dataclass(frozen=True)
class PurgeResult:
    drafts: int
    attachments: int


def purge_drafts(*, now: datetime.datetime | None = None, days: int | None = None) -> PurgeResult:
    """Erase drafts not updated for ``days`` (default the setting) with their files."""
    now = now or timezone.now()
    days = settings.YAKUBA_APPLICATIONS_DRAFT_DAYS if days is None else days
    if days < 1:
        raise ValueError("drafts are kept at least one day")
    cutoff = now - datetime.timedelta(days=days)
    drafts = attachments = 0
    while True:
        with transaction.atomic():
            ids = list(
                Submission.objects.select_for_update(skip_locked=True)
                .filter(status=Status.DRAFT, updated__lt=cutoff)
                .order_by("pk")
                .values_list("pk", flat=True)[:BATCH_SIZE]
            )
            if not ids:
                break
            names = list(
                Attachment.objects.filter(submission_id__in=ids).values_list(
                    "storage_name", flat=True
                )
            )
            Attachment.objects.filter(submission_id__in=ids).delete()
            Submission.objects.filter(pk__in=ids).delete()
            transaction.on_commit(lambda names=names: _unlink_all(names))
        drafts += len(ids)
        attachments += len(names)
        if len(ids) < BATCH_SIZE:
            break
    if drafts:
        logger.info(
            "erased %s drafts untouched since %s with %s attachments",
            drafts,
            cutoff.isoformat(),
            attachments,
        )
    return PurgeResult(drafts=drafts, attachments=attachments)


def _unlink_all(storage_names: list[str]) -> None:
    for name in storage_names:
        try:
            attachment_path(name).unlink()
        except FileNotFoundError:
            pass


def purge_orphan_files(*, now: datetime.datetime | None = None) -> int:
    """Remove files under the attachments directory that no ``Attachment`` row names and
    that are older than ``ORPHAN_GRACE``; returns how many.  Anything not named like a
    stored file is left alone (and logged)."""
    directory = Path(settings.YAKUBA_APPLICATIONS_FILES_DIR)
    if not directory.is_dir():
        return 0
    limit = (now or timezone.now()).timestamp() - ORPHAN_GRACE.total_seconds()
    candidates: dict[str, Path] = {}
    for path in directory.glob("??/*"):
        try:
            expected = attachment_path(path.name)
        except ValueError:
            logger.warning("unexpected file in the attachments directory: %s", path)
            continue
        if expected.parent.name == path.parent.name and path.is_file():
            if path.stat().st_mtime < limit:
                candidates[path.name] = path
    removed = 0
    names = list(candidates)
    for start in range(0, len(names), BATCH_SIZE):
        batch = names[start : start + BATCH_SIZE]
        known = set(
            Attachment.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
        )
        for name in batch:
            if name not in known:
                try:
                    candidates[name].unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
    if removed:
        logger.info("removed %s orphan attachment files", removed)
    return removed
