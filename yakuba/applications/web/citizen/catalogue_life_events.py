"""Life events (引越し, 出生, 介護 …): the list, and one event's guided flow — its
procedures in order with who each applies to and, for a signed-in resident, each step's
progress (not started / 下書きあり / 申請済み with the reference), so that a resident
moving house can do the procedures one after another.

Public pages; the progress is read only for the signed-in user's own applications.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from yakuba.identity.permissions import is_citizen

from ...queries import catalogue as queries
from ...queries.catalogue import DRAFT, NOT_STARTED, SUBMITTED, localized
from .catalogue_display import crumbs, optional_url, procedure_row


@require_safe
def life_event_list(request: HttpRequest) -> HttpResponse:
    events = [
        {
            "event": event,
            "name": localized(event, "name"),
            "description": localized(event, "description"),
            "url": reverse("portal:applications:life_event_detail", args=[event.code]),
            "titles": [localized(step.procedure, "title") for step in event.listed_steps],
        }
        for event in queries.life_events()
    ]
    return render(
        request,
        "applications/catalogue/life_event_list.html",
        {
            "life_events": events,
            "breadcrumbs": crumbs((_("ライフイベントから探す"), "")),
        },
    )


@require_safe
def life_event_detail(request: HttpRequest, code: str) -> HttpResponse:
    event = queries.get_life_event(code)
    steps = event.listed_steps  # type: ignore[attr-defined]
    user = request.user if is_citizen(request.user) else None
    progress = queries.life_event_progress(user, event)
    departments = queries.departments({step.procedure.department_code for step in steps})
    rows: list[dict[str, Any]] = []
    for number, step in enumerate(steps, start=1):
        state = progress[step.procedure_id]
        row = procedure_row(step.procedure, departments)
        row.update(
            number=number,
            anchor=f"step-{number}",
            note=localized(step, "note"),
            state=state.state,
            reference=state.reference,
            status_label=state.status_label,
            start_url=optional_url("portal:applications:filling_start", step.procedure.code),
            mine_url=(
                optional_url("portal:applications:mine_detail", state.reference)
                if state.reference
                else ""
            ),
            url=row["url"] + f"?life_event={event.code}",
        )
        rows.append(row)
    for index, row in enumerate(rows):
        row["next"] = rows[index + 1] if index + 1 < len(rows) else None
    signed_in = user is not None
    remaining = [row for row in rows if row["state"] != SUBMITTED and row["is_open"]]
    name = localized(event, "name")
    return render(
        request,
        "applications/catalogue/life_event_detail.html",
        {
            "event": event,
            "name": name,
            "description": localized(event, "description"),
            "steps": rows,
            "signed_in": signed_in,
            "done_count": sum(1 for row in rows if row["state"] == SUBMITTED),
            "next_step": remaining[0] if signed_in and remaining else None,
            "login_url": reverse("portal:login") + "?next=" + request.path,
            "NOT_STARTED": NOT_STARTED,
            "DRAFT": DRAFT,
            "SUBMITTED": SUBMITTED,
            "breadcrumbs": crumbs(
                (_("ライフイベントから探す"), reverse("portal:applications:life_event_list")),
                (name, ""),
            ),
        },
    )
