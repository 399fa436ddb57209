"""Reads of the public alerts: only what was sent (``sending``/``sent``) is public.

The public pages, the Atom and CAP feeds and the JSON API all start from
:func:`public_alerts`; none of them needs a user, since what was sent to residents
is public information.  :func:`version` is the cheap "has anything changed" probe the
views use for ETag/Last-Modified and for their cache keys.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, TextField
from django.db.models.functions import Cast

from ..models import Alert, AlertStatus, Category

PUBLIC_STATUSES = (AlertStatus.SENDING, AlertStatus.SENT)
#: The most entries a feed carries (newest first).
FEED_SIZE = 50


def public_alerts() -> QuerySet[Alert]:
    """Alerts that were sent, newest first, with what every output shows joined in."""
    return (
        Alert.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("category", "references")
        .order_by("-sent_at", "-pk")
    )


def filter_alerts(
    alerts: QuerySet[Alert],
    *,
    category: str = "",
    area: str = "",
    since: datetime.datetime | None = None,
) -> QuerySet[Alert]:
    """Narrow to one category code, one 町丁目 (whole-city alerts included), sent since a time.

    The area test compares the JSON text of ``area_codes`` with the quoted 7-digit code,
    which behaves the same on PostgreSQL and SQLite (SQLite has no JSON ``contains``).
    """
    if category:
        alerts = alerts.filter(category__code=category)
    if area:
        alerts = alerts.annotate(area_text=Cast("area_codes", TextField())).filter(
            Q(area_text="[]") | Q(area_text__contains=f'"{area}"')
        )
    if since is not None:
        alerts = alerts.filter(sent_at__gte=since)
    return alerts


def get_public_alert(pk: int) -> Alert | None:
    """One sent alert, or ``None`` (not found, or not sent: drafts are never public)."""
    return public_alerts().filter(pk=pk).first()


def public_categories() -> list[Category]:
    return list(Category.objects.order_by("sort_order", "code"))


@dataclass(frozen=True)
class Version:
    """What the public outputs depend on, in one aggregate query."""

    count: int
    last_modified: datetime.datetime | None
    last_pk: int

    @property
    def tag(self) -> str:
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        return f"{self.count}.{self.last_pk}.{stamp}"

    def etag(self, *variant: object) -> str:
        """A strong validator for one representation (feed, language, filters...)."""
        digest = hashlib.sha256("|".join([self.tag, *map(str, variant)]).encode()).hexdigest()
        return digest[:32]


def version() -> Version:
    """Count, newest ``updated`` and highest id of the public alerts (one query).

    A new alert entering ``sending`` raises all three; a sent alert's content never
    changes (a revision is a new alert), so this is a sufficient change signal.
    """
    row = Alert.objects.filter(status__in=PUBLIC_STATUSES).aggregate(
        count=Count("pk"), last=Max("updated"), last_pk=Max("pk")
    )
    return Version(count=row["count"], last_modified=row["last"], last_pk=row["last_pk"] or 0)


def ancestors(alert: Alert, limit: int = 20) -> list[Alert]:
    """The alerts this one revises, nearest first (the CAP ``references`` chain)."""
    chain: list[Alert] = []
    next_id = alert.references_id
    while next_id and len(chain) < limit:
        parent = Alert.objects.select_related("category").get(pk=next_id)
        chain.append(parent)
        next_id = parent.references_id
    return chain


def public_revisions(alert: Alert, limit: int = 20) -> list[Alert]:
    """The sent Updates/Cancels that revise this alert, directly or through one another."""
    found: list[Alert] = []
    frontier = [alert.pk]
    while frontier and len(found) < limit:
        step = list(public_alerts().filter(references__in=frontier).order_by("sent_at", "pk"))
        found.extend(step)
        frontier = [revision.pk for revision in step]
    return found[:limit]
