"""A form as data: one version of a procedure's form, as JSON Schema + UI schema.

Staff build a form in the builder; it is stored as a **draft** version, editable, at most
one per procedure.  Publishing freezes it: a published version is immutable (the service
refuses, and a database trigger refuses any UPDATE of its definition — see
``guarantees.py``), and every submission keeps the version it was made with.  The
procedure's current form is its highest published version.

The format of ``schema`` and ``ui_schema`` is documented in
docs/modules/applications-schema.md and implemented in ``yakuba/applications/schema/``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class FormState(models.TextChoices):
    DRAFT = "draft", _("作成中")
    PUBLISHED = "published", _("公開済み")


class FormVersion(TimeStampedModel):
    """Version ``number`` of a procedure's form (1, 2, 3 …)."""

    procedure = models.ForeignKey(
        "applications.Procedure",
        on_delete=models.PROTECT,
        related_name="form_versions",
        verbose_name=_("手続き"),
    )
    number = models.PositiveIntegerField(_("版"))
    state = models.CharField(
        _("状態"), max_length=10, choices=FormState.choices, default=FormState.DRAFT
    )
    schema = models.JSONField(_("JSON Schema"), default=dict)
    ui_schema = models.JSONField(_("UI schema"), default=dict)
    #: What changed in this version (shown in the version list).
    change_note = models.CharField(_("変更内容"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("作成者"),
    )
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("公開者"),
    )

    class Meta:
        verbose_name = _("申請フォームの版")
        verbose_name_plural = _("申請フォームの版")
        ordering = ("procedure", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("procedure", "number"), name="applications_form_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=("procedure",),
                condition=Q(state="draft"),
                name="applications_form_one_draft_per_procedure",
            ),
            models.CheckConstraint(
                condition=Q(state__in=FormState.values), name="applications_form_state_known"
            ),
            models.CheckConstraint(
                condition=Q(state="draft", published_at__isnull=True)
                | Q(state="published", published_at__isnull=False),
                name="applications_form_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="applications_form_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} 第{self.number}版"

    @property
    def is_published(self) -> bool:
        return self.state == FormState.PUBLISHED
