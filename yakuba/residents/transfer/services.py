"""Every write of the transfer package: import jobs, export records, the sync run (see .sync).

Import, from the staff page:

1. :func:`start_import` stores the upload (in chunks, in the database) and
   enqueues the check (a dry run) as a task;
2. the person watches the job page; the report lists every problem;
3. when the file is clean, :func:`confirm_import` enqueues the load itself,
   which checks everything again while writing, in one transaction.

From the server: :func:`import_file` (``manage.py registry_import``) does the
same with a file on disk, inline.  Export: :func:`start_export` records the
access and returns the job; :func:`stream_export` yields the CSV.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.audit.services import record_access

from . import jobs
from .csv_format import EXPORT_COLUMNS
from .export import export_lines
from .importer import AlreadyImportedError, existing_import, load_register
from .models import JobKind, JobStatus, TransferChunk, TransferJob
from .policies import BACKUP_PURPOSE, MIGRATION_PURPOSE, is_transfer_purpose, may_transfer
from .registrations import REGISTER_RECORD_KIND, REGISTER_SUBJECT

CHUNK_BYTES = 1024 * 1024
#: A checked upload waits this long for confirmation; then it is discarded.
UPLOAD_KEPT_FOR = datetime.timedelta(hours=24)
IMPORT_FIELDS = tuple(column.key for column in EXPORT_COLUMNS)


def _require(actor: Any) -> None:
    if actor is not None and not may_transfer(actor):
        raise PermissionDenied


def _already_imported_error(movement) -> ValidationError:
    return ValidationError(
        _("このファイルは既に取り込まれています（%(date)s）。同じファイルは二度取り込めません。"),
        code="already_imported",
        params={"date": timezone.localtime(movement.recorded_at).strftime("%Y-%m-%d %H:%M")},
    )


def sha256_of(chunks: Iterable[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def discard_stale_uploads() -> int:
    """Delete uploads that were checked but not confirmed within UPLOAD_KEPT_FOR."""
    cutoff = timezone.now() - UPLOAD_KEPT_FOR
    stale = TransferJob.objects.filter(
        kind=JobKind.IMPORT, status=JobStatus.VALID, finished_at__lt=cutoff
    )
    count = 0
    for job in stale:
        TransferChunk.objects.filter(job=job).delete()
        jobs.finish(
            job,
            JobStatus.CANCELLED,
            message=_("確認されないまま24時間が過ぎたため取り消しました。"),
        )
        count += 1
    return count


# ------------------------------------------------------------------------ import


@transaction.atomic
def start_import(
    actor: Any, upload: UploadedFile, *, request: HttpRequest | None = None
) -> TransferJob:
    """Store an uploaded registry CSV and enqueue its check (nothing is written to the register).

    Refuses (``ValidationError``) an empty file and a file whose content was
    already imported (the same SHA-256).
    """
    _require(actor)
    discard_stale_uploads()
    name = os.path.basename(upload.name or "")[:255] or "upload.csv"
    if not upload.size:
        raise ValidationError(_("ファイルが空です。"), code="empty_file")
    job = TransferJob.objects.create(
        kind=JobKind.IMPORT,
        status=JobStatus.QUEUED,
        dry_run=True,
        created_by=actor,
        purpose=MIGRATION_PURPOSE,
        file_name=name,
        bytes_total=upload.size,
    )
    digest = hashlib.sha256()
    index = 0
    for chunk in upload.chunks(CHUNK_BYTES):
        digest.update(chunk)
        TransferChunk.objects.create(job=job, index=index, data=chunk)
        index += 1
    job.file_sha256 = digest.hexdigest()
    earlier = existing_import(job.file_sha256)
    if earlier is not None:
        raise _already_imported_error(earlier)
    job.save(update_fields=["file_sha256", "updated"])
    _enqueue(job)
    return job


def _enqueue(job: TransferJob) -> None:
    from .tasks import run_import_task

    job_id = job.pk
    transaction.on_commit(lambda: run_import_task.enqueue(job_id))


@transaction.atomic
def confirm_import(actor: Any, job_id: int, *, request: HttpRequest | None = None) -> TransferJob:
    """Enqueue the load of a checked file (status ``valid``) into the register."""
    _require(actor)
    job = TransferJob.objects.select_for_update().filter(pk=job_id, kind=JobKind.IMPORT).first()
    if job is None:
        raise ValidationError(_("取込の処理が見つかりません。"), code="not_found")
    if job.status != JobStatus.VALID or not job.dry_run or not job.chunks.exists():
        raise ValidationError(
            _("検査が終わってエラーのないファイルだけを取り込めます。"), code="not_valid"
        )
    earlier = existing_import(job.file_sha256)
    if earlier is not None:
        raise _already_imported_error(earlier)
    job.dry_run = False
    job.status = JobStatus.QUEUED
    job.confirmed_by = actor
    job.bytes_done = job.lines_done = 0
    job.started_at = job.finished_at = None
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def cancel_import(actor: Any, job_id: int) -> TransferJob:
    """Discard a checked or failed upload (its stored chunks are deleted)."""
    _require(actor)
    job = TransferJob.objects.select_for_update().filter(pk=job_id, kind=JobKind.IMPORT).first()
    if job is None or job.status in (JobStatus.RUNNING, JobStatus.SUCCEEDED):
        raise ValidationError(_("この処理は取り消せません。"), code="not_cancellable")
    TransferChunk.objects.filter(job=job).delete()
    if job.status in (JobStatus.QUEUED, JobStatus.VALID):
        jobs.finish(job, JobStatus.CANCELLED, message=_("職員が取り消しました。"))
    return job


def _claim(job_id: int) -> TransferJob | None:
    """Move a queued job to running (once: a retried task finds nothing to do)."""
    with transaction.atomic():
        job = TransferJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at", "updated"])
    return job


def run_import_job(job_id: int, *, chunks: Iterable[bytes] | None = None) -> TransferJob | None:
    """Check (dry run) or load the job's file; record the outcome on the job row.

    The body of the import task and of ``manage.py registry_import``.
    ``chunks`` is the file's content (by default the stored upload).
    """
    job = _claim(job_id)
    if job is None:
        return None
    source = chunks if chunks is not None else jobs.chunks_of(job)
    actor = job.confirmed_by or job.created_by

    def audit(movement) -> None:
        record = record_access(
            actor,
            subject=REGISTER_SUBJECT,
            record_kind=REGISTER_RECORD_KIND,
            fields=list(IMPORT_FIELDS),
            purpose=MIGRATION_PURPOSE,
            action="create",
            system_actor="registry_import",
        )
        job.audit_sequence = record.sequence

    try:
        outcome = load_register(
            source,
            dry_run=job.dry_run,
            external_id=job.file_sha256,
            recorded_by=actor,
            progress=jobs.JobProgress(job.pk, job.bytes_total),
            on_write=audit,
        )
    except AlreadyImportedError as error:
        TransferChunk.objects.filter(job=job).delete()
        refused = _already_imported_error(error.movement)
        jobs.finish(job, JobStatus.FAILED, message=refused.message, params=refused.params)
        return job
    except Exception:
        jobs.finish(
            job,
            JobStatus.FAILED,
            message=_("予期しないエラーで中断しました。何も登録していません。"),
        )
        raise
    job.encoding = outcome.encoding
    job.people, job.households, job.lines_done = outcome.people, outcome.households, outcome.lines
    job.bytes_done = job.bytes_total
    job.movement = outcome.movement
    jobs.store_problems(job, outcome.problems, outcome.problem_count)
    if not outcome.ok:
        TransferChunk.objects.filter(job=job).delete()
        jobs.finish(
            job,
            JobStatus.INVALID,
            message=_("%(count)s 件のエラーがあります。何も登録していません。"),
            params={"count": outcome.problem_count},
        )
    elif job.dry_run:
        jobs.finish(
            job,
            JobStatus.VALID,
            message=_("エラーはありません。内容を確かめて取込を確定してください。"),
        )
    else:
        TransferChunk.objects.filter(job=job).delete()
        jobs.finish(
            job,
            JobStatus.SUCCEEDED,
            message=_("%(people)s 人（%(households)s 世帯）を登録しました。"),
            params={"people": outcome.people, "households": outcome.households},
        )
    return job


def file_chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def import_file(path: Path | str, *, dry_run: bool = False, actor: Any = None) -> TransferJob:
    """Check or load a registry CSV from the server's disk, inline (``manage.py registry_import``).

    ``actor=None`` is the system (a migration run by the operator of the
    server); the job row and the access record name the command.
    """
    _require(actor)
    path = Path(path)
    digest, size = sha256_of(file_chunks(path))
    job = TransferJob.objects.create(
        kind=JobKind.IMPORT,
        status=JobStatus.QUEUED,
        dry_run=dry_run,
        created_by=actor,
        confirmed_by=None if dry_run else actor,
        purpose=MIGRATION_PURPOSE,
        file_name=path.name[:255],
        file_sha256=digest,
        bytes_total=size,
    )
    run_import_job(job.pk, chunks=file_chunks(path))
    job.refresh_from_db()
    return job


# ------------------------------------------------------------------------ export


@dataclass(frozen=True)
class ExportStarted:
    job: TransferJob
    file_name: str


@transaction.atomic
def start_export(
    actor: Any,
    *,
    purpose: str = BACKUP_PURPOSE,
    request: HttpRequest | None = None,
    system_actor: str = "",
) -> ExportStarted:
    """Record an export of the whole register (one access record) and return its job.

    The access record is written **before** any data leaves (the caller then
    streams :func:`stream_export`): action ``export``, subject the whole
    register, every exported field; the job row keeps the person count.
    """
    _require(actor)
    if not is_transfer_purpose(purpose) or purpose != BACKUP_PURPOSE:
        raise ValidationError(_("利用目的を選んでください。"), code="invalid_purpose")
    from yakuba.residents.models import Person

    people = Person.objects.count()
    job = TransferJob.objects.create(
        kind=JobKind.EXPORT,
        status=JobStatus.RUNNING,
        created_by=actor,
        purpose=purpose,
        people=people,
        started_at=timezone.now(),
    )
    record = record_access(
        actor,
        subject=REGISTER_SUBJECT,
        record_kind=REGISTER_RECORD_KIND,
        fields=list(IMPORT_FIELDS),
        purpose=purpose,
        action="export",
        request=request,
        system_actor=system_actor or "registry_export",
    )
    stamp = timezone.localtime(job.started_at).strftime("%Y%m%d%H%M%S")
    job.file_name = f"registry_{stamp}.csv"
    job.audit_sequence = record.sequence
    job.save(update_fields=["file_name", "audit_sequence", "updated"])
    return ExportStarted(job, job.file_name)


def stream_export(job: TransferJob) -> Iterator[bytes]:
    """The CSV of the register (UTF-8 with BOM), then the job is marked done with count and hash.

    If the consumer stops early (a broken download), the job ends ``failed``.
    """
    digest = hashlib.sha256()
    size = 0
    rows = 0
    completed = False
    try:
        for chunk, count in export_lines():
            digest.update(chunk)
            size += len(chunk)
            rows = count
            yield chunk
        completed = True
    finally:
        job.file_sha256 = digest.hexdigest()
        job.bytes_total = job.bytes_done = size
        job.lines_done = rows
        if completed:
            job.people = rows
            jobs.finish(job, JobStatus.SUCCEEDED)
        else:
            jobs.finish(job, JobStatus.FAILED, message=_("出力が途中で中断されました。"))


# -------------------------------------------------------------------------- sync


def enqueue_sync(actor: Any, source_id: int) -> None:
    """Run a sync source now, in the background (the scheduled run does the same)."""
    _require(actor)
    from .tasks import sync_registry_task

    transaction.on_commit(lambda: sync_registry_task.enqueue(source_id))
