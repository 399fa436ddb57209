"""Form fields of the residents pages: dates in 西暦 or 和暦, the purpose, town areas."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import JapaneseInputError, format_wareki, parse_japanese_date

from ..models import Relationship
from ..policies import register_purposes

DATE_HELP = _("西暦または和暦で入力してください（例: 2025-04-01、R7.4.1、令和7年4月1日）。")


class JapaneseDateField(forms.Field):
    """A date typed in 西暦 or 和暦 (``yakuba.core.japanese.parse_japanese_date``).

    Shown back in 和暦 (``令和6年4月1日``); an impossible date is a form error
    with the parser's message.
    """

    widget = forms.TextInput
    max_length = 30

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["maxlength"] = str(self.max_length)
        attrs["autocomplete"] = "off"
        return attrs

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return format_wareki(value)
        return value

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        text = (value or "").strip()
        if not text:
            return None
        if len(text) > self.max_length:
            raise forms.ValidationError(
                _("%(limit)s文字以内で入力してください。"),
                code="too_long",
                params={"limit": self.max_length},
            )
        try:
            return parse_japanese_date(text)
        except JapaneseInputError as error:
            raise forms.ValidationError(
                error.message, code=error.code, params=error.params
            ) from error

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


def purpose_choices():
    return [("", _("選択してください")), *((p.key, p.label) for p in register_purposes())]


class PurposeField(forms.ChoiceField):
    """The legal purpose of a read, from the 住民基本台帳 file (required)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("利用目的"))
        kwargs.setdefault("help_text", _("閲覧の記録に残り、住民本人がマイページで確認できます。"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("利用目的を選んでください。"),
                "invalid_choice": _("利用目的を選んでください。"),
            },
        )
        super().__init__(choices=purpose_choices, **kwargs)


def town_area_choices():
    from ..queries import town_areas

    return [("", _("選択してください")), *((str(area.pk), area.name) for area in town_areas())]


def relationship_choices():
    return list(Relationship.choices)
