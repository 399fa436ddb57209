"""The printable PDF of one submission (A4), made by WeasyPrint from an HTML template
(``applications/inbox/submission_print.html``) with a Japanese font (Noto Sans CJK JP or
IPAex Gothic, from the system's fonts: ``tools/system-deps.sh``).

It shows the 受付番号, procedure, dates, applicant, answers, attachments, the signature
verdict (re-verified when printed) and the timeline.  The caller has checked who may
read the submission and recorded the access.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import IdentityLevel, Submission
from ..queries import inbox as queries


def signature_verdict(submission: Submission) -> dict[str, Any] | None:
    """The card signature re-verified now; ``None`` unless the level is card."""
    if submission.identity_level != IdentityLevel.CARD:
        return None
    try:
        from .signing import verify_again
    except ImportError:  # pragma: no cover - the signing service is there
        return {"available": False, "message": _("署名の検証機能を利用できません。")}
    verdict = verify_again(submission)
    if verdict is None:
        return {"available": False, "message": _("この申請には電子署名がありません。")}
    return {"available": True, "verdict": verdict}


def print_html(submission: Submission) -> str:
    return render_to_string(
        "applications/inbox/submission_print.html",
        {
            "submission": submission,
            "answers": queries.answer_rows(submission),
            "attachments": queries.attachments_of(submission),
            "signature": signature_verdict(submission),
            "timeline": queries.timeline_of(submission),
            "printed_at": timezone.localtime(),
        },
    )


def submission_pdf(submission: Submission) -> bytes:
    """The PDF bytes (A4, CJK font embedded)."""
    from weasyprint import HTML

    return HTML(string=print_html(submission)).write_pdf()
