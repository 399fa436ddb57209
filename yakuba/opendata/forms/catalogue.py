"""Staff forms of the catalogue's publishers (organizations) and categories (groups), run
by the catalogue's administrators."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.identity.permissions import departments_on

from ..models import NAME_VALIDATOR, Group, Organization
from ..services.catalogue import GROUP_FIELDS, ORGANIZATION_FIELDS


def department_choices(current: str = "") -> list[tuple[str, str]]:
    """The departments in force today (code, name), plus ``current`` if it is no longer."""
    choices = [
        (unit.code, f"{unit.name}（{unit.code}）") for unit in departments_on().order_by("code")
    ]
    if current and current not in {code for code, _name in choices}:
        choices.append((current, current))
    return choices


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("URLに使う識別名。英小文字・数字・「-」「_」の2〜100文字（例: bosai）。"),
            "department_code": _(
                "この課の職員（担当者・所属管理者）がデータセットを編集できます。"
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(NAME_VALIDATOR)
        self.fields["department_code"] = forms.ChoiceField(
            label=_("担当課"),
            choices=department_choices(self.instance.department_code),
            help_text=self.Meta.help_texts["department_code"],
        )

    def _post_clean(self) -> None:
        pass


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = GROUP_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("URLに使う識別名。英小文字・数字・「-」「_」の2〜100文字（例: disaster）。"),
            "theme_uri": _("DCAT のテーマ（例: EU のデータテーマ）の URI。なければ空欄。"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(NAME_VALIDATOR)

    def _post_clean(self) -> None:
        pass
