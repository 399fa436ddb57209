"""Filling in an application form: drafts, pages, prefill, attachments, submission.

A submission is a **draft** from the moment the applicant starts (so a half-filled
multi-page form is never lost) and becomes 受付 when submitted:

* :func:`start_draft` — a new draft on the procedure's current published form version, or
  the applicant's existing draft of that procedure (a signed-in citizen's by account, an
  anonymous one by the ``draft_key`` kept in the browser's session); after a My Number
  card login the fields marked ``ui:prefill`` are filled from the citizen's own resident
  record and listed in ``prefilled_fields``;
* :func:`save_page` — one page's valid answers merged in, new files stored through
  :func:`~yakuba.applications.services.attachments.store_upload`, ticked files removed;
* :func:`keep_pending_input` — what was typed on a page that did not validate, kept per
  page so that nothing typed is lost (never passwords or files);
* :func:`submit_draft` — the whole form validated, then **one conditional UPDATE**
  ``status = draft → received``: a double click, the back button or two tabs submit it
  once; the loser gets the already submitted application back and nothing more happens.

Reads of a draft go through :func:`get_draft_for` (the account that owns it, or the
session that holds its anonymous ``draft_key``; anybody else gets 404).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_wareki
from yakuba.identity.permissions import is_citizen
from yakuba.residents.queries import linked_person_id, own_resident_facts

from .. import events
from ..models import (
    EventKind,
    FormVersion,
    IdentityLevel,
    Procedure,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionSignature,
)
from ..queries.forms import current_form_version
from ..schema import FormDefinition, clean_answers
from ..schema.definition import is_empty

#: Session key: the draft keys of anonymous drafts this browser started (newest last).
SESSION_DRAFT_KEYS = "applications.filling.draft_keys"
MAX_SESSION_DRAFTS = 20
#: Session key of jpki's card login (``"jpki"`` after a My Number card login).
SESSION_AUTH_METHOD = "yakuba_auth_method"
CARD_LOGIN = "jpki"

#: POST names never kept as pending input (buttons, tokens, secrets).
_NEVER_KEPT = ("csrfmiddlewaretoken", "action", "navigate")
#: A name part that marks a secret (``password``, ``card_pin`` …): never kept.
_SECRET_NAME = re.compile(r"(^|_)(password|passwd|pin|secret|token)(_|$)", re.IGNORECASE)
MAX_PENDING_KEYS = 300
MAX_PENDING_CHARS = 10_000

REFUSALS: dict[str, Any] = {
    "unpublished": _("この手続きは現在、電子申請を受け付けていません。"),
    "not_open": _("この手続きの受付は%(date)sから始まります。"),
    "closed": _("この手続きの受付は%(date)sで終了しました。"),
    "no_form": _("この手続きの申請フォームが公開されていません。"),
    "login_required": _("この手続きを申請するには、ログインしてください。"),
    "email_unverified": _("この手続きを申請するには、メールアドレスの確認を済ませてください。"),
    "not_editable": _("この申請は既に送信されているため、変更できません。"),
    "signature_required": _(
        "この手続きは、マイナンバーカードによる電子署名が必要です。署名してから送信してください。"
    ),
    "signature_invalid": _("電子署名を確認できませんでした。もう一度署名してください。"),
    "signature_stale": _(
        "署名の後で申請内容が変更されています。内容を確認して、もう一度署名してください。"
    ),
    "invalid": _("入力内容に問題があります。各ページの内容を確認してください。"),
}


def _refuse(code: str, **params: Any) -> ValidationError:
    return ValidationError(REFUSALS[code], code=code, params=params or None)


# ----------------------------------------------------------------------------- reads


def definition_of(submission: Submission) -> FormDefinition:
    """The form definition of the version the draft was started on."""
    return FormDefinition.of(submission.form_version)


def session_draft_keys(session: Mapping[str, Any] | None) -> list[str]:
    if session is None:
        return []
    keys = session.get(SESSION_DRAFT_KEYS) or []
    return [key for key in keys if isinstance(key, str)]


def _remember_draft_key(session: Any, draft_key: str) -> None:
    keys = [key for key in session_draft_keys(session) if key != draft_key]
    keys.append(draft_key)
    session[SESSION_DRAFT_KEYS] = keys[-MAX_SESSION_DRAFTS:]


def may_open(user: Any, session: Mapping[str, Any] | None, submission: Submission) -> bool:
    """The owner's account, or — for an anonymous draft — the session holding its key."""
    if submission.applicant_id is not None:
        return is_citizen(user) and user.pk == submission.applicant_id
    return submission.draft_key in session_draft_keys(session)


def get_draft_for(
    user: Any,
    session: Mapping[str, Any] | None,
    draft_key: str,
    *,
    drafts_only: bool = True,
) -> Submission:
    """The submission named ``draft_key`` if ``user``/``session`` owns it, else 404.

    ``drafts_only=False`` also finds it once submitted (the done page)."""
    submission = (
        Submission.objects.select_related("procedure", "form_version")
        .filter(draft_key=draft_key)
        .first()
    )
    if submission is None or not may_open(user, session, submission):
        raise Http404
    if drafts_only and submission.status != Status.DRAFT:
        raise Http404
    return submission


# ----------------------------------------------------------------------------- start


def check_accepting(procedure: Procedure, today: datetime.date | None = None) -> None:
    """Refuses when the procedure is unpublished or outside its window (at start and at
    submission: a draft cannot be sent after 受付終了)."""
    today = today or timezone.localdate()
    if not procedure.is_published:
        raise _refuse("unpublished")
    if procedure.opens_on and today < procedure.opens_on:
        raise _refuse("not_open", date=format_wareki(procedure.opens_on))
    if procedure.closes_on and today > procedure.closes_on:
        raise _refuse("closed", date=format_wareki(procedure.closes_on))


def check_open(procedure: Procedure, today: datetime.date | None = None) -> FormVersion:
    """The version new applications use, or a ValidationError saying why none can start."""
    check_accepting(procedure, today)
    version = current_form_version(procedure.pk)
    if version is None:
        raise _refuse("no_form")
    return version


def check_identity(user: Any, procedure: Procedure) -> None:
    """Refuses an applicant who cannot apply at the procedure's identity level."""
    if procedure.identity_level == IdentityLevel.NONE:
        return
    if not is_citizen(user):
        raise _refuse("login_required")
    if user.email_verified_at is None:
        raise _refuse("email_unverified")


def prefill_answers(user: Any, definition: FormDefinition) -> tuple[dict[str, Any], list[str]]:
    """Answers from the citizen's own resident record for the ``ui:prefill`` fields."""
    facts = own_resident_facts(user)
    if facts is None:
        return {}, []
    sources: dict[str, Any] = {
        "name": facts.name.strip(),
        "name_kana": facts.name_kana.strip(),
        "birth_date": facts.birth_date.isoformat() if facts.birth_date else "",
        # The registry holds no postal code: the applicant types it.
        "address": {"postal_code": "", "address": facts.postal_address}
        if facts.postal_address
        else {},
    }
    answers: dict[str, Any] = {}
    for key in definition.order:
        source = definition.fields[key].prefill
        value = sources.get(source) if source else None
        if value and not is_empty(value):
            answers[key] = value
    return answers, list(answers)


def has_linked_resident(user: Any) -> bool:
    """Whether the citizen's account is linked to a resident record (prefill and the card
    signature need it)."""
    return is_citizen(user) and linked_person_id(user) is not None


def find_draft(
    user: Any, session: Mapping[str, Any] | None, procedure: Procedure
) -> Submission | None:
    """The applicant's unsent draft of ``procedure`` (by account, or by this session's
    anonymous draft keys), or ``None``."""
    drafts = Submission.objects.filter(procedure=procedure, status=Status.DRAFT)
    if is_citizen(user):
        drafts = drafts.filter(applicant_id=user.pk)
    else:
        drafts = drafts.filter(draft_key__in=session_draft_keys(session), applicant__isnull=True)
    return drafts.order_by("-updated", "-pk").first()


def start_draft(
    user: Any,
    procedure: Procedure,
    *,
    session: Any,
    auth_method: str = "",
    language: str = "ja",
) -> Submission:
    """The applicant's draft of ``procedure``: an existing one, else a new one.

    Refuses (ValidationError with code ``unpublished``, ``not_open``, ``closed``,
    ``no_form``, ``login_required``, ``email_unverified``)."""
    version = check_open(procedure)
    check_identity(user, procedure)
    citizen = is_citizen(user)
    with transaction.atomic():
        if citizen:
            # Two tabs starting at once must not make two drafts: queue on the account row.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        existing = find_draft(user, session, procedure)
        if existing is not None:
            return existing
        definition = FormDefinition.of(version)
        answers: dict[str, Any] = {}
        prefilled: list[str] = []
        if citizen and auth_method == CARD_LOGIN:
            answers, prefilled = prefill_answers(user, definition)
        submission = Submission.objects.create(
            procedure=procedure,
            form_version=version,
            applicant=user if citizen else None,
            person_id=linked_person_id(user) if citizen else None,
            identity_level=procedure.identity_level if citizen else IdentityLevel.NONE,
            auth_method=auth_method if citizen else "",
            answers=answers,
            prefilled_fields=prefilled,
            current_page=definition.page_keys[0],
            language=(language or "ja")[:8],
            department_code=procedure.department_code,
        )
    if not citizen:
        _remember_draft_key(session, submission.draft_key)
    return submission


# ----------------------------------------------------------------------------- pages


def _check_editable(user: Any, submission: Submission) -> None:
    if submission.applicant_id is not None and not (
        is_citizen(user) and user.pk == submission.applicant_id
    ):
        raise PermissionDenied
    if submission.status != Status.DRAFT:
        raise _refuse("not_editable")


def _uploads(form: Any) -> list[tuple[str, Any]]:
    uploads = getattr(form, "uploads", None) or []
    if isinstance(uploads, Mapping):
        pairs: list[tuple[str, Any]] = []
        for key, files in uploads.items():
            for uploaded in files if isinstance(files, list | tuple) else [files]:
                pairs.append((key, uploaded))
        return pairs
    return list(uploads)


def _removed(form: Any) -> set[int]:
    removed = getattr(form, "removed", None) or []
    if isinstance(removed, Mapping):
        return {int(pk) for ids in removed.values() for pk in ids}
    ids: set[int] = set()
    for item in removed:
        ids.add(int(item[1] if isinstance(item, tuple | list) else item))
    return ids


def save_page(user: Any, submission: Submission, page_key: str, form: Any) -> Submission:
    """Merge a valid page into the draft.

    ``form`` is the engine's page form (``page_answers``, ``uploads``, ``removed``).  Files
    are stored one by one; a refused file does not stop the rest of the page being saved,
    and its refusal is raised afterwards as ``ValidationError({field key: [message]})``."""
    from ..models import Attachment
    from .attachments import delete_attachment, store_upload

    _check_editable(user, submission)
    definition = definition_of(submission)
    page = definition.page(page_key)
    file_keys = {key for key in page.fields if definition.fields[key].widget == "file"}

    # Removals first, so that replacing a file of a one-file field fits its limit.
    removed = _removed(form)
    for attachment in Attachment.objects.filter(
        submission_id=submission.pk, pk__in=removed, field_key__in=file_keys
    ):
        delete_attachment(attachment)

    upload_errors: dict[str, list[str]] = {}
    stored: dict[str, list[int]] = {}
    for field_key, uploaded in _uploads(form):
        item = definition.fields.get(field_key)
        if item is None or field_key not in file_keys:
            continue
        try:
            attachment = store_upload(
                submission,
                field_key,
                uploaded,
                accept=item.accept,
                max_bytes=item.max_bytes,
                max_items=item.max_items,
            )
        except ValidationError as error:
            upload_errors.setdefault(field_key, []).extend(error.messages)
        else:
            stored.setdefault(field_key, []).append(attachment.pk)

    page_answers = dict(getattr(form, "page_answers", None) or {})
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Status.DRAFT:
            raise _refuse("not_editable")
        answers = dict(locked.answers or {})
        for key in page.fields:
            if key in file_keys:
                current = [pk for pk in answers.get(key) or [] if pk not in removed]
                current += stored.get(key, [])
                if current:
                    answers[key] = current
                else:
                    answers.pop(key, None)
            elif key in page_answers and not is_empty(page_answers[key]):
                answers[key] = page_answers[key]
            else:
                answers.pop(key, None)
        pending = dict(locked.pending_input or {})
        pending.pop(page_key, None)
        locked.answers = answers
        locked.pending_input = pending
        locked.current_page = page_key
        locked.save(update_fields=["answers", "pending_input", "current_page", "updated"])
    if upload_errors:
        raise ValidationError(upload_errors)
    return locked


#: The engine's repeating-group buttons (``<key>__add``, ``<key>__delete_<n>``).
_GROUP_BUTTON = re.compile(r"__(add|delete_[0-9]+)$")


def _kept(name: str) -> bool:
    return (
        name not in _NEVER_KEPT and not _GROUP_BUTTON.search(name) and not _SECRET_NAME.search(name)
    )


def keep_pending_input(submission: Submission, page_key: str, raw_post: Any) -> Submission:
    """Keep what was typed on ``page_key`` although it did not validate (per page, as
    ``{name: [values]}``); passwords, PINs and tokens are never kept, nor files."""
    if submission.status != Status.DRAFT:
        raise _refuse("not_editable")
    typed: dict[str, list[str]] = {}
    getlist = getattr(raw_post, "getlist", None)
    for name in list(raw_post.keys())[:MAX_PENDING_KEYS]:
        if not _kept(name):
            continue
        values = getlist(name) if getlist else raw_post[name]
        if not isinstance(values, list | tuple):
            values = [values]
        typed[name] = [str(value)[:MAX_PENDING_CHARS] for value in values]
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status != Status.DRAFT:
            raise _refuse("not_editable")
        pending = dict(locked.pending_input or {})
        pending[page_key] = typed
        locked.pending_input = pending
        locked.current_page = page_key
        locked.save(update_fields=["pending_input", "current_page", "updated"])
    return locked


# ----------------------------------------------------------------------------- submit


def reference_for(submission_id: int, year: int) -> str:
    """受付番号: ``<year>-<6-digit zero-padded id>`` (``2026-000123``)."""
    return f"{year}-{submission_id:06d}"


def _snapshot_name(user: Any, definition: FormDefinition, answers: dict[str, Any]) -> str:
    keys = [key for key in definition.order if definition.fields[key].prefill == "name"]
    keys.append("name")
    for key in keys:
        value = answers.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:100]
    if is_citizen(user):
        return (user.display_name or "")[:100]
    return ""


def _snapshot_email(user: Any, definition: FormDefinition, answers: dict[str, Any]) -> str:
    if is_citizen(user) and user.email:
        return user.email
    for key in definition.order:
        value = answers.get(key)
        if definition.fields[key].widget == "email" and isinstance(value, str) and value:
            return value[:254]
    return ""


def _check_signature(submission: Submission, signature: Any) -> None:
    if signature is None:
        raise _refuse("signature_required")
    if not getattr(signature, "is_valid", False):
        raise _refuse("signature_invalid")
    try:
        from .signing import signing_payload
    except ImportError:  # pragma: no cover - the signing part not installed
        return
    if bytes(signature.signed_data) != signing_payload(submission):
        raise _refuse("signature_stale")


def _signature_row(submission_id: int, signature: Any) -> SubmissionSignature:
    return SubmissionSignature.objects.create(
        submission_id=submission_id,
        signed_data=bytes(signature.signed_data),
        signature=bytes(signature.signature),
        is_valid=bool(signature.is_valid),
        reason=str(signature.reason)[:40],
        signer_name=str(signature.signer_name or "")[:200],
        certificate_serial=str(signature.certificate_serial or "")[:40],
        signer_person_id=signature.signer_person_id,
        signed_at=signature.signed_at,
        verified_at=signature.verified_at or timezone.now(),
    )


def submit_draft(
    user: Any,
    submission: Submission,
    *,
    signature: Any = None,
    auth_method: str | None = None,
    now: datetime.datetime | None = None,
) -> Submission:
    """Submit the draft (受付) once; a second call returns the submitted application.

    Raises ``ValidationError`` with ``error_dict`` ``{field key: [messages]}`` when the
    answers are not valid (:func:`errors_by_page` groups them per page), and with a code
    (``login_required``, ``signature_required``, ``signature_invalid``,
    ``signature_stale``) when the applicant may not submit it as it is."""
    from ..schema import validate_answers

    if submission.applicant_id is not None and not (
        is_citizen(user) and user.pk == submission.applicant_id
    ):
        raise PermissionDenied
    for _attempt in range(5):
        current = Submission.objects.select_related("procedure", "form_version").get(
            pk=submission.pk
        )
        if current.status != Status.DRAFT:
            return current  # already submitted (double click, back button, another tab)
        procedure = current.procedure
        moment = now or timezone.now()
        today = timezone.localdate(moment)
        check_accepting(procedure, today)
        level = procedure.identity_level if current.applicant_id else IdentityLevel.NONE
        if procedure.identity_level != IdentityLevel.NONE and current.applicant_id is None:
            raise _refuse("login_required")
        definition = definition_of(current)
        errors = validate_answers(definition, current.answers or {}, language=current.language)
        if errors:
            raise ValidationError(errors)
        if level == IdentityLevel.CARD:
            _check_signature(current, signature)
        cleaned = clean_answers(definition, current.answers or {})
        values = {
            "status": Status.RECEIVED,
            "reference": reference_for(current.pk, today.year),
            "submitted_at": moment,
            "due_date": today + datetime.timedelta(days=procedure.handling_days),
            "applicant_name": _snapshot_name(user, definition, cleaned),
            "applicant_email": _snapshot_email(user, definition, cleaned),
            "auth_method": (auth_method if auth_method is not None else current.auth_method)[:20],
            "identity_level": level,
            "answers": cleaned,
            "pending_input": {},
            "updated": moment,
        }
        with transaction.atomic():
            # The one conditional UPDATE: only a draft unchanged since it was validated.
            changed = Submission.objects.filter(
                pk=current.pk, status=Status.DRAFT, updated=current.updated
            ).update(**values)
            if not changed:
                continue  # submitted meanwhile, or a page saved after the check: look again
            if signature is not None and level == IdentityLevel.CARD:
                _signature_row(current.pk, signature)
            event = SubmissionEvent.objects.create(
                submission_id=current.pk,
                kind=EventKind.SUBMITTED,
                from_status=Status.DRAFT,
                to_status=Status.RECEIVED,
                actor=user if is_citizen(user) else None,
                actor_name="申請者",
                visible_to_applicant=True,
            )
            _announce_after_commit(current.pk, event.pk)
        return Submission.objects.select_related("procedure", "form_version").get(pk=current.pk)
    raise _refuse("not_editable")  # pragma: no cover - the draft kept changing under us


def _announce_after_commit(submission_id: int, event_id: int) -> None:
    """``submission_submitted`` and ``submission_status_changed`` once the row is committed."""

    def send() -> None:
        events.submission_submitted.send(sender=Submission, submission_id=submission_id)
        events.submission_status_changed.send(
            sender=Submission,
            submission_id=submission_id,
            from_status=Status.DRAFT,
            to_status=Status.RECEIVED,
            event_id=event_id,
        )

    transaction.on_commit(send)


def errors_by_page(
    definition: FormDefinition, errors: Mapping[str, list[str]]
) -> dict[str, dict[str, list[str]]]:
    """``{page key: {field key: [messages]}}`` of :func:`submit_draft`'s field errors
    (a problem of the whole form goes to the first page)."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for key, messages in errors.items():
        try:
            page_key = definition.page_of(key)
        except KeyError:
            page_key = definition.page_keys[0]
        grouped.setdefault(page_key, {})[key] = [str(message) for message in messages]
    return grouped
