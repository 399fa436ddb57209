"""Staff pages for maintenance windows (市民課 admin): list, add, remove."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.core.forms import add_service_errors

from ...forms.kiosks import MaintenanceWindowForm
from ...queries import kiosks as queries
from ...services import kiosks as services
from .kiosks_common import kiosk_crumbs, kiosk_page


def _crumbs(request: HttpRequest, *items: tuple[str, str]) -> list[tuple[str, str]]:
    return kiosk_crumbs(
        request, (_("休止期間"), reverse("console:certificates:maintenance_list")), *items
    )


@kiosk_page()
def maintenance_list(request: HttpRequest) -> HttpResponse:
    include_past = request.GET.get("past") == "1"
    return render(
        request,
        "certificates/staff/kiosks/maintenance_list.html",
        {
            "windows": list(
                queries.maintenance_windows_for(request.user, include_past=include_past)
            ),
            "include_past": include_past,
            "status": services.service_status(),
            "breadcrumbs": kiosk_crumbs(request, (_("休止期間"), "")),
        },
    )


@kiosk_page(methods=("GET", "POST"))
def maintenance_new(request: HttpRequest) -> HttpResponse:
    form = MaintenanceWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_maintenance_window(request.user, **form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("休止期間を登録しました。"))
            return redirect("console:certificates:maintenance_list")
    return render(
        request,
        "certificates/staff/kiosks/maintenance_form.html",
        {"form": form, "breadcrumbs": _crumbs(request, (_("休止期間の登録"), ""))},
        status=400 if request.method == "POST" else 200,
    )


@kiosk_page(methods=("GET", "POST"))
def maintenance_remove(request: HttpRequest, pk: int) -> HttpResponse:
    window = queries.get_maintenance_window_for(request.user, pk)
    if request.method == "POST":
        services.remove_maintenance_window(request.user, window.pk, request=request)
        messages.success(request, _("休止期間を削除しました。"))
        return redirect("console:certificates:maintenance_list")
    return render(
        request,
        "certificates/staff/kiosks/maintenance_remove.html",
        {"window": window, "breadcrumbs": _crumbs(request, (_("休止期間の削除"), ""))},
    )
