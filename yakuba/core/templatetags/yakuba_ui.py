"""Template helpers of the design system (``{% load yakuba_ui %}``).

* ``{% field_widget field %}`` renders a form field's widget with
  ``aria-describedby`` (hint and error ids) and ``aria-invalid``;
* ``field|describedby`` gives the same id list (for a ``<fieldset>``);
* ``field|field_anchor`` is the id the error summary links to;
* ``{% site_name %}`` is the municipality's name in the page language;
* ``day|date_both`` shows a date in 和暦 and 西暦 (English: month name and era);
* ``{% render_panel panel %}`` renders a registered マイページ card or staff panel;
* ``{% percent value max %}``, ``{% page_query name number %}`` and
  ``{% page_numbers page %}`` serve the progress and pagination components.

Ids follow one convention so templates can point at them: the hint is
``<auto_id>_hint`` and the n-th error message ``<auto_id>_error_<n>``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from yakuba.core.japanese import format_date_both, format_wareki
from yakuba.core.registries import Panel

register = template.Library()


def hint_id(field: BoundField) -> str:
    return f"{field.auto_id}_hint"


def error_ids(field: BoundField) -> list[str]:
    return [f"{field.auto_id}_error_{number}" for number in range(1, len(field.errors) + 1)]


@register.filter
def describedby(field: BoundField) -> str:
    """Space-separated ids of the field's hint and error messages ("" when none)."""
    if not field.auto_id:
        return ""
    ids = [hint_id(field)] if field.help_text else []
    return " ".join(ids + error_ids(field))


@register.filter
def field_anchor(field: BoundField) -> str:
    """The element id the error summary links to (the first option of a radio group)."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


@register.simple_tag
def field_widget(field: BoundField, css_class: str = "") -> SafeString:
    """The widget of ``field`` with accessible attributes set.

    ``css_class`` adds classes such as ``input-width-10`` to the control.
    """
    attrs: dict[str, Any] = {}
    ids = describedby(field)
    if ids:
        attrs["aria-describedby"] = ids
    if field.errors:
        attrs["aria-invalid"] = "true"
    if css_class:
        existing = field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css_class}".strip()
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def site_name(context: template.Context) -> str:
    """The municipality's name in the page language (``yakuba`` before set-up)."""
    municipality = context.get("municipality")
    if municipality is None:
        return "yakuba"
    if (get_language() or "ja").startswith("en") and municipality.name_en:
        return municipality.name_en
    return municipality.name


@register.filter
def date_both(day: datetime.date | None) -> str:
    """令和8年11月25日（2026年11月25日） in Japanese; November 25, 2026 (Reiwa 8) in English."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.date()
    if (get_language() or "ja").startswith("en"):
        return format_wareki(day, style="en")
    return format_date_both(day)


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: Panel, heading_level: int = 2) -> SafeString:
    """Render a registered card/panel inside ``components/panel.html``.

    The panel's ``context(request)`` may return ``None`` to hide itself.
    """
    request = context.get("request")
    panel_context = panel.context(request)
    if panel_context is None:
        return mark_safe("")
    body = render_to_string(panel.template, panel_context, request=request)
    return mark_safe(
        render_to_string(
            "components/panel.html",
            {"panel": panel, "body": mark_safe(body), "heading_level": heading_level},
            request=request,
        )
    )


@register.simple_tag
def percent(value: float | int | None, maximum: float | int | None = 100) -> int:
    """Whole-number percentage of ``value`` out of ``maximum`` (default 100), clamped to 0–100."""
    if maximum in (None, ""):
        maximum = 100
    if not value or not maximum:
        return 0
    return max(0, min(100, int(float(value) * 100 // float(maximum))))


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, name: str, number: int) -> str:
    """``?…&<name>=<number>``: the current query string with one page parameter replaced."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[name] = str(number)
    return "?" + query.urlencode()


@register.simple_tag
def page_numbers(page: Page) -> list[int | str]:
    """Page numbers around the current page, with ``…`` where numbers are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
