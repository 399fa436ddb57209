"""Forms of the citizen subscription pages: subscribe, change preferences, ask for the link.

Forms parse input; the rules (a known category, a 町丁目 of the city, a deliverable
address) live in :mod:`yakuba.alerts.services.subscriptions`, whose ``ValidationError``
the views put back with :func:`yakuba.core.forms.add_service_errors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..languages import Language
from ..models import Category
from ..services import subscriptions
from ..services.subscriptions import Preferences

#: The coverage value "whole city" ("whole" is also what the Web Push widget reads as true).
WHOLE_CITY = "whole"
SOME_AREAS = "areas"
#: Each language named in itself, on every page language (not gettext: Django's own
#: catalogue would turn "English" into 英語(米国)).
LANGUAGE_NAMES = [
    (Language.JA, "日本語"),
    (Language.EN, "English"),
    (Language.EASY, "やさしい日本語"),
]
#: Pre-checked for a new subscriber: the category the survey put first.
DEFAULT_CATEGORIES = ("bosai",)


def _page_language() -> str:
    return "en" if (get_language() or "ja").startswith("en") else "ja"


class EmailAddressField(forms.CharField):
    """An address with the messages of :func:`subscriptions.clean_email` (NFKC, spaces, @)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("メールアドレス"))
        kwargs.setdefault("max_length", 320)  # longer input gets the service's clear message
        kwargs.setdefault("error_messages", {"required": _("メールアドレスを入力してください。")})
        super().__init__(**kwargs)
        self.widget = forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        )
        self.widget.is_required = self.required

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return subscriptions.clean_email(value) if value else value


@dataclass(frozen=True)
class AreaGroup:
    """The 町丁目 of one town, for one nested fieldset of checkboxes."""

    town: str
    options: list[Any]


class PreferencesForm(forms.Form):
    """Categories, areas and language (the management page; the subscribe form adds e-mail)."""

    categories = forms.MultipleChoiceField(
        label=_("受け取る情報"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("受け取る情報の分類を1つ以上選んでください。"),
            "invalid_choice": _("選べない分類が含まれています。"),
        },
    )
    coverage = forms.ChoiceField(
        label=_("地域"),
        widget=forms.RadioSelect,
        choices=[(WHOLE_CITY, _("市内全域")), (SOME_AREAS, _("地域（町丁目）を選ぶ"))],
        initial=WHOLE_CITY,
        help_text=_("市内全域あての情報は、地域を選んだ場合も届きます。"),
        error_messages={"required": _("地域の受け取り方を選んでください。")},
    )
    areas = forms.MultipleChoiceField(
        label=_("町丁目"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("「地域（町丁目）を選ぶ」にしたときに使います。複数選べます。"),
        error_messages={"invalid_choice": _("市内の町丁目ではない地域が含まれています。")},
    )
    language = forms.ChoiceField(
        label=_("言語"),
        widget=forms.RadioSelect,
        choices=LANGUAGE_NAMES,
        initial=Language.JA,
        error_messages={"required": _("言語を選んでください。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yakuba.residents.queries import town_areas

        language = _page_language()
        self.fields["categories"].choices = [
            (category.code, category.name_in(language)) for category in Category.objects.all()
        ]
        self._towns: dict[str, str] = {}
        choices = []
        for area in town_areas():
            choices.append((area.code, area.name))
            self._towns[area.code] = area.town_name
        self.fields["areas"].choices = choices

    def area_groups(self) -> list[AreaGroup]:
        """The area checkboxes grouped by town (中藤 → 中藤一丁目 … 中藤五丁目)."""
        groups: dict[str, AreaGroup] = {}
        for option in self["areas"]:
            town = self._towns.get(str(option.data["value"]), "")
            groups.setdefault(town, AreaGroup(town, [])).options.append(option)
        return list(groups.values())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("coverage") == SOME_AREAS and not cleaned.get("areas"):
            self.add_error("areas", _("地域を1つ以上選ぶか、「市内全域」を選んでください。"))
        return cleaned

    def preferences(self) -> Preferences:
        data = self.cleaned_data
        whole_city = data["coverage"] == WHOLE_CITY
        return Preferences(
            category_codes=list(data["categories"]),
            whole_city=whole_city,
            area_codes=[] if whole_city else list(data["areas"]),
            language=data["language"],
        )

    @classmethod
    def initial_for(cls, preferences: Preferences) -> dict[str, Any]:
        return {
            "categories": preferences.category_codes,
            "coverage": WHOLE_CITY if preferences.whole_city else SOME_AREAS,
            "areas": preferences.area_codes,
            "language": preferences.language,
        }


class SubscribeForm(PreferencesForm):
    """The public subscribe form: an e-mail address plus the preferences."""

    email = EmailAddressField(
        help_text=_("確認のメールを送ります。メールのリンクを開くと登録が完了します。")
    )
    field_order = ["email", "categories", "coverage", "areas", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].initial = list(DEFAULT_CATEGORIES)


class ManageRequestForm(forms.Form):
    """Ask for a new management link by e-mail."""

    email = EmailAddressField(help_text=_("登録したメールアドレスを入力してください。"))


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service error on the form (``categories`` / ``areas`` / ``language`` / page)."""
    from yakuba.core.forms import add_service_errors

    add_service_errors(form, error)
