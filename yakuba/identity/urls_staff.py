"""Staff sign-in and organisation pages, mounted at ``/staff/account/`` in the ``console`` namespace."""

from django.urls import path

from .views import organisation_admin as org
from .views import staff

urlpatterns = [
    path("login/", staff.login_view, name="login"),
    path("login/verify/", staff.totp_verify_view, name="totp_verify"),
    path("login/setup/", staff.totp_setup_view, name="totp_setup"),
    path("logout/", staff.logout_view, name="logout"),
    path("recovery-codes/", staff.recovery_codes_view, name="recovery_codes"),
    path("password/", staff.StaffPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        staff.StaffPasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "set-password/<uidb64>/<token>/",
        staff.StaffSetPasswordView.as_view(),
        name="set_password",
    ),
    path(
        "set-password/complete/",
        staff.StaffSetPasswordCompleteView.as_view(),
        name="set_password_complete",
    ),
    # Organisation (system administrators and 職員課 department administrators)
    path("org/units/", org.org_unit_list_view, name="org_units"),
    path("org/units/new/", org.org_unit_create_view, name="org_unit_create"),
    path("org/units/merge/", org.org_unit_merge_view, name="org_unit_merge"),
    path("org/units/<int:pk>/", org.org_unit_detail_view, name="org_unit_detail"),
    path("org/units/<int:pk>/rename/", org.org_unit_rename_view, name="org_unit_rename"),
    path("org/staff/", org.staff_list_view, name="staff_list"),
    path("org/staff/new/", org.staff_create_view, name="staff_create"),
    path("org/staff/<int:pk>/", org.staff_detail_view, name="staff_detail"),
    path(
        "org/staff/<int:pk>/invitation/",
        org.staff_resend_invitation_view,
        name="staff_resend_invitation",
    ),
    path(
        "org/staff/<int:pk>/second-factor/reset/",
        org.staff_reset_second_factor_view,
        name="staff_reset_second_factor",
    ),
    path(
        "org/staff/<int:pk>/assignments/new/", org.assignment_create_view, name="assignment_create"
    ),
    path("org/assignments/<int:pk>/end/", org.assignment_end_view, name="assignment_end"),
]
