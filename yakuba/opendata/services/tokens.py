"""API tokens for the Action API's write actions.

A token is ``yk_`` followed by 43 URL-safe random characters; only its SHA-256 is kept.
Clients send it in ``Authorization`` (bare, or after ``Bearer``) or ``X-CKAN-API-Key``,
as CKAN accepts.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import policies
from ..models import ApiToken

PREFIX = "yk_"
#: ``last_used_at`` is written at most this often per token (one UPDATE per minute, not
#: one per request).
USE_RECORD_INTERVAL = datetime.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    actor: Any, *, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it and the secret (shown once, never stored)."""
    if not policies.may_hold_tokens(actor):
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("トークンの名前を入力してください。")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("有効期限は未来の日時にしてください。")})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:100],
        prefix=secret[:10],
        secret_sha256=_digest(secret),
        expires_at=expires_at,
    )
    return token, secret


def revoke_token(actor: Any, token: ApiToken) -> None:
    if token.user_id != actor.pk and not policies.may_run_catalogue(actor):
        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def user_for_secret(secret: str) -> Any | None:
    """The active staff member who holds ``secret``, or None (unknown, revoked, expired,
    or the member is no longer active)."""
    secret = (secret or "").strip()
    if secret.lower().startswith("bearer "):
        secret = secret[7:].strip()
    if not secret.startswith(PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(secret_sha256=_digest(secret), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > USE_RECORD_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
