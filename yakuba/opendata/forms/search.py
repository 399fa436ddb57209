"""The public search form: words, sort order, and the facet filters (several values of a
facet may be chosen; every chosen value must hold, as on CKAN's pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

#: The facets the search page offers, in the order shown, with their headings.
FACETS: tuple[tuple[str, Any], ...] = (
    ("organization", _("公開元")),
    ("groups", _("分類")),
    ("tags", _("タグ")),
    ("res_format", _("形式")),
    ("license_id", _("ライセンス")),
)
FACET_NAMES = tuple(name for name, _label in FACETS)
#: Values of one facet accepted at most, and their length.
MAX_VALUES = 10
MAX_VALUE_LENGTH = 100

#: The sort orders offered ("" is CKAN's default: relevance, then the latest change).
SORT_CHOICES = [
    ("", _("標準（関連度の高い順）")),
    ("metadata_modified desc", _("更新日の新しい順")),
    ("metadata_created desc", _("登録日の新しい順")),
    ("title_string asc", _("タイトル順")),
]


class DatasetSearchForm(forms.Form):
    q = forms.CharField(
        label=_("キーワード"),
        required=False,
        max_length=200,
        help_text=_(
            "データセットの名前・説明・タグなど。空白で区切ると、すべてを含むものを探します。"
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sort = forms.ChoiceField(label=_("並び順"), required=False, choices=SORT_CHOICES)


def facet_filters(query: QueryDict) -> tuple[dict[str, list[str]], str]:
    """The chosen values of each facet in ``query`` and an error message ("" when fine).

    A value with a double quote cannot be put in a search term; too many or too long values
    are refused rather than searched."""
    chosen: dict[str, list[str]] = {}
    for name in FACET_NAMES:
        values = [value.strip() for value in query.getlist(name) if value.strip()]
        values = list(dict.fromkeys(values))
        if len(values) > MAX_VALUES or any(
            len(value) > MAX_VALUE_LENGTH or '"' in value for value in values
        ):
            return {}, str(_("絞り込みの条件が正しくありません。条件を解除してお試しください。"))
        if values:
            chosen[name] = values
    return chosen, ""


def filter_query(chosen: dict[str, list[str]]) -> str:
    """The ``fq`` of the chosen facet values (``tags:"防災" organization:"bosai"``)."""
    return " ".join(f'{name}:"{value}"' for name, values in chosen.items() for value in values)
