"""The corrections service: what a resubmission after a 補正依頼 refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yakuba.applications.models import Status, SubmissionSignature
from yakuba.applications.services import corrections, signing, workflow
from yakuba.applications.tests.factories import make_procedure, make_submission, staff_in

from .factories_mine import (
    SIGN_PIN,
    card_procedure,
    citizen_with_card,
    jpki_dir,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jpki_dir")]


@pytest.fixture
def demo(settings):
    settings.YAKUBA_JPKI_DEMO = True


def _correcting(procedure, applicant):
    submission = make_submission(procedure, applicant=applicant)
    workflow.request_correction(staff_in("shimin", "operator"), submission, "直してください。")
    submission.refresh_from_db()
    return submission


def test_invalid_answers_are_refused_with_field_errors(citizen):
    submission = _correcting(make_procedure(), citizen)
    submission.answers = {**submission.answers, "name_kana": "ABC"}
    submission.save()

    with pytest.raises(ValidationError) as refused:
        corrections.resubmit_corrected(citizen, submission)

    assert list(refused.value.message_dict) == ["name_kana"]
    submission.refresh_from_db()
    assert (submission.status, submission.correction_rounds) == (Status.CORRECTION_REQUESTED, 0)


def test_only_the_applicant_may_resubmit(citizen):
    from yakuba.identity.tests.factories import CitizenFactory

    submission = _correcting(make_procedure(), citizen)

    with pytest.raises(PermissionDenied):
        corrections.resubmit_corrected(CitizenFactory(), submission)


def test_resubmission_outside_a_correction_is_refused(citizen):
    submission = make_submission(make_procedure(), applicant=citizen)

    with pytest.raises(ValidationError) as refused:
        corrections.resubmit_corrected(citizen, submission)

    assert refused.value.code == "not_correcting"


def test_card_level_needs_a_signature_over_the_corrected_answers(demo):
    user, _person, card = citizen_with_card()
    submission = _correcting(card_procedure(), user)
    choice = next(t for t, label in signing.card_choices() if card.card_number[-4:] in label)

    with pytest.raises(ValidationError) as unsigned:
        corrections.resubmit_corrected(user, submission)
    assert unsigned.value.code == "signature_required"

    signed_before = signing.sign_with_card(user, submission, card_choice=choice, pin=SIGN_PIN)
    submission.answers = {**submission.answers, "dog_name": "タロ"}
    submission.save()
    with pytest.raises(ValidationError) as stale:
        corrections.resubmit_corrected(user, submission, signature=signed_before)
    assert stale.value.code == "signature_stale"

    signed = signing.sign_with_card(user, submission, card_choice=choice, pin=SIGN_PIN)
    corrections.resubmit_corrected(user, submission, signature=signed)

    submission.refresh_from_db()
    assert (submission.status, submission.correction_rounds) == (Status.REVIEWING, 1)
    assert bytes(SubmissionSignature.objects.get(submission=submission).signed_data) == (
        signing.signing_payload(submission)
    )
