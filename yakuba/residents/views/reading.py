"""Reading pages: the search and the person's record (now or as of a date, with the timeline)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from yakuba.core.registries import person_sections
from yakuba.identity.decorators import staff_required

from ..forms import AsOfForm, PersonSearchForm, PurposeForm
from ..models import Status
from ..policies import READ_GRANTS, may_record_movements
from ..queries import (
    SEARCH_LIMIT,
    get_person_for,
    person_timeline_for,
    search_people_for,
)


def detail_url(pk: int, purpose: str, **extra: str) -> str:
    query = {"purpose": purpose, **{key: value for key, value in extra.items() if value}}
    return f"{reverse('console:person_detail', args=[pk])}?{urlencode(query)}"


@staff_required(grants=READ_GRANTS)
def resident_search(request: HttpRequest) -> HttpResponse:
    """Search by name (kanji or kana), birth date (西暦/和暦), 住民票コード or address, for a purpose."""
    form = PersonSearchForm(request.GET if request.GET else None)
    result = None
    rows = []
    if form.is_bound and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        result = search_people_for(
            request.user,
            form.cleaned_data["search"],
            purpose=purpose,
            request=request,
            include_removed=form.cleaned_data["include_removed"],
        )
        rows = [(person, detail_url(person.pk, purpose)) for person in result.people]
    return render(
        request,
        "residents/person_search.html",
        {
            "form": form,
            "result": result,
            "rows": rows,
            "limit": SEARCH_LIMIT,
            "may_record": may_record_movements(request.user),
        },
    )


def _sections(request: HttpRequest, person_id: int) -> list[dict]:
    """Sections other modules registered for this page, rendered with their own context."""
    rendered = []
    for section in person_sections.all():
        context = section.context(request, person_id)
        if context is None:
            continue
        html = render_to_string(section.template, context, request=request)
        rendered.append({"key": section.key, "title": section.title, "html": mark_safe(html)})  # noqa: S308
    return rendered


def movement_links(pk: int, status: str) -> list[tuple[str, str]]:
    """The 異動 a clerk may record for this person, as (label, url)."""
    names = (
        [
            (_("転居"), "residents_move_within"),
            (_("転出"), "residents_move_out"),
            (_("世帯変更"), "residents_household_change"),
            (_("出生（この世帯）"), "residents_birth"),
            (_("氏名変更"), "residents_name_change"),
            (_("死亡"), "residents_death"),
        ]
        if status == Status.RESIDENT
        else []
    )
    names += [
        (_("職権修正"), "residents_correction"),
        (_("住所の職権修正"), "residents_address_correction"),
    ]
    return [(label, reverse(f"console:{name}", args=[pk])) for label, name in names]


@staff_required(grants=READ_GRANTS)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's record and household, now or as of a date, and the timeline of 異動.

    Without a valid purpose: a purpose-selection form and **no data**.
    """
    purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
    search_url = reverse("console:resident_search")
    if not (purpose_form.is_bound and purpose_form.is_valid()):
        return render(
            request,
            "residents/person_purpose.html",
            {"form": purpose_form, "pk": pk, "search_url": search_url},
        )
    purpose = purpose_form.cleaned_data["purpose"]
    as_of_form = AsOfForm(request.GET)
    as_of = as_of_form.cleaned_data["as_of"] if as_of_form.is_valid() else None
    try:
        record = get_person_for(request.user, pk, purpose, as_of=as_of, request=request)
    except ValidationError as error:
        as_of_form.add_error("as_of", error)
        record = get_person_for(request.user, pk, purpose, request=request)
        as_of = None
    timeline = person_timeline_for(request.user, pk, purpose, request=request)
    members = [
        (
            member,
            detail_url(member.pk, purpose, as_of=request.GET.get("as_of", "") if as_of else ""),
        )
        for member in record.members
    ]
    breadcrumbs = [(_("住民検索"), search_url), (str(record.person), "")]
    person_status = record.person.status
    return render(
        request,
        "residents/person_detail.html",
        {
            "record": record,
            "person": record.person,
            "members": members,
            "purpose": purpose,
            "purpose_label": dict(purpose_form.fields["purpose"].choices).get(purpose, purpose),
            "breadcrumbs": breadcrumbs,
            "as_of_form": as_of_form,
            "as_of": as_of,
            "timeline": timeline,
            "sections": _sections(request, pk),
            "movement_links": (
                movement_links(pk, person_status)
                if may_record_movements(request.user) and as_of is None
                else []
            ),
            "current_url": detail_url(pk, purpose),
        },
    )
