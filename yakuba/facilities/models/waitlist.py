"""キャンセル待ち: people waiting for a taken slot.  When the slot frees, the first one
waiting gets an offer: a held booking of kind ``waitlist`` that lapses at
``Booking.offer_expires_at`` unless accepted, and then the next one is offered."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .booking import Booking
from .facility import Room
from .registration import Group, UserRegistration


class WaitState(models.TextChoices):
    WAITING = "waiting", _("キャンセル待ち")
    OFFERED = "offered", _("繰上げのご案内中")
    ACCEPTED = "accepted", _("予約済み")
    LAPSED = "lapsed", _("回答期限切れ")
    WITHDRAWN = "withdrawn", _("取下げ")


class WaitlistEntry(TimeStampedModel):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="waitlist")
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    registration = models.ForeignKey(
        UserRegistration, on_delete=models.PROTECT, related_name="waitlist_entries"
    )
    group = models.ForeignKey(
        Group, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("利用目的"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("利用人数"), null=True, blank=True)
    state = models.CharField(
        _("状態"), max_length=10, choices=WaitState.choices, default=WaitState.WAITING
    )
    offer = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="waitlist_entry"
    )

    class Meta:
        verbose_name = _("キャンセル待ち")
        verbose_name_plural = _("キャンセル待ち")
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["room", "starts_at", "state"], name="facilities_wait_slot_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "starts_at", "registration"],
                condition=Q(state__in=["waiting", "offered"]),
                name="facilities_wait_once",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="facilities_wait_range"
            ),
        ]
