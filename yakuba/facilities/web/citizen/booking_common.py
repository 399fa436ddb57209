"""Shared pieces of the citizen booking pages: status labels (text + icon + colour, never
colour alone), 和暦 headings, the registration guard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_wareki, to_wareki

from ...queries import booking as queries


@dataclass(frozen=True)
class Status:
    label: Any
    icon: str
    kind: str  # tag colour class suffix ("" = grey)


#: One frame of one day.
SLOT_STATUS = {
    "free": Status(_("空き"), "○", "success"),
    "taken": Status(_("予約済み"), "×", "error"),
    "closed": Status(_("休館"), "休", ""),
    "past": Status(_("受付終了"), "－", ""),
    "not_yet": Status(_("受付前"), "△", "info"),
}

#: One day of the month view.
DAY_STATUS = {
    queries.DAY_FREE: Status(_("空きあり"), "○", "success"),
    queries.DAY_FULL: Status(_("満"), "×", "error"),
    queries.DAY_CLOSED: Status(_("休館"), "休", ""),
    queries.DAY_NOT_YET: Status(_("受付前"), "△", "info"),
    queries.DAY_PAST: Status(_("受付終了"), "－", ""),
}

WEEKDAYS_SUNDAY_FIRST = (
    _("日"),
    _("月"),
    _("火"),
    _("水"),
    _("木"),
    _("金"),
    _("土"),
)
WEEKDAYS_LONG_SUNDAY_FIRST = (
    _("日曜日"),
    _("月曜日"),
    _("火曜日"),
    _("水曜日"),
    _("木曜日"),
    _("金曜日"),
    _("土曜日"),
)


def weekday_short(day: datetime.date) -> Any:
    return WEEKDAYS_SUNDAY_FIRST[(day.weekday() + 1) % 7]


def month_heading(month: datetime.date) -> str:
    """令和8年（2026年）12月."""
    wareki = to_wareki(month)
    return f"{wareki.era}{wareki.year_label}年（{month.year}年）{month.month}月"


def day_heading(day: datetime.date) -> str:
    """令和8年12月5日（土）."""
    return f"{format_wareki(day)}（{weekday_short(day)}）"


def _optional_url(name: str) -> str:
    """The URL of another part's page, or "" while that part has not landed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def registration_apply_url() -> str:
    return _optional_url("portal:facilities:registration_apply")


def registration_renew_url() -> str:
    return _optional_url("portal:facilities:registration_renew")


def registration_required(request: HttpRequest, registration: Any) -> HttpResponse:
    """The page that explains 利用者登録 to a signed-in citizen who cannot book yet."""
    return render(
        request,
        "facilities/booking/booking_registration_required.html",
        {
            "registration": registration,
            "apply_url": registration_apply_url(),
            "renew_url": registration_renew_url(),
        },
        status=403,
    )


def parse_month(text: str | None, default: datetime.date) -> datetime.date:
    if text:
        try:
            year, month = (int(part) for part in text.split("-", 1))
            return datetime.date(year, month, 1)
        except ValueError:
            pass
    return default.replace(day=1)


def parse_day(text: str | None, default: datetime.date) -> datetime.date:
    if text:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    return default
