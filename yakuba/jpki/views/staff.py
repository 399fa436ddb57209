"""Staff pages (市民課): card list, a person's cards, issue, revoke, PIN reset.

Every page showing card data records the access (``queries``); PINs travel in
POST bodies only and are never sent back; pages are ``no-store``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required
from yakuba.identity.permissions import has_role

from ..forms import CardNumberSearchForm, IssueForm, PinResetForm, RevokeForm
from ..policies import OPERATE_GRANTS, VIEW_GRANTS, may_operate_cards
from ..queries import cards_for, get_card_for, get_certificate_for, get_person_cards_for
from ..rules import may_hold_signing_certificate
from ..services import issue_card, reset_pin, revoke_certificates

#: Who may follow a link to the residents' person page (their own policy decides).
REGISTER_READERS = (("shimin", "viewer"),)


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("マイナンバーカード"), reverse("console:card_list")), *items]


@never_cache
@staff_required(grants=VIEW_GRANTS)
def card_list(request):
    """Cards in use, newest first, or the card with a number; every holder listed is recorded."""
    form = CardNumberSearchForm(request.GET or None)
    rows = []
    if not form.is_bound:
        rows = cards_for(request.user, request=request)
    elif form.is_valid():
        rows = cards_for(
            request.user, card_number=form.cleaned_data["card_number"], request=request
        )
    return render(
        request,
        "jpki/card_list.html",
        {"form": form, "rows": rows, "searched": form.is_bound and form.is_valid()},
    )


@never_cache
@staff_required(grants=VIEW_GRANTS)
def card_person(request, person_id: int):
    """One person's cards (in use and retired) with both certificates' status."""
    found = get_person_cards_for(request.user, person_id, request=request)
    return render(
        request,
        "jpki/card_person.html",
        {
            "holder": found.holder,
            "cards": found.cards,
            "card_in_use": found.card_in_use,
            "may_operate": may_operate_cards(request.user),
            "person_url": reverse("console:person_detail", args=[person_id])
            if has_role(request.user, REGISTER_READERS)
            else "",
            "breadcrumbs": _crumbs((found.holder.full_name, "")),
        },
    )


@never_cache
@sensitive_post_parameters("auth_pin", "auth_pin_confirm", "sign_pin", "sign_pin_confirm")
@require_http_methods(["GET", "POST"])
@staff_required(grants=OPERATE_GRANTS)
def card_issue(request, person_id: int):
    """Issue a (new) card: the resident types both PINs at the counter."""
    found = get_person_cards_for(request.user, person_id, request=request)
    holder = found.holder
    signing_allowed = may_hold_signing_certificate(holder.birth_date, timezone.localdate())
    form = IssueForm(request.POST or None, signing_allowed=signing_allowed)
    if request.method == "POST" and holder.status == "resident" and form.is_valid():
        data = form.cleaned_data
        try:
            issued = issue_card(
                request.user,
                person_id,
                auth_pin=data["auth_pin"],
                sign_pin=data.get("sign_pin") or None,
                with_signing=bool(data.get("with_signing")),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("カードを交付しました（カード番号 %(number)s）。")
                % {"number": issued.card_number},
            )
            return redirect("console:card_person", person_id=person_id)
    return render(
        request,
        "jpki/card_issue.html",
        {
            "holder": holder,
            "form": form,
            "card_in_use": found.card_in_use,
            "signing_allowed": signing_allowed,
            "breadcrumbs": _crumbs(
                (holder.full_name, reverse("console:card_person", args=[person_id])),
                (_("カードの交付"), ""),
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@staff_required(grants=OPERATE_GRANTS)
def card_revoke(request, card_id: int):
    """Revoke one or both certificates of a card (lost card, the holder's request, …)."""
    found = get_card_for(request.user, card_id, request=request)
    choices = [
        (item.kind, item.kind_label) for item in found.card.certificates if item.revoked_at is None
    ]
    form = RevokeForm(request.POST or None, kinds=choices)
    if request.method == "POST" and choices and form.is_valid():
        try:
            count = revoke_certificates(
                request.user,
                card_id,
                kinds=form.cleaned_data["kinds"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("電子証明書を%(count)s件失効させました。") % {"count": count}
            )
            return redirect("console:card_person", person_id=found.holder.person_id)
    return render(
        request,
        "jpki/card_revoke.html",
        {
            "found": found,
            "form": form,
            "choices": choices,
            "breadcrumbs": _crumbs(
                (
                    found.holder.full_name,
                    reverse("console:card_person", args=[found.holder.person_id]),
                ),
                (_("電子証明書の失効"), ""),
            ),
        },
    )


@never_cache
@sensitive_post_parameters("new_pin", "new_pin_confirm")
@require_http_methods(["GET", "POST"])
@staff_required(grants=OPERATE_GRANTS)
def card_pin_reset(request, certificate_id: int):
    """Set a new PIN typed by the resident; clears the failure counter (the lock)."""
    certificate, found = get_certificate_for(request.user, certificate_id, request=request)
    resettable = certificate.revoked_at is None and found.card.in_use
    form = PinResetForm(request.POST or None, kind=certificate.kind)
    if request.method == "POST" and resettable and form.is_valid():
        try:
            reset_pin(
                request.user, certificate_id, new_pin=form.cleaned_data["new_pin"], request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(certificate)sの暗証番号を再設定しました。ロックは解除されています。")
                % {"certificate": certificate.kind_label},
            )
            return redirect("console:card_person", person_id=found.holder.person_id)
    return render(
        request,
        "jpki/card_pin_reset.html",
        {
            "certificate": certificate,
            "found": found,
            "form": form,
            "resettable": resettable,
            "breadcrumbs": _crumbs(
                (
                    found.holder.full_name,
                    reverse("console:card_person", args=[found.holder.person_id]),
                ),
                (_("暗証番号の再設定"), ""),
            ),
        },
    )
