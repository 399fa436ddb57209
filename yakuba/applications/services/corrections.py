"""The applicant's corrections after a 補正依頼 (the マイページ part).

While an application waits for a correction (status ``correction_requested``) its
applicant may change the answers page by page — :func:`save_correction_page`, with the
engine's page form like the filling part — and then resubmit it —
:func:`resubmit_corrected`: the answers must validate; a card-level application needs a
new valid signature of the applicant's own card over the corrected answers (the stored
``SubmissionSignature`` is replaced); the status move itself (補正依頼 → 審査中,
``correction_rounds`` + 1, new deadline, timeline, event) is the workflow service's
``resubmit_correction``.  Both run in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    Attachment,
    IdentityLevel,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionSignature,
)
from ..schema import FormDefinition, clean_answers, is_empty, validate_answers
from . import workflow
from .signing import VerifiedSignature, signature_fields, signing_payload


def _check_applicant(applicant: Any, submission: Submission) -> None:
    if (
        getattr(applicant, "kind", None) != "citizen"
        or not getattr(applicant, "pk", None)
        or submission.applicant_id != applicant.pk
    ):
        raise PermissionDenied


def _check_correcting(submission: Submission) -> None:
    if submission.status != Status.CORRECTION_REQUESTED:
        raise ValidationError(
            _("この申請は補正依頼中ではないため、修正できません。"), code="not_correcting"
        )


def _pairs(uploads: Any) -> list[tuple[str, Any]]:
    if isinstance(uploads, Mapping):
        return [
            (key, item)
            for key, files in uploads.items()
            for item in (files if isinstance(files, list | tuple) else [files])
        ]
    return list(uploads or [])


def _removed_ids(removed: Any) -> set[int]:
    if isinstance(removed, Mapping):
        return {int(pk) for ids in removed.values() for pk in ids}
    return {int(item[1] if isinstance(item, tuple | list) else item) for item in removed or []}


def save_correction_page(
    applicant: Any, submission: Submission, page_key: str, form: Any
) -> Submission:
    """Merge a valid page form (``page_answers``, ``uploads``, ``removed``) into the answers
    of an application waiting for a correction.  A refused file is raised afterwards as
    ``ValidationError({field key: [message]})``; the rest of the page is saved."""
    from .attachments import delete_attachment, store_upload

    _check_applicant(applicant, submission)
    _check_correcting(submission)
    definition = FormDefinition.of(submission.form_version)
    page = definition.page(page_key)
    file_keys = {key for key in page.fields if definition.fields[key].widget == "file"}
    upload_errors: dict[str, list[str]] = {}
    stored: dict[str, list[int]] = {}
    for field_key, uploaded in _pairs(getattr(form, "uploads", None)):
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
    removed = _removed_ids(getattr(form, "removed", None))
    for attachment in Attachment.objects.filter(
        submission_id=submission.pk, pk__in=removed, field_key__in=file_keys
    ):
        delete_attachment(attachment)
    page_answers = dict(getattr(form, "page_answers", None) or {})
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_applicant(applicant, locked)
        _check_correcting(locked)
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
        locked.answers = answers
        locked.save(update_fields=["answers", "updated"])
    submission.answers, submission.updated = locked.answers, locked.updated
    if upload_errors:
        raise ValidationError(upload_errors)
    return locked


def resubmit_corrected(
    applicant: Any, submission: Submission, *, signature: VerifiedSignature | None = None
) -> SubmissionEvent:
    """Resubmit the corrected application (補正依頼 → 審査中 through the workflow).

    ``ValidationError``: field errors ``{key: [messages]}`` when the answers do not
    validate; code ``signature_required`` / ``signature_invalid`` / ``signature_stale`` for
    a card-level application without a valid signature over the current answers."""
    _check_applicant(applicant, submission)
    _check_correcting(submission)
    definition = FormDefinition.of(submission.form_version)
    errors = validate_answers(
        definition, submission.answers or {}, language=submission.language or "ja"
    )
    if errors:
        raise ValidationError(errors)
    card = submission.identity_level == IdentityLevel.CARD
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.answers != submission.answers:
            raise ValidationError(
                _("申請内容が別の画面で変更されました。内容を確認してください。"), code="stale"
            )
        cleaned = clean_answers(definition, locked.answers or {})
        if cleaned != locked.answers:
            Submission.objects.filter(pk=locked.pk).update(answers=cleaned)
            submission.answers = cleaned
        if card:
            if signature is None:
                raise ValidationError(
                    _("マイナンバーカードで署名してから再提出してください。"),
                    code="signature_required",
                )
            if not signature.is_valid:
                raise ValidationError(signature.message, code="signature_invalid")
            if bytes(signature.signed_data) != signing_payload(submission):
                raise ValidationError(
                    _("署名の後で申請内容が変わりました。もう一度署名してください。"),
                    code="signature_stale",
                )
            SubmissionSignature.objects.update_or_create(
                submission=locked, defaults=signature_fields(signature)
            )
        return workflow.resubmit_correction(applicant, submission)
