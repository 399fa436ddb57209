"""Staff pages of the lottery (mounted at /staff/facilities/lottery/, ``console:facilities``):
rounds, one round's applications per slot and entries (personal data: recorded), the
draw (approver), the counter entry for phone applicants (operator), period edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ...access import record_user_reads
from ...forms.lottery import CounterEntryForm, RoundPeriodsForm
from ...models import LotteryRound, RoundState
from ...policies import APPROVE_GRANTS, OPERATE_GRANTS, VIEW_GRANTS, may_approve, may_operate
from ...queries import lottery as queries
from ...services import lottery_rounds
from ...services.lottery_results import month_label, when_label, wish_label

ENTRY_FIELDS = ("name", "group", "lottery_entries")


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("施設の抽選"), reverse("console:facilities:lottery_round_list")), *items]


def round_crumb(lottery_round: LotteryRound) -> tuple[str, str]:
    return (
        f"{lottery_round.facility.name} {month_label(lottery_round.month)}",
        reverse("console:facilities:lottery_round_detail", args=[lottery_round.pk]),
    )


def periods(lottery_round: LotteryRound) -> list[tuple[str, str]]:
    return [
        (_("状態"), lottery_round.get_state_display()),
        (_("申込開始"), when_label(lottery_round.opens_at)),
        (_("申込締切"), when_label(lottery_round.closes_at)),
        (_("抽選日時"), when_label(lottery_round.draw_at)),
        (_("先着順受付開始"), when_label(lottery_round.first_come_opens_at)),
        (_("希望の数（上限）"), str(lottery_round.max_wishes)),
        (_("1申込の当選上限"), str(lottery_round.max_wins_per_applicant)),
        (_("1団体の当選上限"), str(lottery_round.max_wins_per_group or _("上限なし"))),
    ]


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=VIEW_GRANTS)
def lottery_round_list(request: HttpRequest) -> HttpResponse:
    rounds = [
        {"round": lottery_round, "month": month_label(lottery_round.month)}
        for lottery_round in queries.rounds_for_staff(request.user)[:100]
    ]
    return render(
        request,
        "facilities/staff/lottery/round_list.html",
        {"rounds": rounds, "breadcrumbs": crumbs()},
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
@staff_required(grants=VIEW_GRANTS)
def lottery_round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    lottery_round = queries.get_round_for_staff(request.user, round_id)
    entries = list(queries.entries_for_staff(request.user, lottery_round))
    record_user_reads(request, [entry.registration_id for entry in entries], ENTRY_FIELDS)
    frames = list(lottery_round.facility.frames.all())
    rows = [
        {
            "entry": entry,
            "wishes": [
                (wish.rank, wish_label(wish, frames), wish.won)
                for wish in sorted(entry.wishes.all(), key=lambda item: item.rank)
            ],
        }
        for entry in entries
    ]
    demand = queries.slot_demand(lottery_round)
    return render(
        request,
        "facilities/staff/lottery/round_detail.html",
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "periods": periods(lottery_round),
            "rows": rows,
            "demand": demand,
            "oversubscribed": sum(1 for slot in demand if slot.oversubscribed),
            "may_draw": may_approve(request.user) and lottery_round.state == RoundState.CLOSED,
            "may_edit": may_approve(request.user) and lottery_round.state == RoundState.SCHEDULED,
            "may_enter": may_operate(request.user) and lottery_round.state == RoundState.OPEN,
            "drawn_at": when_label(lottery_round.drawn_at),
            "breadcrumbs": crumbs(
                (f"{lottery_round.facility.name} {month_label(lottery_round.month)}", "")
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=APPROVE_GRANTS)
def lottery_draw(request: HttpRequest, round_id: int) -> HttpResponse:
    """GET: the confirmation page with the seed commitment; POST: draw, then the summary."""
    lottery_round = queries.get_round_for_staff(request.user, round_id)
    if request.method == "POST":
        try:
            summary = lottery_rounds.draw_round(lottery_round, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("console:facilities:lottery_round_detail", round_id=lottery_round.pk)
        messages.success(
            request,
            _(
                "抽選を実施しました。申込%(entries)d件のうち%(won)d件が当選し、"
                "%(bookings)d件の予約を作りました。"
            )
            % {
                "entries": summary.entries,
                "won": summary.won_entries,
                "bookings": summary.bookings,
            },
        )
        if summary.lost_to_booking:
            messages.warning(
                request,
                _("当選した%(count)d件は、枠が既に使用停止・予約済みのため予約できませんでした。")
                % {"count": summary.lost_to_booking},
            )
        return redirect("console:facilities:lottery_round_detail", round_id=lottery_round.pk)
    demand = queries.slot_demand(lottery_round)
    return render(
        request,
        "facilities/staff/lottery/draw_confirm.html",
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "periods": periods(lottery_round),
            "entries": queries.public_result(lottery_round).entries,
            "slots": len(demand),
            "ready": lottery_round.state == RoundState.CLOSED,
            "early": lottery_round.draw_at > timezone.now(),
            "breadcrumbs": crumbs(round_crumb(lottery_round), (_("抽選の実施"), "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=APPROVE_GRANTS)
def lottery_round_edit(request: HttpRequest, round_id: int) -> HttpResponse:
    lottery_round = queries.get_round_for_staff(request.user, round_id)
    if lottery_round.state != RoundState.SCHEDULED:
        messages.error(request, _("申込の受付が始まった抽選の期間は変更できません。"))
        return redirect("console:facilities:lottery_round_detail", round_id=lottery_round.pk)
    initial = {
        name: timezone.localtime(getattr(lottery_round, name))
        for name in ("opens_at", "closes_at", "draw_at", "first_come_opens_at")
    }
    initial |= {
        "max_wishes": lottery_round.max_wishes,
        "max_wins_per_applicant": lottery_round.max_wins_per_applicant,
        "max_wins_per_group": lottery_round.max_wins_per_group,
    }
    form = RoundPeriodsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lottery_rounds.update_round_periods(lottery_round, request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("抽選の期間と上限を変更しました。"))
            return redirect("console:facilities:lottery_round_detail", round_id=lottery_round.pk)
    return render(
        request,
        "facilities/staff/lottery/round_edit.html",
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "form": form,
            "breadcrumbs": crumbs(round_crumb(lottery_round), (_("期間の変更"), "")),
        },
    )


def _counter_entry(request: HttpRequest, lottery_round: LotteryRound, form: Any) -> Any:
    registration = queries.registration_by_number(
        request.user, form.cleaned_data["registration_number"]
    )
    if registration is None:
        form.add_error("registration_number", _("この利用者番号の登録はありません。"))
        return None
    group = None
    if form.cleaned_data.get("group_number"):
        group = queries.group_by_number(request.user, form.cleaned_data["group_number"])
        if group is None:
            form.add_error("group_number", _("この団体登録番号の団体はありません。"))
            return None
    try:
        entry = lottery_rounds.apply_to_lottery(
            registration,
            lottery_round,
            wishes=form.wishes(),
            purpose=form.cleaned_data["purpose"],
            attendees=form.cleaned_data["attendees"],
            group=group,
            entered_by=request.user,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return entry


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=OPERATE_GRANTS)
def lottery_counter_entry(request: HttpRequest, round_id: int) -> HttpResponse:
    """A phone or counter applicant's entry, keyed in by an operator."""
    lottery_round = queries.get_round_for_staff(request.user, round_id)
    if not may_operate(request.user):
        raise PermissionDenied
    if lottery_round.state != RoundState.OPEN:
        messages.error(request, _("この抽選は申込の受付期間ではありません。"))
        return redirect("console:facilities:lottery_round_detail", round_id=lottery_round.pk)
    form = CounterEntryForm(
        request.POST or None,
        choices=queries.form_choices(lottery_round),
        max_wishes=lottery_round.max_wishes,
    )
    if request.method == "POST" and form.is_valid():
        entry = _counter_entry(request, lottery_round, form)
        if entry is not None:
            record_user_reads(request, [entry.registration_id], ("name", "lottery_entries"))
            messages.success(
                request,
                _("%(name)s さんの申込を受け付けました。受付番号は %(receipt)s です。")
                % {"name": entry.registration.name, "receipt": entry.receipt_number},
            )
            return redirect("console:facilities:lottery_counter_entry", round_id=lottery_round.pk)
    return render(
        request,
        "facilities/staff/lottery/counter_entry.html",
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "form": form,
            "breadcrumbs": crumbs(round_crumb(lottery_round), (_("窓口・電話の申込"), "")),
        },
    )
