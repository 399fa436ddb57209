"""Alert texts written from a message: Japanese from the message itself, English and
やさしい日本語 from fixed templates for the known phenomena (no machine translation)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from yakuba.alerts.models import Category
from yakuba.alerts.services.compose import AlertContent
from yakuba.core.services import get_municipality

from . import phenomena
from .models import Level
from .parsing import Finding, ParsedMessage

CATEGORY_CODE = "bosai"


def _city() -> tuple[str, str, str]:
    """(日本語, English, かな) names of the city, for the fixed templates."""
    profile = get_municipality()
    if profile is None:
        return "", "the city", ""
    kana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in profile.name_kana)
    return profile.name, profile.name_en or "the city", kana


def _at(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日{local.hour}時{local.minute:02d}分"


def _at_en(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f" at {local:%H:%M} on {local:%d %b %Y}"


def _clip(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def weather_content(
    finding: Finding, message: ParsedMessage, *, previous_level: str = ""
) -> AlertContent:
    """A warning issued / changed (``finding.level``) or lifted (``Level.CLEAR``)."""
    city, city_en, city_kana = _city()
    area = finding.area_name or city
    clear = finding.level == Level.CLEAR
    level = finding.level
    if clear:
        level = previous_level or finding.extra.get("cleared_level") or Level.CLEAR
    phenomenon = finding.subject
    kind = phenomena.kind_name(phenomenon, level) if level != Level.CLEAR else phenomenon
    if finding.alert_level and not clear:
        kind = f"{kind}（警戒レベル{finding.alert_level}相当）"
    when_ja = _at(message.report_datetime)
    office = message.office or "気象庁"
    if clear:
        title_ja = f"{area}の{kind}は解除されました"
        lead = f"{office}は{when_ja}、{area}の{kind}を解除しました。"
    else:
        title_ja = f"{area}に{kind}が発表されました"
        if previous_level and previous_level != Level.CLEAR:
            title_ja = f"{area}の{phenomenon}の警報等が{kind}に切り替わりました"
        lead = f"{office}は{when_ja}、{area}に{kind}を発表しました。"
    body_ja = "\n\n".join(
        part
        for part in (lead, message.headline, f"（気象庁 防災情報XML {message.type_code}）")
        if part
    )
    severity, urgency, certainty = phenomena.CAP_PARAMETERS[finding.level]
    content = AlertContent(
        category=Category.objects.get(code=CATEGORY_CODE),
        event=_clip(kind if not clear else f"{kind}解除", 80),
        title_ja=_clip(title_ja),
        body_ja=body_ja,
        severity=severity,
        urgency=urgency,
        certainty=certainty,
        expires_at=message.expires
        if message.expires and message.expires > timezone.now()
        else None,
    )
    english = phenomena.PHENOMENA_EN.get(phenomenon)
    easy = phenomena.PHENOMENA_EASY.get(phenomenon)
    if english and level in phenomena.LEVEL_EN:
        name_en = f"{english} {phenomena.LEVEL_EN[level]}"
        if clear:
            content.title_en = f"{name_en} for {city_en} lifted"
            content.body_en = (
                f"The Japan Meteorological Agency lifted the {name_en.lower()} "
                f"for {city_en}{_at_en(message.report_datetime)}."
            )
        else:
            content.title_en = f"{name_en} for {city_en}"
            content.body_en = (
                f"The Japan Meteorological Agency issued a {name_en.lower()} for "
                f"{city_en}{_at_en(message.report_datetime)}. {phenomena.ADVICE_EN[level]}"
            )
    if easy and level in phenomena.LEVEL_EASY:
        name_easy = f"{easy} {phenomena.LEVEL_EASY[level]}"
        where = city_kana or area
        if clear:
            content.title_easy = _clip(f"{name_easy}は おわりました")
            content.body_easy = f"{where}の {name_easy}は おわりました。"
        else:
            content.title_easy = _clip(f"{name_easy}が でました")
            content.body_easy = f"{where}に {name_easy}が でました。{phenomena.ADVICE_EASY[level]}"
    return content


def quake_content(finding: Finding, message: ParsedMessage) -> AlertContent:
    city, city_en, city_kana = _city()
    area = finding.area_name or city
    value = finding.level
    ja = phenomena.INTENSITY_JA.get(value, value)
    hypocenter = message.extra.get("hypocenter") or ""
    magnitude = message.extra.get("magnitude") or ""
    origin = _at(
        datetime.datetime.fromisoformat(message.extra["origin_time"])
        if message.extra.get("origin_time")
        else message.report_datetime
    )
    lead = f"{origin}ごろ、地震がありました。{area}で震度{ja}を観測しました。"
    if hypocenter:
        lead = (
            f"{origin}ごろ、{hypocenter}を震源とする地震がありました"
            f"{f'（{magnitude}）' if magnitude else ''}。{area}で震度{ja}を観測しました。"
        )
    body_ja = "\n\n".join(
        p for p in (lead, message.extra.get("comment", ""), "（気象庁 防災情報XML）") if p
    )
    severity, urgency, certainty = phenomena.quake_cap_parameters(value)
    en = phenomena.INTENSITY_EN.get(value, value)
    easy = phenomena.INTENSITY_EASY.get(value, value)
    return AlertContent(
        category=Category.objects.get(code=CATEGORY_CODE),
        event=f"地震（震度{ja}）",
        title_ja=_clip(f"地震情報：{area}で震度{ja}を観測"),
        body_ja=body_ja,
        title_en=f"Earthquake: seismic intensity {en} in {city_en}",
        body_en=(
            f"An earthquake occurred{_at_en(message.report_datetime)}. Seismic intensity {en} "
            f"(Japanese scale) was observed in {city_en}. Watch out for aftershocks and "
            "falling objects."
        ),
        title_easy=f"じしん：しんど{easy}の ゆれが ありました",
        body_easy=(
            f"{city_kana or area}で しんど{easy}の じしんが ありました。"
            "また ゆれるかも しれません。きを つけて ください。"
        ),
        severity=severity,
        urgency=urgency,
        certainty=certainty,
    )


def cap_content(finding: Finding, message: ParsedMessage) -> AlertContent:
    severity = message.extra.get("severity") or "Unknown"
    urgency = message.extra.get("urgency") or "Unknown"
    certainty = message.extra.get("certainty") or "Unknown"
    body = "\n\n".join(
        p
        for p in (message.headline, message.extra.get("instruction", ""), f"（{message.office}）")
        if p
    )
    return AlertContent(
        category=Category.objects.get(code=CATEGORY_CODE),
        event=_clip(finding.kind_name or message.extra.get("event") or "CAP", 80),
        title_ja=_clip(message.title or finding.kind_name),
        body_ja=body,
        severity=severity if severity in ("Extreme", "Severe", "Moderate", "Minor") else "Unknown",
        urgency=urgency if urgency in ("Immediate", "Expected", "Future", "Past") else "Unknown",
        certainty=certainty
        if certainty in ("Observed", "Likely", "Possible", "Unlikely")
        else "Unknown",
        expires_at=message.expires
        if message.expires and message.expires > timezone.now()
        else None,
    )
