"""Subscribers, the areas they follow and their delivery endpoints (e-mail, Web Push, LINE).

A subscriber is one set of preferences (language, categories, areas); it may have
several endpoints.  Nothing is delivered to an endpoint that is not confirmed
(``confirmed_at``) and active.  Feeds (Atom, CAP) need no subscriber.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from ..languages import Language


class Channel(models.TextChoices):
    EMAIL = "email", _("電子メール")
    WEBPUSH = "webpush", _("プッシュ通知")
    LINE = "line", _("LINE")


class Subscriber(TimeStampedModel):
    """One resident's (or visitor's) preferences; managed through a signed link, no account needed.

    ``category_mask`` holds one bit per :class:`~yakuba.alerts.models.Category` (``bit``);
    ``whole_city`` or the :class:`SubscriberArea` rows say which 町丁目 they follow.
    ``token_version`` is part of every signed management link: raising it voids old links.
    """

    public_id = models.UUIDField(_("公開ID"), default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(
        _("言語"), max_length=8, choices=Language.choices, default=Language.JA
    )
    category_mask = models.BigIntegerField(_("配信分類"), default=0)
    whole_city = models.BooleanField(_("市内全域"), default=True)
    token_version = models.PositiveIntegerField(default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alert_subscribers",
        verbose_name=_("利用者アカウント"),
    )

    class Meta:
        verbose_name = _("配信登録者")
        verbose_name_plural = _("配信登録者")
        constraints = [
            models.CheckConstraint(
                condition=Q(category_mask__gte=0), name="alerts_subscriber_mask_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class SubscriberArea(models.Model):
    """A 町丁目 (by its 町字コード, from the registry's town-area table) a subscriber follows."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField(_("町字コード"), max_length=7)

    class Meta:
        verbose_name = _("配信地域")
        verbose_name_plural = _("配信地域")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "area_code"], name="alerts_subscriber_area_unique"
            ),
        ]
        indexes = [models.Index(fields=["area_code", "subscriber"])]

    def __str__(self) -> str:
        return self.area_code


class Endpoint(TimeStampedModel):
    """Where a subscriber's messages go: an e-mail address, a push subscription, a LINE user.

    ``address``: the e-mail address (lower-cased domain), the push service endpoint URL, or
    the LINE userId.  ``keys``: for Web Push, ``{"p256dh": ..., "auth": ...}``.
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="endpoints")
    channel = models.CharField(_("経路"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("宛先"), max_length=1024)
    keys = models.JSONField(_("鍵"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("確認日時"), null=True, blank=True)
    active = models.BooleanField(_("有効"), default=True)
    failure_count = models.PositiveIntegerField(_("連続失敗回数"), default=0)
    disabled_reason = models.CharField(_("停止理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("配信先")
        verbose_name_plural = _("配信先")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "address"], name="alerts_endpoint_unique_address"
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscriber"],
                name="alerts_endpoint_deliverable",
                condition=Q(active=True, confirmed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.pk}"

    @property
    def deliverable(self) -> bool:
        return self.active and self.confirmed_at is not None
