"""マイページ 「コンビニ交付の履歴」: the certificates the signed-in resident obtained at
kiosks — when, where (the store), which, how many, the fee, the serial — each with the
access record it left on 「あなたの情報の閲覧記録」."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.identity.decorators import citizen_required
from yakuba.residents.queries import linked_person_id

from ...queries.verification import access_links_for, issuances_of

PAGE_SIZE = 20


def issuance_rows(user: Any, issuances: list) -> list[dict[str, Any]]:
    """One row per issuance: the issuance, its verification URL (with the 照合コード, as
    the QR code carries it) and the link to its access record (or ``None``)."""
    links = access_links_for(user, issuances)
    rows = []
    for issuance in issuances:
        link = links.get(issuance.pk)
        rows.append(
            {
                "issuance": issuance,
                "verify_url": reverse("portal:certificates:verify_serial", args=[issuance.serial])
                + f"?h={issuance.content_hash[:16]}",
                "access": link,
                "access_url": (
                    f"{reverse('portal:access_record')}?page={link.page}#{link.anchor}"
                    if link
                    else ""
                ),
            }
        )
    return rows


@never_cache
@citizen_required
@require_http_methods(["GET", "HEAD"])
def mine(request: HttpRequest) -> HttpResponse:
    person_id = linked_person_id(request.user)
    if person_id is None:
        return render(request, "certificates/mine/mine.html", {"linked": False})
    page = Paginator(issuances_of(person_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/mine/mine.html",
        {
            "linked": True,
            "page": page,
            "rows": issuance_rows(request.user, list(page.object_list)),
        },
    )
