"""Citizen pages of the lottery (mounted at /facilities/lottery/): the open rounds, the
application with ranked wishes, the citizen's own entries (change, withdraw)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yakuba.core.forms import add_service_errors
from yakuba.core.japanese import format_yen
from yakuba.identity.decorators import citizen_required

from ...forms.lottery import ApplyForm, WishesForm
from ...models import EntryState, LotteryEntry, LotteryRound, RegistrationState, RoundState
from ...queries import lottery as queries
from ...queries.registration import groups_of, registration_for
from ...services import lottery_rounds as rounds_service
from ...services.lottery_results import month_label, when_label, wish_label


def crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("施設の抽選申込"), reverse("portal:facilities:lottery_rounds")), *items]


def round_periods(lottery_round: LotteryRound) -> list[tuple[str, str]]:
    return [
        (
            _("申込期間"),
            _("%(opens)s から %(closes)s まで")
            % {
                "opens": when_label(lottery_round.opens_at),
                "closes": when_label(lottery_round.closes_at),
            },
        ),
        (_("抽選日"), when_label(lottery_round.draw_at)),
        (_("先着順の受付開始"), when_label(lottery_round.first_come_opens_at)),
        (_("希望の数"), _("%(count)d件まで") % {"count": lottery_round.max_wishes}),
    ]


def _registration_url() -> str:
    try:
        return reverse("portal:facilities:registration_apply")
    except Exception:  # noqa: BLE001 - the registration part may name it differently
        return ""


@require_http_methods(["GET", "HEAD"])
def lottery_rounds(request: HttpRequest) -> HttpResponse:
    rounds = [
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "periods": round_periods(lottery_round),
            "is_open": lottery_round.state == RoundState.OPEN,
        }
        for lottery_round in queries.rounds_for_citizens()
    ]
    results = [
        {"round": lottery_round, "month": month_label(lottery_round.month)}
        for lottery_round in queries.recent_results()
    ]
    return render(
        request,
        "facilities/lottery/round_list.html",
        {"rounds": rounds, "results": results, "breadcrumbs": crumbs()},
    )


def _entry_page(
    request: HttpRequest,
    lottery_round: LotteryRound,
    form: WishesForm,
    *,
    heading: str,
    entry: LotteryEntry | None = None,
) -> HttpResponse:
    return render(
        request,
        "facilities/lottery/apply.html",
        {
            "round": lottery_round,
            "month": month_label(lottery_round.month),
            "periods": round_periods(lottery_round),
            "form": form,
            "entry": entry,
            "heading": heading,
            "breadcrumbs": crumbs((heading, "")),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def lottery_apply(request: HttpRequest, round_id: int) -> HttpResponse:
    lottery_round = queries.get_open_round(round_id)
    registration = registration_for(request.user)
    if registration is None or registration.state != RegistrationState.APPROVED:
        return render(
            request,
            "facilities/lottery/needs_registration.html",
            {
                "round": lottery_round,
                "registration_url": _registration_url(),
                "breadcrumbs": crumbs((_("抽選に申し込む"), "")),
            },
        )
    existing = queries.open_entry_in_round(request.user, lottery_round)
    if existing is not None and request.method == "GET":
        messages.info(
            request,
            _("この抽選には既に申し込んでいます（受付番号 %(receipt)s）。申込内容を変更できます。")
            % {"receipt": existing.receipt_number},
        )
        return redirect("portal:facilities:lottery_entry_edit", existing.receipt_number)
    choices = queries.form_choices(lottery_round)
    form = ApplyForm(
        request.POST or None,
        choices=choices,
        max_wishes=lottery_round.max_wishes,
        groups=groups_of(registration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = rounds_service.apply_to_lottery(
                registration,
                lottery_round,
                wishes=form.wishes(),
                purpose=form.cleaned_data["purpose"],
                attendees=form.cleaned_data["attendees"],
                group=form.cleaned_data.get("group"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("抽選に申し込みました。受付番号は %(receipt)s です。")
                % {"receipt": entry.receipt_number},
            )
            return redirect("portal:facilities:lottery_my_entries")
    return _entry_page(request, lottery_round, form, heading=_("抽選に申し込む"))


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def lottery_entry_edit(request: HttpRequest, receipt_number: str) -> HttpResponse:
    entry = queries.get_entry_for_citizen(request.user, receipt_number)
    lottery_round = entry.round
    if entry.state != EntryState.APPLIED or lottery_round.state != RoundState.OPEN:
        messages.error(request, _("申込の受付期間が終わったため、変更できません。"))
        return redirect("portal:facilities:lottery_my_entries")
    form = WishesForm(
        request.POST or None,
        initial=WishesForm.initial_from(entry),
        choices=queries.form_choices(lottery_round),
        max_wishes=lottery_round.max_wishes,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rounds_service.change_entry(
                entry,
                wishes=form.wishes(),
                purpose=form.cleaned_data["purpose"],
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("申込内容を変更しました。"))
            return redirect("portal:facilities:lottery_my_entries")
    return _entry_page(request, lottery_round, form, heading=_("申込内容の変更"), entry=entry)


@require_POST
@citizen_required
def lottery_entry_withdraw(request: HttpRequest, receipt_number: str) -> HttpResponse:
    entry = queries.get_entry_for_citizen(request.user, receipt_number)
    try:
        rounds_service.withdraw_entry(entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("申込を取り下げました。"))
    return redirect("portal:facilities:lottery_my_entries")


def entry_rows(entries: Any) -> list[dict[str, Any]]:
    """Entries with their wishes labelled, for the page and the マイページ card."""
    rows = []
    now = timezone.now()
    for entry in entries:
        lottery_round = entry.round
        frames = list(lottery_round.facility.frames.all())
        wishes = [
            {
                "rank": wish.rank,
                "label": wish_label(wish, frames),
                "won": wish.won,
                "fee": format_yen(wish.booking.fee) if wish.booking else "",
                "payment_due": when_label(wish.booking.payment_due_at)
                if wish.booking and not wish.booking.paid_at
                else "",
            }
            for wish in sorted(entry.wishes.all(), key=lambda item: item.rank)
        ]
        rows.append(
            {
                "entry": entry,
                "facility": lottery_round.facility.name,
                "month": month_label(lottery_round.month),
                "wishes": wishes,
                "draw_at": when_label(lottery_round.draw_at),
                "changeable": entry.state == EntryState.APPLIED
                and lottery_round.state == RoundState.OPEN
                and now < lottery_round.closes_at,
                "drawn": lottery_round.state == RoundState.DRAWN,
            }
        )
    return rows


@never_cache
@require_http_methods(["GET", "HEAD"])
@citizen_required
def lottery_my_entries(request: HttpRequest) -> HttpResponse:
    entries = queries.entries_for(request.user).exclude(state=EntryState.WITHDRAWN)
    return render(
        request,
        "facilities/lottery/my_entries.html",
        {
            "rows": entry_rows(entries),
            "breadcrumbs": crumbs((_("抽選の申込状況"), "")),
        },
    )
