"""Forms of the identity module (sign-in doors, account pages, organisation pages)."""

from .accounts import (
    BoundedPasswordChangeForm,
    BoundedSetPasswordForm,
    CitizenPasswordResetForm,
    LoginForm,
    SecondFactorForm,
    SignupForm,
    TotpConfirmForm,
)
from .organisation import (
    AsOfDateForm,
    AssignmentCreateForm,
    AssignmentEndForm,
    OrgUnitCreateForm,
    OrgUnitMergeForm,
    OrgUnitRenameForm,
    StaffCreateForm,
)

__all__ = [
    "AsOfDateForm",
    "AssignmentCreateForm",
    "AssignmentEndForm",
    "BoundedPasswordChangeForm",
    "BoundedSetPasswordForm",
    "CitizenPasswordResetForm",
    "LoginForm",
    "OrgUnitCreateForm",
    "OrgUnitMergeForm",
    "OrgUnitRenameForm",
    "SecondFactorForm",
    "SignupForm",
    "StaffCreateForm",
    "TotpConfirmForm",
]
