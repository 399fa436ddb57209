"""The resident's access-record page and the staff audit log and chain check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required, staff_required

from .forms import AuditLogFilterForm
from .queries import AUDITOR_GRANTS, access_records_for, access_records_for_citizen
from .services import record_kind_label, verify_chain

CITIZEN_PAGE_SIZE = 50
STAFF_PAGE_SIZE = 100


@citizen_required
def access_record(request: HttpRequest) -> HttpResponse:
    """マイページ: which department looked at my data, when and why (never who)."""
    page = Paginator(access_records_for_citizen(request.user), CITIZEN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(record, record_kind_label(record.record_kind)) for record in page.object_list]
    return render(request, "audit/access_record_list.html", {"page": page, "rows": rows})


@staff_required(grants=AUDITOR_GRANTS, system_admin=True)
def audit_log(request: HttpRequest) -> HttpResponse:
    """The staff audit log with filters; each view of it is itself recorded."""
    filters = {key: value for key, value in request.GET.items() if key != "page"}
    form = AuditLogFilterForm(filters or None)
    page = None
    if not form.is_bound or form.is_valid():
        cleaned = form.cleaned_data if form.is_bound else {}
        records = access_records_for(request.user, cleaned, request=request)
        page = Paginator(records, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_record_log.html", {"form": form, "page": page})


@require_http_methods(["GET", "POST"])
@staff_required(system_admin=True)
def audit_chain(request: HttpRequest) -> HttpResponse:
    """System administrators: recompute the chain on demand (POST) and show the verdict."""
    verdict = verify_chain() if request.method == "POST" else None
    return render(request, "audit/chain_verify.html", {"verdict": verdict})
