"""Drafts untouched for YAKUBA_APPLICATIONS_DRAFT_DAYS days are erased with their files."""

from __future__ import annotations

import datetime
import io
import os
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from yakuba.applications.models import Attachment, Status, Submission
from yakuba.applications.services.attachments import attachment_path, store_upload
from yakuba.applications.services.retention import (
    PurgeResult,
    purge_drafts,
    purge_orphan_files,
)

from .factories import make_procedure, make_submission
from .factories_attachments import small_pdf


@pytest.fixture
def files_dir(tmp_path, settings):
    settings.YAKUBA_APPLICATIONS_FILES_DIR = tmp_path / "application-files"
    settings.YAKUBA_CLAMD_ADDRESS = ""
    settings.YAKUBA_APPLICATIONS_DRAFT_DAYS = 30
    return settings.YAKUBA_APPLICATIONS_FILES_DIR


NOW = datetime.datetime(2026, 12, 5, 3, 0, tzinfo=datetime.UTC)


def aged(submission: Submission, **delta: float) -> Submission:
    Submission.objects.filter(pk=submission.pk).update(updated=NOW - datetime.timedelta(**delta))
    return submission


def with_file(submission: Submission, name: str = "a.pdf") -> Attachment:
    return store_upload(submission, "documents", SimpleUploadedFile(name, small_pdf()))


@pytest.mark.django_db
def test_erases_old_drafts_with_their_files(files_dir, django_capture_on_commit_callbacks):
    procedure = make_procedure()
    old = make_submission(procedure, status=Status.DRAFT)
    old_files = [with_file(old, "1.pdf"), with_file(old, "2.pdf")]
    aged(old, days=30, seconds=1)
    recent = make_submission(procedure, status=Status.DRAFT)
    recent_file = with_file(recent)
    aged(recent, days=29, hours=23, minutes=59)
    submitted = make_submission(procedure, status=Status.RECEIVED)
    aged(submitted, days=400)
    correcting = make_submission(procedure, status=Status.CORRECTION_REQUESTED)
    correcting_file = with_file(correcting)
    aged(correcting, days=400)

    with django_capture_on_commit_callbacks(execute=True):
        result = purge_drafts(now=NOW)

    assert result == PurgeResult(drafts=1, attachments=2)
    assert set(Submission.objects.values_list("pk", flat=True)) == {
        recent.pk,
        submitted.pk,
        correcting.pk,
    }
    assert set(Attachment.objects.values_list("pk", flat=True)) == {
        recent_file.pk,
        correcting_file.pk,
    }
    for attachment in old_files:
        assert not attachment_path(attachment.storage_name).exists()
    assert attachment_path(recent_file.storage_name).exists()
    assert attachment_path(correcting_file.storage_name).exists()


@pytest.mark.django_db
def test_days_argument_overrides_the_setting(files_dir, django_capture_on_commit_callbacks):
    draft = aged(make_submission(make_procedure(), status=Status.DRAFT), days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_drafts(now=NOW, days=10) == PurgeResult(0, 0)
        assert purge_drafts(now=NOW, days=7) == PurgeResult(1, 0)
    assert not Submission.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_refuses_zero_days(files_dir):
    with pytest.raises(ValueError):
        purge_drafts(now=NOW, days=0)


@pytest.mark.django_db
def test_command_reports_counts(files_dir, django_capture_on_commit_callbacks):
    draft = make_submission(make_procedure(), status=Status.DRAFT)
    attachment = with_file(draft)
    Submission.objects.filter(pk=draft.pk).update(
        updated=timezone.now() - datetime.timedelta(days=31)
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("applications_purge_drafts", stdout=out)
    assert out.getvalue() == (
        "drafts erased: 1, attachment files erased: 1\norphan files removed: 0\n"
    )
    assert not attachment_path(attachment.storage_name).exists()
    assert not Submission.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_orphan_files_older_than_a_day_are_removed(files_dir):
    draft = make_submission(make_procedure(), status=Status.DRAFT)
    kept = with_file(draft)
    orphan_old = attachment_path("ab" + "0" * 30)
    orphan_young = attachment_path("cd" + "1" * 30)
    stranger = files_dir / "ab" / "README"
    for path in (orphan_old, orphan_young, stranger):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_bytes(b"x")
    two_days_ago = (NOW - datetime.timedelta(days=2)).timestamp()
    for path in (attachment_path(kept.storage_name), orphan_old, stranger):
        os.utime(path, (two_days_ago, two_days_ago))
    os.utime(orphan_young, ((NOW - datetime.timedelta(hours=23)).timestamp(),) * 2)

    assert purge_orphan_files(now=NOW) == 1

    assert not orphan_old.exists()
    assert orphan_young.exists()
    assert stranger.exists()
    assert attachment_path(kept.storage_name).exists()


@pytest.mark.django_db
def test_no_directory_no_orphans(files_dir):
    assert purge_orphan_files(now=NOW) == 0


@pytest.mark.django_db(transaction=True)
def test_draft_being_saved_is_skipped(files_dir):
    """A draft whose row another transaction holds (the applicant saving a page) is left."""
    procedure = make_procedure()
    busy = aged(make_submission(procedure, status=Status.DRAFT), days=60)
    idle = aged(make_submission(procedure, status=Status.DRAFT), days=60)
    locked = threading.Event()
    release = threading.Event()

    def applicant_saving() -> None:
        try:
            with transaction.atomic():
                Submission.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=applicant_saving)
    thread.start()
    try:
        assert locked.wait(10)
        assert purge_drafts(now=NOW) == PurgeResult(drafts=1, attachments=0)
    finally:
        release.set()
        thread.join(10)
    assert list(Submission.objects.values_list("pk", flat=True)) == [busy.pk]
    assert not Submission.objects.filter(pk=idle.pk).exists()
