"""Citizen pages: "マイナンバーカードでログイン", linking a card to an account, the CRL.

The login works without JavaScript.  Each page view issues a fresh challenge
(kept in the session too, so a challenge shown to one browser cannot be
answered from another).  In demo mode (``YAKUBA_JPKI_DEMO``) the page lists the
emulated cards and the server-side reader signs after the PIN; otherwise it
takes the certificate and signature produced by the JPKI client software on
the citizen's device.  Failed attempts count towards django-axes' lockout of
the client address (:data:`AXES_USERNAME`), on top of the card's own PIN counter.
"""

from __future__ import annotations

import time

from axes.utils import reset as reset_axes
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from yakuba.identity import authentication as door
from yakuba.identity.decorators import citizen_required
from yakuba.identity.lockout import lockout_response
from yakuba.identity.permissions import is_citizen
from yakuba.residents.services import PersonNotFoundError, link_citizen

from ..forms import CardLoginForm, ExternalCardLoginForm
from ..models import CertificateKind
from ..queries import card_holder_for_link, citizen_account_for
from ..readers import CardReaderError, WrongPinError, get_reader
from ..services import (
    CHALLENGE_LIFETIME,
    LoginRefusedError,
    LoginResult,
    current_crl,
    issue_challenge,
    login_message,
    verify_login,
)

SESSION_CHALLENGE = "yakuba_jpki_challenge"
SESSION_LINK = "yakuba_jpki_link"
#: How the citizen signed in (``jpki`` after a card login): other modules may ask for it.
SESSION_AUTH_METHOD = "yakuba_auth_method"
#: The django-axes "username" under which failed card logins are counted per client address.
AXES_USERNAME = "jpki-card-login"
LINK_MAX_AGE = int(CHALLENGE_LIFETIME.total_seconds())
CITIZEN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _mypage() -> str:
    return reverse("portal:mypage")


@never_cache
@sensitive_post_parameters("pin")
@require_http_methods(["GET", "POST"])
def card_login(request: HttpRequest) -> HttpResponse:
    next_url = door.safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    if door.is_locked_out(request, AXES_USERNAME):
        return lockout_response(request)
    demo = settings.YAKUBA_JPKI_DEMO
    reader = get_reader() if demo else None
    slots = {}
    data = request.POST if request.method == "POST" else None
    if reader is not None:
        slots = {_slot_token(slot.handle): slot for slot in reader.cards()}
        choices = [(token, slot.label) for token, slot in slots.items()]
        form: CardLoginForm | ExternalCardLoginForm = CardLoginForm(data, cards=choices)
    else:
        choices = []
        form = ExternalCardLoginForm(data)
    if request.method == "POST" and form.is_valid():
        response = _attempt(request, form, reader, slots, next_url)
        if response is not None:
            return response
        if door.is_locked_out(request, AXES_USERNAME):
            return lockout_response(request)
    challenge = issue_challenge()
    request.session[SESSION_CHALLENGE] = challenge.nonce
    return render(
        request,
        "jpki/card_login.html",
        {
            "form": form,
            "demo": demo,
            "has_cards": bool(choices),
            "challenge": challenge,
            "next": next_url,
        },
    )


def _slot_token(handle: str) -> str:
    """What the page sends for a card: a keyed hash of the reader's handle, not the handle itself."""
    return salted_hmac("yakuba.jpki.card-slot", handle, algorithm="sha256").hexdigest()[:24]


def _attempt(request: HttpRequest, form, reader, slots, next_url: str) -> HttpResponse | None:
    """Have the card answer the challenge and verify it; ``None`` when refused (errors on the form)."""
    nonce = request.POST.get("nonce", "")
    if not nonce or nonce != request.session.pop(SESSION_CHALLENGE, None):
        form.add_error(None, _("画面の有効時間が過ぎました。もう一度お試しください。"))
        return None
    try:
        if reader is not None:
            handle = slots[form.cleaned_data["card"]].handle
            certificate = reader.read_certificate(handle, CertificateKind.AUTHENTICATION)
            signature = reader.sign(
                handle,
                CertificateKind.AUTHENTICATION,
                form.cleaned_data["pin"],
                login_message(nonce),
            )
        else:
            certificate = form.cleaned_data["certificate"]
            signature = form.cleaned_data["signature"]
        result = verify_login(nonce, signature, certificate)
    except WrongPinError as error:
        form.add_error("pin", error.message)
    except (CardReaderError, LoginRefusedError) as error:
        form.add_error(None, error.message)
    else:
        return _verified(request, result, next_url)
    door.record_failed_attempt(request, AXES_USERNAME)
    return None


def _verified(request: HttpRequest, result: LoginResult, next_url: str) -> HttpResponse:
    reset_axes(ip=request.META.get("REMOTE_ADDR"), username=AXES_USERNAME)
    account = citizen_account_for(result.person_id)
    if is_citizen(request.user):
        if account is not None and account.pk == request.user.pk:
            request.session[SESSION_AUTH_METHOD] = "jpki"
            messages.success(request, _("マイナンバーカードで本人確認をしました。"))
            return redirect(next_url or _mypage())
        request.session[SESSION_LINK] = {
            "card_id": result.card_id,
            "person_id": result.person_id,
            "since": int(time.time()),
        }
        return redirect("portal:card_link")
    if account is None:
        return render(request, "jpki/card_login_no_account.html", status=403)
    account.backend = CITIZEN_BACKEND
    door.sign_in_citizen(request, account)
    request.session[SESSION_AUTH_METHOD] = "jpki"
    messages.success(request, _("マイナンバーカードでログインしました。"))
    return redirect(next_url or _mypage())


@never_cache
@require_http_methods(["GET", "POST"])
@citizen_required
def card_link(request: HttpRequest) -> HttpResponse:
    """Link the card just proven (with its PIN) to the signed-in citizen's account."""
    pending = request.session.get(SESSION_LINK) or {}
    holder = None
    if int(time.time()) - int(pending.get("since", 0)) <= LINK_MAX_AGE:
        holder = card_holder_for_link(int(pending.get("card_id", 0)))
    if holder is None or holder.person_id != pending.get("person_id"):
        request.session.pop(SESSION_LINK, None)
        messages.warning(
            request,
            _(
                "カードの確認から時間が経ちました。もう一度マイナンバーカードで本人確認をしてください。"
            ),
        )
        return redirect("portal:card_login")
    error = ""
    if request.method == "POST":
        try:
            link_citizen(request.user, holder.resident_code, method="jpki")
        except (ValidationError, PersonNotFoundError):
            error = _(
                "カードをアカウントに結び付けられませんでした。市役所の窓口にお問い合わせください。"
            )
        else:
            request.session.pop(SESSION_LINK, None)
            request.session[SESSION_AUTH_METHOD] = "jpki"
            messages.success(
                request,
                _(
                    "マイナンバーカードをこのアカウントに結び付けました。次からはカードでログインできます。"
                ),
            )
            return redirect(_mypage())
    return render(
        request,
        "jpki/card_link.html",
        {
            "holder": holder,
            "linked_elsewhere": holder.linked_user_id not in (None, request.user.pk),
            "error": error,
        },
    )


@require_GET
def card_crl(request: HttpRequest) -> HttpResponse:
    """The current CRL (DER), as named in every card certificate's CRL distribution point."""
    published = current_crl()
    response = HttpResponse(bytes(published.der), content_type="application/pkix-crl")
    response["Content-Disposition"] = 'attachment; filename="crl.der"'
    response["Cache-Control"] = "public, max-age=300"
    response["Last-Modified"] = http_date(published.this_update.timestamp())
    return response
