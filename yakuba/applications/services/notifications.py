"""E-mail to the applicant at every status change of their application.

``events.submission_status_changed`` → :mod:`yakuba.applications.handlers` enqueues
:func:`yakuba.applications.tasks.notify_status_change_task` (after commit: the event is
sent after commit) → :func:`send_status_mail` renders and sends one mail through the
``default`` mailer to ``Submission.applicant_email``, in the submission's language
(``ja``; ``en`` for an application made in English).

The mail says what changed — 受付 with the reference and the due date, 審査中, 補正依頼
with the staff's message, 承認, 却下 with the reason, 完了, 取下げ — and links to the
applicant's page of the application (sign-in required).  It never carries the answers:
only the applicant's name, the procedure and the reference.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from yakuba.core.japanese import format_date_both, format_wareki
from yakuba.core.services import get_municipality

from ..models import EventKind, Status, Submission, SubmissionEvent

#: Subjects per new status: (Japanese, English).
SUBJECTS: dict[str, tuple[str, str]] = {
    Status.RECEIVED: ("電子申請を受け付けました", "Your online application was received"),
    Status.REVIEWING: ("電子申請の審査を始めました", "Your online application is under review"),
    Status.CORRECTION_REQUESTED: (
        "電子申請の補正（修正）のお願い",
        "Please correct your online application",
    ),
    Status.APPROVED: ("電子申請が承認されました", "Your online application was approved"),
    Status.REJECTED: ("電子申請の審査結果のお知らせ", "The result of your online application"),
    Status.COMPLETED: ("電子申請の手続きが完了しました", "Your online application is completed"),
    Status.WITHDRAWN: ("電子申請を取り下げました", "Your online application was withdrawn"),
}


@dataclass(frozen=True)
class StatusMail:
    subject: str
    text: str
    html: str
    to: str
    language: str


def site_url(path: str) -> str:
    return f"{settings.YAKUBA_SITE_URL}{path}"


def _city_name(language: str) -> str:
    profile = get_municipality()
    if profile is None:
        return ""
    if language == "en":
        return getattr(profile, "name_en", "") or profile.name
    return profile.name


def status_mail(
    submission: Submission, to_status: str, event: SubmissionEvent | None
) -> StatusMail | None:
    """The mail for ``submission`` having moved to ``to_status`` (``None``: nothing to send)."""
    if to_status not in SUBJECTS or not submission.applicant_email or not submission.reference:
        return None
    language = "en" if (submission.language or "").startswith("en") else "ja"
    english = language == "en"
    city = _city_name(language)
    subject_ja, subject_en = SUBJECTS[to_status]
    subject = subject_en if english else subject_ja
    subject = (
        f"{subject} ({submission.reference})" if english else f"{subject}（{submission.reference}）"
    )
    if city:
        subject = f"[{city}] {subject}" if english else f"【{city}】{subject}"
    message = ""
    if event is not None and event.kind != EventKind.COMMENT:
        message = event.message
    procedure = submission.procedure
    context = {
        "name": submission.applicant_name,
        "reference": submission.reference,
        "procedure": (procedure.title_en or procedure.title) if english else procedure.title,
        "status": to_status,
        "due_date": (
            (
                format_wareki(submission.due_date, style="en")
                if english
                else format_date_both(submission.due_date)
            )
            if submission.due_date
            else ""
        ),
        "message": message,
        "detail_url": site_url(
            reverse("portal:applications:mine_detail", args=[submission.reference])
        ),
        "mine_url": site_url(reverse("portal:applications:mine_list")),
        "city": city,
        "english": english,
    }
    with override(language):
        text = render_to_string("applications/mail/status.txt", context)
        html = render_to_string("applications/mail/status.html", context)
    return StatusMail(subject, text, html, submission.applicant_email, language)


def send_status_mail(submission_id: int, to_status: str, event_id: int | None = None) -> int:
    """Send the status mail of one change; returns the number of mails sent (0 or 1)."""
    submission = Submission.objects.select_related("procedure").filter(pk=submission_id).first()
    if submission is None:
        return 0
    event = (
        SubmissionEvent.objects.filter(pk=event_id, submission_id=submission_id).first()
        if event_id
        else None
    )
    mail = status_mail(submission, to_status, event)
    if mail is None:
        return 0
    sender = (
        email.utils.formataddr((mail_city, settings.DEFAULT_FROM_EMAIL), charset="utf-8")
        if (mail_city := _city_name("ja"))
        else None
    )
    message = EmailMultiAlternatives(
        mail.subject,
        mail.text,
        sender,
        [mail.to],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": mail.language},
    )
    message.attach_alternative(mail.html, "text/html")
    return message.send(using="default")
