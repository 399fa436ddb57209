"""A submission (申請): one applicant's answers to one form version, and its workflow.

A submission starts as a **draft** the moment an applicant opens the form (so a half-filled
multi-page form is never lost), and becomes 受付 when submitted.  Submitting is one
conditional UPDATE of the draft (``status = draft`` → ``received``), so a double click or
the back button can submit it only once.  Statuses, from the staff workflow:

    draft ─submit→ received 受付 ─→ reviewing 審査中 ─→ approved 承認 ─→ completed 完了
                        │               │   ↑                └─→ (no other way out)
                        │               ↓   │ applicant resubmits
                        │        correction_requested 補正依頼
                        └──────────→ rejected 却下 (also from 審査中)
    withdrawn 取下げ: the applicant, while received / reviewing / correction_requested.

``TRANSITIONS`` is the one table of allowed moves; the workflow service checks it and a
database constraint keeps the dates consistent with the status.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .catalogue import IdentityLevel


class Status(models.TextChoices):
    DRAFT = "draft", _("下書き")
    RECEIVED = "received", _("受付")
    REVIEWING = "reviewing", _("審査中")
    CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
    APPROVED = "approved", _("承認")
    REJECTED = "rejected", _("却下")
    COMPLETED = "completed", _("完了")
    WITHDRAWN = "withdrawn", _("取下げ")


#: Statuses in which the city still has to act (deadline and overdue apply).
OPEN_STATUSES: frozenset[str] = frozenset(
    {Status.RECEIVED, Status.REVIEWING, Status.CORRECTION_REQUESTED, Status.APPROVED}
)
#: Statuses after submission (what staff see in the inbox).
SUBMITTED_STATUSES: frozenset[str] = frozenset(set(Status.values) - {Status.DRAFT})

#: Allowed moves: (from, to) → who makes it ("staff", "approver", "applicant").
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.RECEIVED): "applicant",
    (Status.RECEIVED, Status.REVIEWING): "staff",
    (Status.RECEIVED, Status.CORRECTION_REQUESTED): "staff",
    (Status.RECEIVED, Status.REJECTED): "approver",
    (Status.REVIEWING, Status.CORRECTION_REQUESTED): "staff",
    (Status.REVIEWING, Status.APPROVED): "approver",
    (Status.REVIEWING, Status.REJECTED): "approver",
    (Status.CORRECTION_REQUESTED, Status.REVIEWING): "applicant",  # the corrected resubmission
    (Status.APPROVED, Status.COMPLETED): "staff",
    (Status.RECEIVED, Status.WITHDRAWN): "applicant",
    (Status.REVIEWING, Status.WITHDRAWN): "applicant",
    (Status.CORRECTION_REQUESTED, Status.WITHDRAWN): "applicant",
}


def new_draft_key() -> str:
    return secrets.token_urlsafe(24)


class Submission(TimeStampedModel):
    """One application.  ``answers`` follow the form version's JSON Schema."""

    procedure = models.ForeignKey(
        "applications.Procedure",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("手続き"),
    )
    form_version = models.ForeignKey(
        "applications.FormVersion",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("フォームの版"),
    )
    #: 受付番号, given when submitted: "<year>-<6 digits>" e.g. "2026-000123".
    reference = models.CharField(_("受付番号"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(
        _("状態"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    #: The applicant's account; ``None`` for an anonymous application (identity level none).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application_submissions",
        verbose_name=_("申請者アカウント"),
    )
    #: Snapshot for the inbox and e-mail (from the answers or the account at submission).
    applicant_name = models.CharField(_("申請者氏名"), max_length=100, blank=True)
    applicant_email = models.EmailField(_("連絡先メールアドレス"), blank=True)
    #: The applicant's resident record when the account is linked (audit subject alias).
    person_id = models.PositiveBigIntegerField(_("住民記録"), null=True, blank=True)
    #: A random key naming an anonymous draft (kept in the browser's session).
    draft_key = models.CharField(
        _("下書きキー"), max_length=40, unique=True, default=new_draft_key, editable=False
    )
    identity_level = models.CharField(
        _("本人確認の方法"), max_length=10, choices=IdentityLevel.choices
    )
    #: How the applicant signed in when submitting ("password", "jpki", "" anonymous).
    auth_method = models.CharField(_("ログイン方法"), max_length=20, blank=True)
    answers = models.JSONField(_("回答"), default=dict, blank=True)
    #: What was typed on a page that did not validate yet, per page key: kept so that
    #: nothing typed is lost; cleared when the page validates.
    pending_input = models.JSONField(_("入力途中の内容"), default=dict, blank=True)
    #: Keys of the fields filled from the registry (card login): shown to staff.
    prefilled_fields = models.JSONField(_("住民記録から入力した項目"), default=list, blank=True)
    current_page = models.CharField(_("入力中のページ"), max_length=40, blank=True)
    language = models.CharField(_("言語"), max_length=8, default="ja")
    department_code = models.CharField(_("担当課コード"), max_length=40, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
        verbose_name=_("担当者"),
    )
    submitted_at = models.DateTimeField(_("申請日時"), null=True, blank=True)
    #: 処理期限: submitted day + the procedure's handling days (moved on resubmission).
    due_date = models.DateField(_("処理期限"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    #: Count of 補正 rounds (each resubmission adds one).
    correction_rounds = models.PositiveSmallIntegerField(_("補正回数"), default=0)

    class Meta:
        verbose_name = _("申請")
        verbose_name_plural = _("申請")
        ordering = ("-submitted_at", "-pk")
        indexes = [
            models.Index(fields=("department_code", "status", "due_date")),
            models.Index(fields=("applicant", "status")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="applications_submission_status_known"
            ),
            models.CheckConstraint(
                condition=Q(identity_level__in=IdentityLevel.values),
                name="applications_submission_identity_level_known",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True, reference__isnull=True)
                | (
                    ~Q(status="draft")
                    & Q(submitted_at__isnull=False, reference__isnull=False, due_date__isnull=False)
                ),
                name="applications_submitted_has_reference_and_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=("approved", "rejected", "completed"))
                | Q(decided_at__isnull=False),
                name="applications_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="applications_completed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(identity_level__in=("account", "card")) | Q(applicant__isnull=False),
                name="applications_identified_submission_has_account",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"下書き #{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT
