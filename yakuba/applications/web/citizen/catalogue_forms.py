"""The catalogue's search form (GET ``q``; works without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

#: Longest query accepted (longer input is a field error, not a 500).
MAX_QUERY_LENGTH = 100


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("手続きを探す"),
        help_text=_(
            "手続きの名前やキーワードを入力してください。ひらがな・カタカナ・漢字のどれでも探せます（例：じゅうみんひょう、転入、犬）。"
        ),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
