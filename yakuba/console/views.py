"""Staff console shell: the dashboard and the 個人情報ファイル簿 (privacy register)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yakuba.core.privacy_register import all_files
from yakuba.identity.decorators import staff_required

from . import navigation, privacy_register_export


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = navigation.roles_for(request.user)
    sections = navigation.dashboard_sections(request.user, roles)
    return render(request, "console/dashboard.html", {"roles": roles, "sections": sections})


@staff_required
def privacy_register(request: HttpRequest) -> HttpResponse:
    files = all_files()
    rows = privacy_register_export.rows(files)
    return render(request, "console/privacy_register.html", {"files": files, "rows": rows})


@staff_required
def privacy_register_csv(request: HttpRequest) -> HttpResponse:
    return privacy_register_export.csv_response(all_files())
