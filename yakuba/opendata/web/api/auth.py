"""Who calls the Action API: the holder of the API token in the request, or nobody.

The token is read from ``Authorization`` (bare, or ``Bearer <token>``) and from
``X-CKAN-API-Key``, as CKAN and ckanapi send it (ckanapi sends both).  The session
cookie is never used: the API is ``csrf_exempt``, so a signed-in browser must not be
able to write (or read private datasets) through it from another site.  As in CKAN, a
token that is unknown, revoked or expired makes the call anonymous; a write then fails
with an Authorization Error that says why.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from ...services.tokens import user_for_secret

HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY")


@dataclass(frozen=True)
class Caller:
    user: Any
    #: SHA-256 of the token that identified the caller ("" when anonymous): the key of
    #: the per-token rate limit.
    token_digest: str = ""
    #: Whether a token was sent at all (to tell "no token" from "a bad token").
    token_sent: bool = False

    @property
    def is_authenticated(self) -> bool:
        return bool(self.token_digest)


def _normalised(value: str) -> str:
    value = value.strip()
    if value.lower().startswith("bearer "):
        value = value[7:].strip()
    return value


def identify(request: HttpRequest) -> Caller:
    tried: list[str] = []
    for header in HEADERS:
        secret = _normalised(request.META.get(header, ""))
        if not secret or secret in tried:
            continue
        tried.append(secret)
        user = user_for_secret(secret)
        if user is not None:
            digest = hashlib.sha256(secret.encode()).hexdigest()
            return Caller(user=user, token_digest=digest, token_sent=True)
    return Caller(user=AnonymousUser(), token_sent=bool(tried))
