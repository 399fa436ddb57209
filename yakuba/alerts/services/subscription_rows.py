"""What the citizen pages show of a subscription: endpoints without whole addresses.

Reads only (the writes are :mod:`yakuba.alerts.services.subscriptions`).  Used by the
management and unsubscribe pages and by the マイページ card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .. import links
from ..models import Category, Channel, Endpoint, Subscriber
from .subscriptions import UNSUBSCRIBED, mask_address


@dataclass(frozen=True)
class EndpointRow:
    """One endpoint as the citizen pages show it: never the whole address."""

    channel: str
    channel_label: str
    label: str
    status: str  # "active" | "pending" | "stopped"
    unsubscribe_token: str


def endpoint_row(endpoint: Endpoint) -> EndpointRow:
    if endpoint.channel == Channel.EMAIL:
        label = mask_address(endpoint.address)
    elif endpoint.channel == Channel.WEBPUSH:
        label = _("ブラウザ（%(date)s 登録）") % {"date": endpoint.created.date().isoformat()}
    else:
        label = _("LINE公式アカウント")
    if not endpoint.active:
        status = "stopped"
    elif endpoint.confirmed_at is None:
        status = "pending"
    else:
        status = "active"
    return EndpointRow(
        channel=endpoint.channel,
        channel_label=str(Channel(endpoint.channel).label),
        label=label,
        status=status,
        unsubscribe_token=links.unsubscribe_token(endpoint),
    )


def endpoint_rows(subscriber: Subscriber) -> list[EndpointRow]:
    """The subscriber's endpoints, without those whose owner left (their address is erased)."""
    endpoints = (
        subscriber.endpoints.select_related("subscriber")
        .exclude(disabled_reason=UNSUBSCRIBED)
        .order_by("created", "pk")
    )
    return [endpoint_row(endpoint) for endpoint in endpoints]


def has_other_endpoints(endpoint: Endpoint) -> bool:
    return (
        Endpoint.objects.filter(subscriber_id=endpoint.subscriber_id, active=True)
        .exclude(pk=endpoint.pk)
        .exists()
    )


@dataclass(frozen=True)
class AccountSubscription:
    """A subscription linked to a citizen account (the マイページ card)."""

    manage_token: str
    category_names: list[str]
    whole_city: bool
    area_count: int
    endpoints: list[EndpointRow]


def subscriptions_of_account(user: Any, language: str = "ja") -> list[AccountSubscription]:
    """The signed-in citizen's subscriptions that still have an endpoint."""
    if not getattr(user, "is_authenticated", False):
        return []
    categories = list(Category.objects.all())
    found = []
    for subscriber in Subscriber.objects.filter(user=user).order_by("created", "pk"):
        rows = endpoint_rows(subscriber)
        if not rows:
            continue
        found.append(
            AccountSubscription(
                manage_token=links.manage_token(subscriber),
                category_names=[
                    c.name_in(language) for c in categories if subscriber.category_mask & c.mask
                ],
                whole_city=subscriber.whole_city,
                area_count=subscriber.areas.count(),
                endpoints=rows,
            )
        )
    return found
