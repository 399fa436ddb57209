"""Attachments (添付書類) of a submission: checked by content, stored privately, scanned.

:func:`store_upload` is the only way a file enters the module:

1. the bytes are copied in chunks into a new file under
   ``settings.YAKUBA_APPLICATIONS_FILES_DIR/<2 hex>/<32 hex>`` (directory 0700, file 0600,
   the name random, never the uploaded one), counting them as they come — the limit is the
   field's ``max_bytes`` or ``YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES``, whichever is lower,
   and nothing the client declared (Content-Length, ``UploadedFile.size``) is trusted;
   the SHA-256 is computed on the way;
2. an empty file is refused; the type is detected from the content with libmagic and must
   be in ``accept`` (a ``.pdf`` that is really HTML or a Windows program is refused);
3. the file is scanned by clamd (:mod:`yakuba.applications.scanning`): infected → the file
   is deleted and the upload refused; scanner unreachable or erroring → the file is kept
   with ``scan_status = failed`` and a warning is logged, so the applicant can still apply
   and the staff see 「検査できず」 next to the file (they must not open it unchecked);
4. in one short transaction, with the submission row locked, the submission must still be
   editable and the field must hold fewer than ``max_items`` files; then the row is written.

Every refusal is a :class:`django.core.exceptions.ValidationError` with a Japanese message
and a ``code`` (``empty``, ``too_large``, ``type``, ``infected``, ``too_many``,
``not_editable``), and leaves no file behind.  The caller (the filling part) puts the new
attachment's id into the answers.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import magic
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yakuba.applications import scanning
from yakuba.applications.models import Attachment, ScanStatus, Status, Submission

logger = logging.getLogger(__name__)

#: The types a file field accepts when its ``ui:options.accept`` is absent.
DEFAULT_ACCEPT: tuple[str, ...] = ("application/pdf", "image/jpeg", "image/png")
#: Statuses in which files may be added or removed (the draft, and a 補正 requested).
EDITABLE_STATUSES: frozenset[str] = frozenset({Status.DRAFT, Status.CORRECTION_REQUESTED})
#: Read and write size.
CHUNK_BYTES = 64 * 1024

#: Names shown to the applicant for the types we know (else the MIME type).
TYPE_LABELS: dict[str, Any] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "image/heif": "HEIF",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
    "text/html": "HTML",
    "text/plain": _("テキスト"),
    "text/xml": "XML",
    "image/svg+xml": "SVG",
    "application/zip": "ZIP",
    "application/x-dosexec": _("実行ファイル"),
    "application/x-executable": _("実行ファイル"),
    "application/x-msdownload": _("実行ファイル"),
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
}
#: libmagic names some files of an accepted type differently: HEIC photos with a
#: ``mif1`` brand come out as ``image/heif``.
EQUIVALENT_TYPES: dict[str, frozenset[str]] = {
    "image/heic": frozenset({"image/heic", "image/heif"}),
    "image/jpeg": frozenset({"image/jpeg", "image/pjpeg"}),
}
#: Short names a field's ``accept`` may use instead of the MIME type.
SHORT_NAMES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
    "heif": "image/heif",
}
_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")

MESSAGES = {
    "empty": _("ファイルが空です（0バイト）。内容のあるファイルを添付してください。"),
    "too_large": _("ファイルが大きすぎます（上限 %(limit)s）。"),
    "type": _(
        "ファイルの種類（%(type)s）は受け付けていません。%(accepted)sのいずれかを添付してください。"
    ),
    "infected": _(
        "このファイルからウイルスが検出されたため、受け付けられません。"
        "お使いの機器でウイルス対策ソフトによる検査をしてから、添付し直してください。"
    ),
    "too_many": _("この項目に添付できるファイルは%(max)s件までです。"),
    "not_editable": _("この申請には、いまファイルを添付・削除できません。"),
    "infected_open": _("ウイルスが検出されたファイルは開けません。"),
}


class Upload(Protocol):
    """What :func:`store_upload` reads: a Django ``UploadedFile`` or any object with a
    ``name`` and ``read(size)``."""

    name: str | None

    def read(self, size: int = -1, /) -> bytes: ...


# --- paths ---------------------------------------------------------------------------


def files_dir() -> Path:
    """The private directory (created 0700 on demand); refuses one inside the web root."""
    directory = Path(settings.YAKUBA_APPLICATIONS_FILES_DIR).resolve()
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        public = getattr(settings, name, None)
        if public and directory.is_relative_to(Path(public).resolve()):
            raise ImproperlyConfigured(
                f"YAKUBA_APPLICATIONS_FILES_DIR ({directory}) must not be inside {name}"
            )
    _make_private_directory(directory)
    return directory


def attachment_path(storage_name: str) -> Path:
    """``FILES_DIR/<first 2 hex>/<storage_name>``."""
    if not _STORAGE_NAME.fullmatch(storage_name):
        raise ValueError(f"not a storage name: {storage_name!r}")
    return Path(settings.YAKUBA_APPLICATIONS_FILES_DIR).resolve() / storage_name[:2] / storage_name


def _make_private_directory(directory: Path) -> None:
    if not directory.is_dir():
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        directory.chmod(0o700)  # mkdir's mode is filtered by the umask


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# --- messages ------------------------------------------------------------------------


def format_size(size: int) -> str:
    """``10485760`` → ``"10 MB"``, ``512000`` → ``"500 KB"``, ``1000`` → ``"1,000 バイト"``."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024):,} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024:,} KB"
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return gettext("%(count)s バイト") % {"count": f"{size:,}"}


def type_label(content_type: str) -> str:
    return str(TYPE_LABELS.get(content_type, content_type))


def mime_type(name: str) -> str:
    """``"pdf"`` / ``".PDF"`` → ``"application/pdf"``; a MIME type stays as it is."""
    short = name.strip().lower().lstrip(".")
    return SHORT_NAMES.get(short, short)


def accepted_label(accept: Sequence[str]) -> str:
    """``("application/pdf", "image/jpeg")`` → ``"PDF・JPEG"``."""
    return "・".join(dict.fromkeys(type_label(mime_type(item)) for item in accept))


def _refuse(code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


# --- the service ---------------------------------------------------------------------


def store_upload(
    submission: Submission,
    field_key: str,
    uploaded_file: Upload,
    *,
    accept: Sequence[str] = DEFAULT_ACCEPT,
    max_bytes: int | None = None,
    max_items: int | None = None,
) -> Attachment:
    """Check, store and scan one uploaded file for ``field_key`` of ``submission``.

    ``accept`` and ``max_bytes`` come from the field's ``ui:options``, ``max_items`` from
    its ``maxItems``.  Raises ``ValidationError`` (see the module docstring)."""
    limit = settings.YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES
    if max_bytes is not None:
        limit = min(limit, max_bytes)
    if submission.status not in EDITABLE_STATUSES:
        raise _refuse("not_editable")
    if max_items is not None:
        # Early answer before reading the bytes; checked again under the lock below.
        _check_room(submission.pk, field_key, max_items)

    storage_name = secrets.token_hex(16)
    path = attachment_path(storage_name)
    _make_private_directory(files_dir() / storage_name[:2])
    try:
        size, sha256 = _write_limited(path, _chunks(uploaded_file), limit)
        if size == 0:
            raise _refuse("empty")
        content_type = magic.from_file(str(path), mime=True)
        if not _accepted(content_type, accept):
            raise _refuse("type", type=type_label(content_type), accepted=accepted_label(accept))
        with path.open("rb") as stored:
            verdict = scanning.scan_file(stored)
        if verdict.is_infected:
            logger.warning(
                "attachment refused: virus %s in an upload to submission %s field %s",
                verdict.detail,
                submission.pk,
                field_key,
            )
            raise _refuse("infected")
        with transaction.atomic():
            locked = Submission.objects.select_for_update().only("status").get(pk=submission.pk)
            if locked.status not in EDITABLE_STATUSES:
                raise _refuse("not_editable")
            if max_items is not None:
                _check_room(submission.pk, field_key, max_items)
            attachment = Attachment.objects.create(
                submission_id=submission.pk,
                field_key=field_key,
                original_name=clean_file_name(getattr(uploaded_file, "name", None) or ""),
                content_type=content_type,
                size=size,
                sha256=sha256,
                storage_name=storage_name,
                scan_status=verdict.status,
                scan_detail=verdict.detail[:200],
            )
    except BaseException:
        _unlink(path)
        raise
    if verdict.status == ScanStatus.FAILED:
        logger.warning(
            "attachment %s of submission %s stored unscanned (検査できず): %s",
            attachment.pk,
            submission.pk,
            verdict.detail,
        )
    return attachment


def _check_room(submission_id: int, field_key: str, max_items: int) -> None:
    held = Attachment.objects.filter(submission_id=submission_id, field_key=field_key).count()
    if held >= max_items:
        raise _refuse("too_many", max=max_items)


def _accepted(content_type: str, accept: Sequence[str]) -> bool:
    wanted = {mime_type(item) for item in accept}
    return any(content_type in EQUIVALENT_TYPES.get(item, {item}) for item in wanted)


def _chunks(uploaded_file: Upload) -> Iterator[bytes]:
    chunks = getattr(uploaded_file, "chunks", None)
    if chunks is not None:  # Django UploadedFile: seeks to the start itself
        yield from chunks(CHUNK_BYTES)
        return
    while chunk := uploaded_file.read(CHUNK_BYTES):
        yield chunk


def _write_limited(path: Path, chunks: Iterable[bytes], limit: int) -> tuple[int, str]:
    """Write ``chunks`` to a new file ``path`` (0600), stopping as soon as more than
    ``limit`` bytes came; returns (size, SHA-256 hex)."""
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        os.fchmod(target.fileno(), 0o600)
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise _refuse("too_large", limit=format_size(limit))
            digest.update(chunk)
            target.write(chunk)
    return size, digest.hexdigest()


def clean_file_name(name: str) -> str:
    """The uploaded name for display: last path component (some browsers send
    ``C:\\Users\\…``), NFC, no control characters, at most 200 characters keeping the
    extension; ``添付ファイル`` when nothing is left."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip()
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: 199 - len(extension)] + "." + extension
        else:
            name = name[:200]
    return name or "添付ファイル"


def open_attachment(attachment: Attachment) -> BinaryIO:
    """The stored file, open for reading (the caller closes it).  Refuses a file marked
    infected (ValidationError ``infected``).  The caller has checked who may read it."""
    if attachment.scan_status == ScanStatus.INFECTED:
        raise _refuse("infected_open")
    return attachment_path(attachment.storage_name).open("rb")


def delete_attachment(attachment: Attachment) -> None:
    """Remove an attachment from its submission (draft or 補正依頼): the row now, its id
    from the field's answer list, and the file once the transaction commits."""
    path = attachment_path(attachment.storage_name)
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .only("status", "answers")
            .get(pk=attachment.submission_id)
        )
        if submission.status not in EDITABLE_STATUSES:
            raise _refuse("not_editable")
        value = submission.answers.get(attachment.field_key)
        if isinstance(value, list) and attachment.pk in value:
            submission.answers[attachment.field_key] = [
                item for item in value if item != attachment.pk
            ]
            submission.save(update_fields=["answers", "updated"])
        Attachment.objects.filter(pk=attachment.pk).delete()
        transaction.on_commit(lambda: _unlink(path))


def attachment_names(submission: Submission) -> dict[int, str]:
    """``{attachment id: original name}`` of the submission's files (for the review page
    and the staff view)."""
    return dict(
        Attachment.objects.filter(submission_id=submission.pk)
        .order_by("pk")
        .values_list("pk", "original_name")
    )
