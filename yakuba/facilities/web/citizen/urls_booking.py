"""Citizen URLs of the booking part (mounted at /facilities/book/, ``portal:facilities``)."""

from __future__ import annotations

import datetime

from django.urls import path, register_converter

from . import booking, booking_calendar, booking_mine


class BookingDateConverter:
    """``2026-12-05`` ⇄ :class:`datetime.date` (an impossible date does not match: 404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)

    def to_url(self, value: datetime.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


# A name of this part's own: other parts may register a "date" converter of their own.
register_converter(BookingDateConverter, "booking_date")

urlpatterns = [
    path("room/<int:room_id>/", booking_calendar.booking_calendar, name="booking_calendar"),
    path("room/<int:room_id>/week/", booking_calendar.booking_week, name="booking_week"),
    path(
        "room/<int:room_id>/<booking_date:day>/",
        booking_calendar.booking_day,
        name="booking_day",
    ),
    path(
        "room/<int:room_id>/<booking_date:day>/confirm/",
        booking.booking_confirm,
        name="booking_confirm",
    ),
    path("mine/", booking_mine.booking_list, name="booking_list"),
    path("mine/<int:pk>/", booking_mine.booking_detail, name="booking_detail"),
    path("mine/<int:pk>/cancel/", booking_mine.booking_cancel, name="booking_cancel"),
]
