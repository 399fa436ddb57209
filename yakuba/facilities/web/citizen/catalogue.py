"""The citizens' facility catalogue: the list of facilities and one facility's page
(rooms, frames, equipment, closures and the fee table in force today).

Public pages (no sign-in), no JavaScript needed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from yakuba.core.japanese import format_yen

from ...forms.catalogue import WEEKDAYS, FacilitySearchForm
from ...models import Facility, FacilityKind
from ...queries import catalogue as queries
from ...queries.catalogue import localized

#: OpenStreetMap map at this zoom level around the facility.
MAP_ZOOM = 17


def booking_calendar_url(room_id: int) -> str:
    """The room's booking calendar (the booking part's page), or "" before it exists."""
    try:
        return reverse("portal:facilities:booking_calendar", kwargs={"room_id": room_id})
    except NoReverseMatch:
        return ""


def map_url(facility: Facility) -> str:
    if facility.latitude is not None and facility.longitude is not None:
        return (
            f"https://www.openstreetmap.org/?mlat={facility.latitude}&mlon={facility.longitude}"
            f"#map={MAP_ZOOM}/{facility.latitude}/{facility.longitude}"
        )
    if facility.address:
        from urllib.parse import urlencode

        return "https://www.openstreetmap.org/search?" + urlencode({"query": facility.address})
    return ""


def photo_url(facility: Facility) -> str:
    if not facility.photo:
        return ""
    if facility.photo.startswith(("https://", "http://", "/")):
        return facility.photo
    from django.templatetags.static import static

    return static(facility.photo)


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("トップ"), reverse("portal:home")),
        (_("公共施設の予約"), reverse("portal:facilities:facility_list")),
        *items,
    ]


@require_safe
def facility_list(request: HttpRequest) -> HttpResponse:
    form = FacilitySearchForm(request.GET or None)
    kind = text = ""
    if form.is_bound and form.is_valid():
        kind = form.cleaned_data["kind"]
        text = form.cleaned_data["q"]
    facilities = queries.catalogue_facilities(kind=kind, text=text)
    groups: list[dict[str, Any]] = []
    labels = dict(FacilityKind.choices)
    for facility in facilities:
        if not groups or groups[-1]["kind"] != facility.kind:
            groups.append({"kind": facility.kind, "label": labels[facility.kind], "items": []})
        groups[-1]["items"].append(
            {
                "facility": facility,
                "name": localized(facility, "name"),
                "url": reverse("portal:facilities:facility_detail", args=[facility.code]),
            }
        )
    return render(
        request,
        "facilities/catalogue/facility_list.html",
        {
            "form": form,
            "groups": groups,
            "count": len(facilities),
            "filtered": bool(kind or text),
            "breadcrumbs": _crumbs()[:-1] + [(_("公共施設の予約"), "")],
        },
    )


@require_safe
def facility_detail(request: HttpRequest, code: str) -> HttpResponse:
    facility = queries.get_catalogue_facility(code)
    today = timezone.localdate()
    weekday_names = dict(WEEKDAYS)
    rooms = [
        {
            "room": room,
            "name": localized(room, "name"),
            "calendar_url": booking_calendar_url(room.pk),
        }
        for room in facility.rooms.filter(is_active=True)
    ]
    frames = [
        {"frame": frame, "label": localized(frame, "label")} for frame in facility.frames.all()
    ]
    equipment = [
        {"item": item, "name": localized(item, "name")} for item in facility.lendables.all()
    ]
    closures = [
        {"closure": closure, "reason": localized(closure, "reason")}
        for closure in queries.upcoming_closures(facility, today)
    ]
    table = queries.fee_table_on(facility, today)
    room_names = {row["room"].pk: row["name"] for row in rooms}
    frame_labels = {row["frame"].pk: row["label"] for row in frames}
    fee_rows = [
        {
            "room_key": row.room.pk,
            "room": room_names.get(row.room.pk, row.room.name),
            "frame": frame_labels.get(row.frame.pk, row.frame.label),
            "frame_times": f"{row.frame.starts:%H:%M}–{row.frame.ends:%H:%M}",
            "amounts": [
                format_yen(amount) if amount is not None else "—" for amount in row.amounts
            ],
        }
        for row in table.rows
    ]
    equipment_fees = [
        {
            "name": localized(item, "name"),
            "amount": format_yen(amount) if amount is not None else _("無料"),
        }
        for item, amount in table.equipment
    ]
    reductions = [
        {
            "reason": localized(reduction, "reason"),
            "percent": reduction.percent,
            "staff_only": reduction.staff_only,
        }
        for reduction in table.reductions
    ]
    name = localized(facility, "name")
    return render(
        request,
        "facilities/catalogue/facility_detail.html",
        {
            "facility": facility,
            "name": name,
            "description": localized(facility, "description"),
            "accessibility": localized(facility, "accessibility"),
            "photo_url": photo_url(facility),
            "map_url": map_url(facility),
            "closed_weekdays": [
                str(weekday_names[day])
                for day in facility.closed_weekdays or []
                if day in weekday_names
            ],
            "rooms": rooms,
            "frames": frames,
            "equipment": equipment,
            "closures": closures,
            "fee_table": table,
            "fee_rows": fee_rows,
            "equipment_fees": equipment_fees,
            "reductions": reductions,
            "today": today,
            "breadcrumbs": _crumbs((name, "")),
        },
    )
