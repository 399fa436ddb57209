"""services.filling: starting/resuming drafts, prefill, pending input, submission."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from yakuba.applications import events
from yakuba.applications.models import (
    EventKind,
    IdentityLevel,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionSignature,
)
from yakuba.applications.services import filling
from yakuba.identity.tests.factories import CitizenFactory
from yakuba.residents.services import link_citizen
from yakuba.residents.tests.factories import PersonFactory

from .factories import SMALL_ANSWERS, make_form_version, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    return make_procedure("dog-registration", handling_days=10)


@pytest.fixture
def received_signals():
    """The (signal name, kwargs) the module sent, in order."""
    seen: list[tuple[str, dict]] = []

    def on_submitted(sender, **kwargs):
        seen.append(("submission_submitted", {k: v for k, v in kwargs.items() if k != "signal"}))

    def on_changed(sender, **kwargs):
        seen.append(
            ("submission_status_changed", {k: v for k, v in kwargs.items() if k != "signal"})
        )

    events.submission_submitted.connect(on_submitted)
    events.submission_status_changed.connect(on_changed)
    yield seen
    events.submission_submitted.disconnect(on_submitted)
    events.submission_status_changed.disconnect(on_changed)


def start(user, procedure, session=None, auth_method="password"):
    return filling.start_draft(
        user,
        procedure,
        session={} if session is None else session,
        auth_method=auth_method,
        language="ja",
    )


def with_answers(submission, answers):
    Submission.objects.filter(pk=submission.pk).update(answers=answers)
    submission.refresh_from_db()
    return submission


# ----------------------------------------------------------------------------- start


def test_citizen_gets_a_draft_on_the_current_published_version(citizen, procedure):
    make_form_version(procedure)  # version 2, published: the current one
    make_form_version(procedure, published=False)  # a draft version is never used

    submission = start(citizen, procedure)

    assert submission.status == Status.DRAFT
    assert submission.form_version.number == 2
    assert submission.applicant == citizen
    assert submission.identity_level == IdentityLevel.ACCOUNT
    assert submission.department_code == "shimin"
    assert submission.current_page == "applicant"
    assert submission.answers == {}
    assert submission.prefilled_fields == []
    assert submission.reference is None


def test_citizen_with_a_draft_gets_it_back(citizen, procedure):
    first = start(citizen, procedure)

    again = start(citizen, procedure)

    assert again.pk == first.pk
    assert Submission.objects.count() == 1


def test_another_citizen_gets_a_draft_of_their_own(citizen, procedure):
    first = start(citizen, procedure)

    other = start(CitizenFactory(), procedure)

    assert other.pk != first.pk


def test_submitted_application_is_not_resumed(citizen, procedure):
    first = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    filling.submit_draft(citizen, first)

    second = start(citizen, procedure)

    assert second.pk != first.pk
    assert second.status == Status.DRAFT


def test_anonymous_draft_is_found_by_the_key_in_the_session():
    procedure = make_procedure(identity_level=IdentityLevel.NONE)
    session: dict = {}

    first = start(AnonymousUser(), procedure, session, auth_method="")
    again = start(AnonymousUser(), procedure, session, auth_method="")
    other_browser = start(AnonymousUser(), procedure, {}, auth_method="")

    assert first.applicant is None
    assert first.identity_level == IdentityLevel.NONE
    assert session[filling.SESSION_DRAFT_KEYS] == [
        first.draft_key,
    ]
    assert again.pk == first.pk
    assert other_browser.pk != first.pk


@pytest.mark.parametrize("level", [IdentityLevel.ACCOUNT, IdentityLevel.CARD])
def test_anonymous_may_not_start_an_identified_procedure(level):
    procedure = make_procedure(identity_level=level)

    with pytest.raises(ValidationError) as refused:
        start(AnonymousUser(), procedure)

    assert refused.value.code == "login_required"
    assert Submission.objects.count() == 0


def test_citizen_with_unconfirmed_email_is_refused(procedure):
    unconfirmed = CitizenFactory(email_verified_at=None)

    with pytest.raises(ValidationError) as refused:
        start(unconfirmed, procedure)

    assert refused.value.code == "email_unverified"


def test_card_level_procedure_starts_for_a_signed_in_citizen(citizen):
    procedure = make_procedure(identity_level=IdentityLevel.CARD)

    submission = start(citizen, procedure)

    assert submission.identity_level == IdentityLevel.CARD


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"published": False}, "unpublished", "この手続きは現在、電子申請を受け付けていません。"),
        (
            {"opens_on": datetime.date(2099, 4, 1)},
            "not_open",
            "この手続きの受付は令和81年4月1日から始まります。",
        ),
        (
            {"closes_on": datetime.date(2020, 3, 31)},
            "closed",
            "この手続きの受付は令和2年3月31日で終了しました。",
        ),
    ],
)
def test_procedure_not_accepting_is_refused(citizen, fields, code, message):
    procedure = make_procedure(**fields)

    with pytest.raises(ValidationError) as refused:
        start(citizen, procedure)

    assert refused.value.code == code
    assert refused.value.messages == [message]


def test_procedure_without_published_form_is_refused(citizen, procedure):
    procedure.form_versions.all().delete()

    with pytest.raises(ValidationError) as refused:
        start(citizen, procedure)

    assert refused.value.code == "no_form"


# ----------------------------------------------------------------------------- prefill


def linked_resident(citizen):
    person = PersonFactory(resident_code="41111111199")
    link_citizen(citizen, person.resident_code, method="demo")
    return person


def test_card_login_fills_the_prefill_fields_from_the_resident_record(citizen, procedure):
    person = linked_resident(citizen)

    submission = start(citizen, procedure, auth_method="jpki")

    assert submission.answers == {"name": "山田 太郎", "name_kana": "ヤマダ タロウ"}
    assert submission.prefilled_fields == ["name", "name_kana"]
    assert submission.person_id == person.pk
    assert submission.auth_method == "jpki"


def test_birth_date_and_address_prefill(citizen):
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": "生年月日と住所",
        "properties": {
            "birth_date": {"type": "string", "title": "生年月日", "format": "date"},
            "address": {
                "type": "object",
                "title": "住所",
                "properties": {
                    "postal_code": {"type": "string", "pattern": "^[0-9]{3}-[0-9]{4}$"},
                    "address": {"type": "string", "minLength": 1, "maxLength": 200},
                    "building": {"type": "string", "maxLength": 100},
                },
                "required": ["postal_code", "address"],
                "additionalProperties": False,
            },
        },
        "required": ["birth_date", "address"],
        "additionalProperties": False,
    }
    ui = {
        "ui:order": ["birth_date", "address"],
        "birth_date": {"ui:widget": "date", "ui:prefill": "birth_date"},
        "address": {"ui:widget": "address", "ui:prefill": "address"},
    }
    procedure = make_procedure(schema=schema, ui_schema=ui)
    linked_resident(citizen)

    submission = start(citizen, procedure, auth_method="jpki")

    assert submission.answers["birth_date"] == "1970-03-01"
    assert submission.answers["address"]["postal_code"] == ""
    assert submission.answers["address"]["address"].startswith("本町一丁目")
    assert submission.prefilled_fields == ["birth_date", "address"]
    assert submission.current_page == "main"


def test_password_login_fills_nothing_but_links_the_resident(citizen, procedure):
    person = linked_resident(citizen)

    submission = start(citizen, procedure, auth_method="password")

    assert submission.answers == {}
    assert submission.prefilled_fields == []
    assert submission.person_id == person.pk


def test_card_login_without_linked_resident_fills_nothing(citizen, procedure):
    submission = start(citizen, procedure, auth_method="jpki")

    assert submission.answers == {}
    assert submission.person_id is None


# ----------------------------------------------------------------------------- reads


def test_owner_opens_the_draft_others_get_404(citizen, procedure):
    submission = start(citizen, procedure)

    assert filling.get_draft_for(citizen, {}, submission.draft_key).pk == submission.pk
    with pytest.raises(Http404):
        filling.get_draft_for(CitizenFactory(), {}, submission.draft_key)
    with pytest.raises(Http404):
        # Knowing the key is not enough for an account's draft.
        filling.get_draft_for(
            AnonymousUser(),
            {filling.SESSION_DRAFT_KEYS: [submission.draft_key]},
            submission.draft_key,
        )


def test_anonymous_draft_opens_only_in_its_session():
    procedure = make_procedure(identity_level=IdentityLevel.NONE)
    session: dict = {}
    submission = start(AnonymousUser(), procedure, session, auth_method="")

    assert filling.get_draft_for(AnonymousUser(), session, submission.draft_key).pk == submission.pk
    with pytest.raises(Http404):
        filling.get_draft_for(AnonymousUser(), {}, submission.draft_key)


# ----------------------------------------------------------------------------- pending input


class Post(dict):
    def getlist(self, key):
        value = self[key]
        return value if isinstance(value, list) else [value]


def test_pending_input_keeps_what_was_typed_but_no_secrets_or_buttons(citizen, procedure):
    submission = start(citizen, procedure)
    post = Post(
        csrfmiddlewaretoken="x",
        navigate="next",
        name="村山",
        name_kana="むらやま",
        email="not-an-email",
        card_pin="1234",
        password="secret",
        children__add="1",
        children__delete_2="1",
        shipping_note="配達",
        days=["mon", "tue"],
    )

    filling.keep_pending_input(submission, "applicant", post)

    submission.refresh_from_db()
    assert submission.pending_input == {
        "applicant": {
            "name": ["村山"],
            "name_kana": ["むらやま"],
            "email": ["not-an-email"],
            "shipping_note": ["配達"],
            "days": ["mon", "tue"],
        }
    }
    assert submission.current_page == "applicant"
    assert submission.answers == {}


def test_pending_input_of_a_submitted_application_is_refused(citizen, procedure):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    filling.submit_draft(citizen, submission)

    with pytest.raises(ValidationError) as refused:
        filling.keep_pending_input(submission, "applicant", Post(name="x"))

    assert refused.value.code == "not_editable"


def test_save_page_merges_answers_and_clears_that_pages_pending_input(citizen, procedure):
    submission = start(citizen, procedure)
    submission = with_answers(submission, {"has_dog": "no", "consent": True})
    filling.keep_pending_input(submission, "applicant", Post(name="村山"))
    filling.keep_pending_input(submission, "details", Post(has_dog="yes"))
    form = SimpleNamespace(
        page_answers={"name": "村山 花子", "name_kana": "ムラヤマ ハナコ"}, uploads={}, removed={}
    )

    saved = filling.save_page(citizen, submission, "applicant", form)

    assert saved.answers == {
        "name": "村山 花子",
        "name_kana": "ムラヤマ ハナコ",
        "has_dog": "no",
        "consent": True,
    }
    assert saved.pending_input == {"details": {"has_dog": ["yes"]}}


def test_save_page_removes_a_field_left_empty(citizen, procedure):
    submission = with_answers(start(citizen, procedure), {"name": "村山", "email": "a@example.jp"})
    form = SimpleNamespace(page_answers={"name": "村山"}, uploads={}, removed={})

    saved = filling.save_page(citizen, submission, "applicant", form)

    assert saved.answers == {"name": "村山"}


def test_save_page_of_a_sent_application_is_refused(citizen, procedure):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    stale = Submission.objects.get(pk=submission.pk)  # the other tab's copy
    filling.submit_draft(citizen, submission)
    form = SimpleNamespace(page_answers={"name": "後から"}, uploads={}, removed={})

    with pytest.raises(ValidationError) as refused:
        filling.save_page(citizen, stale, "applicant", form)

    assert refused.value.code == "not_editable"
    assert Submission.objects.get(pk=submission.pk).answers["name"] == "村山 花子"


def test_save_page_of_someone_elses_draft_is_refused(citizen, procedure):
    submission = start(citizen, procedure)
    form = SimpleNamespace(page_answers={"name": "他人"}, uploads={}, removed={})

    with pytest.raises(PermissionDenied):
        filling.save_page(CitizenFactory(), submission, "applicant", form)


# ----------------------------------------------------------------------------- submit


def test_submit_receives_the_application(
    citizen, procedure, received_signals, django_capture_on_commit_callbacks
):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        submitted = filling.submit_draft(citizen, submission, auth_method="password")

    today = timezone.localdate()
    assert submitted.status == Status.RECEIVED
    assert submitted.reference == f"{today.year}-{submission.pk:06d}"
    assert submitted.submitted_at >= before
    assert submitted.due_date == today + datetime.timedelta(days=10)
    assert submitted.applicant_name == "村山 花子"
    assert submitted.applicant_email == "hanako@example.jp"
    assert submitted.auth_method == "password"
    assert submitted.identity_level == IdentityLevel.ACCOUNT
    assert submitted.pending_input == {}
    event = SubmissionEvent.objects.get(submission=submitted)
    assert (event.kind, event.from_status, event.to_status) == (
        EventKind.SUBMITTED,
        Status.DRAFT,
        Status.RECEIVED,
    )
    assert event.actor == citizen
    assert event.visible_to_applicant is True
    assert received_signals == [
        ("submission_submitted", {"submission_id": submitted.pk}),
        (
            "submission_status_changed",
            {
                "submission_id": submitted.pk,
                "from_status": Status.DRAFT,
                "to_status": Status.RECEIVED,
                "event_id": event.pk,
            },
        ),
    ]


def test_reference_is_zero_padded_to_six_digits():
    assert filling.reference_for(123, 2026) == "2026-000123"
    assert filling.reference_for(1234567, 2027) == "2027-1234567"


def test_second_submit_returns_the_same_application_and_creates_nothing(
    citizen, procedure, received_signals, django_capture_on_commit_callbacks
):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    with django_capture_on_commit_callbacks(execute=True):
        first = filling.submit_draft(citizen, submission)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = filling.submit_draft(citizen, submission)  # the stale draft object again

    assert second.pk == first.pk
    assert second.reference == first.reference
    assert second.submitted_at == first.submitted_at
    assert callbacks == []
    assert SubmissionEvent.objects.filter(submission=first).count() == 1
    assert len(received_signals) == 2


def test_hidden_answers_are_dropped_at_submission(citizen, procedure):
    answers = {**SMALL_ANSWERS, "has_dog": "no", "dog_name": "ポチ"}
    submission = with_answers(start(citizen, procedure), answers)

    submitted = filling.submit_draft(citizen, submission)

    assert "dog_name" not in submitted.answers
    assert submitted.answers["has_dog"] == "no"


def test_invalid_answers_are_refused_per_field(citizen, procedure):
    answers = {"name": "村山 花子", "name_kana": "ムラヤマ ハナコ", "has_dog": "yes"}
    submission = with_answers(start(citizen, procedure), answers)

    with pytest.raises(ValidationError) as refused:
        filling.submit_draft(citizen, submission)

    errors = refused.value.message_dict
    assert set(errors) == {"dog_name", "consent"}
    definition = filling.definition_of(submission)
    assert set(filling.errors_by_page(definition, errors)) == {"details"}
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT
    assert SubmissionEvent.objects.count() == 0


def test_draft_cannot_be_sent_after_the_window_closed(citizen, procedure):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))
    procedure.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    procedure.opens_on = None
    procedure.save()

    with pytest.raises(ValidationError) as refused:
        filling.submit_draft(citizen, submission)

    assert refused.value.code == "closed"
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT


def test_someone_else_may_not_submit_a_citizens_draft(citizen, procedure):
    submission = with_answers(start(citizen, procedure), dict(SMALL_ANSWERS))

    with pytest.raises(PermissionDenied):
        filling.submit_draft(CitizenFactory(), submission)
    with pytest.raises(PermissionDenied):
        filling.submit_draft(AnonymousUser(), submission)


def test_anonymous_application_is_submitted_without_an_account(
    received_signals, django_capture_on_commit_callbacks
):
    procedure = make_procedure(identity_level=IdentityLevel.NONE)
    submission = with_answers(
        start(AnonymousUser(), procedure, {}, auth_method=""), dict(SMALL_ANSWERS)
    )

    with django_capture_on_commit_callbacks(execute=True):
        submitted = filling.submit_draft(AnonymousUser(), submission)

    assert submitted.status == Status.RECEIVED
    assert submitted.applicant is None
    assert submitted.identity_level == IdentityLevel.NONE
    assert submitted.applicant_name == "村山 花子"
    assert submitted.applicant_email == "hanako@example.jp"  # from the e-mail field
    assert SubmissionEvent.objects.get().actor is None
    assert [name for name, _kwargs in received_signals] == [
        "submission_submitted",
        "submission_status_changed",
    ]


# ----------------------------------------------------------------------------- card level


def card_signature(submission, *, is_valid=True, signed_data=None):
    from yakuba.applications.services.signing import signing_payload

    now = timezone.now()
    return SimpleNamespace(
        is_valid=is_valid,
        reason="valid" if is_valid else "revoked",
        signer_name="山田 太郎",
        certificate_serial="1234ABCD",
        signer_person_id=77,
        signed_at=now,
        signed_data=signing_payload(submission) if signed_data is None else signed_data,
        signature=b"\x30\x82cms",
        verified_at=now,
    )


@pytest.fixture
def card_draft(citizen):
    procedure = make_procedure(identity_level=IdentityLevel.CARD)
    return with_answers(start(citizen, procedure, auth_method="jpki"), dict(SMALL_ANSWERS))


def test_card_level_without_signature_is_refused(citizen, card_draft):
    with pytest.raises(ValidationError) as refused:
        filling.submit_draft(citizen, card_draft)

    assert refused.value.code == "signature_required"
    card_draft.refresh_from_db()
    assert card_draft.status == Status.DRAFT


def test_card_level_with_an_invalid_signature_is_refused(citizen, card_draft):
    with pytest.raises(ValidationError) as refused:
        filling.submit_draft(
            citizen, card_draft, signature=card_signature(card_draft, is_valid=False)
        )

    assert refused.value.code == "signature_invalid"
    assert SubmissionSignature.objects.count() == 0


def test_card_level_signature_of_other_content_is_refused(citizen, card_draft):
    stale = card_signature(card_draft, signed_data=b'{"answers":{}}')

    with pytest.raises(ValidationError) as refused:
        filling.submit_draft(citizen, card_draft, signature=stale)

    assert refused.value.code == "signature_stale"


def test_card_level_with_a_valid_signature_stores_it(citizen, card_draft):
    signature = card_signature(card_draft)

    submitted = filling.submit_draft(citizen, card_draft, signature=signature, auth_method="jpki")

    assert submitted.status == Status.RECEIVED
    assert submitted.identity_level == IdentityLevel.CARD
    stored = SubmissionSignature.objects.get(submission=submitted)
    assert bytes(stored.signed_data) == signature.signed_data
    assert bytes(stored.signature) == b"\x30\x82cms"
    assert (stored.is_valid, stored.reason, stored.signer_name, stored.certificate_serial) == (
        True,
        "valid",
        "山田 太郎",
        "1234ABCD",
    )
    assert stored.signer_person_id == 77
