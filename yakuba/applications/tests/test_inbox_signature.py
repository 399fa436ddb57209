"""The staff page re-verifies a card signature each time it is shown: valid today, then
revoked or tampered with since submission."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from yakuba.applications.models import Status, SubmissionSignature
from yakuba.applications.services import signing
from yakuba.applications.tests.factories import staff_in
from yakuba.identity.testing import login_staff
from yakuba.jpki.services import revoke_certificates

from .factories_mine import (
    SIGN_PIN,
    card_procedure,
    citizen_with_card,
    draft_of,
    jpki_dir,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jpki_dir")]


@pytest.fixture
def signed(settings):
    """A card-level submission, signed with the applicant's emulated card and submitted."""
    settings.YAKUBA_JPKI_DEMO = True
    user, _person, card = citizen_with_card()
    draft = draft_of(card_procedure(department_code="shimin"), user)
    token = next(
        token
        for token, label in signing.card_choices()
        if label.endswith(f"{card.card_number[-4:]}）")
    )
    verified = signing.sign_with_card(user, draft, card_choice=token, pin=SIGN_PIN)
    assert verified.is_valid
    SubmissionSignature.objects.create(submission=draft, **signing.signature_fields(verified))
    now = timezone.now()
    draft.status = Status.RECEIVED
    draft.reference = f"{now.year}-777001"
    draft.submitted_at = now
    draft.due_date = timezone.localdate() + datetime.timedelta(days=14)
    draft.save()
    return draft, card


def _verdict(client, submission) -> str:
    page = client.get(reverse("console:applications:submission_detail", args=[submission.pk]))
    assert page.status_code == 200
    match = re.search(r'data-testid="signature-verdict">(.*?)</dd>', page.content.decode(), re.S)
    assert match is not None
    return re.sub(r"<[^>]+>", " ", match.group(1))


def test_a_valid_signature_shows_valid_with_the_signer(client, signed):
    submission, card = signed
    text = _verdict(login_staff(client, staff_in("shimin", "viewer")), submission)
    assert "有効" in text
    assert "有効な署名です。" in text
    assert "村山 花子" in text


def test_a_certificate_revoked_since_shows_invalid(client, signed):
    submission, card = signed
    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")
    text = _verdict(login_staff(client, staff_in("shimin", "viewer")), submission)
    assert "無効" in text
    assert "有効な署名です。" not in text


def test_answers_changed_after_signing_show_tampered(client, signed):
    submission, _card = signed
    submission.answers = {**submission.answers, "dog_name": "タロ"}
    submission.save()
    text = _verdict(login_staff(client, staff_in("shimin", "viewer")), submission)
    assert "無効" in text
    assert "署名の後で申請内容が変更されています（改ざんの可能性があります）。" in text
