"""The staff door: password, then TOTP (enrolment on first sign-in), recovery codes."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import (
    PasswordChangeDoneView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from yakuba.identity import authentication as door
from yakuba.identity.decorators import is_verified_staff, staff_required
from yakuba.identity.forms import (
    BoundedPasswordChangeForm,
    BoundedSetPasswordForm,
    LoginForm,
    SecondFactorForm,
    TotpConfirmForm,
)
from yakuba.identity.lockout import lockout_response
from yakuba.identity.models import User
from yakuba.identity.queries import second_factor_status
from yakuba.identity.services import accounts

LAYOUT = "base_staff.html"
NEW_CODES_SESSION_KEY = "yakuba_new_recovery_codes"
AFTER_CODES_SESSION_KEY = "yakuba_after_recovery_codes"


def _dashboard() -> str:
    return reverse("console:dashboard")


def _restart(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("もう一度、メールアドレスとパスワードでログインしてください。"))
    return redirect("console:login")


@never_cache
@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    """Step 1: e-mail and password.  Nobody is logged in yet after this step."""
    next_url = door.safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    if is_verified_staff(request.user):
        return redirect(next_url or _dashboard())
    form = LoginForm(request, User.Kind.STAFF, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.user
        door.begin_staff_sign_in(request, user, next_url)
        if accounts.has_confirmed_totp(user):
            return redirect("console:totp_verify")
        return redirect("console:totp_setup")
    return render(request, "identity/staff_login.html", {"form": form, "next": next_url})


def _second_factor_failed(request: HttpRequest, user: User, form, result) -> HttpResponse | None:
    """Count a wrong code towards the lockout; ``None`` unless the account is now locked."""
    door.record_failed_attempt(request, user.email)
    if getattr(request, "axes_locked_out", False):
        door.clear_pending(request)
        return None
    if result.throttled:
        form.add_error(
            "code",
            _("確認コードの誤りが続いたため、%(seconds)s秒ほど待ってから入力してください。")
            % {"seconds": result.wait_seconds},
        )
    else:
        form.add_error(
            "code",
            _(
                "確認コードが正しくありません。認証アプリに表示されている最新の6桁の数字、"
                "または未使用の回復コードを入力してください。"
            ),
        )
    return None


@never_cache
@sensitive_post_parameters("code")
def totp_verify_view(request: HttpRequest) -> HttpResponse:
    """Step 2: the 6-digit code (or a recovery code) for an enrolled staff member."""
    user = door.pending_staff(request)
    if user is None:
        return _restart(request)
    if not accounts.has_confirmed_totp(user):
        return redirect("console:totp_setup")
    if door.is_locked_out(request, user.email):
        door.clear_pending(request)
        return lockout_response(request)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = accounts.verify_second_factor(user, form.cleaned_data["code"])
        if result.device is not None:
            next_url = door.pending_next(request)
            door.complete_staff_sign_in(request, user, result.device)
            if result.device.name == accounts.RECOVERY_DEVICE_NAME:
                left = second_factor_status(user)["recovery_codes_left"]
                messages.warning(
                    request,
                    _("回復コードでログインしました。残りの回復コードは%(count)s個です。")
                    % {"count": left},
                )
            return redirect(next_url or _dashboard())
        _second_factor_failed(request, user, form, result)
    return render(request, "identity/staff_totp_verify.html", {"form": form, "layout": LAYOUT})


@never_cache
@sensitive_post_parameters("code")
def totp_setup_view(request: HttpRequest) -> HttpResponse:
    """First sign-in: register an authenticator app, confirm it, then show recovery codes."""
    user = door.pending_staff(request)
    if user is None:
        return _restart(request)
    if accounts.has_confirmed_totp(user):
        return redirect("console:totp_verify")
    if door.is_locked_out(request, user.email):
        door.clear_pending(request)
        return lockout_response(request)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = accounts.confirm_totp_device(user, form.cleaned_data["code"])
        if result.device is not None:
            codes = accounts.create_recovery_codes(user)
            next_url = door.pending_next(request)
            door.complete_staff_sign_in(request, user, result.device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            request.session[AFTER_CODES_SESSION_KEY] = next_url
            messages.success(request, _("2段階認証を設定しました。"))
            return redirect("console:recovery_codes")
        _second_factor_failed(request, user, form, result)
    device = accounts.totp_device_for_enrolment(user)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
        "secret": _group(device_secret_base32(device)),
        "account_name": user.email,
    }
    return render(request, "identity/staff_totp_setup.html", context)


def device_secret_base32(device) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@staff_required
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    """New codes are shown exactly once; otherwise the page offers to make a new set."""
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = accounts.create_recovery_codes(request.user)
        request.session[AFTER_CODES_SESSION_KEY] = ""
        return redirect("console:recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    continue_url = request.session.get(AFTER_CODES_SESSION_KEY) or _dashboard()
    if codes is None:
        request.session.pop(AFTER_CODES_SESSION_KEY, None)
    context = {
        "codes": codes,
        "continue_url": continue_url,
        "status": second_factor_status(request.user),
    }
    return render(request, "identity/staff_recovery_codes.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("ログアウトしました。"))
    return redirect("console:login")


@method_decorator(staff_required, name="dispatch")
class StaffPasswordChangeView(PasswordChangeView):
    form_class = BoundedPasswordChangeForm
    template_name = "identity/staff_password_change.html"
    success_url = reverse_lazy("console:password_change_done")
    extra_context = {"layout": LAYOUT}


@method_decorator(staff_required, name="dispatch")
class StaffPasswordChangeDoneView(PasswordChangeDoneView):
    template_name = "identity/password_change_done.html"
    extra_context = {"layout": LAYOUT, "back_url_name": "console:dashboard"}


class StaffSetPasswordView(PasswordResetConfirmView):
    """The one-time link from the invitation e-mail (staff accounts only)."""

    form_class = BoundedSetPasswordForm
    template_name = "identity/staff_set_password.html"
    success_url = reverse_lazy("console:set_password_complete")
    extra_context = {"layout": LAYOUT}

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.kind != User.Kind.STAFF or not user.is_active:
            return None
        return user


class StaffSetPasswordCompleteView(PasswordResetCompleteView):
    template_name = "identity/staff_set_password_complete.html"
    extra_context = {"layout": LAYOUT}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["login_url"] = reverse("console:login")
        return context
