"""Forms of the waitlist part: joining the waitlist for a taken time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .booking import UseDetailsForm


class JoinWaitlistForm(UseDetailsForm):
    def __init__(self, *args: Any, groups: Any, capacity: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        if capacity:
            self.fields["attendees"].help_text = _("定員は%(capacity)d人です。") % {
                "capacity": capacity
            }


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors on their fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
