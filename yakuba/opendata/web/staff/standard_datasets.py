"""Staff pages of the standard datasets: the list, one dataset's file versions and the
records its file leaves out, and the button that regenerates it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ...serialize import resource_download_path, site_url
from ...services import places as place_services
from ...services import standard as services
from ...standard import reads
from ...standard.values import MunicipalityNotSet
from .standard_common import VIEWS, crumbs, standard_page

#: How many file versions the page lists.
VERSIONS_SHOWN = 50


@standard_page()
def standard_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/standard/standard_list.html",
        {
            "statuses": reads.standard_statuses(),
            "breadcrumbs": crumbs()[:-1] + [(_("標準データセット"), "")],
        },
    )


@standard_page()
def standard_detail(request: HttpRequest, key: str) -> HttpResponse:
    status = reads.get_standard_status(key)
    versions = list(reads.file_versions(status.resource)[: VERSIONS_SHOWN + 1])
    try:
        omitted = services.build_table(key).omitted
    except MunicipalityNotSet as error:
        omitted = []
        messages.error(request, str(error))
    downloads = []
    for kept in versions[:VERSIONS_SHOWN]:
        path = resource_download_path(status.resource, kept.file_name)
        downloads.append((kept, site_url(f"{path}?version={kept.number}")))
    return render(
        request,
        "opendata/standard/standard_detail.html",
        {
            "status": status,
            "definition": status.definition,
            "versions": downloads,
            "more_versions": len(versions) > VERSIONS_SHOWN,
            "omitted": omitted,
            "may_regenerate": services.may_regenerate(request.user, key),
            "may_edit_rows": status.definition.staff_kept
            and place_services.may_edit_places(request.user, key),
            "breadcrumbs": crumbs((str(status.definition.title), "")),
        },
    )


@standard_page(methods=("POST",))
def standard_regenerate(request: HttpRequest, key: str) -> HttpResponse:
    status = reads.get_standard_status(key)
    if not services.may_regenerate(request.user, key):
        raise PermissionDenied
    services.request_regeneration(request.user, key)
    messages.success(
        request,
        _(
            "「%(title)s」のファイルの作り直しを受け付けました。内容が変わっていれば新しい版になります。"
        )
        % {"title": status.definition.title},
    )
    return redirect(reverse(VIEWS + "standard_detail", args=[key]))
