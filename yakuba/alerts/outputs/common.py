"""What every output format shares: times with an explicit offset, the sender, names, URLs."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from yakuba.core.services import get_municipality

from .. import links
from ..models import Alert

TOKYO = ZoneInfo("Asia/Tokyo")


def timestamp(moment: datetime.datetime) -> str:
    """``2026-12-04T22:38:00+09:00``: Japan time, whole seconds, explicit offset.

    The form CAP 1.2 requires for ``sent``/``expires`` (no ``Z``, no fractions); also a
    valid RFC 3339 date for Atom.
    """
    return moment.astimezone(TOKYO).replace(microsecond=0).isoformat()


def city_code() -> str:
    """The 6-digit 全国地方公共団体コード (profile first, else the setting)."""
    profile = get_municipality()
    return profile.code if profile is not None else settings.YAKUBA_MUNICIPALITY_CODE


def city_name(language: str = "ja") -> str:
    profile = get_municipality()
    if profile is None:
        return "yakuba"
    if language == "en" and profile.name_en:
        return profile.name_en
    return profile.name


def sender() -> str:
    """The CAP ``<sender>``: ``YAKUBA_CAP_SENDER`` when set, else ``bosai@<the city's domain>``.

    The domain is that of the municipality's web site when the profile has one, else that
    of the public site URL.
    """
    configured = getattr(settings, "YAKUBA_CAP_SENDER", "")
    if configured:
        return configured
    profile = get_municipality()
    website = profile.website if profile is not None else ""
    host = urlsplit(website or settings.YAKUBA_SITE_URL).hostname or "localhost"
    return f"bosai@{host}"


def list_url() -> str:
    return links.absolute(reverse("portal:alert_feeds:list"))


def page_url(alert: Alert) -> str:
    return links.absolute(reverse("portal:alert_feeds:alert", args=[alert.pk]))


def cap_url(alert: Alert) -> str:
    return links.absolute(reverse("portal:alert_feeds:cap", args=[alert.pk]))


def sent_time(alert: Alert) -> datetime.datetime:
    """When it went out; ``updated`` for the odd public alert without ``sent_at``."""
    return alert.sent_at or alert.updated
