"""What the inbox hands out as files: the CSV of the filtered list, the printable PDF and
attachments — their content, headers, who may get them and the access records."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yakuba.applications.access import SUBMISSION_KIND
from yakuba.applications.models import Attachment, ScanStatus, Status, SubmissionEvent
from yakuba.applications.services import attachments, workflow
from yakuba.applications.services.exports import base_header
from yakuba.applications.tests.factories import make_procedure, make_submission
from yakuba.applications.tests.factories_attachments import small_pdf
from yakuba.audit.models import AccessRecord
from yakuba.identity.testing import login_staff

pytestmark = pytest.mark.django_db

CSV_URL = reverse("console:applications:inbox_csv")


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.YAKUBA_APPLICATIONS_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


@pytest.fixture
def procedure(unit_a):
    return make_procedure(department_code="shimin", title="犬の登録", code="dog")


def _reads(submission) -> int:
    return AccessRecord.objects.filter(
        subject_kind=SUBMISSION_KIND, subject_id=str(submission.pk)
    ).count()


def _csv(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


# ----------------------------------------------------------------------------- CSV


def test_csv_of_one_procedure_has_the_answer_columns(client, procedure, clerk_a, citizen):
    submission = make_submission(procedure, applicant=citizen, assignee=clerk_a)
    other = make_submission(make_procedure(department_code="shimin"), applicant=citizen)

    response = login_staff(client, clerk_a).get(CSV_URL, {"procedure": procedure.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="applications-dog-')
    rows = _csv(response)
    assert rows[0] == base_header() + [
        "氏名",
        "氏名（カナ）",
        "メールアドレス",
        "犬を飼っていますか",
        "犬の名前",
        "同意",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[:3] == [submission.reference, "犬の登録", "受付"]
    assert row[4] == submission.due_date.isoformat()
    assert row[7:11] == ["村山 花子", citizen.email, clerk_a.display_name, "0"]
    assert row[11:15] == ["村山 花子", "ムラヤマ ハナコ", "hanako@example.jp", "はい"]
    assert row[15] == "ポチ"
    assert _reads(submission) == 1
    assert _reads(other) == 0


def test_csv_of_all_procedures_has_the_common_columns_only(client, procedure, clerk_a, citizen):
    first = make_submission(procedure, applicant=citizen)
    second = make_submission(make_procedure(department_code="shimin"), applicant=citizen)
    rows = _csv(login_staff(client, clerk_a).get(CSV_URL))
    assert rows[0] == base_header()
    assert sorted(row[0] for row in rows[1:]) == sorted([first.reference, second.reference])
    assert (_reads(first), _reads(second)) == (1, 1)


def test_csv_cells_never_start_a_formula(client, procedure, clerk_a, citizen):
    make_submission(procedure, applicant=citizen, applicant_name="=HYPERLINK(1)")
    rows = _csv(login_staff(client, clerk_a).get(CSV_URL))
    assert rows[1][7] == "'=HYPERLINK(1)"


def test_csv_with_a_bad_filter_says_so(client, procedure, clerk_a):
    response = login_staff(client, clerk_a).get(CSV_URL, {"procedure": "999999"})
    assert response.status_code == 400
    assert "入力内容に問題があります" in response.content.decode()


def test_csv_needs_a_role(client, system_admin):
    assert login_staff(client, system_admin).get(CSV_URL).status_code == 403


# ----------------------------------------------------------------------------- PDF


def test_pdf_is_a_real_a4_pdf_with_the_reference(client, procedure, clerk_a, citizen):
    submission = make_submission(procedure, applicant=citizen)
    workflow.start_review(clerk_a, submission)
    url = reverse("console:applications:submission_pdf", args=[submission.pk])

    response = login_staff(client, clerk_a).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    content = response.content
    assert content.startswith(b"%PDF-")
    assert _reads(submission) == 1
    if shutil.which("pdftotext") is None:  # poppler-utils is in tools/system-deps.sh
        pytest.skip("pdftotext not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert submission.reference in text
    assert "犬の登録" in text
    assert "ポチ" in text
    assert "審査中" in text
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout.decode()


def test_pdf_outside_the_department_is_404(client, procedure, clerk_b, citizen):
    submission = make_submission(procedure, applicant=citizen)
    url = reverse("console:applications:submission_pdf", args=[submission.pk])
    assert login_staff(client, clerk_b).get(url).status_code == 404
    assert _reads(submission) == 0


# ----------------------------------------------------------------------------- attachments


def _stored(procedure, citizen):
    submission = make_submission(procedure, applicant=citizen, status=Status.CORRECTION_REQUESTED)
    upload = SimpleUploadedFile("診断書.pdf", small_pdf("yakuba"), content_type="text/plain")
    attachment = attachments.store_upload(submission, "certificate", upload)
    return submission, attachment


def test_attachment_downloads_with_safe_headers_and_is_recorded(
    client, procedure, clerk_a, citizen
):
    submission, attachment = _stored(procedure, citizen)
    url = reverse("console:applications:attachment_download", args=[submission.pk, attachment.pk])

    response = login_staff(client, clerk_a).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "%E8%A8%BA%E6%96%AD%E6%9B%B8.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == small_pdf("yakuba")
    record = AccessRecord.objects.get(subject_kind=SUBMISSION_KIND, subject_id=str(submission.pk))
    assert record.fields == ["添付書類"]


def test_detail_lists_the_attachment_with_type_size_and_scan(client, procedure, clerk_a, citizen):
    submission, attachment = _stored(procedure, citizen)
    page = login_staff(client, clerk_a).get(
        reverse("console:applications:submission_detail", args=[submission.pk])
    )
    text = page.content.decode()
    assert "診断書.pdf" in text
    assert attachments.format_size(attachment.size) in text
    assert attachment.get_scan_status_display() in text
    assert (
        reverse("console:applications:attachment_download", args=[submission.pk, attachment.pk])
        in text
    )


def test_an_infected_file_is_never_served(client, procedure, clerk_a, citizen, files_dir):
    submission = make_submission(procedure, applicant=citizen)
    storage_name = secrets.token_hex(16)
    path = attachments.attachment_path(storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"dangerous")
    attachment = Attachment.objects.create(
        submission=submission,
        field_key="certificate",
        original_name="virus.pdf",
        content_type="application/pdf",
        size=9,
        sha256=hashlib.sha256(b"dangerous").hexdigest(),
        storage_name=storage_name,
        scan_status=ScanStatus.INFECTED,
    )
    url = reverse("console:applications:attachment_download", args=[submission.pk, attachment.pk])
    client = login_staff(client, clerk_a)

    response = client.get(url)

    assert response.status_code == 403
    assert b"dangerous" not in response.content
    assert "ウイルスが検出されたため" in response.content.decode()
    detail = client.get(reverse("console:applications:submission_detail", args=[submission.pk]))
    assert url not in detail.content.decode()


def test_attachment_of_another_submission_is_404(client, procedure, clerk_a, citizen):
    submission, attachment = _stored(procedure, citizen)
    other = make_submission(procedure, applicant=citizen)
    url = reverse("console:applications:attachment_download", args=[other.pk, attachment.pk])
    assert login_staff(client, clerk_a).get(url).status_code == 404


def test_timeline_rows_appear_in_the_pdf_html(procedure, clerk_a, citizen):
    from yakuba.applications.services.printing import print_html

    submission = make_submission(procedure, applicant=citizen)
    workflow.add_comment(clerk_a, submission, "電話で確認済み")
    html = print_html(submission)
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1
    assert "電話で確認済み" in html
    assert submission.reference in html
