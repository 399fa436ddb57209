"""Sync page: the configured sources, their recent runs, and "run now"."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yakuba.identity.decorators import staff_required

from ..policies import TRANSFER_GRANTS
from ..queries import latest_sync_runs_for, sync_sources_for
from ..services import enqueue_sync


@staff_required(grants=TRANSFER_GRANTS)
def registry_sync(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "residents/transfer/sync.html",
        {
            "sources": list(sync_sources_for(request.user)),
            "runs": latest_sync_runs_for(request.user),
            "breadcrumbs": [
                (_("住民記録の取込・出力"), reverse("console:transfer_index")),
                (_("外部システム連携"), ""),
            ],
        },
    )


@require_POST
@staff_required(grants=TRANSFER_GRANTS)
def registry_sync_run(request: HttpRequest, pk: int) -> HttpResponse:
    source = sync_sources_for(request.user).filter(pk=pk, enabled=True).first()
    if source is None:
        raise Http404
    enqueue_sync(request.user, source.pk)
    messages.success(
        request,
        _("連携を開始しました。結果はこの画面の「最近の連携」に表示されます。"),
    )
    return redirect("console:registry_sync")
