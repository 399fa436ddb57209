"""Citizen pages of the alerts module: subscribe, confirm, manage, unsubscribe.

All work without JavaScript and without an account: the signed links of
:mod:`yakuba.alerts.links` (manage, unsubscribe) and of
:mod:`yakuba.alerts.services.subscriptions` (confirm) are the authentication.

Links in e-mails are fetched by mail scanners, so **no GET changes anything**: the
confirmation and the unsubscribe pages show a button.  The one exception to CSRF is the
unsubscribe view: mailbox providers POST ``List-Unsubscribe=One-Click`` there without
cookies or a CSRF token (RFC 8058); the token in the URL authenticates, and the answer
is a plain 200 page (never a redirect, which RFC 8058 forbids).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import links
from ..forms.citizen import ManageRequestForm, PreferencesForm, SubscribeForm, add_errors
from ..services import subscription_rows, subscriptions
from ..services.subscriptions import ConfirmationError
from . import citizen_limits as limits

PUSH_WIDGET = "alerts/push/_subscribe_widget.html"
PUSH_HEAD = "alerts/push/_head.html"
FEEDS = (
    ("list", gettext_lazy("これまでの配信の一覧")),
    ("feed", gettext_lazy("Atom形式のフィード（フィードリーダー用）")),
)


def _optional_template(name: str) -> str:
    """``name`` when a template by that name exists (the Web Push part adds its widget)."""
    try:
        return select_template([name]).origin.template_name
    except TemplateDoesNotExist:
        return ""


def _feed_links() -> list[tuple[str, str]]:
    found = []
    for url_name, label in FEEDS:
        try:
            found.append((reverse(f"portal:alert_feeds:{url_name}"), str(label)))
        except NoReverseMatch:
            continue
    return found


def _bad_link(request: HttpRequest, *, expired: bool = False, kind: str = "") -> HttpResponse:
    return render(
        request,
        "alerts/citizen/link_invalid.html",
        {"expired": expired, "kind": kind, "days": subscriptions.CONFIRM_MAX_AGE.days},
        status=410 if expired else 400,
    )


# ------------------------------------------------------------------ subscribe


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        if refused := limits.refuse_ip(request, "subscribe"):
            return refused
        form = SubscribeForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["email"]
            if refused := limits.refuse_address(request, address):
                return refused
            try:
                outcome = subscriptions.request_subscription(address, form.preferences(), user=user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                if outcome.kind == "confirmed":
                    messages.success(
                        request, _("登録しました。配信設定はこのページで変更できます。")
                    )
                    return redirect("portal:alerts:manage", links.manage_token(outcome.subscriber))
                return redirect("portal:alerts:subscribe_sent")
    else:
        initial = {"email": user.email} if user is not None and user.kind == "citizen" else {}
        form = SubscribeForm(initial=initial)
    return render(
        request,
        "alerts/citizen/subscribe.html",
        {
            "form": form,
            "push_widget": _optional_template(PUSH_WIDGET),
            "push_head": _optional_template(PUSH_HEAD),
            "line_enabled": bool(settings.YAKUBA_LINE_CHANNEL_ACCESS_TOKEN),
            "line_add_friend_url": getattr(settings, "YAKUBA_LINE_ADD_FRIEND_URL", ""),
            "feed_links": _feed_links(),
            "signed_in_citizen": user is not None and user.kind == "citizen",
        },
    )


@require_http_methods(["GET", "HEAD"])
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """The same page whether the address was new, pending or already subscribed."""
    return render(
        request, "alerts/citizen/subscribe_sent.html", {"days": subscriptions.CONFIRM_MAX_AGE.days}
    )


# ------------------------------------------------------------------ confirm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if refused := limits.refuse_ip(request, "confirm"):
        return refused
    try:
        endpoint = subscriptions.endpoint_for_confirmation(token)
    except ConfirmationError as error:
        return _bad_link(request, expired=error.expired, kind="confirm")
    if request.method == "POST":
        try:
            subscriber = subscriptions.confirm(token)
        except ConfirmationError as error:
            return _bad_link(request, expired=error.expired, kind="confirm")
        messages.success(
            request, _("登録が完了しました。これから、選んだ情報をメールでお届けします。")
        )
        return redirect("portal:alerts:manage", links.manage_token(subscriber))
    return render(
        request,
        "alerts/citizen/confirm.html",
        {
            "masked_address": subscriptions.mask_address(endpoint.address),
            "already": endpoint.deliverable,
            "easy": endpoint.subscriber.language == "easy",
            "manage_url": reverse(
                "portal:alerts:manage", args=[links.manage_token(endpoint.subscriber)]
            )
            if endpoint.deliverable
            else "",
        },
    )


# ------------------------------------------------------------------ manage


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = links.subscriber_from_manage_token(token)
    if subscriber is None:
        return _bad_link(request, kind="manage")
    if request.method == "POST":
        if refused := limits.refuse_ip(request, "change"):
            return refused
        if request.POST.get("action") == "leave":
            subscriptions.leave(subscriber)
            return render(request, "alerts/citizen/left.html", {"all": True})
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                subscriptions.update_preferences(subscriber, form.preferences())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("配信設定を変更しました。"))
                return redirect("portal:alerts:manage", token)
    else:
        form = PreferencesForm(
            initial=PreferencesForm.initial_for(subscriptions.preferences_of(subscriber))
        )
    return render(
        request,
        "alerts/citizen/manage.html",
        {
            "form": form,
            "token": token,
            "endpoints": subscription_rows.endpoint_rows(subscriber),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage_request(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if refused := limits.refuse_ip(request, "manage_request"):
            return refused
        form = ManageRequestForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["email"]
            if refused := limits.refuse_address(request, address):
                return refused
            subscriptions.send_manage_link(address)
            return redirect("portal:alerts:manage_request_sent")
    else:
        form = ManageRequestForm()
    return render(request, "alerts/citizen/manage_request.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def manage_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/citizen/manage_request_sent.html")


# ------------------------------------------------------------------ unsubscribe


@csrf_exempt  # RFC 8058: the one-click POST carries no cookie and no CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    endpoint = links.endpoint_from_unsubscribe_token(token)
    if endpoint is None:
        return _bad_link(request, kind="unsubscribe")
    if request.method == "POST":
        if refused := limits.refuse_token(request, "unsubscribe", token):
            return refused
        subscriptions.unsubscribe(endpoint)
        return render(
            request,
            "alerts/citizen/left.html",
            {
                "all": False,
                "manage_url": reverse(
                    "portal:alerts:manage", args=[links.manage_token(endpoint.subscriber)]
                )
                if subscription_rows.has_other_endpoints(endpoint)
                else "",
            },
        )
    return render(
        request,
        "alerts/citizen/unsubscribe.html",
        {
            "endpoint": subscription_rows.endpoint_row(endpoint),
            "stopped": subscriptions.is_unsubscribed(endpoint),
        },
    )
