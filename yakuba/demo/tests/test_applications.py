"""The demo city's applications: staff, citizens and applications in every state."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.applications import standard
from yakuba.applications.demo import DEMO_SUBMISSIONS, demo_answers
from yakuba.applications.models import (
    Attachment,
    EventKind,
    Procedure,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionSignature,
)
from yakuba.applications.policies import may_build, may_decide, may_handle
from yakuba.applications.schema import FormDefinition, validate_answers
from yakuba.demo.loader import load_demo_city
from yakuba.identity.models import User
from yakuba.identity.testing import login_citizen, login_staff

STAFF = "city.musashimurayama.example.lg.jp"
EVERY_STATUS = {
    Status.DRAFT,
    Status.RECEIVED,
    Status.REVIEWING,
    Status.CORRECTION_REQUESTED,
    Status.APPROVED,
    Status.REJECTED,
    Status.COMPLETED,
    Status.WITHDRAWN,
}


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.YAKUBA_JPKI_DEMO = True
    return load_demo_city(residents=10, seed=1)


@pytest.mark.parametrize("item", DEMO_SUBMISSIONS, ids=lambda item: item.procedure)
def test_demo_answers_are_valid_for_their_form(item):
    example = standard.procedure(item.procedure)
    answers = demo_answers(item, {})
    for key in example.example_files:
        answers[key] = [1]

    errors = validate_answers(FormDefinition(*example.definition()), answers)

    assert errors == {}


@pytest.mark.django_db
def test_demo_loads_applications_in_every_status(demo, client):
    """One load (about twenty seconds), every property of the demo applications."""
    _every_status(demo)
    _valid_for_their_version()
    _corrections_rejections_and_overdue()
    _card_level_signed_by_hanako()
    _anonymous_and_business()
    _staff_roles(demo)
    _hanako_sees_her_applications(client)
    _staff_open_every_application(client)


def _hanako_sees_her_applications(client):
    hanako = User.objects.get(email="hanako@example.jp")
    login_citizen(client, hanako)
    mine = Submission.objects.filter(applicant=hanako).exclude(status=Status.DRAFT)

    listing = client.get(reverse("portal:applications:mine_list"))

    assert listing.status_code == 200
    for submission in mine:
        assert submission.reference in listing.content.decode()
        detail = client.get(reverse("portal:applications:mine_detail", args=[submission.reference]))
        assert detail.status_code == 200, submission.procedure.code
    client.logout()


def _staff_open_every_application(client):
    login_staff(client, User.objects.get(email=f"shinsei@{STAFF}"))

    inbox = client.get(reverse("console:applications:inbox"))

    assert inbox.status_code == 200
    for submission in Submission.objects.exclude(status=Status.DRAFT):
        detail = client.get(reverse("console:applications:submission_detail", args=[submission.pk]))
        assert detail.status_code == 200, submission.procedure.code
        assert submission.reference in detail.content.decode()
    one_per_procedure = {s.procedure_id: s for s in Submission.objects.exclude(status=Status.DRAFT)}
    for submission in one_per_procedure.values():
        printed = client.get(reverse("console:applications:submission_pdf", args=[submission.pk]))
        assert printed.status_code == 200, submission.procedure.code
        assert printed["Content-Type"] == "application/pdf"
    client.logout()


def _every_status(demo):
    statuses = Counter(Submission.objects.values_list("status", flat=True))

    assert set(statuses) == EVERY_STATUS
    assert demo.application_submissions == len(DEMO_SUBMISSIONS) == sum(statuses.values()) - 1
    assert demo.procedures == len(standard.PROCEDURES)
    assert statuses[Status.DRAFT] == 1
    assert len(DEMO_SUBMISSIONS) >= 38
    assert demo.timings["applications"] > 0


def _valid_for_their_version():
    submitted = Submission.objects.exclude(status=Status.DRAFT).select_related("form_version")
    for submission in submitted:
        errors = validate_answers(FormDefinition.of(submission.form_version), submission.answers)
        assert errors == {}, submission.procedure.code
        assert submission.reference and submission.due_date and submission.submitted_at


def _corrections_rejections_and_overdue():
    corrections = SubmissionEvent.objects.filter(kind=EventKind.CORRECTION_REQUESTED)
    rejected = Submission.objects.filter(status=Status.REJECTED)
    overdue = Submission.objects.filter(
        status__in=[Status.RECEIVED, Status.REVIEWING, Status.CORRECTION_REQUESTED],
        due_date__lt=timezone.localdate(),
    )

    assert corrections.count() == 4
    assert all(event.message and event.visible_to_applicant for event in corrections)
    assert rejected.count() == 4
    for submission in rejected:
        assert submission.events.filter(to_status=Status.REJECTED).exclude(message="").exists()
    assert overdue.count() >= 5
    resubmitted = Submission.objects.get(correction_rounds=1)
    assert (resubmitted.procedure.code, resubmitted.status) == (
        "shimin-katsudo-dantai", Status.REVIEWING,
    )  # fmt: skip


def _card_level_signed_by_hanako():
    hanako = User.objects.get(email="hanako@example.jp")
    card = Submission.objects.filter(identity_level="card").exclude(status=Status.DRAFT)

    assert card.count() == 12
    assert set(card.values_list("applicant", flat=True)) == {hanako.pk}
    assert SubmissionSignature.objects.filter(submission__in=card, is_valid=True).count() == 12
    assert set(card.values_list("auth_method", flat=True)) == {"jpki"}


def _anonymous_and_business():
    anonymous = Submission.objects.filter(applicant__isnull=True)
    shoji = Submission.objects.filter(applicant__email="shoji@example.jp")

    assert anonymous.count() == 9
    assert set(anonymous.values_list("identity_level", flat=True)) == {"none"}
    assert shoji.count() == 4
    artwork = Attachment.objects.filter(submission__procedure__code="koho-kokoku")
    assert artwork.count() == 2
    assert set(artwork.values_list("content_type", flat=True)) == {"application/pdf"}


def _staff_roles(demo):
    shinsei = User.objects.get(email=f"shinsei@{STAFF}")
    kankyo = User.objects.get(email=f"kankyo@{STAFF}")
    chief = User.objects.get(email=f"kankyo-chief@{STAFF}")

    assert may_build(shinsei, "kosodate") and may_build(shinsei, "shimin")
    assert may_handle(kankyo, "kankyo") and not may_decide(kankyo, "kankyo")
    assert may_decide(chief, "kankyo") and not may_handle(chief, "shimin")
    logins = demo.logins_file.read_text(encoding="utf-8")
    assert f"kankyo-chief@{STAFF}" in logins and f"shinsei@{STAFF}" in logins
    assert Submission.objects.filter(procedure__department_code="kankyo", assignee=kankyo).exists()


@pytest.mark.django_db
def test_loading_again_adds_nothing(demo, settings):
    before = (Submission.objects.count(), Procedure.objects.count(), User.objects.count())

    load_demo_city(residents=10, seed=1, reset=True)

    assert (Submission.objects.count(), Procedure.objects.count(), User.objects.count()) == before
