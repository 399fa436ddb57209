"""What the マイページ pages show of one application: its answers as label/value rows,
the status badge, and links into the filling part."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from ...models import Attachment, Status, Submission
from ...schema import FormDefinition, display_rows

#: Status → badge kind of ``components/tag.html`` (text is always shown: never colour alone).
STATUS_KIND = {
    Status.DRAFT: "",
    Status.RECEIVED: "info",
    Status.REVIEWING: "info",
    Status.CORRECTION_REQUESTED: "warning",
    Status.APPROVED: "success",
    Status.REJECTED: "error",
    Status.COMPLETED: "success",
    Status.WITHDRAWN: "",
}


def language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def status_kind(status: str) -> str:
    return STATUS_KIND.get(status, "")


def _text(row: Any) -> str:
    if row.rows:
        return "\n".join(
            f"{item.label}: "
            + " / ".join(f"{sub.label} {sub.text}" for sub in item.rows if not sub.empty)
            if item.rows
            else f"{item.label}: {item.text}"
            for item in row.rows
        )
    return row.text


def answer_rows(submission: Submission) -> list[tuple[str, str]]:
    """(label, text) of every answered field, in page order (hidden fields left out; the
    engine's ``display_rows``: 和暦, option titles, 〒 address, masked bank account)."""
    names = dict(
        Attachment.objects.filter(submission=submission).values_list("pk", "original_name")
    )
    rows = display_rows(
        FormDefinition.of(submission.form_version),
        submission.answers or {},
        language=language(),
        attachments=names,
        mask_bank=True,
    )
    return [(row.label, _text(row)) for row in rows if not row.empty]


def procedure_title(submission: Submission) -> str:
    procedure = submission.procedure
    if language() == "en" and procedure.title_en:
        return procedure.title_en
    return procedure.title


def continue_url(submission: Submission) -> str:
    """「続きから入力」: the filling part's page of the draft (its current page)."""
    page = submission.current_page or FormDefinition.of(submission.form_version).page_keys[0]
    for name, args in (
        ("portal:applications:filling_page", [submission.draft_key, page]),
        ("portal:applications:filling_page", [submission.draft_key]),
        ("portal:applications:filling_review", [submission.draft_key]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def done_url(submission: Submission) -> str:
    """Where a submitted application lands: the filling part's done page, else our detail."""
    for args in ([submission.draft_key], [submission.reference]):
        try:
            return reverse("portal:applications:filling_done", args=args)
        except NoReverseMatch:
            continue
    return reverse("portal:applications:mine_detail", args=[submission.reference])


def catalogue_url() -> str:
    """The catalogue part's start page ('' while it has none)."""
    for name in ("portal:applications:catalogue", "portal:applications:catalogue_index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""
