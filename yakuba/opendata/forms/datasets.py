"""The staff form of a dataset's metadata (every field the pages edit; the service validates
and writes).  Tags are typed as one line, separated by commas or 「、」."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField

from .. import queries
from ..licenses import LICENSES
from ..models import NAME_VALIDATOR, Dataset, Frequency
from ..services.datasets import clean_tag_names

#: The model fields the form edits (``tags`` and ``groups`` are added separately).
DATASET_FORM_FIELDS = (
    "name",
    "title",
    "title_en",
    "notes",
    "notes_en",
    "organization",
    "groups",
    "license_id",
    "frequency",
    "spatial",
    "spatial_code",
    "temporal_start",
    "temporal_end",
    "contact_name",
    "contact_email",
    "contact_phone",
    "url",
    "version_label",
    "private",
)
_TAG_SEPARATORS = re.compile(r"[,、，]")


def license_choices() -> list[tuple[str, str]]:
    english = (get_language() or "ja").startswith("en")
    return [(item.id, item.title_en if english else item.title) for item in LICENSES]


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in _TAG_SEPARATORS.split(text or "") if part.strip()]


class DatasetForm(forms.ModelForm):
    """Create or edit a dataset; ``organizations`` are the publishers the user may edit."""

    tags = forms.CharField(
        label=_("タグ"),
        required=False,
        max_length=2000,
        help_text=_("カンマ（,）または読点（、）で区切って入力します（例: 防災, 避難所）。"),
    )
    temporal_start = JapaneseDateField(label=_("対象期間（開始）"), required=False)
    temporal_end = JapaneseDateField(label=_("対象期間（終了）"), required=False)

    class Meta:
        model = Dataset
        fields = DATASET_FORM_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 6}),
            "notes_en": forms.Textarea(attrs={"rows": 6}),
            "groups": forms.CheckboxSelectMultiple,
        }
        labels = {
            "private": _("非公開にする（公開元の職員と管理者だけが見られます）"),
        }
        help_texts = {
            "name": _(
                "URLに使う識別名です。英小文字・数字・「-」「_」の2〜100文字"
                "（例: evacuation-space）。変えると公開中のURLも変わります。"
            ),
            "title_en": _("英語版のページに表示します。空欄なら日本語のタイトルを表示します。"),
            "notes": _("どのようなデータか、作り方や注意点など。"),
            "spatial": _("例: 武蔵村山市全域"),
            "spatial_code": _("市区町村のときは全国地方公共団体コード（6桁）。例: 132233"),
            "url": _("関連するページがあれば、そのURL。"),
            "version_label": _(
                "任意の版の表示（例: 2026年4月版）。変更のたびに改訂番号は自動で増えます。"
            ),
        }

    def __init__(self, *args: Any, organizations, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(NAME_VALIDATOR)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = None
        self.fields["groups"].queryset = queries.groups()
        self.fields["license_id"] = forms.ChoiceField(
            label=_("ライセンス"), choices=license_choices()
        )
        self.fields["frequency"].choices = [("", _("指定しない")), *Frequency.choices]
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_spatial_code(self) -> str:
        code = self.cleaned_data.get("spatial_code", "").strip()
        if code and not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(_("半角数字6桁で入力してください。"))
        return code

    def clean_tags(self) -> list[str]:
        try:
            return clean_tag_names(split_tags(self.cleaned_data.get("tags", "")))
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("temporal_start"), data.get("temporal_end")
        if start and end and start > end:
            self.add_error("temporal_end", _("終了日は開始日以降にしてください。"))
        return data

    def _post_clean(self) -> None:
        # The service validates and writes; the instance is not touched here.
        pass

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as ``create_dataset`` / ``patch_dataset`` take it."""
        data = dict(self.cleaned_data)
        data["groups"] = list(data.get("groups") or [])
        return data
