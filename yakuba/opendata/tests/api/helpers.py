"""Calling the Action API from tests (Django's test client)."""

from __future__ import annotations

import json
from typing import Any


def url(name: str, version: int | None = 3) -> str:
    return f"/api/3/action/{name}" if version == 3 else f"/api/action/{name}"


def call(
    client,
    name: str,
    data: dict[str, Any] | None = None,
    *,
    secret: str = "",
    method: str = "POST",
    version: int | None = 3,
    headers: dict[str, str] | None = None,
):
    """One Action API request: POST with a JSON body (or GET with a query string)."""
    headers = {**({"Authorization": secret} if secret else {}), **(headers or {})}
    if method == "GET":
        return client.get(url(name, version), data or {}, headers=headers)
    return client.post(
        url(name, version),
        json.dumps(data or {}),
        content_type="application/json",
        headers=headers,
    )
