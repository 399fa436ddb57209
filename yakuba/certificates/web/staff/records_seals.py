"""Staff pages of 印鑑登録 (市民課): list and search by number, a person's registrations,
the seal image, register, abolish.  Every page is ``no-store`` and every read recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ...forms.records import SealAbolishForm, SealRegisterForm, SealSearchForm
from ...policies import REGISTER_OPERATE_GRANTS, REGISTER_VIEW_GRANTS, may_operate_register
from ...queries.records import (
    find_seal_by_number_for,
    get_seal_for,
    holder_for,
    person_seals_for,
    seal_image_for,
    seal_registrations_for,
)
from ...services.records import abolish_seal, register_seal
from .records_common import full_name, person_page_url, seal_crumbs


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=REGISTER_VIEW_GRANTS)
def seal_list(request):
    """The latest registrations, or the one with a number (found: its person's page)."""
    form = SealSearchForm(request.GET if "number" in request.GET else None)
    rows = []
    if form.is_bound and form.is_valid():
        found = find_seal_by_number_for(request.user, form.cleaned_data["number"], request=request)
        if found is not None:
            return redirect("console:certificates:records_seal_person", person_id=found.person_id)
        form.add_error("number", _("この登録番号の印鑑登録はありません。"))
    elif not form.is_bound:
        rows = seal_registrations_for(request.user, request=request)
    return render(
        request,
        "certificates/staff/records/seal_list.html",
        {"form": form, "rows": rows, "breadcrumbs": [(_("印鑑登録"), "")]},
    )


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=REGISTER_VIEW_GRANTS)
def seal_person(request, person_id: int):
    """The person's registrations (in force and abolished) with the seal image."""
    holder = holder_for(request.user, person_id, request=request)
    seals = person_seals_for(request.user, person_id, request=request)
    in_force = next((seal for seal in seals if seal.in_force), None)
    return render(
        request,
        "certificates/staff/records/seal_person.html",
        {
            "person": holder.person,
            "seals": seals,
            "in_force": in_force,
            "may_operate": may_operate_register(request.user),
            "person_url": person_page_url(person_id),
            "breadcrumbs": seal_crumbs((full_name(holder.person), "")),
        },
    )


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=REGISTER_VIEW_GRANTS)
def seal_image(request, registration_id: int):
    """The seal PNG, to authorised staff only (recorded, never cached)."""
    png = seal_image_for(request.user, registration_id, request=request)
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="seal-{registration_id}.png"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=REGISTER_OPERATE_GRANTS)
def seal_register(request, person_id: int):
    """Register a seal: the image file and the date (today by default)."""
    holder = holder_for(request.user, person_id, request=request)
    form = SealRegisterForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_seal(
                request.user,
                person_id,
                image=form.cleaned_data["image"],
                registered_on=form.cleaned_data.get("registered_on"),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("印鑑を登録しました（登録番号 %(number)s）。")
                % {"number": registration.registration_number},
            )
            return redirect("console:certificates:records_seal_person", person_id=person_id)
    person_url = reverse("console:certificates:records_seal_person", args=[person_id])
    return render(
        request,
        "certificates/staff/records/seal_register.html",
        {
            "person": holder.person,
            "form": form,
            "back_url": person_url,
            "breadcrumbs": seal_crumbs(
                (full_name(holder.person), person_url), (_("印鑑の登録"), "")
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=REGISTER_OPERATE_GRANTS)
def seal_abolish(request, registration_id: int):
    """Abolish a registration in force (廃止届, 亡失, 職権)."""
    seal = get_seal_for(request.user, registration_id, request=request)
    holder = holder_for(request.user, seal.person_id, request=request)
    form = SealAbolishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and seal.in_force and form.is_valid():
        try:
            abolish_seal(
                request.user,
                registration_id,
                reason=form.cleaned_data["reason"],
                abolished_on=form.cleaned_data.get("abolished_on"),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("印鑑登録（登録番号 %(number)s）を廃止しました。")
                % {"number": seal.registration_number},
            )
            return redirect("console:certificates:records_seal_person", person_id=seal.person_id)
    person_url = reverse("console:certificates:records_seal_person", args=[seal.person_id])
    return render(
        request,
        "certificates/staff/records/seal_abolish.html",
        {
            "seal": seal,
            "person": holder.person,
            "form": form,
            "back_url": person_url,
            "breadcrumbs": seal_crumbs(
                (full_name(holder.person), person_url), (_("印鑑登録の廃止"), "")
            ),
        },
    )
