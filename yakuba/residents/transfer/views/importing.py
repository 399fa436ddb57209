"""Import pages: the overview of jobs, upload, the job page (progress, report), confirm, cancel."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yakuba.identity.decorators import staff_required

from ..forms import ImportUploadForm
from ..models import JobKind, JobStatus
from ..policies import TRANSFER_GRANTS
from ..queries import get_job_for, jobs_for, problems_for
from ..services import cancel_import, confirm_import, start_import

REPORT_ROWS_SHOWN = 100


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("住民記録の取込・出力"), reverse("console:transfer_index")), *extra]


@staff_required(grants=TRANSFER_GRANTS)
def transfer_index(request: HttpRequest) -> HttpResponse:
    """The recent imports, exports and sync runs, and the ways in and out."""
    return render(
        request,
        "residents/transfer/index.html",
        {"jobs": list(jobs_for(request.user)[:30])},
    )


@staff_required(grants=TRANSFER_GRANTS)
def registry_import(request: HttpRequest) -> HttpResponse:
    """Upload a registry CSV; its check starts at once (nothing is written yet)."""
    form = ImportUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import(request.user, form.cleaned_data["file"], request=request)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("console:transfer_job", pk=job.pk)
    return render(
        request,
        "residents/transfer/import_form.html",
        {"form": form, "breadcrumbs": _crumbs((_("CSV取込"), ""))},
    )


def count_rows(job) -> list[tuple[str, int]]:
    """The job's counts by kind, labelled (sync runs)."""
    from yakuba.residents.models import MovementKind

    labels = {
        **{kind.value: kind.label for kind in MovementKind},
        "movements": _("記録した異動"),
        "unchanged": _("変更のない人"),
        "missing": _("全件データにない住民"),
    }
    return [(str(labels.get(key, key)), value) for key, value in sorted((job.counts or {}).items())]


def _job_context(request: HttpRequest, job) -> dict:
    problems = (
        list(problems_for(request.user, job)[:REPORT_ROWS_SHOWN]) if job.problem_count else []
    )
    return {
        "job": job,
        "counts": count_rows(job),
        "problems": problems,
        "shown": len(problems),
        "progress_url": reverse("console:transfer_job_progress", args=[job.pk]),
        "report_url": reverse("console:transfer_job_report", args=[job.pk]),
        "may_confirm": job.kind == JobKind.IMPORT and job.status == JobStatus.VALID and job.dry_run,
        "may_cancel": job.kind == JobKind.IMPORT
        and job.status in (JobStatus.VALID, JobStatus.QUEUED),
    }


@staff_required(grants=TRANSFER_GRANTS)
def transfer_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    context = _job_context(request, job)
    context["breadcrumbs"] = _crumbs((str(job.get_kind_display()), ""))
    return render(request, "residents/transfer/job_detail.html", context)


@staff_required(grants=TRANSFER_GRANTS)
def transfer_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress block alone (polled by yakuba.js)."""
    job = get_job_for(request.user, pk)
    return render(
        request, "residents/transfer/job_detail.html#job-progress", _job_context(request, job)
    )


@staff_required(grants=TRANSFER_GRANTS)
def transfer_job_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's report as CSV (line, column, code, message), UTF-8 with BOM."""
    job = get_job_for(request.user, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("行"), _("項目"), _("コード"), _("内容")])
    for problem in problems_for(request.user, job):
        writer.writerow([problem.line, problem.column, problem.code, problem.text])
    if job.problem_count > job.problems.count():
        writer.writerow(
            [
                "",
                "",
                "truncated",
                _("ほかに %(count)s 件のエラーがあります（最初の分だけを記録しています）。")
                % {"count": job.problem_count - job.problems.count()},
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-report-{job.pk}.csv"'
    return response


@require_POST
@staff_required(grants=TRANSFER_GRANTS)
def registry_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    try:
        confirm_import(request.user, job.pk, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("取込を開始しました。終わるまでこの画面で進み具合を確認できます。")
        )
    return redirect("console:transfer_job", pk=job.pk)


@require_POST
@staff_required(grants=TRANSFER_GRANTS)
def registry_import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    try:
        cancel_import(request.user, job.pk)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("取込を取り消しました。ファイルは消去しました。"))
    return redirect("console:transfer_job", pk=job.pk)
