"""What the public pages show of an alert, in the reader's language.

The page language is Django's (日本語 / English); やさしい日本語 is chosen with
``?lang=easy``.  When the alert lacks the chosen language the Japanese text is shown
and marked ``lang="ja"`` so that screen readers pronounce it right.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import format_date_both, format_wareki

from ..models import Alert
from . import common

EASY = "easy"

#: CAP severity as residents read it, and the tag colour (never the only signal: the tag has text).
SEVERITY_LABELS = {
    "Extreme": (_("非常に重大"), "error"),
    "Severe": (_("重大"), "error"),
    "Moderate": (_("注意"), "warning"),
    "Minor": (_("お知らせ"), "info"),
    "Unknown": (_("お知らせ"), "info"),
}


def page_language(requested: str = "") -> str:
    """``easy`` when asked for, else the page language (``ja`` or ``en``)."""
    if requested == EASY:
        return EASY
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def issued_text(moment: datetime.datetime, language: str) -> str:
    """令和8年12月4日（2026年12月4日）22時38分 / December 4, 2026 (Reiwa 8) 22:38 JST."""
    local = timezone.localtime(moment, common.TOKYO)
    if language == "en":
        return f"{format_wareki(local.date(), style='en')} {local:%H:%M} JST"
    return f"{format_date_both(local.date())}{local.hour}時{local.minute:02d}分"


@dataclass(frozen=True)
class AlertView:
    """One alert prepared for a template (text in the chosen language, names resolved)."""

    alert: Alert
    language: str
    title: str
    body: str
    html_lang: str
    category_name: str
    areas: list[str]
    issued: str
    issued_iso: str
    expires: str
    severity_label: str
    severity_kind: str

    @property
    def in_requested_language(self) -> bool:
        return self.language == "ja" or self.language in self.alert.languages


def present(alert: Alert, language: str, area_map: dict[str, str]) -> AlertView:
    has_language = language in alert.languages
    text_language = language if has_language else "ja"
    sent = common.sent_time(alert)
    return AlertView(
        alert=alert,
        language=language,
        title=alert.title_in(text_language),
        body=alert.body_in(text_language),
        html_lang="en" if text_language == "en" else "ja",
        category_name=alert.category.name_in(language),
        areas=[area_map.get(code, code) for code in alert.area_codes],
        issued=issued_text(sent, language),
        issued_iso=common.timestamp(sent),
        expires=issued_text(alert.expires_at, language) if alert.expires_at else "",
        severity_label=str(SEVERITY_LABELS.get(alert.severity, SEVERITY_LABELS["Unknown"])[0]),
        severity_kind=SEVERITY_LABELS.get(alert.severity, SEVERITY_LABELS["Unknown"])[1],
    )
