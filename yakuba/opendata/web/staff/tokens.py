"""Staff pages for one's own API tokens (the Action API's write access): list, make one
(named, optional expiry; the secret is shown once), revoke.

Any staff member signed in with both factors who holds a role in a department may hold
tokens (``policies.may_hold_tokens``); a token can do what its holder can do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yakuba.core.forms import add_service_errors
from yakuba.identity.decorators import staff_required

from ... import policies, queries
from ...models import ApiToken
from ...services import tokens as token_services


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("トークンの名前"),
        max_length=100,
        help_text=gettext_lazy("何に使うかが分かる名前（例: 防災課の更新スクリプト）。"),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("有効期限"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        help_text=gettext_lazy(
            "この日の終わりまで使えます。空欄なら失効させるまで使えます（例: 2027-03-31）。"
        ),
    )

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        return timezone.make_aware(midnight)


def token_page(methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Verified staff who may hold tokens (others 403); never cached."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not policies.may_hold_tokens(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.__name__ = view.__name__
        guarded.__doc__ = view.__doc__
        return never_cache(require_http_methods(list(methods))(staff_required(guarded)))

    return decorator


def _crumbs(*items: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("APIトークン"), reverse("console:opendata:token_list")), *items]


def _state(token: ApiToken, now: datetime.datetime) -> str:
    if token.revoked_at:
        return _("失効済み")
    if token.expires_at and token.expires_at <= now:
        return _("期限切れ")
    return _("有効")


def _list_page(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    now = timezone.now()
    tokens = [(token, _state(token, now)) for token in queries.tokens_of(request.user)]
    return render(
        request,
        "opendata/tokens/token_list.html",
        {
            "form": form,
            "tokens": tokens,
            "api_url": f"{settings.YAKUBA_SITE_URL}/api/3/action/",
            "breadcrumbs": [(_("APIトークン"), "")],
        },
        status=status,
    )


@token_page()
def token_list(request: HttpRequest) -> HttpResponse:
    """One's own tokens (name, first characters, expiry, last use, state) and the form
    to make a new one."""
    return _list_page(request, TokenForm())


@token_page(methods=("POST",))
def token_new(request: HttpRequest) -> HttpResponse:
    """Make a token; the page that answers shows its secret, once."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = token_services.create_token(
                request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            add_service_errors(form, error, field_map={"expires_at": "expires_on"})
        else:
            return render(
                request,
                "opendata/tokens/token_created.html",
                {
                    "token": token,
                    "secret": secret,
                    "breadcrumbs": _crumbs((_("トークンを作成しました"), "")),
                },
            )
    return _list_page(request, form, status=400)


@token_page(methods=("GET", "POST"))
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke one of one's own tokens (it stops working at once)."""
    try:
        token = queries.get_token_of(request.user, pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        token_services.revoke_token(request.user, token)
        messages.success(
            request, _("トークン「%(name)s」を失効させました。") % {"name": token.name}
        )
        return redirect("console:opendata:token_list")
    return render(
        request,
        "opendata/tokens/token_revoke.html",
        {"token": token, "breadcrumbs": _crumbs((_("トークンの失効"), ""))},
    )
