"""Filter form of the staff audit log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import JapaneseInputError, parse_japanese_date
from yakuba.core.privacy_register import purpose_choices


class JapaneseDateField(forms.Field):
    """A date typed in 西暦 or 和暦 (S45.3.1, 令和7年4月1日, 2025-04-01)."""

    widget = forms.TextInput
    max_length = 30

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("例: 2025-04-01、令和7年4月1日、R7.4.1"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def to_python(self, value):
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


class AuditLogFilterForm(forms.Form):
    """Filters of the staff audit log; the cleaned data is ``access_records_for``'s ``filters``."""

    date_from = JapaneseDateField(label=_("開始日"), required=False)
    date_to = JapaneseDateField(label=_("終了日"), required=False)
    org_unit_code = forms.SlugField(
        label=_("所属（組織コード）"),
        required=False,
        max_length=40,
        help_text=_("例: shimin（当時の所属で絞り込みます）"),
    )
    subject_kind = forms.CharField(
        label=_("対象の種類"),
        required=False,
        max_length=60,
        help_text=_("例: residents.person"),
    )
    subject_id = forms.CharField(label=_("対象ID"), required=False, max_length=64)
    purpose = forms.ChoiceField(label=_("利用目的"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", _("すべて")), *purpose_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("終了日は開始日以降にしてください。"))
        return cleaned
