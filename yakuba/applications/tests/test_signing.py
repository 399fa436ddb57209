"""The card signature of an application: the payload, signing with the emulated card,
verification and the refusals (tampering, another person's card, revoked certificate)."""

from __future__ import annotations

import json

import pytest

from yakuba.applications.models import Attachment, SubmissionSignature
from yakuba.applications.services import signing
from yakuba.applications.tests.factories import SMALL_ANSWERS
from yakuba.jpki.services import revoke_certificates

from .factories_mine import (
    SIGN_PIN,
    card_procedure,
    citizen_with_card,
    draft_of,
    issue_card,
    jpki_dir,  # noqa: F401  (fixture)
    resident,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jpki_dir")]


def _token_of(card_number: str) -> str:
    return next(
        token for token, label in signing.card_choices() if label.endswith(f"{card_number[-4:]}）")
    )


@pytest.fixture
def demo(settings):
    settings.YAKUBA_JPKI_DEMO = True


@pytest.fixture
def hanako():
    return citizen_with_card()


@pytest.fixture
def draft(hanako):
    user, _person, _card = hanako
    return draft_of(card_procedure(code="dog-registration"), user)


def test_payload_is_canonical_sorted_compact_utf8_json(draft):
    Attachment.objects.create(
        submission=draft,
        field_key="documents",
        original_name="写真.png",
        content_type="image/png",
        size=10,
        sha256="a" * 64,
        storage_name="s1",
    )

    data = signing.signing_payload(draft)

    expected = {
        "answers": SMALL_ANSWERS,
        "attachments": [["documents", "写真.png", "a" * 64]],
        "form_version": 1,
        "procedure": "dog-registration",
        "submission": draft.draft_key,
    }
    assert data == json.dumps(
        expected, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")
    assert data.startswith(b'{"answers":{"consent":true,"dog_name":"\xe3\x83\x9d\xe3\x83\x81",')
    assert b" :" not in data and b", " not in data


def test_payload_is_the_same_for_the_same_content_and_drops_hidden_fields(draft):
    draft.answers = {**SMALL_ANSWERS, "has_dog": "no"}
    draft.save()

    first = signing.signing_payload(draft)
    draft.answers = dict(reversed(list(draft.answers.items())))
    second = signing.signing_payload(draft)

    assert first == second
    assert "dog_name" not in json.loads(first)["answers"]
    assert json.loads(first)["answers"]["has_dog"] == "no"


def test_payload_names_the_reference_once_submitted(draft):
    draft.status, draft.reference = "received", "2026-000777"

    assert json.loads(signing.signing_payload(draft))["submission"] == "2026-000777"


def test_signing_with_the_emulated_card_verifies_as_the_applicant(demo, hanako, draft):
    user, person, card = hanako

    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )

    assert (verified.is_valid, verified.reason, verified.message) == (
        True,
        "valid",
        "有効な署名です。",
    )
    assert (verified.signer_name, verified.signer_person_id) == ("村山 花子", person.pk)
    assert verified.signed_data == signing.signing_payload(draft)
    again = signing.verify_submission_signature(draft, verified.signature)
    assert (again.is_valid, again.reason) == (True, "valid")


def test_changed_answers_after_signing_are_refused_as_tampered(demo, hanako, draft):
    user, _person, card = hanako
    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )
    draft.answers = {**draft.answers, "dog_name": "タロ"}

    verdict = signing.verify_submission_signature(draft, verified.signature)

    assert (verdict.is_valid, verdict.reason) == (False, "tampered")
    assert verdict.message == "署名の後で文書が変更されています（改ざんの可能性があります）。"


def test_a_valid_signature_of_another_person_is_refused(demo, hanako, draft):
    user, _person, _card = hanako
    other = resident("武蔵", "次郎", given_name_kana="ジロウ")
    other_card = issue_card(other)

    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(other_card.card_number), pin=SIGN_PIN
    )

    assert (verified.is_valid, verified.reason) == (False, "not_applicant")
    assert verified.signer_person_id == other.pk
    assert verified.message == (
        "申請者ご本人のマイナンバーカードの署名ではありません。ご自身のカードで署名してください。"
    )


def test_an_applicant_without_a_linked_resident_cannot_sign_validly(demo, hanako):
    from yakuba.identity.tests.factories import CitizenFactory

    _user, _person, card = hanako
    stranger = CitizenFactory()
    draft = draft_of(card_procedure(), stranger)

    verified = signing.sign_with_card(
        stranger, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )

    assert (verified.is_valid, verified.reason) == (False, "not_applicant")


def test_a_revoked_certificate_is_refused(demo, hanako, draft):
    user, _person, card = hanako
    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")

    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )

    assert (verified.is_valid, verified.reason) == (False, "revoked")


def test_wrong_pin_tells_the_tries_left_then_locks(demo, hanako, draft):
    user, _person, card = hanako
    token = _token_of(card.card_number)

    with pytest.raises(signing.SigningError) as first:
        signing.sign_with_card(user, draft, card_choice=token, pin="WRONG1")
    assert (first.value.code, first.value.remaining) == ("wrong_pin", 4)
    assert first.value.message == "暗証番号が違います。あと4回間違えるとロックされます。"
    for _ in range(4):
        with pytest.raises(signing.SigningError):
            signing.sign_with_card(user, draft, card_choice=token, pin="WRONG1")
    with pytest.raises(signing.SigningError) as locked:
        signing.sign_with_card(user, draft, card_choice=token, pin=SIGN_PIN)

    assert locked.value.code == "pin_locked"
    assert "ロックされています" in locked.value.message


def test_an_unknown_card_choice_is_refused(demo, hanako, draft):
    user, _person, _card = hanako

    with pytest.raises(signing.SigningError) as refused:
        signing.sign_with_card(user, draft, card_choice="nope", pin=SIGN_PIN)

    assert refused.value.code == "no_card"


def test_only_the_applicant_may_sign_their_draft(demo, hanako, draft):
    from django.http import Http404

    from yakuba.identity.tests.factories import CitizenFactory

    _user, _person, card = hanako
    with pytest.raises(Http404):
        signing.sign_with_card(
            CitizenFactory(), draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
        )


def test_card_list_is_empty_outside_demo_mode(settings, hanako):
    settings.YAKUBA_JPKI_DEMO = False

    assert signing.card_choices() == []


def _stored(draft, verified):
    return SubmissionSignature.objects.create(
        submission=draft, **signing.signature_fields(verified)
    )


def test_verify_again_shows_a_certificate_revoked_since(demo, hanako, draft):
    user, _person, card = hanako
    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )
    _stored(draft, verified)
    assert signing.verify_again(draft).reason == "valid"

    revoke_certificates(None, card.card_id, kinds=["sign"], reason="lost")
    again = signing.verify_again(draft)

    assert (again.is_valid, again.reason) == (False, "revoked")


def test_verify_again_after_submission_rebuilds_the_draft_payload(demo, hanako, draft):
    user, _person, card = hanako
    verified = signing.sign_with_card(
        user, draft, card_choice=_token_of(card.card_number), pin=SIGN_PIN
    )
    _stored(draft, verified)
    draft.reference = "2026-000778"

    assert signing.verify_again(draft).reason == "valid"

    draft.answers = {**draft.answers, "name": "別人"}
    changed = signing.verify_again(draft)
    assert (changed.is_valid, changed.reason) == (False, "tampered")


def test_verify_again_without_a_signature_is_none(draft):
    assert signing.verify_again(draft) is None
