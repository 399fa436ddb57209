"""Reads behind the staff alert pages, narrowed by :mod:`yakuba.alerts.policies`.

Alerts are not personal data (they are public once sent); subscribers are, so these
reads return alerts, their audit events and counts, never an endpoint's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ... import policies
from ...models import Alert, AlertEvent, AlertStatus, AlertTemplate, Category
from .common import format_when

#: Labels of the AlertEvent actions written by compose, delivery and ingest.
EVENT_LABELS = {
    "composed": _("作成"),
    "edited": _("編集"),
    "submitted": _("申請"),
    "approved": _("承認"),
    "rejected": _("差戻し"),
    "withdrawn": _("取りやめ"),
    "scheduled": _("配信予約"),
    "sending": _("配信開始"),
    "sent": _("配信完了"),
    "completed": _("配信完了"),
    "retried": _("失敗分の再送"),
    "cancelled": _("取消し"),
    "updated": _("更新"),
}


def _require_viewer(user: Any) -> None:
    if not policies.may_view(user):
        raise PermissionDenied


def alerts_for(user: Any, *, status: str = "", category: Category | None = None) -> QuerySet[Alert]:
    """Alerts newest first, optionally of one status or category."""
    _require_viewer(user)
    alerts = Alert.objects.select_related("category", "composed_by").defer(
        "body_ja", "body_en", "body_easy"
    )
    if status:
        alerts = alerts.filter(status=status)
    if category is not None:
        alerts = alerts.filter(category=category)
    return alerts.order_by("-created", "-pk")


def get_alert_for(user: Any, pk: int) -> Alert:
    _require_viewer(user)
    try:
        return Alert.objects.select_related(
            "category", "composed_by", "approved_by", "references"
        ).get(pk=pk)
    except Alert.DoesNotExist as error:
        raise Http404 from error


def pending_count_for(user: Any) -> int:
    _require_viewer(user)
    return Alert.objects.filter(status=AlertStatus.PENDING).count()


def sending_alerts_for(user: Any, limit: int = 5) -> list[Alert]:
    _require_viewer(user)
    return list(
        Alert.objects.select_related("category")
        .filter(status=AlertStatus.SENDING)
        .order_by("-sent_at")[:limit]
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of an alert's audit: when, what, who (a staff name or 「システム」), note."""

    at: Any
    when: str
    action: str
    label: str
    actor: str
    note: str


def timeline_for(user: Any, alert: Alert) -> list[TimelineEntry]:
    _require_viewer(user)
    events = AlertEvent.objects.filter(alert=alert).select_related("actor").order_by("at", "pk")
    return [
        TimelineEntry(
            at=event.at,
            when=format_when(event.at),
            action=event.action,
            label=str(EVENT_LABELS.get(event.action, event.action)),
            actor=str(event.actor) if event.actor is not None else str(_("システム")),
            note=event.note,
        )
        for event in events
    ]


def rejection_reason(alert: Alert) -> str:
    """The reason of the latest rejection (shown to the composer of a rejected alert)."""
    event = AlertEvent.objects.filter(alert=alert, action="rejected").order_by("-at", "-pk").first()
    return event.note if event else ""


def revisions_of(alert: Alert) -> list[Alert]:
    return list(alert.revisions.order_by("created", "pk"))


def templates_for(user: Any) -> QuerySet[AlertTemplate]:
    _require_viewer(user)
    return AlertTemplate.objects.select_related("category")


def get_template_for(user: Any, pk: int) -> AlertTemplate:
    _require_viewer(user)
    try:
        return AlertTemplate.objects.select_related("category").get(pk=pk)
    except AlertTemplate.DoesNotExist as error:
        raise Http404 from error
