"""「カードを置いてください」 and the 4-digit PIN (利用者証明用電子証明書).

The reader is ``yakuba.jpki``'s configured reader. In demo mode (``YAKUBA_JPKI_DEMO``) the
emulated reader has every card in use "on it", so the screen lists them masked
(「村○ 花○（****-****-1234）」) and the page carries keyed hashes, never card numbers.
Outside demo mode the screen asks to place the card and polls the reader (meta refresh)
until exactly one card is there: on a copier, the reader class named by
``YAKUBA_JPKI_READER`` talks to the copier's own card reader.

After the PIN: a fresh challenge, the card signs it, ``verify_login`` names the resident.
Failed PINs are counted by the card (3 → locked) and, per kiosk, by django-axes.
"""

from __future__ import annotations

from axes.utils import reset as reset_axes
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from yakuba.identity import authentication as door
from yakuba.jpki.readers import (
    CardNotPresentError,
    CardReaderError,
    PinLockedError,
    WrongPinError,
    get_reader,
)
from yakuba.jpki.services import LoginRefusedError, issue_challenge, login_message, verify_login

from ...content import Refused, check_holder
from . import session
from .device import kiosk_page, render_kiosk
from .forms import CardChoiceForm, PinForm
from .lookups import slots_by_token

#: The certificate the kiosk authenticates with (``yakuba.jpki`` CertificateKind.AUTHENTICATION).
AUTHENTICATION = "auth"
#: Seconds between two looks at the reader while waiting for a card.
POLL_SECONDS = 2


def axes_username(kiosk_code: str) -> str:
    """Failed PINs are counted per kiosk (django-axes: this name + the kiosk's address)."""
    return f"kiosk-card-login:{kiosk_code}"


def refused_message() -> str:
    return _("このカードではご利用いただけません。市役所の窓口でお手続きください。")


@require_http_methods(["GET", "POST"])
@kiosk_page("card")
def card(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    try:
        slots = slots_by_token(get_reader())
    except CardReaderError as error:
        return _waiting(request, error.message)
    if settings.YAKUBA_JPKI_DEMO:
        form = CardChoiceForm(request.POST if request.method == "POST" else None, tokens=set(slots))
        if request.method == "POST" and form.is_valid():
            return _card_found(request, state, form.cleaned_data["card"])
        return render_kiosk(
            request,
            "certificates/kiosk/card_demo.html",
            {"form": form, "cards": [(token, slot.label) for token, slot in slots.items()]},
        )
    if len(slots) == 1:
        return _card_found(request, state, next(iter(slots)))
    if len(slots) > 1:
        return _waiting(request, _("カードは1枚だけ置いてください。"))
    return _waiting(request, "")


def _card_found(request: HttpRequest, state: dict, token: str) -> HttpResponse:
    state["slot"] = token
    for key in ("person_id", "card_serial", "kind", "options", "copies", "request_id"):
        state.pop(key, None)
    session.save(request, state)
    return redirect("portal:kiosk:pin")


def _waiting(request: HttpRequest, problem: str) -> HttpResponse:
    """「カードを置いてください」: looks at the reader again every few seconds (no JavaScript)."""
    return render_kiosk(
        request,
        "certificates/kiosk/card_wait.html",
        {"problem": problem, "poll_seconds": POLL_SECONDS},
        idle=False,
    )


@sensitive_post_parameters("pin")
@require_http_methods(["GET", "POST"])
@kiosk_page("pin")
def pin(request: HttpRequest) -> HttpResponse:
    state = request.kiosk_state  # type: ignore[attr-defined]
    kiosk = request.kiosk  # type: ignore[attr-defined]
    username = axes_username(kiosk.code)
    if door.is_locked_out(request, username):
        return _too_many(request)
    form = PinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = _authenticate(request, state, form)
        if outcome is not None:
            return outcome
        door.record_failed_attempt(request, username)
        request.axes_locked_out = False  # type: ignore[attr-defined]  # the kiosk shows its own screen
        if door.is_locked_out(request, username):
            return _too_many(request)
    return render_kiosk(request, "certificates/kiosk/pin.html", {"form": form})


def _authenticate(request: HttpRequest, state: dict, form: PinForm) -> HttpResponse | None:
    """Have the card answer a challenge; a response to send, or ``None`` (error on the form)."""
    reader = get_reader()
    try:
        slot = slots_by_token(reader).get(state["slot"])
        if slot is None:
            raise CardNotPresentError()
        challenge = issue_challenge()
        certificate = reader.read_certificate(slot.handle, AUTHENTICATION)
        signature = reader.sign(
            slot.handle, AUTHENTICATION, form.cleaned_data["pin"], login_message(challenge.nonce)
        )
        result = verify_login(challenge.nonce, signature, certificate)
    except WrongPinError as error:
        if error.remaining > 0:
            form.add_error("pin", error.message)
            return None
        return _refused(request, error.message)
    except CardNotPresentError as error:
        form.add_error(None, error.message)
        return None
    except (PinLockedError, LoginRefusedError, CardReaderError):
        # Locked, revoked, expired, not a card of this city…: never say which.
        return _refused(request, refused_message())
    reset_axes(ip=request.META.get("REMOTE_ADDR"), username=axes_username(state["kiosk"]))
    try:
        check_holder(result.person_id)  # 除票, support measure…: the counter, never why
    except Refused as refusal:
        return _refused(request, str(refusal.message))
    state.update(person_id=result.person_id, card_serial=result.certificate_serial)
    state.pop("slot", None)
    request.session.cycle_key()
    session.save(request, state)
    return redirect("portal:kiosk:kind")


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    session.clear(request)
    return render_kiosk(request, "certificates/kiosk/refused.html", {"message": message}, idle=True)


def _too_many(request: HttpRequest) -> HttpResponse:
    session.clear(request)
    minutes = int(round(settings.AXES_COOLOFF_TIME * 60))
    return render_kiosk(
        request,
        "certificates/kiosk/refused.html",
        {
            "message": _(
                "暗証番号の誤りが続いたため、この端末ではしばらくご利用いただけません。"
                "%(minutes)s分ほど経ってから、もう一度お試しください。"
            )
            % {"minutes": minutes}
        },
        status=429,
    )
