"""Staff pages of 支援措置 (市民課): measures in force (operators), a person's measures with
the form to flag one (operators), lifting one.  Never shown to residents or at the kiosk."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ...forms.records import SupportFlagForm
from ...policies import REGISTER_OPERATE_GRANTS, REGISTER_VIEW_GRANTS, may_operate_register
from ...queries.records import (
    get_support_measure_for,
    holder_for,
    support_measures_for,
    support_measures_in_force_for,
)
from ...services.records import flag_support_measure, lift_support_measure
from .records_common import full_name, person_page_url, support_crumbs


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=REGISTER_OPERATE_GRANTS)
def support_list(request):
    """Measures in force (or starting later), by start date; names are shown on the person's page."""
    rows = support_measures_in_force_for(request.user, request=request)
    return render(
        request,
        "certificates/staff/records/support_list.html",
        {"rows": rows, "breadcrumbs": [(_("支援措置"), "")]},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=REGISTER_VIEW_GRANTS)
def support_person(request, person_id: int):
    """The person's measures; operators flag a new one here."""
    may_operate = may_operate_register(request.user)
    if request.method == "POST" and not may_operate:
        raise PermissionDenied
    holder = holder_for(request.user, person_id, request=request)
    form = (
        SupportFlagForm(request.POST if request.method == "POST" else None) if may_operate else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            flag_support_measure(
                request.user,
                person_id,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data.get("ends_on"),
                note=form.cleaned_data.get("note", ""),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("支援措置を登録しました。"))
            return redirect("console:certificates:records_support_person", person_id=person_id)
    measures = support_measures_for(request.user, person_id, request=request)
    return render(
        request,
        "certificates/staff/records/support_person.html",
        {
            "person": holder.person,
            "measures": measures,
            "form": form,
            "person_url": person_page_url(person_id),
            "breadcrumbs": support_crumbs((full_name(holder.person), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=REGISTER_OPERATE_GRANTS)
def support_lift(request, measure_id: int):
    """Confirm, then lift a measure."""
    measure = get_support_measure_for(request.user, measure_id, request=request)
    holder = holder_for(request.user, measure.person_id, request=request)
    person_url = reverse("console:certificates:records_support_person", args=[measure.person_id])
    error = None
    if request.method == "POST" and measure.lifted_at is None:
        try:
            lift_support_measure(request.user, measure_id, request=request)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, _("支援措置を解除しました。"))
            return redirect(person_url)
    return render(
        request,
        "certificates/staff/records/support_lift.html",
        {
            "measure": measure,
            "person": holder.person,
            "error": error,
            "back_url": person_url,
            "breadcrumbs": support_crumbs(
                (full_name(holder.person), person_url), (_("支援措置の解除"), "")
            ),
        },
    )
