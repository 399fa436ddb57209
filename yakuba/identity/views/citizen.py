"""The citizen door: sign-up, e-mail verification, sign-in, password reset and change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import (
    PasswordChangeDoneView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from yakuba.identity import authentication as door
from yakuba.identity.decorators import citizen_required
from yakuba.identity.forms import (
    BoundedPasswordChangeForm,
    BoundedSetPasswordForm,
    CitizenPasswordResetForm,
    LoginForm,
    SignupForm,
)
from yakuba.identity.models import User
from yakuba.identity.permissions import is_citizen
from yakuba.identity.services import accounts

LAYOUT = "base_citizen.html"
RESEND_INTERVAL_SECONDS = 60


def _home_after_login() -> str:
    return reverse("portal:account")


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _privacy_url() -> str | None:
    try:
        return reverse("portal:privacy")
    except NoReverseMatch:  # the privacy page belongs to the portal module
        return None


def _unverified_notice(request: HttpRequest) -> None:
    messages.warning(
        request,
        _(
            "メールアドレスの確認が済んでいません。届いたメールのリンクを開いて確認を完了してください。"
            "確認が済むまで、一部の手続きは利用できません。"
        ),
    )


@never_cache
@sensitive_post_parameters("password")
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = door.safe_next(request, request.POST.get("next") or request.GET.get("next"), "")
    if is_citizen(request.user):
        return redirect(next_url or _home_after_login())
    form = LoginForm(request, User.Kind.CITIZEN, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        door.sign_in_citizen(request, form.user)
        if form.user.email_verified_at is None:
            _unverified_notice(request)
        return redirect(next_url or _home_after_login())
    return render(request, "identity/citizen_login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("ログアウトしました。"))
    return redirect("portal:login")


@never_cache
@sensitive_post_parameters("password1", "password2")
def signup_view(request: HttpRequest) -> HttpResponse:
    if is_citizen(request.user):
        return redirect("portal:account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.signup_citizen(
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
            site_url=_site_url(request),
        )
        request.session["yakuba_signup_email"] = form.cleaned_data["email"]
        return redirect("portal:signup_done")
    return render(
        request, "identity/citizen_signup.html", {"form": form, "privacy_url": _privacy_url()}
    )


def signup_done_view(request: HttpRequest) -> HttpResponse:
    email = request.session.get("yakuba_signup_email", "")
    return render(request, "identity/citizen_signup_done.html", {"email": email})


@never_cache
def verify_email_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = accounts.verify_email(token)
    except accounts.EmailVerificationError as error:
        return render(
            request,
            "identity/citizen_verify_email.html",
            {"verified": False, "error": error.messages[0], "code": error.code},
            status=400,
        )
    signed_in_as_owner = request.user.is_authenticated and request.user.pk == user.pk
    return render(
        request,
        "identity/citizen_verify_email.html",
        {"verified": True, "signed_in": signed_in_as_owner},
    )


@citizen_required(verified=False)
def verification_required_view(request: HttpRequest) -> HttpResponse:
    if request.user.email_verified_at is not None:
        return redirect("portal:account")
    return render(request, "identity/citizen_verification_required.html", {})


@require_POST
@citizen_required(verified=False)
def resend_verification_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.email_verified_at is not None:
        messages.info(request, _("メールアドレスは確認済みです。"))
        return redirect("portal:account")
    if cache.add(f"yakuba:identity:verify-resend:{user.pk}", 1, RESEND_INTERVAL_SECONDS):
        accounts.send_verification_email(user, site_url=_site_url(request))
        messages.success(
            request,
            _("%(email)s に確認メールを再送信しました。") % {"email": user.email},
        )
    else:
        messages.warning(
            request,
            _("確認メールは%(seconds)s秒に1回まで送信できます。しばらく待ってからお試しください。")
            % {"seconds": RESEND_INTERVAL_SECONDS},
        )
    return redirect("portal:verification_required")


@citizen_required(verified=False)
def account_view(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/citizen_account.html", {"account": request.user})


# --- password reset (citizens only) and change ------------------------------------------


class CitizenPasswordResetView(PasswordResetView):
    form_class = CitizenPasswordResetForm
    template_name = "identity/citizen_password_reset_form.html"
    email_template_name = "identity/email/password_reset.txt"
    subject_template_name = "identity/email/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")


class CitizenPasswordResetDoneView(PasswordResetDoneView):
    template_name = "identity/citizen_password_reset_done.html"


class CitizenPasswordResetConfirmView(PasswordResetConfirmView):
    form_class = BoundedSetPasswordForm
    template_name = "identity/citizen_password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.kind != User.Kind.CITIZEN:
            return None
        return user


class CitizenPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "identity/citizen_password_reset_complete.html"


@method_decorator(citizen_required(verified=False), name="dispatch")
class CitizenPasswordChangeView(PasswordChangeView):
    form_class = BoundedPasswordChangeForm
    template_name = "identity/citizen_password_change.html"
    success_url = reverse_lazy("portal:password_change_done")


@method_decorator(citizen_required(verified=False), name="dispatch")
class CitizenPasswordChangeDoneView(PasswordChangeDoneView):
    template_name = "identity/password_change_done.html"
    extra_context = {"layout": LAYOUT, "back_url_name": "portal:account"}
