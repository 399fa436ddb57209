"""store_upload / open_attachment / delete_attachment: content checks, private storage, scan."""

from __future__ import annotations

import hashlib
import io
import logging
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from yakuba.applications.models import Attachment, ScanStatus, Status
from yakuba.applications.services import attachments
from yakuba.applications.services.attachments import (
    attachment_names,
    attachment_path,
    clean_file_name,
    delete_attachment,
    open_attachment,
    store_upload,
)

from .factories import make_procedure, make_submission
from .factories_attachments import (
    EICAR,
    EICAR_SIGNATURE,
    HTML_PAGE,
    WINDOWS_PROGRAM,
    FakeClamd,
    closed_tcp_address,
    small_heic,
    small_jpeg,
    small_pdf,
    small_png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def files_dir(tmp_path, settings):
    settings.YAKUBA_APPLICATIONS_FILES_DIR = tmp_path / "application-files"
    settings.YAKUBA_CLAMD_ADDRESS = ""
    return settings.YAKUBA_APPLICATIONS_FILES_DIR


@pytest.fixture
def draft():
    return make_submission(make_procedure(), status=Status.DRAFT, answers={})


def stored_files(directory: Path) -> list[Path]:
    return sorted(path for path in directory.rglob("*") if path.is_file())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(excinfo) -> tuple[str, str]:
    error = excinfo.value
    return error.code, error.messages[0]


def test_stores_a_pdf_privately_with_its_digest(files_dir, draft):
    content = small_pdf()
    attachment = store_upload(draft, "documents", upload("住民票.pdf", content))

    attachment.refresh_from_db()
    assert attachment.submission_id == draft.pk
    assert attachment.field_key == "documents"
    assert attachment.original_name == "住民票.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.scan_status == ScanStatus.NOT_SCANNED
    assert attachment.scan_detail == ""
    assert len(attachment.storage_name) == 32
    path = files_dir / attachment.storage_name[:2] / attachment.storage_name
    assert stored_files(files_dir) == [path]
    assert path.read_bytes() == content
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(files_dir.stat().st_mode) == 0o700


def test_configured_directory_is_outside_the_web_root_and_the_repository(draft):
    """The test settings' directory, as a deployment would have it: not served, not in git."""
    attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    path = attachment_path(attachment.storage_name)
    repository = Path(__file__).resolve().parents[3]
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT, repository):
        assert not path.is_relative_to(Path(public).resolve())
    assert path.is_relative_to(Path(settings.YAKUBA_APPLICATIONS_FILES_DIR).resolve())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_refuses_a_directory_inside_the_static_root(tmp_path, settings, draft):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.YAKUBA_APPLICATIONS_FILES_DIR = tmp_path / "static" / "files"
    with pytest.raises(ImproperlyConfigured):
        store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    assert not (tmp_path / "static").exists()


@pytest.mark.parametrize(
    ("content", "detected"),
    [(small_png(), "image/png"), (small_jpeg(), "image/jpeg")],
)
def test_type_comes_from_the_content_not_the_name(files_dir, draft, content, detected):
    attachment = store_upload(draft, "documents", upload("scan.pdf", content))
    assert attachment.content_type == detected
    assert attachment.original_name == "scan.pdf"


def test_png_named_pdf_is_refused_where_only_pdf_is_accepted(files_dir, draft):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", upload("a.pdf", small_png()), accept=["application/pdf"])
    assert refusal(excinfo) == (
        "type",
        "ファイルの種類（PNG）は受け付けていません。PDFのいずれかを添付してください。",
    )
    assert stored_files(files_dir) == []
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "label"),
    [(HTML_PAGE, "HTML"), (WINDOWS_PROGRAM, "実行ファイル"), (b"just text\n", "テキスト")],
)
def test_disguised_pdf_is_refused(files_dir, draft, content, label):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", upload("申請書.pdf", content))
    assert refusal(excinfo) == (
        "type",
        f"ファイルの種類（{label}）は受け付けていません。"
        "PDF・JPEG・PNGのいずれかを添付してください。",
    )
    assert stored_files(files_dir) == []
    assert Attachment.objects.count() == 0


def test_heic_only_when_listed(files_dir, draft):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "photo", upload("IMG_0001.HEIC", small_heic()))
    assert excinfo.value.code == "type"
    attachment = store_upload(
        draft,
        "photo",
        upload("IMG_0001.HEIC", small_heic()),
        accept=["image/jpeg", "image/png", "image/heic"],
    )
    assert attachment.content_type == "image/heic"
    assert len(stored_files(files_dir)) == 1


def test_accept_may_use_short_names(files_dir, draft):
    attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()), accept=["pdf"])
    assert attachment.content_type == "application/pdf"
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "photo", upload("a.png", small_png()), accept=["pdf", ".JPG"])
    assert refusal(excinfo) == (
        "type",
        "ファイルの種類（PNG）は受け付けていません。PDF・JPEGのいずれかを添付してください。",
    )


def test_exactly_the_field_limit_is_accepted(files_dir, draft):
    content = small_pdf().ljust(5000, b"\n")
    attachment = store_upload(draft, "documents", upload("a.pdf", content), max_bytes=5000)
    assert attachment.size == 5000


def test_one_byte_over_the_field_limit_is_refused(files_dir, draft):
    content = small_pdf().ljust(5001, b"\n")
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", upload("a.pdf", content), max_bytes=5000)
    assert refusal(excinfo) == ("too_large", "ファイルが大きすぎます（上限 5,000 バイト）。")
    assert stored_files(files_dir) == []
    assert Attachment.objects.count() == 0


def test_site_limit_applies_below_the_field_limit(files_dir, draft, settings):
    settings.YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES = 2048
    store_upload(draft, "documents", upload("a.pdf", small_pdf().ljust(2048, b"\n")))
    with pytest.raises(ValidationError) as excinfo:
        store_upload(
            draft,
            "documents",
            upload("b.pdf", small_pdf().ljust(2049, b"\n")),
            max_bytes=10 * 1024 * 1024,
        )
    assert refusal(excinfo) == ("too_large", "ファイルが大きすぎます（上限 2 KB）。")
    assert len(stored_files(files_dir)) == 1


def test_declared_size_is_not_trusted(files_dir, draft):
    file = upload("a.pdf", small_pdf().ljust(5001, b"\n"))
    file.size = 10  # what a client could claim
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", file, max_bytes=5000)
    assert excinfo.value.code == "too_large"


class EndlessUpload:
    """A file that never ends (counts what was read)."""

    name = "endless.pdf"

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        chunk = (b"%PDF-1.4\n" if self.read_bytes == 0 else b"") + bytes(size)
        self.read_bytes += len(chunk)
        return chunk


def test_reading_stops_at_the_limit(files_dir, draft):
    endless = EndlessUpload()
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", endless, max_bytes=1024 * 1024)
    assert refusal(excinfo) == ("too_large", "ファイルが大きすぎます（上限 1 MB）。")
    assert endless.read_bytes <= 1024 * 1024 + attachments.CHUNK_BYTES + 9
    assert stored_files(files_dir) == []


def test_plain_file_objects_are_read_too(files_dir, draft):
    file = io.BytesIO(small_pdf())
    file.name = "/home/user/書類.pdf"
    attachment = store_upload(draft, "documents", file)
    assert attachment.original_name == "書類.pdf"
    assert attachment.size == len(small_pdf())


def test_empty_file_is_refused(files_dir, draft):
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", upload("a.pdf", b""))
    assert refusal(excinfo) == (
        "empty",
        "ファイルが空です（0バイト）。内容のあるファイルを添付してください。",
    )
    assert stored_files(files_dir) == []


def test_field_holds_at_most_max_items(files_dir, draft):
    store_upload(draft, "documents", upload("1.pdf", small_pdf()), max_items=2)
    store_upload(draft, "documents", upload("2.pdf", small_pdf()), max_items=2)
    store_upload(draft, "photo", upload("3.png", small_png()), max_items=2)
    with pytest.raises(ValidationError) as excinfo:
        store_upload(draft, "documents", upload("4.pdf", small_pdf()), max_items=2)
    assert refusal(excinfo) == ("too_many", "この項目に添付できるファイルは2件までです。")
    assert Attachment.objects.filter(submission=draft, field_key="documents").count() == 2
    assert len(stored_files(files_dir)) == 3


def test_submitted_application_takes_no_file(files_dir):
    submission = make_submission(make_procedure(), status=Status.RECEIVED)
    with pytest.raises(ValidationError) as excinfo:
        store_upload(submission, "documents", upload("a.pdf", small_pdf()))
    assert refusal(excinfo) == (
        "not_editable",
        "この申請には、いまファイルを添付・削除できません。",
    )
    assert stored_files(files_dir) == []


def test_correction_requested_application_takes_a_file(files_dir):
    submission = make_submission(make_procedure(), status=Status.CORRECTION_REQUESTED)
    attachment = store_upload(submission, "documents", upload("a.pdf", small_pdf()))
    assert attachment.submission_id == submission.pk


@pytest.mark.parametrize("transport", ["tcp", "unix"])
def test_clean_scan_is_recorded(files_dir, draft, settings, transport):
    with FakeClamd(transport) as clamd:
        settings.YAKUBA_CLAMD_ADDRESS = clamd.address
        attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    assert clamd.streams == [small_pdf()]
    attachment.refresh_from_db()
    assert (attachment.scan_status, attachment.scan_detail) == (ScanStatus.CLEAN, "")


def test_infected_file_is_refused_and_deleted(files_dir, draft, settings, caplog):
    content = small_pdf() + EICAR
    with FakeClamd("tcp") as clamd, caplog.at_level(logging.WARNING):
        settings.YAKUBA_CLAMD_ADDRESS = clamd.address
        with pytest.raises(ValidationError) as excinfo:
            store_upload(draft, "documents", upload("a.pdf", content))
    assert refusal(excinfo) == (
        "infected",
        "このファイルからウイルスが検出されたため、受け付けられません。"
        "お使いの機器でウイルス対策ソフトによる検査をしてから、添付し直してください。",
    )
    assert clamd.streams == [content]
    assert stored_files(files_dir) == []
    assert Attachment.objects.count() == 0
    assert EICAR_SIGNATURE in caplog.text


def test_scanner_down_stores_the_file_as_not_checked(files_dir, draft, settings, caplog):
    settings.YAKUBA_CLAMD_ADDRESS = closed_tcp_address()
    with caplog.at_level(logging.WARNING, logger="yakuba.applications"):
        attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.FAILED
    assert attachment.get_scan_status_display() == "検査できず"
    assert attachment.scan_detail.startswith("unreachable: ")
    assert stored_files(files_dir) == [attachment_path(attachment.storage_name)]
    assert f"attachment {attachment.pk} of submission {draft.pk} stored unscanned" in caplog.text


def test_open_attachment_reads_the_file(files_dir, draft):
    attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    with open_attachment(attachment) as file:
        assert file.read() == small_pdf()


def test_open_attachment_refuses_an_infected_file(files_dir, draft):
    attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf()))
    Attachment.objects.filter(pk=attachment.pk).update(scan_status=ScanStatus.INFECTED)
    attachment.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        open_attachment(attachment)
    assert refusal(excinfo) == ("infected_open", "ウイルスが検出されたファイルは開けません。")


def test_delete_removes_row_answer_and_file_after_commit(
    files_dir, draft, django_capture_on_commit_callbacks
):
    first = store_upload(draft, "documents", upload("1.pdf", small_pdf()))
    second = store_upload(draft, "documents", upload("2.pdf", small_pdf()))
    draft.answers = {"documents": [first.pk, second.pk], "name": "村山 花子"}
    draft.save()
    path = attachment_path(first.storage_name)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_attachment(first)
    assert path.exists()  # not before the commit
    for callback in callbacks:
        callback()

    assert not path.exists()
    assert list(Attachment.objects.values_list("pk", flat=True)) == [second.pk]
    draft.refresh_from_db()
    assert draft.answers == {"documents": [second.pk], "name": "村山 花子"}
    assert stored_files(files_dir) == [attachment_path(second.storage_name)]


def test_delete_refused_once_resubmitted(files_dir):
    submission = make_submission(make_procedure(), status=Status.CORRECTION_REQUESTED)
    attachment = store_upload(submission, "documents", upload("1.pdf", small_pdf()))
    type(submission).objects.filter(pk=submission.pk).update(status=Status.REVIEWING)
    with pytest.raises(ValidationError) as excinfo:
        delete_attachment(attachment)
    assert excinfo.value.code == "not_editable"
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_attachment_names(files_dir, draft):
    first = store_upload(draft, "documents", upload("住民票.pdf", small_pdf()))
    second = store_upload(draft, "photo", upload("写真.png", small_png()))
    other = make_submission(draft.procedure, status=Status.DRAFT)
    store_upload(other, "documents", upload("other.pdf", small_pdf()))
    assert attachment_names(draft) == {first.pk: "住民票.pdf", second.pk: "写真.png"}


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("C:\\Users\\hanako\\住民票.pdf", "住民票.pdf"),
        ("../../etc/passwd", "passwd"),
        ("ﾃｽﾄ\x00\u202e.pdf", "ﾃｽﾄ.pdf"),
        ("\u30cf\u309a.pdf", "\u30d1.pdf"),  # NFD パ → NFC
        ("", "添付ファイル"),
        ("a" * 250 + ".pdf", "a" * 196 + ".pdf"),
    ],
)
def test_clean_file_name(name, cleaned):
    assert clean_file_name(name) == cleaned


@override_settings(YAKUBA_CLAMD_ADDRESS="")
def test_eicar_is_stored_when_no_scanner_is_configured(files_dir, draft):
    """Documented behaviour without clamd: 未検査, and the staff page says so."""
    attachment = store_upload(draft, "documents", upload("a.pdf", small_pdf() + EICAR))
    assert attachment.scan_status == ScanStatus.NOT_SCANNED
