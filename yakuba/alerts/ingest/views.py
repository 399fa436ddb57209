"""Staff pages: received messages with their outcome, the rules, the CAP upload.

View: ``may_view``; editing rules: ``may_change_settings``; uploading CAP:
``may_compose`` (an upload can send at once, as the rules say for automatic input).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.alerts import policies
from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from . import rules as rules_service
from .apply import receive_cap
from .forms import CapUploadForm, NewRuleForm, RuleActionsForm
from .models import FeedState, IngestRule, Outcome, ReceivedMessage

OUTCOME_TAGS = {
    Outcome.SENT: "success",
    Outcome.PENDING: "warning",
    Outcome.ERROR: "error",
}


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("情報配信"), reverse("console:alerts:list")),
        (_("防災情報の自動連携"), reverse("console:alerts_ingest:messages")),
        *items,
    ]


@never_cache
@staff_required(grants=policies.VIEW_GRANTS)
def message_list(request: HttpRequest) -> HttpResponse:
    """Received messages, newest first, with what the rules did; the feeds' last poll."""
    page = Paginator(
        ReceivedMessage.objects.select_related("alert").order_by("-received_at", "-pk"), 50
    ).get_page(request.GET.get("page"))
    for message in page:
        message.tag_kind = OUTCOME_TAGS.get(message.outcome_code, "")
    return render(
        request,
        "alerts_ingest/message_list.html",
        {
            "page": page,
            "feeds": FeedState.objects.order_by("url"),
            "may_change_settings": policies.may_change_settings(request.user),
            "may_upload": policies.may_compose(request.user),
            "breadcrumbs": _crumbs()[:1] + [(_("防災情報の自動連携"), "")],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.SETTINGS_GRANTS)
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = list(IngestRule.objects.all())
    is_add = request.POST.get("form") == "add"
    actions = RuleActionsForm(
        request.POST if request.method == "POST" and not is_add else None, rules=rules
    )
    new = NewRuleForm(request.POST if is_add else None)
    if request.method == "POST":
        try:
            if is_add and new.is_valid():
                rules_service.add_rule(request.user, **new.cleaned_data)
                messages.success(request, _("規則を追加しました。"))
                return redirect("console:alerts_ingest:rules")
            if not is_add and actions.is_valid():
                changed = rules_service.set_actions(request.user, actions.actions())
                messages.success(
                    request, _("規則を保存しました（変更 %(count)s件）。") % {"count": len(changed)}
                )
                return redirect("console:alerts_ingest:rules")
        except ValidationError as error:
            add_service_errors(new if is_add else actions, error)
    return render(
        request,
        "alerts_ingest/rule_list.html",
        {
            "actions_form": actions,
            "new_form": new,
            "rules": rules,
            "breadcrumbs": _crumbs((_("自動連携の規則"), "")),
        },
    )


@require_POST
@staff_required(grants=policies.SETTINGS_GRANTS)
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        rules_service.delete_rule(request.user, pk)
        messages.success(request, _("規則を削除しました。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("console:alerts_ingest:rules")


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.COMPOSE_GRANTS)
def cap_upload(request: HttpRequest) -> HttpResponse:
    form = CapUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = receive_cap(
            form.cleaned_data["document"],
            note=_("CAP受信（職員がアップロード）"),
        )
        if record.outcome_code == Outcome.ERROR:
            form.add_error(
                "document",
                _("CAP 1.2 の文書として読み取れませんでした: %(error)s")
                % {"error": record.outcome[:200]},
            )
        else:
            messages.success(
                request,
                _("受信しました：%(outcome)s（%(detail)s）")
                % {"outcome": record.get_outcome_code_display(), "detail": record.outcome},
            )
            return redirect("console:alerts_ingest:messages")
    return render(
        request,
        "alerts_ingest/cap_upload.html",
        {"form": form, "breadcrumbs": _crumbs((_("CAP 文書の受信"), ""))},
    )
