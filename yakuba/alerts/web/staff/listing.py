"""The alert list (filters by status and category) and the staff dashboard panel."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.staff import AlertFilterForm
from ...models import AlertStatus
from . import queries

PAGE_SIZE = 50


@never_cache
@require_GET
@staff_required(grants=policies.VIEW_GRANTS)
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts newest first; 「承認待ち」 count as a badge linking to the pending ones."""
    form = AlertFilterForm(request.GET or None)
    status, category = "", None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        category = form.cleaned_data["category"]
    alerts = queries.alerts_for(request.user, status=status, category=category)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/staff/alert_list.html",
        {
            "form": form,
            "page_obj": page,
            "pending_count": queries.pending_count_for(request.user),
            "pending_status": AlertStatus.PENDING,
            "may_compose": policies.may_compose(request.user),
            "may_change_settings": policies.may_change_settings(request.user),
        },
    )


def dashboard_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Context of the dashboard panel: pending approvals and the alerts being sent."""
    if not policies.may_view(request.user):
        return None
    return {
        "pending_count": queries.pending_count_for(request.user),
        "sending": queries.sending_alerts_for(request.user),
        "pending_status": AlertStatus.PENDING,
    }
