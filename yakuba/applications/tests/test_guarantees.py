"""Database guarantees: a published form version cannot change, the timeline is append-only,
and a submitted application always has its reference, time and deadline — on PostgreSQL
and SQLite."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from yakuba.applications.models import EventKind, FormVersion, Status, SubmissionEvent
from yakuba.applications.tests.factories import make_procedure, make_submission

pytestmark = [pytest.mark.django_db, pytest.mark.db_guarantees]


def test_published_definition_cannot_be_updated():
    version = make_procedure().form_versions.get()
    schema = dict(version.schema, title="書き換え")
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.filter(pk=version.pk).update(schema=schema)
    version.refresh_from_db()
    assert version.schema["title"] == "テスト申請"


def test_published_version_cannot_go_back_to_draft():
    version = make_procedure().form_versions.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.filter(pk=version.pk).update(state="draft", published_at=None)


def test_published_version_keeps_its_change_note_editable():
    version = make_procedure().form_versions.get()
    FormVersion.objects.filter(pk=version.pk).update(change_note="誤字の説明を追加")
    assert FormVersion.objects.get(pk=version.pk).change_note == "誤字の説明を追加"


def test_draft_definition_can_be_edited():
    procedure = make_procedure()
    from yakuba.applications.tests.factories import make_form_version

    draft = make_form_version(procedure, published=False)
    FormVersion.objects.filter(pk=draft.pk).update(schema={"type": "object"})
    assert FormVersion.objects.get(pk=draft.pk).schema == {"type": "object"}


def test_one_draft_per_procedure():
    from yakuba.applications.tests.factories import make_form_version

    procedure = make_procedure()
    make_form_version(procedure, published=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_form_version(procedure, published=False)


def test_timeline_rows_cannot_be_updated():
    submission = make_submission(make_procedure())
    event = SubmissionEvent.objects.create(
        submission=submission, kind=EventKind.SUBMITTED, to_status=Status.RECEIVED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionEvent.objects.filter(pk=event.pk).update(message="改ざん")


def test_submitted_application_needs_reference_and_deadline():
    submission = make_submission(make_procedure(), status=Status.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(submission).objects.filter(pk=submission.pk).update(status=Status.RECEIVED)
