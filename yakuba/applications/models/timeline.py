"""The timeline of a submission: status changes, assignments, comments, correction
requests and resubmissions, each with who and when.  Append-only (the service never
updates a row).  ``visible_to_applicant`` rows are shown on the applicant's page; internal
comments are not."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("申請")
    STATUS = "status", _("状態の変更")
    ASSIGNED = "assigned", _("担当者の変更")
    COMMENT = "comment", _("コメント")
    CORRECTION_REQUESTED = "correction_requested", _("補正依頼")
    RESUBMITTED = "resubmitted", _("補正後の再提出")
    MESSAGE = "message", _("申請者へのお知らせ")


class SubmissionEvent(models.Model):
    submission = models.ForeignKey(
        "applications.Submission",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("申請"),
    )
    kind = models.CharField(_("種類"), max_length=24, choices=EventKind.choices)
    from_status = models.CharField(_("変更前の状態"), max_length=24, blank=True)
    to_status = models.CharField(_("変更後の状態"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("操作した人"),
    )
    #: Snapshot of the actor's name ("申請者" for the applicant).
    actor_name = models.CharField(_("操作した人の名前"), max_length=100, blank=True)
    message = models.TextField(_("内容"), blank=True)
    visible_to_applicant = models.BooleanField(_("申請者に表示"), default=False)
    created = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("申請の経過")
        verbose_name_plural = _("申請の経過")
        ordering = ("submission", "created", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="applications_event_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="comment") | Q(visible_to_applicant=False),
                name="applications_comment_is_internal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.get_kind_display()}"
