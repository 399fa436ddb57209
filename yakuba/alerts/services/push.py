"""Registering and leaving Web Push: a browser's subscription becomes a confirmed endpoint.

A push subscription needs no double opt-in: only the browser that granted notification
permission can create one, and the endpoint URL plus keys reach us from that browser.
Registering the same endpoint URL again updates the preferences (idempotent).  Leaving
switches the endpoint off (the delivery records stay, for the dashboard's counts).

Endpoint URLs are accepted only for the push services in ``YAKUBA_PUSH_ALLOWED_HOSTS``
(https), so the server cannot be made to POST to arbitrary hosts; plain http is accepted
only for ``YAKUBA_PUSH_INSECURE_HOSTS`` (loopback, outside production: the tests' stand-in).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..channels.vapid import is_production
from ..languages import Language
from ..models import Category, Channel, Endpoint, Subscriber, SubscriberArea

#: The push services of Chrome/Edge/Samsung (FCM), Firefox, Safari/iOS and Windows.
DEFAULT_ALLOWED_HOSTS = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "updates.push.services.mozilla.com",
    "push.services.mozilla.com",
    "web.push.apple.com",
    "notify.windows.com",
)
MAX_ENDPOINT_LENGTH = 1024
MAX_AREAS = 100
AREA_CODE = re.compile(r"^\d{7}$")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


def allowed_hosts() -> tuple[str, ...]:
    return tuple(getattr(settings, "YAKUBA_PUSH_ALLOWED_HOSTS", DEFAULT_ALLOWED_HOSTS))


def insecure_hosts() -> tuple[str, ...]:
    default = () if is_production() else ("127.0.0.1", "localhost", "::1")
    return tuple(getattr(settings, "YAKUBA_PUSH_INSECURE_HOSTS", default))


@dataclass(frozen=True)
class Preferences:
    language: str
    category_mask: int
    area_codes: tuple[str, ...]  # empty: the whole city


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code="invalid")


def validate_endpoint_url(url: Any) -> str:
    """The push service URL: https to a known push service (or loopback http outside production)."""
    if not isinstance(url, str) or not url or len(url) > MAX_ENDPOINT_LENGTH:
        raise _invalid(_("プッシュ通知の送信先URLが正しくありません。"))
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as error:
        raise _invalid(_("プッシュ通知の送信先URLが正しくありません。")) from error
    if parts.username or parts.password or not host or parts.fragment:
        raise _invalid(_("プッシュ通知の送信先URLが正しくありません。"))
    if parts.scheme == "https" and any(
        host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts()
    ):
        return url
    if parts.scheme == "http" and host in insecure_hosts():
        return url
    raise _invalid(_("このブラウザーのプッシュ通知サービスには対応していません。"))


def _decode(value: Any, size: int, label: str) -> bytes:
    if not isinstance(value, str) or not BASE64URL.match(value) or len(value) > 200:
        raise _invalid(_("プッシュ通知の鍵（%(label)s）が正しくありません。") % {"label": label})
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as error:
        raise _invalid(
            _("プッシュ通知の鍵（%(label)s）が正しくありません。") % {"label": label}
        ) from error
    if len(raw) != size:
        raise _invalid(_("プッシュ通知の鍵（%(label)s）が正しくありません。") % {"label": label})
    return raw


def validate_keys(keys: Any) -> dict[str, str]:
    """p256dh: an uncompressed P-256 point (65 bytes); auth: a 16-byte secret (RFC 8291)."""
    if not isinstance(keys, dict):
        raise _invalid(_("プッシュ通知の鍵がありません。"))
    p256dh = _decode(keys.get("p256dh"), 65, "p256dh")
    _decode(keys.get("auth"), 16, "auth")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError as error:
        raise _invalid(
            _("プッシュ通知の鍵（%(label)s）が正しくありません。") % {"label": "p256dh"}
        ) from error
    return {"p256dh": keys["p256dh"].rstrip("="), "auth": keys["auth"].rstrip("=")}


def validate_preferences(
    language: Any, categories: Any, areas: Any, whole_city: bool = True
) -> Preferences:
    """Categories by code (or primary key), 町字コード areas; at least one category."""
    if language not in Language.values:
        raise _invalid(_("言語の指定が正しくありません。"))
    if not isinstance(categories, list) or not categories or len(categories) > 64:
        raise _invalid(_("受け取る情報の分類を1つ以上選んでください。"))
    wanted = {str(value) for value in categories}
    chosen = [
        category
        for category in Category.objects.all()
        if category.code in wanted or str(category.pk) in wanted
    ]
    if len(chosen) != len(wanted):
        raise _invalid(_("受け取る情報の分類の指定が正しくありません。"))
    mask = 0
    for category in chosen:
        mask |= category.mask
    codes: tuple[str, ...] = ()
    if not whole_city:
        if not isinstance(areas, list) or not areas or len(areas) > MAX_AREAS:
            raise _invalid(_("地域を1つ以上選ぶか、「市内全域」を選んでください。"))
        if not all(isinstance(code, str) and AREA_CODE.match(code) for code in areas):
            raise _invalid(_("地域の指定が正しくありません。"))
        from yakuba.residents.queries import town_areas

        known = {area.code for area in town_areas()}
        if not set(areas) <= known:
            raise _invalid(_("地域の指定が正しくありません。"))
        codes = tuple(sorted(set(areas)))
    return Preferences(language=language, category_mask=mask, area_codes=codes)


def _apply_preferences(subscriber: Subscriber, preferences: Preferences) -> None:
    subscriber.language = preferences.language
    subscriber.category_mask = preferences.category_mask
    subscriber.whole_city = not preferences.area_codes
    subscriber.save(update_fields=["language", "category_mask", "whole_city", "updated"])
    SubscriberArea.objects.filter(subscriber=subscriber).delete()
    SubscriberArea.objects.bulk_create(
        SubscriberArea(subscriber=subscriber, area_code=code) for code in preferences.area_codes
    )


@transaction.atomic
def register_push_subscription(
    endpoint_url: Any, keys: Any, preferences: Preferences, *, user: Any = None
) -> tuple[Endpoint, bool]:
    """Create (or update, for a known endpoint URL) a confirmed ``webpush`` endpoint.

    Returns ``(endpoint, created)``.  ``user``: a signed-in citizen's account, linked to the
    subscriber so that マイページ can show it.
    """
    url = validate_endpoint_url(endpoint_url)
    clean_keys = validate_keys(keys)
    account = user if user is not None and getattr(user, "is_authenticated", False) else None
    endpoint = (
        Endpoint.objects.select_for_update()
        .select_related("subscriber")
        .filter(channel=Channel.WEBPUSH, address=url)
        .first()
    )
    created = endpoint is None
    if endpoint is None:
        subscriber = Subscriber.objects.create(user=account)
        endpoint = Endpoint(subscriber=subscriber, channel=Channel.WEBPUSH, address=url)
    else:
        subscriber = endpoint.subscriber
        if account is not None and subscriber.user_id is None:
            subscriber.user = account
            subscriber.save(update_fields=["user", "updated"])
    _apply_preferences(subscriber, preferences)
    endpoint.keys = clean_keys
    endpoint.confirmed_at = endpoint.confirmed_at or timezone.now()
    endpoint.active = True
    endpoint.failure_count = 0
    endpoint.disabled_reason = ""
    endpoint.save()
    return endpoint, created


@transaction.atomic
def unsubscribe_push(endpoint_url: Any, keys: Any) -> bool:
    """Switch off the endpoint; the browser proves it holds the subscription by its auth secret."""
    url = validate_endpoint_url(endpoint_url)
    auth = keys.get("auth") if isinstance(keys, dict) else None
    if not isinstance(auth, str):
        raise _invalid(_("プッシュ通知の鍵がありません。"))
    updated = Endpoint.objects.filter(
        channel=Channel.WEBPUSH, address=url, keys__auth=auth.rstrip("="), active=True
    ).update(active=False, disabled_reason="unsubscribed by the browser")
    return bool(updated)
