"""Compose, edit, and start an Update or a Cancel of a sent alert."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.staff import FIELD_MAP, AlertForm, CancelForm, TemplateChoiceForm
from ...models import Alert, MsgType
from ...services import compose
from ...services.compose import EDITABLE, AlertContent
from . import queries
from .common import alert_crumb, area_choices, crumbs


def _compose_page(request: HttpRequest, form: AlertForm, **context: object) -> HttpResponse:
    return render(
        request,
        "alerts/staff/alert_form.html",
        {"form": form, "areas_field": form["areas"], **context},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_new(request: HttpRequest) -> HttpResponse:
    """A new draft; ``?template=<id>`` pre-fills category, CAP fields and the three texts."""
    picker = TemplateChoiceForm(request.GET or None)
    initial = {}
    if picker.is_bound and picker.is_valid() and picker.cleaned_data["template"]:
        initial = AlertForm.initial_from_template(picker.cleaned_data["template"])
    form = AlertForm(request.POST or None, initial=initial, area_choices=area_choices())
    if request.method == "POST" and form.is_valid():
        try:
            alert = compose.create_draft(request.user, form.content())
        except ValidationError as error:
            add_service_errors(form, error, field_map=FIELD_MAP)
        else:
            messages.success(request, _("下書きを保存しました。内容を確認して申請してください。"))
            return redirect("console:alerts:detail", pk=alert.pk)
    return _compose_page(
        request,
        form,
        picker=picker,
        heading=_("配信の作成"),
        breadcrumbs=crumbs((_("配信の作成"), "")),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft or a rejected alert (a rejected one becomes a draft again)."""
    alert = queries.get_alert_for(request.user, pk)
    if alert.status not in EDITABLE:
        messages.error(request, _("下書きまたは差戻しの配信だけを編集できます。"))
        return redirect("console:alerts:detail", pk=alert.pk)
    form = AlertForm(
        request.POST or None,
        initial=AlertForm.initial_from_alert(alert),
        area_choices=area_choices(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            compose.edit_draft(request.user, alert, form.content())
        except ValidationError as error:
            add_service_errors(form, error, field_map=FIELD_MAP)
        else:
            messages.success(request, _("下書きを保存しました。"))
            return redirect("console:alerts:detail", pk=alert.pk)
    return _compose_page(
        request,
        form,
        alert=alert,
        heading=_("配信の編集"),
        rejection=queries.rejection_reason(alert) if alert.status == "rejected" else "",
        breadcrumbs=crumbs(alert_crumb(alert), (_("編集"), "")),
    )


def _copied_content(original: Alert) -> AlertContent:
    """The original's content for an Update draft (not its schedule; its expiry if still ahead)."""
    expires = (
        original.expires_at
        if original.expires_at and original.expires_at > timezone.now()
        else None
    )
    return AlertContent(
        category=original.category,
        event=original.event,
        title_ja=original.title_ja,
        body_ja=original.body_ja,
        title_en=original.title_en,
        body_en=original.body_en,
        title_easy=original.title_easy,
        body_easy=original.body_easy,
        area_codes=list(original.area_codes),
        severity=original.severity,
        urgency=original.urgency,
        certainty=original.certainty,
        cap_status=original.cap_status,
        expires_at=expires,
    )


def _service_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@never_cache
@require_POST
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_update(request: HttpRequest, pk: int) -> HttpResponse:
    """「更新を作成」: copy a sent alert into an Update draft referencing it, then edit it."""
    original = queries.get_alert_for(request.user, pk)
    try:
        draft = compose.create_draft(
            request.user,
            _copied_content(original),
            references=original,
            msg_type=MsgType.UPDATE,
        )
    except ValidationError as error:
        messages.error(request, _service_message(error))
        return redirect("console:alerts:detail", pk=original.pk)
    messages.success(request, _("更新の下書きを作成しました。内容を直して申請してください。"))
    return redirect("console:alerts:edit", pk=draft.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.COMPOSE_GRANTS)
def alert_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """「取消しを作成」: a Cancel draft referencing a sent alert, with the reason residents read."""
    original = queries.get_alert_for(request.user, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        content = compose.cancel_content(
            original, data["reason_ja"], data["reason_en"], data["reason_easy"]
        )
        try:
            draft = compose.create_draft(
                request.user, content, references=original, msg_type=MsgType.CANCEL
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"body_ja": "reason_ja"})
        else:
            messages.success(
                request, _("取消しの下書きを作成しました。内容を確認して申請してください。")
            )
            return redirect("console:alerts:detail", pk=draft.pk)
    return render(
        request,
        "alerts/staff/alert_cancel.html",
        {
            "alert": original,
            "form": form,
            "breadcrumbs": crumbs(alert_crumb(original), (_("取消しの作成"), "")),
        },
    )
