"""Settings pages (許可: ``may_change_settings``): approval per category, message templates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies
from ...forms.staff import CategoryApprovalForm, TemplateForm
from ...models import Category
from ...services import settings as settings_service
from . import queries
from .common import crumbs


def _settings_crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs((_("配信の設定"), reverse("console:alerts:settings")), *items)


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.SETTINGS_GRANTS)
def settings_home(request: HttpRequest) -> HttpResponse:
    """Which categories need a second staff member's approval; the list of templates."""
    categories = list(Category.objects.all())
    form = CategoryApprovalForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        changed = settings_service.set_approval_flags(request.user, form.flags())
        messages.success(
            request, _("承認の設定を保存しました（変更 %(count)s件）。") % {"count": len(changed)}
        )
        return redirect("console:alerts:settings")
    return render(
        request,
        "alerts/staff/settings.html",
        {
            "form": form,
            "templates": queries.templates_for(request.user),
            "breadcrumbs": crumbs((_("配信の設定"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.SETTINGS_GRANTS)
def template_new(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settings_service.create_template(request.user, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("テンプレートを追加しました。"))
            return redirect("console:alerts:settings")
    return render(
        request,
        "alerts/staff/template_form.html",
        {
            "form": form,
            "heading": _("テンプレートの追加"),
            "breadcrumbs": _settings_crumbs((_("テンプレートの追加"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=policies.SETTINGS_GRANTS)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = queries.get_template_for(request.user, pk)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST":
        if request.POST.get("delete"):
            settings_service.delete_template(request.user, template)
            messages.success(request, _("テンプレートを削除しました。"))
            return redirect("console:alerts:settings")
        if form.is_valid():
            try:
                settings_service.update_template(
                    request.user, queries.get_template_for(request.user, pk), form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("テンプレートを保存しました。"))
                return redirect("console:alerts:settings")
    return render(
        request,
        "alerts/staff/template_form.html",
        {
            "form": form,
            "template": template,
            "heading": _("テンプレートの編集"),
            "breadcrumbs": _settings_crumbs((template.name, "")),
        },
    )
