"""What the inbox hands out as files: an attachment, the CSV of the filtered list, and
the printable PDF of one submission.  Each records the access in the same request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ...models import ScanStatus
from ...queries import inbox as queries
from ...services import exports, printing
from .inbox import crumbs, filter_form, inbox_required


@never_cache
@require_GET
@inbox_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The file, as a download (never shown inline); an infected file is never served."""
    attachment = queries.get_attachment_for(request.user, pk, attachment_pk, request=request)
    refusal = _("この添付書類はウイルスが検出されたため、ダウンロードできません。")
    if attachment.scan_status == ScanStatus.INFECTED:
        return render(
            request,
            "applications/inbox/attachment_refused.html",
            {"attachment": attachment, "message": refusal, "breadcrumbs": crumbs()},
            status=403,
        )
    from ...services.attachments import open_attachment

    try:
        handle = open_attachment(attachment)
    except ValidationError:
        return render(
            request,
            "applications/inbox/attachment_refused.html",
            {"attachment": attachment, "message": refusal, "breadcrumbs": crumbs()},
            status=403,
        )
    except FileNotFoundError:
        return render(
            request,
            "applications/inbox/attachment_refused.html",
            {
                "attachment": attachment,
                "message": _(
                    "この添付書類のファイルが見つかりません。システム管理者に連絡してください。"
                ),
                "breadcrumbs": crumbs(),
            },
            status=404,
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@require_GET
@inbox_required
def inbox_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with BOM for Excel), one row per submission."""
    form = filter_form(request, request.GET)
    if not form.is_valid():
        return render(
            request,
            "applications/inbox/export_error.html",
            {"form": form, "breadcrumbs": crumbs((_("CSV出力"), ""))},
            status=400,
        )
    filters = form.filters()
    rows = queries.submissions_for(request.user, **filters)
    procedure = None
    if filters["procedure"]:
        procedure = queries.procedures_for(request.user).filter(pk=filters["procedure"]).first()
    queries.record_export_reads(request, request.user, rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = (
        f"applications-{procedure.code}-{stamp}.csv" if procedure else f"applications-{stamp}.csv"
    )
    response = StreamingHttpResponse(
        exports.submissions_csv(rows, procedure=procedure), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_GET
@inbox_required
def submission_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable PDF of one submission (A4)."""
    submission = queries.get_submission_for(request.user, pk, request=request)
    content = printing.submission_pdf(submission)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{submission.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
