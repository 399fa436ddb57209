"""The public alert pages every message links to: the list and one alert.

Anyone may read them (what was sent to residents is public); they work without
JavaScript.  Only sent alerts are shown — anything else answers 404.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import condition, require_safe

from yakuba.residents.queries import town_areas

from ..models import MsgType
from ..outputs import caching, presentation, queries

PAGE_SIZE = 20

page_conditional = condition(etag_func=caching.page_etag, last_modified_func=None)


class AlertFilterForm(forms.Form):
    """The list's filters (GET): one category, one 町丁目."""

    category = forms.ChoiceField(label=gettext_lazy("配信分類"), required=False)
    area = forms.ChoiceField(
        label=gettext_lazy("地域"),
        required=False,
        help_text=gettext_lazy("選んだ地域あての配信と、市内全域あての配信を表示します。"),
    )

    def __init__(self, *args, categories, areas, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("すべて"))] + [
            (category.code, category.name_in(language)) for category in categories
        ]
        self.fields["area"].choices = [("", _("すべての地域"))] + [
            (area.code, area.name) for area in areas
        ]


def _private_revalidate(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    return response


@require_safe
@page_conditional
def alert_list(request: HttpRequest) -> HttpResponse:
    language = presentation.page_language(request.GET.get("lang", ""))
    areas = town_areas()
    area_map = {area.code: area.name for area in areas}
    form = AlertFilterForm(
        request.GET or None,
        categories=queries.public_categories(),
        areas=areas,
        language=language,
    )
    category = area = ""
    if form.is_bound and form.is_valid():
        category = form.cleaned_data["category"]
        area = form.cleaned_data["area"]
    alerts = queries.filter_alerts(queries.public_alerts(), category=category, area=area)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [presentation.present(alert, language, area_map) for alert in page]
    response = render(
        request,
        "alerts/public/alert_list.html",
        {
            "form": form,
            "page_obj": page,
            "items": items,
            "language": language,
            "filtered": bool(category or area),
            "breadcrumbs": [(_("ホーム"), reverse("portal:home")), (_("配信情報"), "")],
        },
    )
    return _private_revalidate(response)


@require_safe
@page_conditional
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = queries.get_public_alert(pk)
    if alert is None:
        raise Http404(_("この配信は公開されていません。"))
    language = presentation.page_language(request.GET.get("lang", ""))
    area_map = {area.code: area.name for area in town_areas()}
    view = presentation.present(alert, language, area_map)
    earlier = [
        presentation.present(parent, language, area_map)
        for parent in queries.ancestors(alert)
        if parent.status in queries.PUBLIC_STATUSES
    ]
    later = [
        presentation.present(revision, language, area_map)
        for revision in queries.public_revisions(alert)
    ]
    cancelled_by = next((item for item in later if item.alert.msg_type == MsgType.CANCEL), None)
    response = render(
        request,
        "alerts/public/alert_detail.html",
        {
            "item": view,
            "language": language,
            "earlier": earlier,
            "later": later,
            "cancelled_by": cancelled_by,
            "updated_by": later[-1] if later and cancelled_by is None else None,
            "breadcrumbs": [
                (_("ホーム"), reverse("portal:home")),
                (_("配信情報"), reverse("portal:alert_feeds:list")),
                (view.title, ""),
            ],
        },
    )
    return _private_revalidate(response)
