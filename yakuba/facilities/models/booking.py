"""Bookings of a room for a time range.

**Never a double booking**, guaranteed by the database, not by a check-then-insert:
on PostgreSQL an exclusion constraint (``room WITH =, tstzrange(starts_at, ends_at) WITH &&``
over held and confirmed bookings, btree_gist); on SQLite triggers that abort an insert or
update overlapping an active booking of the same room (SQLite serialises writers, so the
trigger's check and the write are one atomic step).  Both are created by migration 0002.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yakuba.core.models import TimeStampedModel

from .facility import Room

#: The name of the database guarantee; both backends report it in the error message.
OVERLAP_CONSTRAINT = "facilities_booking_no_overlap"


class BookingState(models.TextChoices):
    HELD = "held", _("仮予約（支払い待ち）")
    CONFIRMED = "confirmed", _("予約確定")
    CANCELLED = "cancelled", _("取消し")
    EXPIRED = "expired", _("期限切れ")


#: States that occupy the room.
ACTIVE_STATES = (BookingState.HELD, BookingState.CONFIRMED)


class Booking(TimeStampedModel):
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    state = models.CharField(
        _("状態"), max_length=10, choices=BookingState.choices, default=BookingState.HELD
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facility_bookings",
        verbose_name=_("利用者"),
    )
    holder_name = models.CharField(_("利用者名（窓口・電話受付）"), max_length=100, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("受付職員"),
    )
    purpose = models.CharField(_("利用目的"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("予約")
        verbose_name_plural = _("予約")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="facilities_booking_range"
            ),
            models.CheckConstraint(
                condition=Q(holder__isnull=False) | ~Q(holder_name=""),
                name="facilities_booking_has_holder",
            ),
        ]
        indexes = [models.Index(fields=["room", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.room_id} {self.starts_at:%Y-%m-%d %H:%M}"
