"""One row per (alert, endpoint): the guarantee that nobody is sent the same alert twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .alert import Alert
from .subscriber import Channel, Endpoint


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("送信待ち")
    SENT = "sent", _("送信済み")
    FAILED = "failed", _("失敗")
    BOUNCED = "bounced", _("不達")


class Delivery(models.Model):
    """The delivery of one alert to one endpoint.

    The unique constraint on (alert, endpoint) is what makes a retried chunk or a
    restarted worker unable to send twice: a message goes out only for a row this
    worker moved from ``queued`` and is recorded ``sent`` right after the receiving
    server accepted it.
    """

    id = models.BigAutoField(primary_key=True)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("経路"), max_length=8, choices=Channel.choices)
    chunk = models.PositiveIntegerField(_("チャンク"), default=0)
    state = models.CharField(
        _("状態"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    error = models.CharField(_("エラー"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("送信日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("配信記録")
        verbose_name_plural = _("配信記録")
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "endpoint"], name="alerts_delivery_once_per_endpoint"
            ),
        ]
        indexes = [
            models.Index(fields=["alert", "chunk", "state"]),
            models.Index(fields=["alert", "channel", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.endpoint_id}:{self.state}"
