"""One alert's page: its content, actions, delivery progress per channel, retry, audit.

Progress comes from :func:`yakuba.alerts.delivery.queries.progress` (counts only, never
addresses).  Without JavaScript the 「更新」 link reloads the page (no timed refresh:
WCAG 2.2.1 and axe's ``meta-refresh`` rule); with ``alerts/staff-progress.js`` the page
polls :func:`alert_progress_json` every 2 seconds while the alert is sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from yakuba.identity.decorators import staff_required

from ... import policies
from ...models import Alert, AlertStatus, Channel, DeliveryState
from . import queries
from .common import actions_for, area_names, crumbs, times_of

FINISHED_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BOUNCED)


@dataclass(frozen=True)
class ChannelCounts:
    channel: str
    label: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Progress:
    """The dashboard's figures: deliveries processed out of planned, per channel and state."""

    status: str
    done: bool
    processed: int
    total: int
    failed: int
    channels: list[ChannelCounts]

    @property
    def percent(self) -> int:
        if self.done and self.status == AlertStatus.SENT:
            return 100
        if not self.total:
            return 0
        return min(100, self.processed * 100 // self.total)

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "done": self.done,
            "percent": self.percent,
            "processed": self.processed,
            "total": self.total,
            "failed": self.failed,
            "by_channel": {row.channel: row.counts for row in self.channels},
        }


def progress_of(alert: Alert) -> Progress:
    from yakuba.alerts.delivery.queries import progress

    figures = progress(alert)
    by_channel = figures.get("by_channel", {})
    channels = []
    processed = planned = failed = 0
    for channel, label in Channel.choices:
        counts = {
            state: int(by_channel.get(channel, {}).get(state, 0)) for state in DeliveryState.values
        }
        channels.append(ChannelCounts(channel, str(label), counts))
        processed += sum(counts[state] for state in FINISHED_STATES)
        planned += sum(counts.values())
        failed += counts[DeliveryState.FAILED]
    alert.refresh_from_db(fields=["status"])
    return Progress(
        status=alert.status,
        done=alert.status != AlertStatus.SENDING,
        processed=processed,
        total=max(int(figures.get("total") or 0), planned),
        failed=failed,
        channels=channels,
    )


def _progress_status_text(progress: Progress) -> str:
    return _("%(processed)s件 / %(total)s件 処理済み") % {
        "processed": f"{progress.processed:,}",
        "total": f"{progress.total:,}",
    }


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = queries.get_alert_for(request.user, pk)
    started = alert.status in (AlertStatus.SENDING, AlertStatus.SENT)
    progress = progress_of(alert) if started else None
    return render(
        request,
        "alerts/staff/alert_detail.html",
        {
            "alert": alert,
            "times": times_of(alert),
            "actions": actions_for(request.user, alert),
            "area_names": area_names(alert.area_codes),
            "progress": progress,
            "progress_text": _progress_status_text(progress) if progress else "",
            "may_retry": bool(progress and progress.failed and policies.may_compose(request.user)),
            "timeline": queries.timeline_for(request.user, alert),
            "revisions": queries.revisions_of(alert),
            "rejection": queries.rejection_reason(alert)
            if alert.status == AlertStatus.REJECTED
            else "",
            "breadcrumbs": crumbs((alert.title_ja, "")),
        },
    )


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def alert_progress_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Counts for the dashboard's script: no addresses, no text of the alert."""
    alert = queries.get_alert_for(request.user, pk)
    progress = progress_of(alert)
    payload = progress.as_json()
    payload["status_label"] = alert.get_status_display()
    payload["status_text"] = _progress_status_text(progress)
    return JsonResponse(payload)


@never_cache
@require_POST
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """「失敗分を再送」: re-queue this alert's failed deliveries (the engine records the event)."""
    from yakuba.alerts import delivery

    alert = queries.get_alert_for(request.user, pk)
    if alert.status not in (AlertStatus.SENDING, AlertStatus.SENT):
        messages.error(request, _("配信を開始した配信だけを再送できます。"))
        return redirect("console:alerts:detail", pk=alert.pk)
    count = delivery.retry_failed(alert.pk, request.user)
    if count:
        messages.success(request, _("失敗した%(count)s件を再送します。") % {"count": f"{count:,}"})
    else:
        messages.info(request, _("再送する失敗分はありません。"))
    return redirect("console:alerts:detail", pk=alert.pk)
