"""Filter form of the staff audit log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField
from yakuba.core.privacy_register import purpose_choices


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
