"""Two members of staff act on one submission at the same moment (real PostgreSQL
connections in two threads): the row lock lets exactly one move through; the other gets
the stale-status refusal and writes nothing."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from yakuba.applications.models import Status, Submission, SubmissionEvent
from yakuba.applications.services import workflow
from yakuba.applications.tests.factories import make_procedure, make_submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_one_of_two_simultaneous_moves_wins(unit_a, clerk_a, supervisor, citizen):
    procedure = make_procedure(department_code="shimin")
    submission = make_submission(procedure, applicant=citizen, status=Status.REVIEWING)
    calls = {
        "correction": (clerk_a, lambda u, s: workflow.request_correction(u, s, "直してください")),
        "reject": (supervisor, lambda u, s: workflow.reject_submission(u, s, "対象外です")),
    }
    # Each thread loads the submission as its page showed it, then both act at once.
    seen = {name: Submission.objects.get(pk=submission.pk) for name in calls}
    barrier = threading.Barrier(len(calls))
    outcome: dict[str, str] = {}

    def act(name: str) -> None:
        user, call = calls[name]
        try:
            barrier.wait()
            call(user, seen[name])
            outcome[name] = "done"
        except ValidationError as error:
            outcome[name] = error.code or ""
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(name,)) for name in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcome.values()) == ["done", "stale"]
    submission.refresh_from_db()
    winner = next(name for name, result in outcome.items() if result == "done")
    assert (
        submission.status
        == {
            "correction": Status.CORRECTION_REQUESTED,
            "reject": Status.REJECTED,
        }[winner]
    )
    assert SubmissionEvent.objects.filter(submission=submission).count() == 1
