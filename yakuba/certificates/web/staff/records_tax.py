"""Staff pages of 課税・所得 (課税課): find a person's assessments by 住民票コード, import the
tax system's CSV (report per line; nothing saved on an error), correct one year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ...forms.records import ResidentCodeForm, TaxCorrectionForm, TaxImportForm
from ...policies import TAX_OPERATE_GRANTS, TAX_VIEW_GRANTS, may_operate_tax
from ...queries.records import get_tax_assessment_for, tax_assessments_for
from ...services.records import COLUMNS, correct_tax_assessment, import_tax_assessments
from .records_common import tax_crumbs


def search_url(code: str) -> str:
    return f"{reverse('console:certificates:records_tax_search')}?{urlencode({'code': code})}"


@never_cache
@require_http_methods(["GET"])
@staff_required(grants=TAX_VIEW_GRANTS)
def tax_search(request):
    """The assessments kept for a 住民票コード, newest year first."""
    form = ResidentCodeForm(request.GET if "code" in request.GET else None)
    rows = None
    if form.is_bound and form.is_valid():
        rows = tax_assessments_for(request.user, form.cleaned_data["code"], request=request)
    return render(
        request,
        "certificates/staff/records/tax_search.html",
        {
            "form": form,
            "rows": rows,
            "code": form.cleaned_data.get("code", "") if form.is_bound and form.is_valid() else "",
            "may_operate": may_operate_tax(request.user),
            "breadcrumbs": [(_("課税・所得"), "")],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=TAX_OPERATE_GRANTS)
def tax_import(request):
    """Upload the CSV; the report lists every problem by line, or what was saved."""
    form = TaxImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_tax_assessments(
            request.user,
            form.cleaned_data["file"],
            fiscal_year=form.cleaned_data.get("fiscal_year"),
            request=request,
        )
        if report.ok:
            messages.success(
                request,
                _(
                    "取り込みました（新規 %(created)s件、更新 %(updated)s件、変更なし %(unchanged)s件）。"
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
    return render(
        request,
        "certificates/staff/records/tax_import.html",
        {
            "form": form,
            "report": report,
            "columns": list(COLUMNS),
            "breadcrumbs": tax_crumbs((_("CSV取込"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=TAX_OPERATE_GRANTS)
def tax_correct(request, assessment_id: int):
    """Correct the amounts of one 年度 (the changed ones are saved and recorded)."""
    assessment = get_tax_assessment_for(request.user, assessment_id, request=request)
    form = TaxCorrectionForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    if request.method == "POST" and form.is_valid():
        try:
            correct_tax_assessment(
                request.user, assessment_id, changes=form.changes(), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(year)s年度の課税・所得を訂正しました。") % {"year": assessment.fiscal_year},
            )
            return redirect(search_url(assessment.resident_code))
    back_url = search_url(assessment.resident_code)
    return render(
        request,
        "certificates/staff/records/tax_correct.html",
        {
            "assessment": assessment,
            "form": form,
            "back_url": back_url,
            "breadcrumbs": tax_crumbs(
                (assessment.resident_code, back_url),
                (_("%(year)s年度の訂正") % {"year": assessment.fiscal_year}, ""),
            ),
        },
    )
