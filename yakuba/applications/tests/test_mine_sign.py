"""The sign page of a card-level application, and the card-level resubmission."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from yakuba.applications.models import Status, SubmissionSignature
from yakuba.applications.services import signing, workflow
from yakuba.applications.tests.factories import make_submission, staff_in
from yakuba.identity.testing import login_citizen
from yakuba.jpki.services import revoke_certificates, sign_document

from .factories_mine import (
    SIGN_PIN,
    card_procedure,
    citizen_with_card,
    draft_of,
    jpki_dir,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jpki_dir")]


@pytest.fixture
def demo(settings):
    settings.YAKUBA_JPKI_DEMO = True


@pytest.fixture
def hanako():
    return citizen_with_card()


@pytest.fixture
def signed_in(client, hanako):
    return login_citizen(client, hanako[0])


@pytest.fixture
def draft(hanako):
    return draft_of(card_procedure(title="犬の登録申請"), hanako[0])


def sign_url(draft) -> str:
    return reverse("portal:applications:mine_sign", args=[draft.draft_key])


def token(card) -> str:
    return next(
        t for t, label in signing.card_choices() if label.endswith(f"{card.card_number[-4:]}）")
    )


def test_page_shows_what_will_be_signed_and_the_cards(demo, signed_in, draft, hanako):
    response = signed_in.get(sign_url(draft))

    content = response.content.decode()
    assert response.status_code == 200
    assert "マイナンバーカードで署名して申請" in content
    assert "ポチ" in content
    assert f"村○ 花○（****-****-{hanako[2].card_number[-4:]}）" in content
    assert 'type="password"' in content


def test_signing_submits_and_records_the_verdict(
    demo, signed_in, draft, hanako, django_capture_on_commit_callbacks
):
    from django.core import mail

    user, person, card = hanako

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(sign_url(draft), {"card": token(card), "pin": SIGN_PIN})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "portal:applications:filling_done", args=[draft.draft_key]
    )
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED
    stored = SubmissionSignature.objects.get(submission=draft)
    assert (stored.is_valid, stored.reason, stored.signer_name) == (True, "valid", "村山 花子")
    assert stored.signer_person_id == person.pk
    assert bytes(stored.signed_data) == signing.signing_payload(draft, key=draft.draft_key)
    assert signing.verify_again(draft).reason == "valid"
    assert [message.subject for message in mail.outbox] == [
        f"電子申請を受け付けました（{draft.reference}）"
    ]


def test_a_second_post_after_submission_lands_on_the_done_page(demo, signed_in, draft, hanako):
    signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": SIGN_PIN})

    again = signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": SIGN_PIN})

    assert again["Location"] == reverse("portal:applications:filling_done", args=[draft.draft_key])
    assert SubmissionSignature.objects.filter(submission=draft).count() == 1


def test_wrong_pin_shows_the_tries_left_and_submits_nothing(demo, signed_in, draft, hanako):
    response = signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": "WRONG1"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "暗証番号が違います。あと4回間違えるとロックされます。" in content
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not SubmissionSignature.objects.exists()


def test_a_too_short_pin_is_refused_without_reaching_the_card(demo, signed_in, draft, hanako):
    from yakuba.jpki.readers import get_reader

    response = signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": "AB1"})

    assert "署名用の暗証番号は6〜16文字で入力してください。" in response.content.decode()
    assert get_reader().remaining_tries(hanako[2].card_number, "sign") == 5


def test_a_locked_pin_is_explained(demo, signed_in, draft, hanako):
    for _ in range(5):
        signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": "WRONG1"})

    response = signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": SIGN_PIN})

    content = response.content.decode()
    assert "署名用電子証明書の暗証番号がロックされています。" in content
    assert "市役所の窓口で暗証番号の再設定をしてください。" in content


def test_a_revoked_certificate_is_refused_on_the_page(demo, signed_in, draft, hanako):
    revoke_certificates(None, hanako[2].card_id, kinds=["sign"], reason="lost")

    response = signed_in.post(sign_url(draft), {"card": token(hanako[2]), "pin": SIGN_PIN})

    assert response.status_code == 200
    assert "失効" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_another_citizens_draft_is_not_found(demo, client, draft):
    from yakuba.identity.tests.factories import CitizenFactory

    login_citizen(client, CitizenFactory())

    assert client.get(sign_url(draft)).status_code == 404


def test_outside_demo_mode_the_payload_is_shown_and_a_pasted_signature_submits(
    settings, signed_in, draft, hanako
):
    settings.YAKUBA_JPKI_DEMO = False
    payload = signing.signing_payload(draft)

    page = signed_in.get(sign_url(draft)).content.decode()
    assert base64.b64encode(payload).decode() in page
    assert "村○" not in page
    signature = sign_document(hanako[2].card_number, SIGN_PIN, payload)

    response = signed_in.post(sign_url(draft), {"signature": base64.b64encode(signature).decode()})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.RECEIVED


def test_outside_demo_mode_garbage_is_a_field_error(settings, signed_in, draft):
    settings.YAKUBA_JPKI_DEMO = False

    response = signed_in.post(sign_url(draft), {"signature": "not base64!"})

    assert "署名の形式が正しくありません（Base64）。" in response.content.decode()


def test_card_level_correction_is_signed_again(demo, signed_in, hanako):
    user, _person, card = hanako
    submission = make_submission(card_procedure(), applicant=user)
    workflow.request_correction(staff_in("shimin", "operator"), submission, "直してください。")
    resubmit = reverse("portal:applications:mine_resubmit", args=[submission.reference])

    unsigned = signed_in.post(resubmit, {"card": token(card), "pin": "WRONG1"})
    assert "あと4回" in unsigned.content.decode()
    done = signed_in.post(resubmit, {"card": token(card), "pin": SIGN_PIN})

    assert done["Location"] == reverse(
        "portal:applications:mine_detail", args=[submission.reference]
    )
    submission.refresh_from_db()
    assert (submission.status, submission.correction_rounds) == (Status.REVIEWING, 1)
    stored = SubmissionSignature.objects.get(submission=submission)
    assert stored.is_valid
    assert bytes(stored.signed_data) == signing.signing_payload(submission)
