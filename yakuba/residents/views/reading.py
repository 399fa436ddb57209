"""Staff pages of the resident register: search and the person's record (both audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yakuba.identity.decorators import staff_required

from .forms import PersonSearchForm, PurposeForm
from .policies import READ_GRANTS
from .queries import SEARCH_LIMIT, get_person_for, search_people_for


def _detail_url(pk: int, purpose: str) -> str:
    return f"{reverse('console:person_detail', args=[pk])}?{urlencode({'purpose': purpose})}"


@staff_required(grants=READ_GRANTS)
def resident_search(request: HttpRequest) -> HttpResponse:
    """Search by name (kanji or kana), birth date (西暦/和暦) or 住民票コード, for a stated purpose."""
    form = PersonSearchForm(request.GET if request.GET else None)
    result = None
    rows = []
    if form.is_bound and form.is_valid():
        purpose = form.cleaned_data["purpose"]
        result = search_people_for(
            request.user, form.cleaned_data["query"], purpose=purpose, request=request
        )
        rows = [(person, _detail_url(person.pk, purpose)) for person in result.people]
    return render(
        request,
        "residents/person_search.html",
        {"form": form, "result": result, "rows": rows, "limit": SEARCH_LIMIT},
    )


@staff_required(grants=READ_GRANTS)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's current record and household; without a valid purpose, ask for one first."""
    purpose_form = PurposeForm(request.GET if "purpose" in request.GET else None)
    search_url = reverse("console:resident_search")
    if not (purpose_form.is_bound and purpose_form.is_valid()):
        return render(
            request,
            "residents/person_purpose.html",
            {"form": purpose_form, "pk": pk, "search_url": search_url},
        )
    purpose = purpose_form.cleaned_data["purpose"]
    record = get_person_for(request.user, pk, purpose, request=request)
    members = [(member, _detail_url(member.pk, purpose)) for member in record.members]
    breadcrumbs = [(_("住民検索"), search_url), (str(record.person), "")]
    return render(
        request,
        "residents/person_detail.html",
        {
            "record": record,
            "person": record.person,
            "members": members,
            "purpose_label": dict(purpose_form.fields["purpose"].choices).get(purpose, purpose),
            "breadcrumbs": breadcrumbs,
        },
    )
