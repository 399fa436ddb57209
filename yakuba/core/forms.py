"""Form helpers shared by every module's views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import Form
from django.utils.translation import gettext_lazy as _

from .japanese import JapaneseInputError, parse_japanese_date


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


class JapaneseDateField(forms.Field):
    """A date typed in 西暦 or 和暦 (2026-04-01, 令和8年4月1日, R8.4.1, S45.3.1), full-width
    or half-width; ``autocomplete`` (e.g. ``"bday"``) is passed to the input."""

    widget = forms.TextInput
    max_length = 30

    def __init__(self, *, autocomplete: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("例: 2026-04-01、令和8年4月1日、R8.4.1"))
        self.autocomplete = autocomplete
        super().__init__(**kwargs)

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        attrs = {**super().widget_attrs(widget), "maxlength": str(self.max_length)}
        if self.autocomplete:
            attrs["autocomplete"] = self.autocomplete
        return attrs

    def to_python(self, value: Any) -> Any:
        value = (value or "").strip()
        if not value:
            return None
        if len(value) > self.max_length:
            raise forms.ValidationError(
                _("日付は%(limit)d文字以内で入力してください。"),
                code="max_length",
                params={"limit": self.max_length},
            )
        try:
            return parse_japanese_date(value)
        except JapaneseInputError as error:
            raise forms.ValidationError(
                error.message, code=error.code, params=error.params
            ) from error
