"""The My Number card signature of an application (identity level ``card``).

What is signed — :func:`signing_payload` — is the canonical UTF-8 JSON of::

    {"attachments": [[field_key, original_name, sha256], …],   # in attachment id order
     "answers": {…},             # the answers, fields hidden by ui:showIf left out
     "form_version": 3,          # FormVersion.number
     "procedure": "juminhyo",    # Procedure.code
     "submission": "2026-000123" or the draft key (before the first submission)}

serialised with ``json.dumps(payload, ensure_ascii=False, sort_keys=True,
separators=(",", ":"))`` and encoded in UTF-8: no spaces, keys sorted, Japanese as is.
Staff and auditors can rebuild these bytes from the stored submission and compare them
with ``SubmissionSignature.signed_data`` (see docs/modules/applications-mine.md).

* :func:`sign_with_card` — the demo / counter emulated reader signs the payload after the
  署名用 PIN (6–16 characters) and the signature is verified at once;
* :func:`verify_submission_signature` — a signature made elsewhere (the JPKI client
  software on the citizen's device: CMS DER) checked against the payload, refusing a valid
  signature of anyone but the applicant's own linked resident;
* :func:`verify_again` — staff pages re-check the stored signature now (a certificate
  revoked since the submission shows as revoked);
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from yakuba.jpki.readers import CardReaderError, PinLockedError, WrongPinError, get_reader
from yakuba.jpki.services import sign_document, verify_document_signature
from yakuba.residents.queries import linked_person_id

from ..models import Attachment, Submission, SubmissionSignature
from ..schema import FormDefinition, clean_answers

#: The 署名用 PIN as typed (the card checks the rest): 6–16 characters.
PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 16


class SigningError(Exception):
    """The card could not sign: ``code`` (``wrong_pin``, ``pin_locked``, ``card_not_present``,
    ``certificate_missing``, ``reader_error``, ``no_card``), a Japanese ``message`` and, for a
    wrong PIN, the ``remaining`` tries."""

    def __init__(self, code: str, message: str, remaining: int | None = None) -> None:
        self.code = code
        self.message = str(message)
        self.remaining = remaining
        super().__init__(self.message)


@dataclass(frozen=True)
class VerifiedSignature:
    """A signature of a submission's payload and the verdict on it."""

    is_valid: bool
    reason: str
    message: str
    signer_name: str
    certificate_serial: str
    signer_person_id: int | None
    signed_at: datetime.datetime | None
    signed_data: bytes
    signature: bytes
    verified_at: datetime.datetime


# ----------------------------------------------------------------------------- the payload


def visible_answers(version: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as the form engine keeps them: without the fields their ``ui:showIf``
    hides, unknown keys and empty values (``schema.clean_answers``)."""
    return clean_answers(FormDefinition.of(version), answers)


def payload_key(submission: Submission) -> str:
    """What names the submission in the payload: its reference, or the draft key before the
    first submission."""
    return submission.reference or submission.draft_key


def signing_payload(submission: Submission, *, key: str | None = None) -> bytes:
    """The canonical bytes the applicant signs (module docstring).  ``key`` replaces the
    reference-or-draft-key (to rebuild the payload of a signature made as a draft)."""
    version = submission.form_version
    attachments = [
        [field, name, digest]
        for field, name, digest in Attachment.objects.filter(submission=submission)
        .order_by("pk")
        .values_list("field_key", "original_name", "sha256")
    ]
    payload = {
        "procedure": submission.procedure.code,
        "form_version": version.number,
        "submission": key if key is not None else payload_key(submission),
        "answers": visible_answers(version, submission.answers or {}),
        "attachments": attachments,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


# ----------------------------------------------------------------------------- verification


def _verdict(
    submission: Submission,
    data: bytes,
    signature: bytes,
    now: datetime.datetime,
) -> VerifiedSignature:
    verdict = verify_document_signature(data, signature, now=now)
    valid, reason, message = verdict.valid, verdict.reason, verdict.message
    if valid:
        applicant_person = linked_person_id(submission.applicant) if submission.applicant else None
        if applicant_person is None or verdict.person_id != applicant_person:
            valid, reason = False, "not_applicant"
            message = _(
                "申請者ご本人のマイナンバーカードの署名ではありません。"
                "ご自身のカードで署名してください。"
            )
    return VerifiedSignature(
        is_valid=valid,
        reason=reason,
        message=str(message),
        signer_name=verdict.signer_name,
        certificate_serial=verdict.certificate_serial,
        signer_person_id=verdict.person_id,
        signed_at=verdict.signed_at,
        signed_data=data,
        signature=bytes(signature),
        verified_at=now,
    )


def verify_submission_signature(
    submission: Submission, signature_der: bytes, *, now: datetime.datetime | None = None
) -> VerifiedSignature:
    """Verify ``signature_der`` (detached CMS) over the submission's current payload."""
    return _verdict(
        submission, signing_payload(submission), bytes(signature_der), now or timezone.now()
    )


def verify_again(
    submission: Submission, *, now: datetime.datetime | None = None
) -> VerifiedSignature | None:
    """Re-verify the stored signature now (``None`` when the submission has none).

    The stored CMS is checked against the stored signed bytes (revocation and expiry as of
    now), and those bytes against the submission as it is (rebuilt with the key the
    signature named): answers changed after signing show as ``tampered``."""
    stored = SubmissionSignature.objects.filter(submission=submission).first()
    if stored is None:
        return None
    now = now or timezone.now()
    data = bytes(stored.signed_data)
    result = _verdict(submission, data, bytes(stored.signature), now)
    try:
        key = json.loads(data.decode("utf-8")).get("submission")
    except (UnicodeDecodeError, ValueError, AttributeError):
        key = None
    if result.reason != "malformed" and (
        not isinstance(key, str) or signing_payload(submission, key=key) != data
    ):
        return VerifiedSignature(
            **{
                **result.__dict__,
                "is_valid": False,
                "reason": "tampered",
                "message": _("署名の後で申請内容が変更されています（改ざんの可能性があります）。"),
            }
        )
    return result


# ----------------------------------------------------------------------------- the emulated card


def _slot_token(handle: str) -> str:
    """What the page sends for a card: a keyed hash of the reader's handle, never the handle."""
    return salted_hmac("yakuba.applications.card-slot", handle, algorithm="sha256").hexdigest()[:24]


def demo_signing_enabled() -> bool:
    """Whether the sign page lists the emulated cards (``YAKUBA_JPKI_DEMO``)."""
    return bool(settings.YAKUBA_JPKI_DEMO)


def card_choices() -> list[tuple[str, str]]:
    """The cards on the (emulated) reader as (radio value, masked label), demo mode only."""
    if not demo_signing_enabled():
        return []
    return [(_slot_token(slot.handle), slot.label) for slot in get_reader().cards()]


def _own_submission(user: Any, submission: Submission) -> None:
    if (
        getattr(user, "kind", None) != "citizen"
        or submission.applicant_id is None
        or submission.applicant_id != user.pk
    ):
        raise Http404


def sign_with_card(
    user: Any,
    submission: Submission,
    *,
    card_choice: str,
    pin: str,
    now: datetime.datetime | None = None,
) -> VerifiedSignature:
    """Have the chosen emulated card sign the payload after the 署名用 PIN, then verify it.

    Raises :class:`SigningError` (wrong PIN with the tries left, locked PIN, no such card …);
    returns the verdict (which may be invalid: revoked certificate, another person's card)."""
    _own_submission(user, submission)
    if not demo_signing_enabled():
        raise PermissionDenied
    now = now or timezone.now()
    reader = get_reader()
    handles = {_slot_token(slot.handle): slot.handle for slot in reader.cards()}
    handle = handles.get(card_choice)
    if handle is None:
        raise SigningError("no_card", _("カードを選んでください。"))
    data = signing_payload(submission)
    try:
        signature = sign_document(handle, pin, data, reader=reader, now=now)
    except WrongPinError as error:
        raise SigningError(error.code, error.message, error.remaining) from None
    except PinLockedError as error:
        raise SigningError(error.code, error.message, 0) from None
    except CardReaderError as error:
        raise SigningError(error.code, error.message) from None
    return _verdict(submission, data, signature, now)


# ----------------------------------------------------------------------------- the stored record


def signature_fields(verified: VerifiedSignature) -> dict[str, Any]:
    """The ``SubmissionSignature`` columns of a verdict."""
    return {
        "signed_data": verified.signed_data,
        "signature": verified.signature,
        "is_valid": verified.is_valid,
        "reason": verified.reason[:40],
        "signer_name": verified.signer_name[:200],
        "certificate_serial": verified.certificate_serial[:40],
        "signer_person_id": verified.signer_person_id,
        "signed_at": verified.signed_at,
        "verified_at": verified.verified_at,
    }
