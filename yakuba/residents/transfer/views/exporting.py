"""Export page: a purpose and a confirmation, then the whole register streamed as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from yakuba.identity.decorators import staff_required

from ..forms import ExportForm
from ..policies import TRANSFER_GRANTS
from ..services import start_export, stream_export


@staff_required(grants=TRANSFER_GRANTS)
def registry_export(request: HttpRequest) -> HttpResponse:
    """GET: the form.  POST: one access record, then the CSV (UTF-8 with BOM), streamed."""
    form = ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        started = start_export(request.user, purpose=form.cleaned_data["purpose"], request=request)
        response = StreamingHttpResponse(
            stream_export(started.job), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{started.file_name}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "residents/transfer/export_form.html",
        {
            "form": form,
            "breadcrumbs": [
                (_("住民記録の取込・出力"), reverse("console:transfer_index")),
                (_("CSV出力"), ""),
            ],
        },
    )
