"""Citizen-side registrations: the service-catalogue entry and the マイページ card."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yakuba.core.registries import Panel, ServiceEntry, mypage_cards, service_catalogue

service_catalogue.register(
    ServiceEntry(
        key="alerts.subscribe",
        title=_("防災・防犯メール等の配信登録"),
        description=_(
            "災害・防犯・市からのお知らせを、メールやプッシュ通知で受け取れます。地域と言語を選べます。"
        ),
        url_name="portal:alerts:subscribe",
        category=_("くらしの安全"),
        order=20,
    )
)


def _subscriptions_card(request: HttpRequest) -> dict[str, Any] | None:
    """The signed-in citizen's subscriptions (those linked to the account)."""
    from .services.subscription_rows import subscriptions_of_account

    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    return {"subscriptions": subscriptions_of_account(request.user, language)}


mypage_cards.register(
    Panel(
        key="alerts.subscriptions",
        title=_("防災・防犯メール等の配信"),
        template="alerts/citizen/subscriptions-card.html",
        context=_subscriptions_card,
        order=30,
    )
)
