"""Django form fields of the page forms: each cleans raw input with a normaliser and
checks the result with the type's rules (required-ness is decided by the page form,
which knows the conditions, so every field here is ``required=False``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .definition import FieldDef


class SchemaField(forms.CharField):
    """A text input whose value is normalised then checked."""

    def __init__(
        self,
        *,
        normaliser: Callable[[str], Any],
        checker: Callable[[Any], list[str]] | None = None,
        raw_limit: int = 4000,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)
        self.normaliser = normaliser
        self.checker = checker
        self.raw_limit = raw_limit

    def clean(self, value: Any) -> Any:
        raw = value if isinstance(value, str) else ""
        if not raw.strip():
            return None
        if len(raw) > self.raw_limit:
            raise ValidationError(
                _("%(limit)d文字以内で入力してください（いま%(count)d文字）。"),
                params={"limit": self.raw_limit, "count": len(raw)},
            )
        result = self.normaliser(raw)
        if result in ("", None):
            return None
        if self.checker is not None:
            messages = self.checker(result)
            if messages:
                raise ValidationError(messages)
        return result


class ChoiceAnswerField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        if value and not self.valid_value(value):
            raise ValidationError(_("選択肢から選んでください。"), code="invalid_choice")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return value or None


class MultipleChoiceAnswerField(forms.MultipleChoiceField):
    def __init__(self, *, item: FieldDef | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.item = item

    def validate(self, value: Any) -> None:
        for entry in value:
            if not self.valid_value(entry):
                raise ValidationError(_("選択肢から選んでください。"), code="invalid_choice")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return None
        if self.item is not None:
            from .rules import check_value

            messages = check_value(self.item, list(value))
            if messages:
                raise ValidationError(messages)
        return list(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True
    template_name = "django/forms/widgets/file.html"


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files (``list[UploadedFile]``), each at most ``max_bytes``."""

    def __init__(self, *, max_bytes: int, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)
        self.max_bytes = max_bytes

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        result = []
        for upload in files:
            if not upload or not getattr(upload, "name", ""):
                continue
            if upload.size == 0:
                raise ValidationError(
                    _("「%(name)s」は空のファイルです。"), params={"name": upload.name}
                )
            if upload.size > self.max_bytes:
                raise ValidationError(
                    _("「%(name)s」は大きすぎます（%(limit)sまで）。"),
                    params={"name": upload.name, "limit": format_bytes(self.max_bytes)},
                )
            result.append(upload)
        return result

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(data)


def format_bytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
