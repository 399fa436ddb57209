"""Forms of the reading pages: the search, the purpose alone, the as-of date."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import MAX_INPUT_LENGTH

from ..queries import PersonSearch, parse_person_search
from .fields import JapaneseDateField, PurposeField, town_area_choices


class PersonSearchForm(forms.Form):
    """The search: one text box (name, birth date, 住民票コード) and/or an address."""

    query = forms.CharField(
        label=_("氏名・生年月日・住民票コード"),
        help_text=_("例: 山田 太郎、やまだ、S45.3.1、昭和45年3月1日、12345678901"),
        max_length=MAX_INPUT_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "%(limit_value)d文字以内で入力してください（%(show_value)d文字入力されています）。"
            ),
        },
    )
    town_area = forms.TypedChoiceField(
        label=_("町丁目"),
        choices=town_area_choices,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("町丁目を選んでください。")},
    )
    banchi = forms.CharField(
        label=_("番地・方書"),
        help_text=_("一部だけでも検索できます（例: 12-3、12番地の3、村山団地 12号棟）。"),
        max_length=MAX_INPUT_LENGTH,
        required=False,
    )
    include_removed = forms.BooleanField(label=_("除票も検索する"), required=False)
    purpose = PurposeField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town_area"].choices = town_area_choices()  # one query, not one per use

    def clean_query(self):
        text = self.cleaned_data["query"]
        return parse_person_search(text) if text.strip() else PersonSearch()

    def clean(self):
        cleaned = super().clean()
        search = cleaned.get("query")
        if search is None:
            return cleaned
        search = search.with_address(cleaned.get("town_area"), cleaned.get("banchi", ""))
        if search.is_empty and "town_area" not in self.errors:
            self.add_error(
                "query",
                forms.ValidationError(
                    _("検索する氏名、生年月日、住民票コードまたは住所を入力してください。"),
                    code="required",
                ),
            )
        cleaned["search"] = search
        return cleaned


class PurposeForm(forms.Form):
    purpose = PurposeField()


class AsOfForm(forms.Form):
    """The date picker of the person page (a GET form; empty means "now")."""

    as_of = JapaneseDateField(label=_("表示する日付"), required=False)
