"""Template tags of the staff console shell (``{% load console_ui %}``), used by base_staff.html."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from yakuba.console.navigation import menu_for, roles_for
from yakuba.identity.decorators import is_verified_staff

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_navigation(context: template.Context) -> list[dict[str, Any]]:
    """Menu links for the signed-in staff member: ``title``, ``url`` and ``current``.

    Only one link is current: the one whose URL is the longest prefix of the path, so a
    module's home (``/staff/facilities/``) is not current on its sub-pages that have
    their own link (``/staff/facilities/setup/``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return []
    path = request.path
    links = []
    for entry in menu_for(user):
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # a module registered a link its URLs do not (yet) provide
        links.append({"key": entry.key, "title": entry.title, "url": url, "current": False})
    matching = [link for link in links if path.startswith(link["url"])]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["current"] = True
    return links


@register.simple_tag(takes_context=True)
def staff_identity(context: template.Context) -> dict[str, Any] | None:
    """Name and current departments of a verified staff member, else ``None``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not is_verified_staff(user):
        return None
    return {"name": user.display_name or user.email, "roles": roles_for(user)}
