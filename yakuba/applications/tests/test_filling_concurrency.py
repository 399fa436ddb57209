"""Several submits of one draft at the same moment (double click, two tabs), on real
PostgreSQL connections in threads: the conditional UPDATE lets exactly one through; every
caller gets the same submitted application back; one timeline row, one pair of signals."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from yakuba.applications import events
from yakuba.applications.models import Status, Submission, SubmissionEvent
from yakuba.applications.services import filling

from .factories import SMALL_ANSWERS, make_procedure

pytestmark = pytest.mark.django_db(transaction=True)

CALLERS = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_simultaneous_submits_make_one_transition(citizen):
    procedure = make_procedure()
    draft = filling.start_draft(citizen, procedure, session={}, auth_method="password")
    Submission.objects.filter(pk=draft.pk).update(answers=dict(SMALL_ANSWERS))
    # Each caller holds the draft as its page showed it, then all submit at once.
    seen = [Submission.objects.get(pk=draft.pk) for _ in range(CALLERS)]
    barrier = threading.Barrier(CALLERS)
    lock = threading.Lock()
    results: list[tuple[str, str]] = []
    sent: list[str] = []

    def on_submitted(sender, submission_id, **kwargs):
        with lock:
            sent.append("submitted")

    def on_changed(sender, submission_id, from_status, to_status, event_id, **kwargs):
        with lock:
            sent.append(f"{from_status}->{to_status}")

    def submit(index: int) -> None:
        try:
            barrier.wait()
            submitted = filling.submit_draft(citizen, seen[index])
            with lock:
                results.append((submitted.status, submitted.reference or ""))
        finally:
            connection.close()

    events.submission_submitted.connect(on_submitted)
    events.submission_status_changed.connect(on_changed)
    try:
        threads = [threading.Thread(target=submit, args=(index,)) for index in range(CALLERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        events.submission_submitted.disconnect(on_submitted)
        events.submission_status_changed.disconnect(on_changed)

    submission = Submission.objects.get(pk=draft.pk)
    assert submission.status == Status.RECEIVED
    assert results == [(Status.RECEIVED, submission.reference)] * CALLERS
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1
    assert sorted(sent) == ["draft->received", "submitted"]
    assert Submission.objects.count() == 1
