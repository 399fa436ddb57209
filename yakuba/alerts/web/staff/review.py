"""Submit, approve or reject (four eyes), withdraw before sending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.staff import RejectForm, WithdrawForm
from ...models import AlertStatus
from ...services import compose
from . import queries
from .common import alert_crumb, area_names, crumbs, times_of

RELEASED = {
    AlertStatus.SCHEDULED: gettext_lazy("配信を予約しました。"),
    AlertStatus.SENDING: gettext_lazy("配信を開始しました。"),
    AlertStatus.PENDING: gettext_lazy(
        "承認を申請しました。別の職員（承認者）の承認を待っています。"
    ),
}


def _outcome(request: HttpRequest, status: str) -> None:
    message = RELEASED.get(status)
    if message:
        messages.success(request, str(message))


@never_cache
@require_POST
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send, schedule, or put up for approval (the category decides)."""
    alert = queries.get_alert_for(request.user, pk)
    try:
        alert = compose.submit(request.user, alert)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _outcome(request, alert.status)
    return redirect("console:alerts:detail", pk=alert.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.APPROVE_GRANTS)
def alert_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a pending alert, with 「承認して配信」 and 「差し戻す」.

    The composer may open it too; approving then shows the service's four-eyes message.
    """
    alert = queries.get_alert_for(request.user, pk)
    decision = request.POST.get("decision") if request.method == "POST" else None
    reject_form = RejectForm(request.POST if decision == "reject" else None)
    page_errors: list[str] = []
    if decision == "approve":
        try:
            alert = compose.approve(request.user, alert)
        except ValidationError as error:
            page_errors = list(error.messages)
        else:
            messages.success(request, _("承認しました。"))
            _outcome(request, alert.status)
            return redirect("console:alerts:detail", pk=alert.pk)
    elif decision == "reject" and reject_form.is_valid():
        try:
            compose.reject(request.user, alert, reject_form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(reject_form, error)
        else:
            messages.success(request, _("差し戻しました。作成者が直して再び申請します。"))
            return redirect("console:alerts:detail", pk=alert.pk)
    return render(
        request,
        "alerts/staff/alert_review.html",
        {
            "alert": alert,
            "times": times_of(alert),
            "reject_form": reject_form,
            "page_errors": page_errors,
            "area_names": area_names(alert.area_codes),
            "own": alert.composed_by_id == request.user.pk,
            "is_pending": alert.status == AlertStatus.PENDING,
            "breadcrumbs": crumbs(alert_crumb(alert), (_("承認"), "")),
        },
        status=400 if page_errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop an alert before it is sent (draft, pending, scheduled or rejected)."""
    alert = queries.get_alert_for(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            compose.withdraw(request.user, alert, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("配信を取りやめました。"))
            return redirect("console:alerts:detail", pk=alert.pk)
    return render(
        request,
        "alerts/staff/alert_withdraw.html",
        {
            "alert": alert,
            "form": form,
            "breadcrumbs": crumbs(alert_crumb(alert), (_("取りやめ"), "")),
        },
    )
