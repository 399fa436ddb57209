"""API tokens: how staff tools (ckanapi, scripts) write through the Action API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel


class ApiToken(TimeStampedModel):
    """A staff member's API token.  Only the SHA-256 of the secret is stored; the secret is
    shown once, when the token is made.  ``prefix`` (the first characters) identifies it in
    lists."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="opendata_tokens",
        verbose_name=_("職員"),
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("先頭文字"), max_length=12)
    secret_sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("有効期限"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最終使用日時"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")
        ordering = ("user", "-created")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
