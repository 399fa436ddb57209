"""Forms of the staff-kept tables (指定緊急避難場所, AED) and of the file import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ...models import HAZARD_FIELDS, AedLocation, EvacuationSpace

COMMON_FIELDS = [
    "identifier",
    "name",
    "name_kana",
    "name_en",
    "address",
    "building",
    "latitude",
    "longitude",
]
TAIL_FIELDS = ["url", "image", "image_license", "note"]


class EvacuationSpaceForm(forms.ModelForm):
    hazards = forms.MultipleChoiceField(
        label=_("対象とする災害の種別"),
        required=False,
        choices=[
            (name, EvacuationSpace._meta.get_field(name).verbose_name) for name, _c in HAZARD_FIELDS
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("この場所を緊急避難場所として指定している災害をすべて選んでください。"),
    )

    class Meta:
        model = EvacuationSpace
        fields = [
            *COMMON_FIELDS,
            "elevation",
            "postal_code",
            "phone",
            "extension",
            "email",
            "form_url",
            "contact_note",
            "is_designated_shelter",
            "capacity",
            "neighbourhood_associations",
            *TAIL_FIELDS,
        ]
        widgets = {
            "neighbourhood_associations": forms.TextInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identifier"].required = False
        self.fields["identifier"].help_text = _("空欄にすると自動で付けます（例: E00001）。")
        if self.instance.pk:
            self.initial["hazards"] = [
                name for name, _c in HAZARD_FIELDS if getattr(self.instance, name)
            ]

    def service_values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        chosen = set(self.cleaned_data.get("hazards") or [])
        values.update({name: name in chosen for name, _c in HAZARD_FIELDS})
        return values

    def _post_clean(self) -> None:
        """The service validates and saves (with width normalisation); the form only
        parses."""


class AedLocationForm(forms.ModelForm):
    has_pediatric_pads = forms.NullBooleanField(
        label=_("小児対応設備の有無"), required=False, widget=forms.NullBooleanSelect
    )

    class Meta:
        model = AedLocation
        fields = [
            *COMMON_FIELDS,
            "placement",
            "phone",
            "extension",
            "corporate_number",
            "organisation_name",
            "available_days",
            "opens_at",
            "closes_at",
            "availability_note",
            "has_pediatric_pads",
            *TAIL_FIELDS,
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"available_days": _("例: 月;火;水;木;金")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identifier"].required = False
        self.fields["identifier"].help_text = _("空欄にすると自動で付けます（例: A00001）。")
        self.fields["has_pediatric_pads"].widget.choices = [
            ("unknown", _("不明")),
            ("true", _("有")),
            ("false", _("無")),
        ]

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self) -> None:
        """See :meth:`EvacuationSpaceForm._post_clean`."""


PLACE_FORMS: dict[str, type[forms.ModelForm]] = {
    "evacuation_space": EvacuationSpaceForm,
    "aed": AedLocationForm,
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSVファイル"),
        help_text=_(
            "自治体標準オープンデータセットの新しい形式（全国地方公共団体コード, ID, …）と、"
            "推奨データセットの古い形式（都道府県コード又は市区町村コード, NO, …）のどちらも"
            "読み込めます。文字コードは UTF-8 と Shift_JIS のどちらでもかまいません。"
        ),
    )
    replace = forms.BooleanField(
        label=_("ファイルにない行を削除する（全件を置き換える）"), required=False
    )
