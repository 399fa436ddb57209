"""Form helpers shared by every module's views."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import Form


def add_service_errors(
    form: Form, error: ValidationError, *, field_map: Mapping[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the form.

    Errors keyed by a field name land on that field (``field_map`` renames
    service names the form calls differently); anything else becomes a
    page-level error shown in the error summary.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = (field_map or {}).get(name, name)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)
