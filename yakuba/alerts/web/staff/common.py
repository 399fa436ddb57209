"""Helpers shared by the staff alert views: breadcrumbs, area choices, the action set."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yakuba.core.japanese import format_date_both
from yakuba.residents.queries import town_areas

from ... import policies
from ...models import Alert, AlertStatus
from ...services.compose import EDITABLE, REVISABLE, WITHDRAWABLE


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("情報配信"), reverse("console:alerts:list")), *items]


def alert_crumb(alert: Alert) -> tuple[str, str]:
    return (alert.title_ja, reverse("console:alerts:detail", args=[alert.pk]))


def area_choices() -> list[tuple[str, str]]:
    """The city's 町丁目 (reference data from the registry) as (code, name) choices."""
    return [(area.code, area.name) for area in town_areas()]


def area_names(codes: list[str]) -> list[str]:
    names = dict(area_choices())
    return [names.get(code, code) for code in codes]


@dataclass(frozen=True)
class Actions:
    """What the signed-in staff member may do with an alert now (buttons on its page)."""

    edit: bool
    submit: bool
    withdraw: bool
    review: bool
    revise: bool
    own_pending: bool


def actions_for(user: Any, alert: Alert) -> Actions:
    compose = policies.may_compose(user)
    own = alert.composed_by_id is not None and alert.composed_by_id == user.pk
    pending = alert.status == AlertStatus.PENDING
    return Actions(
        edit=compose and alert.status in EDITABLE,
        submit=compose and alert.status in EDITABLE,
        withdraw=compose and alert.status in WITHDRAWABLE,
        review=pending and policies.may_approve(user) and not own,
        revise=compose and alert.status in REVISABLE,
        own_pending=pending and own,
    )


def format_when(moment: datetime.datetime | None) -> str:
    """「令和8年12月4日（2026年12月4日）15:30」 in the city's time zone ("" for none)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{format_date_both(local.date())} {local:%H:%M}"


def times_of(alert: Alert) -> dict[str, str]:
    """The alert's dates, formatted for its pages (和暦 and 西暦)."""
    names = (
        "created",
        "submitted_at",
        "approved_at",
        "scheduled_for",
        "expires_at",
        "sent_at",
        "completed_at",
    )
    return {name: format_when(getattr(alert, name)) for name in names}
