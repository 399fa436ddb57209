"""Signed links: manage preferences without an account, one-click unsubscribe (RFC 8058).

Tokens are Django signatures (``SECRET_KEY``) over the subscriber's public id and
``token_version``; raising the version voids every earlier link.  They do not expire
(an unsubscribe link in a two-year-old e-mail must still work).  The views behind the
URL names ``alerts:manage`` and ``alerts:unsubscribe`` live in the citizen pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Endpoint, Subscriber

MANAGE_SALT = "yakuba.alerts.manage"
UNSUBSCRIBE_SALT = "yakuba.alerts.unsubscribe"


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps([str(subscriber.public_id), subscriber.token_version], salt=MANAGE_SALT)


def subscriber_from_manage_token(token: str) -> Subscriber | None:
    """The subscriber a management token names, or ``None`` (bad, altered or voided token)."""
    try:
        public_id, version = signing.loads(token, salt=MANAGE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscriber.objects.filter(public_id=public_id, token_version=version).first()


def unsubscribe_token(endpoint: Endpoint) -> str:
    """Names one endpoint (leaving by e-mail leaves that address, not the push subscriptions)."""
    return signing.dumps(
        [endpoint.pk, str(endpoint.subscriber.public_id)], salt=UNSUBSCRIBE_SALT, compress=True
    )


def endpoint_from_unsubscribe_token(token: str) -> Endpoint | None:
    try:
        endpoint_id, public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Endpoint.objects.select_related("subscriber")
        .filter(pk=endpoint_id, subscriber__public_id=public_id)
        .first()
    )


def absolute(path: str) -> str:
    return settings.YAKUBA_SITE_URL + path


def manage_url(subscriber: Subscriber) -> str:
    return absolute(reverse("portal:alerts:manage", args=[manage_token(subscriber)]))


def unsubscribe_url(endpoint: Endpoint) -> str:
    return absolute(reverse("portal:alerts:unsubscribe", args=[unsubscribe_token(endpoint)]))
