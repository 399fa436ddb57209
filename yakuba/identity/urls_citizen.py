"""Citizen account pages, mounted at ``/account/`` in the ``portal`` namespace."""

from django.urls import path

from .views import citizen

urlpatterns = [
    path("login/", citizen.login_view, name="login"),
    path("logout/", citizen.logout_view, name="logout"),
    path("signup/", citizen.signup_view, name="signup"),
    path("signup/sent/", citizen.signup_done_view, name="signup_done"),
    path("verify-email/<str:token>/", citizen.verify_email_view, name="verify_email"),
    path("verify-email/", citizen.verification_required_view, name="verification_required"),
    path("verify-email-resend/", citizen.resend_verification_view, name="verification_resend"),
    path("", citizen.account_view, name="account"),
    path("password-reset/", citizen.CitizenPasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        citizen.CitizenPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        citizen.CitizenPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        citizen.CitizenPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/", citizen.CitizenPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        citizen.CitizenPasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
