"""One procedure's page: what it is, who may apply, how the applicant is identified, the
fee, how long handling takes, what to prepare, the window, the department and its contact,
and the start button (a POST to the filling part's ``filling_start``).

Public page.  When the identity level needs an account and nobody is signed in as a
resident, a sign-in link (``next=`` back here) takes the place of the start button.
Reached from a life event (``?life_event=<code>``), it links back to the flow and on to
the event's next procedure (「次の手続きへ」).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from yakuba.identity.permissions import is_citizen

from ...models import IdentityLevel, Procedure
from ...queries import catalogue as queries
from ...queries.catalogue import localized
from .catalogue_display import crumbs, optional_url, procedure_row

#: A description line listing what to prepare: 「準備するもの：…」 (the label is dropped) or
#: an English sentence starting "You need …" (kept whole).
_PREPARE_JA = re.compile(r"^\s*(?:準備するもの|必要なもの|用意するもの|持ち物)\s*[：:]\s*")
_PREPARE_EN = re.compile(r"^\s*(?:you need|what you need|bring)\b", re.IGNORECASE)
_CODE = re.compile(r"^[a-z][a-z0-9-]{1,59}$")


def split_description(text: str) -> tuple[str, list[str]]:
    """(the description without the lines on what to prepare, those lines)."""
    kept: list[str] = []
    prepare: list[str] = []
    for line in (text or "").splitlines():
        japanese = _PREPARE_JA.match(line)
        if japanese and line[japanese.end() :].strip():
            prepare.append(line[japanese.end() :].strip())
        elif _PREPARE_EN.match(line):
            prepare.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept).strip(), prepare


def _life_event_context(request: HttpRequest, procedure: Procedure) -> dict[str, Any] | None:
    code = request.GET.get("life_event", "")
    if not _CODE.match(code):
        return None
    try:
        event = queries.get_life_event(code)
    except Http404:
        return None
    steps = event.listed_steps  # type: ignore[attr-defined]
    positions = [index for index, step in enumerate(steps) if step.procedure_id == procedure.pk]
    if not positions:
        return None
    index = positions[0]
    following = steps[index + 1] if index + 1 < len(steps) else None
    return {
        "name": localized(event, "name"),
        "url": reverse("portal:applications:life_event_detail", args=[event.code])
        + f"#step-{index + 1}",
        "number": index + 1,
        "count": len(steps),
        "next_title": localized(following.procedure, "title") if following else "",
        "next_url": (
            reverse("portal:applications:procedure_detail", args=[following.procedure.code])
            + "?"
            + urlencode({"life_event": event.code})
            if following
            else ""
        ),
    }


@require_safe
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = queries.get_published_procedure(code)
    departments = queries.departments([procedure.department_code])
    department = departments.get(procedure.department_code)
    row = procedure_row(procedure, departments)
    description, prepare = split_description(localized(procedure, "description"))
    signed_in = is_citizen(request.user)
    needs_account = procedure.identity_level != IdentityLevel.NONE
    login_url = reverse("portal:login") + "?" + urlencode({"next": request.get_full_path()})
    return render(
        request,
        "applications/catalogue/procedure_detail.html",
        {
            "procedure": procedure,
            "row": row,
            "title": row["title"],
            "description": description,
            "prepare": prepare,
            "applicant_kind": procedure.get_applicant_kind_display(),
            "department": department,
            "contact": procedure.contact,
            "signed_in": signed_in,
            "needs_account": needs_account,
            "may_start": not needs_account or signed_in,
            "start_url": optional_url("portal:applications:filling_start", procedure.code),
            "login_url": login_url,
            "signup_url": reverse("portal:signup"),
            "card_login_url": optional_url("portal:card_login"),
            "life_event": _life_event_context(request, procedure),
            "breadcrumbs": crumbs(
                (
                    localized(procedure.category, "name"),
                    reverse("portal:applications:category_detail", args=[procedure.category.code]),
                ),
                (row["title"], ""),
            ),
        },
    )
