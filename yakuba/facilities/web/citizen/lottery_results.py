"""The public result of a lottery round (no personal data): the seed commitment from
closing; after the draw the seed, the lottery order and each slot's winner by receipt
number, and the draw's exact input as JSON so that anyone can re-run it."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ... import lottery
from ...models import RoundState
from ...queries import lottery as queries
from ...services.lottery_results import when_label
from ...services.lottery_rounds import draw_input
from .lottery import crumbs

#: Re-running the draw from the downloaded JSON (shown on the page).
RERUN_PYTHON = """import json
from yakuba.facilities.lottery import Application, Limits, Slot, draw

data = json.load(open("lottery.json", encoding="utf-8"))
result = draw(
    [Slot(s["key"], s["capacity"]) for s in data["slots"]],
    [Application(a["applicant"], a["group"], tuple(a["wishes"])) for a in data["applications"]],
    data["seed"],
    Limits(**data["limits"]),
)
print(result.order)
print({key: winners for key, winners in result.winners.items() if winners})"""


@require_http_methods(["GET", "HEAD"])
def lottery_result(request: HttpRequest, round_id: int) -> HttpResponse:
    lottery_round = queries.get_public_round(round_id)
    result = queries.public_result(lottery_round)
    return render(
        request,
        "facilities/lottery/result.html",
        {
            "round": lottery_round,
            "result": result,
            "drawn": lottery_round.state == RoundState.DRAWN,
            "drawn_at": when_label(lottery_round.drawn_at),
            "closes_at": when_label(lottery_round.closes_at),
            "procedure": lottery.__doc__,
            "rerun_python": RERUN_PYTHON,
            "openssl": 'printf %s "$receipt_number" | openssl dgst -sha256 -hmac "$seed"',
            "commitment_check": 'printf %s "$seed" | openssl dgst -sha256',
            "breadcrumbs": crumbs((_("抽選結果"), "")),
        },
    )


@require_http_methods(["GET", "HEAD"])
def lottery_result_json(request: HttpRequest, round_id: int) -> HttpResponse:
    """Exactly the input of the published procedure (after the draw only)."""
    lottery_round = queries.get_public_round(round_id)
    if lottery_round.state != RoundState.DRAWN:
        raise Http404
    body = json.dumps(draw_input(lottery_round), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"lottery-{lottery_round.facility.code}-{lottery_round.month:%Y-%m}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
