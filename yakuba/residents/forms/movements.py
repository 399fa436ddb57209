"""One form per 異動 kind.  Each is built around the person's current record.

Every form lists its fields in ``sections`` (rendered as fieldsets by
``residents/movement_form.html``) and gives ``summary()`` for the
confirmation page.  Cross-field rules live in the services: the views turn
their ``ValidationError`` into form errors.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import MAX_INPUT_LENGTH, format_date_both

from ..models import Person, Relationship, Sex
from ..queries import PersonRecord
from .fields import JapaneseDateField, relationship_choices, town_area_choices


def _text(label, *, required=True, help_text="", max_length=MAX_INPUT_LENGTH):
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length
    )


def _note():
    return forms.CharField(
        label=_("備考"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MovementForm(forms.Form):
    """Common parts: the 異動日, the 届出日, a note; the household's members."""

    title: Any = ""
    lead: Any = ""
    sections: list[tuple[Any, list[str]]] = []

    effective_on = JapaneseDateField(label=_("異動日"))
    notified_on = JapaneseDateField(label=_("届出日"), required=False)
    note = _note()

    def __init__(self, *args: Any, record: PersonRecord | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        if "notified_on" in self.fields and not self.is_bound:
            self.fields["notified_on"].initial = timezone.localdate()

    # --- members ---------------------------------------------------------------------

    @property
    def household_people(self) -> list[Person]:
        """The person first, then the other current members."""
        if self.record is None:
            return []
        return [self.record.person, *self.record.members]

    def add_movers_field(self, label: Any, *, everyone: bool) -> None:
        people = self.household_people
        self.fields["movers"] = forms.TypedMultipleChoiceField(
            label=label,
            choices=[
                (str(p.pk), f"{p.full_name}（{p.get_relationship_display()}）") for p in people
            ],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            initial=[str(p.pk) for p in people] if everyone else [str(people[0].pk)],
            error_messages={"required": _("対象となる人を選んでください。")},
        )

    def add_relationship_fields(self, help_text: Any) -> list[str]:
        names = []
        for person in self.household_people:
            name = f"relationship_{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("%(name)s さんの続柄") % {"name": person.full_name},
                choices=relationship_choices(),
                initial=person.relationship,
                help_text=help_text if not names else "",
            )
            names.append(name)
        return names

    def relationship_changes(self, people: Iterable[int] | None = None) -> dict[int, str]:
        """Person id → new 続柄, for the people whose 続柄 field changed."""
        changes = {}
        for person in self.household_people:
            if people is not None and person.pk not in people:
                continue
            value = self.cleaned_data.get(f"relationship_{person.pk}")
            if value and value != person.relationship:
                changes[person.pk] = value
        return changes

    def person_by_id(self, pk: int) -> Person:
        return next(p for p in self.household_people if p.pk == pk)

    # --- confirmation ------------------------------------------------------------------

    def summary(self) -> list[tuple[Any, str]]:
        rows = []
        for _title, names in self.sections:
            for name in names:
                field = self[name]
                value = self.cleaned_data.get(name)
                if value in (None, "", [], False):
                    continue
                rows.append((field.label, self.display(name, value)))
        return rows

    def display(self, name: str, value: Any) -> str:
        field = self.fields[name]
        if isinstance(value, datetime.date):
            return format_date_both(value)
        if isinstance(value, bool):
            return str(_("はい"))
        choices = getattr(field, "choices", None)
        if choices:
            labels = {str(key): label for key, label in choices}
            if isinstance(value, list):
                return "、".join(str(labels.get(str(item), item)) for item in value)
            return str(labels.get(str(value), value))
        if hasattr(value, "name"):
            return str(value.name)
        return str(value)


def _check_destination(form: forms.Form, cleaned: dict) -> dict:
    """A new address needs 町丁目 and 番地; joining a household needs its number."""
    if cleaned.get("destination") == "address":
        if not cleaned.get("town_area"):
            form.add_error("town_area", _("町丁目を選んでください。"))
        if not (cleaned.get("banchi") or "").strip():
            form.add_error("banchi", _("番地を入力してください。"))
    elif cleaned.get("destination") == "household" and not cleaned.get("household_number"):
        form.add_error("household_number", _("世帯番号を入力してください。"))
    return cleaned


class AddressFields(forms.Form):
    """A new address in the city (町丁目 + 番地 + 方書)."""

    town_area = forms.TypedChoiceField(
        label=_("町丁目"), choices=town_area_choices, coerce=int, empty_value=None, required=False
    )
    banchi = _text(_("番地"), required=False, help_text=_("例: 12番地の3、1460番地"), max_length=40)
    katagaki = _text(_("方書"), required=False, help_text=_("建物名・部屋番号"), max_length=100)


# ------------------------------------------------------------------------ 転居


class MoveWithinForm(MovementForm, AddressFields):
    title = _("転居届")
    lead = _(
        "市内で住所が変わったことを記録します。世帯全員の転居では世帯番号はそのままです。"
        "一部の人だけが転居するときは、新しい住所で新しい世帯を作るか、世帯番号を入力して既存の世帯に加わります。"
    )
    destination = forms.ChoiceField(
        label=_("転居先"),
        choices=[("address", _("新しい住所")), ("household", _("既存の世帯に加わる"))],
        widget=forms.RadioSelect,
        initial="address",
    )
    household_number = _text(_("加わる世帯の世帯番号"), required=False, max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_movers_field(_("転居する人"), everyone=True)
        relationships = self.add_relationship_fields(
            _(
                "一部の人が転居するときだけ変更します（新しい世帯の世帯主、残る世帯の新しい世帯主など）。"
            )
        )
        self.sections = [
            (_("異動"), ["effective_on", "notified_on", "movers"]),
            (_("転居先"), ["destination", "town_area", "banchi", "katagaki", "household_number"]),
            (_("異動後の続柄"), relationships),
            (_("備考"), ["note"]),
        ]

    def clean(self):
        return _check_destination(self, super().clean())


# ------------------------------------------------------------------------ 転出


class MoveOutForm(MovementForm):
    title = _("転出届")
    lead = _(
        "市外へ転出する人を記録します。住民票は除票として残ります。"
        "転出届を前もって受け付けたときは、異動日に転出予定日を入力します（未来の日付も可）。"
    )
    destination = _text(_("転出先の住所"), help_text=_("例: 東京都新宿区西新宿二丁目8番1号"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].label = _("転出日（転出予定日）")
        self.add_movers_field(_("転出する人"), everyone=False)
        relationships = self.add_relationship_fields(
            _("世帯主が転出して世帯に残る人がいるときは、残る人から新しい世帯主を選びます。")
        )
        self.sections = [
            (_("異動"), ["effective_on", "notified_on", "movers", "destination"]),
            (_("世帯に残る人の続柄"), relationships),
            (_("備考"), ["note"]),
        ]


# ------------------------------------------------------------------------ 死亡


class DeathForm(MovementForm):
    title = _("死亡")
    lead = _("死亡届（戸籍の届出）にもとづいて記録します。住民票は除票として残ります。")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].label = _("死亡日")
        relationships = self.add_relationship_fields(
            _("世帯主が亡くなり世帯に残る人がいるときは、新しい世帯主を選びます。")
        )[1:]
        self.sections = [
            (_("異動"), ["effective_on", "notified_on"]),
            (_("世帯に残る人の続柄"), relationships),
            (_("備考"), ["note"]),
        ]


# ------------------------------------------------------------------------ 出生


class PersonFields(forms.Form):
    family_name = _text(_("氏"), max_length=50)
    given_name = _text(_("名"), max_length=50)
    family_name_kana = _text(
        _("氏（カナ）"), max_length=100, help_text=_("ひらがなでも入力できます。")
    )
    given_name_kana = _text(_("名（カナ）"), max_length=100)
    sex = forms.ChoiceField(label=_("性別"), choices=Sex.choices, widget=forms.RadioSelect)


class BirthForm(MovementForm, PersonFields):
    title = _("出生届")
    lead = _("この世帯に生まれた子を記録します。住民となった日と住所を定めた日は生年月日です。")
    relationship = forms.ChoiceField(
        label=_("続柄"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.HEAD],
        initial=Relationship.CHILD,
    )
    registered_domicile = _text(_("本籍"), required=False, max_length=200)
    domicile_head = _text(_("筆頭者"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].label = _("生年月日")
        self.fields["effective_on"].help_text = ""
        if self.record is not None and not self.is_bound:
            person = self.record.person
            self.initial.setdefault("family_name", person.family_name)
            self.initial.setdefault("family_name_kana", person.family_name_kana)
            self.initial.setdefault("registered_domicile", person.registered_domicile)
            self.initial.setdefault("domicile_head", person.domicile_head)
        self.sections = [
            (_("出生した子"), ["family_name", "given_name", "family_name_kana", "given_name_kana",
                           "effective_on", "sex", "relationship"]),
            (_("本籍"), ["registered_domicile", "domicile_head"]),
            (_("届出"), ["notified_on", "note"]),
        ]  # fmt: skip


# ------------------------------------------------------------------------ 氏名変更


class NameChangeForm(MovementForm):
    title = _("氏名変更")
    lead = _("婚姻・養子縁組・氏の変更などで氏名が変わったことを記録します。")
    family_name = _text(_("氏"), max_length=50)
    given_name = _text(_("名"), max_length=50)
    family_name_kana = _text(_("氏（カナ）"), max_length=100)
    given_name_kana = _text(_("名（カナ）"), max_length=100)
    former_family_name = _text(
        _("旧氏"),
        required=False,
        max_length=50,
        help_text=_("旧氏の記載を求められたときだけ入力します。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.record is not None and not self.is_bound:
            person = self.record.person
            for name in ("family_name", "given_name", "family_name_kana", "given_name_kana",
                         "former_family_name"):  # fmt: skip
                self.initial.setdefault(name, getattr(person, name))
        self.sections = [
            (_("異動"), ["effective_on", "notified_on"]),
            (_("新しい氏名"), ["family_name", "given_name", "family_name_kana", "given_name_kana",
                           "former_family_name"]),
            (_("備考"), ["note"]),
        ]  # fmt: skip


# ------------------------------------------------------------------------ 世帯変更


class HouseholdChangeForm(MovementForm):
    title = _("世帯変更届")
    lead = _(
        "世帯主や続柄の変更、同じ住所での世帯分離・世帯合併を記録します。"
        "住所が変わるときは転居届で記録します。"
    )
    change = forms.ChoiceField(
        label=_("変更の内容"),
        choices=[
            ("relationships", _("世帯主・続柄の変更")),
            ("split", _("世帯分離（選んだ人が同じ住所で新しい世帯を作る）")),
            ("join", _("世帯合併（選んだ人が同じ住所の別の世帯に加わる）")),
        ],
        widget=forms.RadioSelect,
        initial="relationships",
    )
    household_number = _text(_("加わる世帯の世帯番号"), required=False, max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_movers_field(_("分離・合併する人"), everyone=False)
        self.fields["movers"].required = False
        relationships = self.add_relationship_fields(
            _("変更後の続柄です。分離・合併する人は、行き先の世帯での続柄を選びます。")
        )
        self.sections = [
            (_("異動"), ["effective_on", "notified_on", "change", "movers", "household_number"]),
            (_("変更後の続柄"), relationships),
            (_("備考"), ["note"]),
        ]

    def clean(self):
        cleaned = super().clean()
        change = cleaned.get("change")
        if change in ("split", "join") and not cleaned.get("movers"):
            self.add_error("movers", _("対象となる人を選んでください。"))
        if change == "join" and not cleaned.get("household_number"):
            self.add_error("household_number", _("世帯番号を入力してください。"))
        return cleaned


# ------------------------------------------------------------------------ 転入


class MoveInPersonForm(PersonFields):
    """One person of a 転入 (blank rows are ignored)."""

    birth_date = JapaneseDateField(label=_("生年月日"))
    relationship = forms.ChoiceField(label=_("続柄"), choices=relationship_choices())
    resident_code = _text(
        _("住民票コード"),
        required=False,
        max_length=20,
        help_text=_("転入通知や住民票コードの通知で分かるときに入力します（11桁）。"),
    )
    registered_domicile = _text(_("本籍"), required=False, max_length=200)
    domicile_head = _text(_("筆頭者"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


class BaseMoveInPeople(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(
                _("転入する人を1人以上入力してください。"), code="no_people"
            )


MoveInPeopleFormSet = forms.formset_factory(
    MoveInPersonForm, formset=BaseMoveInPeople, extra=4, max_num=8, validate_max=True
)


class MoveInForm(MovementForm, AddressFields):
    title = _("転入届")
    lead = _(
        "市外から転入した人を記録します。新しい住所で世帯を作るか、世帯番号を入力して既存の世帯に加わります。"
        "以前この市から転出した人は、住民票コードを入力すると元の記載が再び住民票になります。"
    )
    previous_address = _text(
        _("従前の住所"), max_length=200, help_text=_("転入前の住所（転出証明書のとおり）")
    )
    destination = forms.ChoiceField(
        label=_("転入先"),
        choices=[
            ("address", _("新しい世帯（住所を入力）")),
            ("household", _("既存の世帯に加わる")),
        ],
        widget=forms.RadioSelect,
        initial="address",
    )
    household_number = _text(_("加わる世帯の世帯番号"), required=False, max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections = [
            (_("異動"), ["effective_on", "notified_on", "previous_address"]),
            (_("転入先"), ["destination", "town_area", "banchi", "katagaki", "household_number"]),
            (_("備考"), ["note"]),
        ]

    def clean(self):
        return _check_destination(self, super().clean())
