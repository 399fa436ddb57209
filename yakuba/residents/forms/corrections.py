"""職権修正 forms: a person's items, and a household's address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Sex
from .fields import JapaneseDateField
from .movements import AddressFields, MovementForm, _text


class CorrectionForm(MovementForm):
    title = _("職権修正")
    lead = _(
        "記載の誤りを職権で修正します。修正は修正開始日からの記載に適用され、"
        "それより後に実際に変わった値はそのまま残ります。元の記載も履歴に残ります。"
        "入力欄には現在の記載が入っています。直す項目だけ書き換えてください。"
    )
    reason = _text(_("修正の事由"), max_length=200, help_text=_("例: 戸籍照合により誤記を訂正"))
    family_name = _text(_("氏"), max_length=50)
    given_name = _text(_("名"), max_length=50)
    family_name_kana = _text(_("氏（カナ）"), max_length=100)
    given_name_kana = _text(_("名（カナ）"), max_length=100)
    former_family_name = _text(_("旧氏"), required=False, max_length=50)
    birth_date = JapaneseDateField(label=_("生年月日"))
    sex = forms.ChoiceField(label=_("性別"), choices=Sex.choices, widget=forms.RadioSelect)
    became_resident_on = JapaneseDateField(label=_("住民となった年月日"))
    address_set_on = JapaneseDateField(label=_("住所を定めた年月日"))
    previous_address = _text(_("従前の住所"), required=False, max_length=200)
    registered_domicile = _text(_("本籍"), required=False, max_length=200)
    domicile_head = _text(_("筆頭者"), required=False, max_length=100)

    FIELDS = (
        "family_name", "given_name", "family_name_kana", "given_name_kana", "former_family_name",
        "birth_date", "sex", "became_resident_on", "address_set_on", "previous_address",
        "registered_domicile", "domicile_head",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["notified_on"]
        self.fields["effective_on"].label = _("修正開始日")
        self.fields["effective_on"].help_text = _(
            "誤った値が記載された日（この日以降の記載を修正します）。西暦または和暦で入力してください。"
        )
        if self.record is not None:
            person = self.record.person
            for name in self.FIELDS:
                self.fields[name].initial = getattr(person, name)
            if not self.is_bound:
                self.initial.setdefault("effective_on", person.became_resident_on)
        self.sections = [
            (_("修正"), ["effective_on", "reason"]),
            (_("記載事項"), list(self.FIELDS)),
            (_("備考"), ["note"]),
        ]

    def changes(self) -> dict[str, Any]:
        """The items the clerk changed on the form (compared with the current record)."""
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if self.cleaned_data.get(name) != getattr(self.record.person, name)
        }

    def summary(self) -> list[tuple[Any, str]]:
        rows = [
            (
                self["effective_on"].label,
                self.display("effective_on", self.cleaned_data["effective_on"]),
            ),
            (self["reason"].label, self.cleaned_data["reason"]),
        ]
        person = self.record.person
        for name, value in self.changes().items():
            before = getattr(person, name)
            rows.append(
                (
                    self[name].label,
                    _("%(before)s → %(after)s")
                    % {
                        "before": self.display(name, before) if before not in ("", None) else "—",
                        "after": self.display(name, value) if value not in ("", None) else "—",
                    },
                )
            )
        if self.cleaned_data.get("note"):
            rows.append((self["note"].label, self.cleaned_data["note"]))
        return rows


class AddressCorrectionForm(MovementForm, AddressFields):
    title = _("住所の職権修正")
    lead = _(
        "世帯の住所（町丁目・番地・方書）の誤りを職権で修正します。"
        "世帯員全員の、その期間の記載が修正されます。"
    )
    reason = _text(_("修正の事由"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["notified_on"]
        self.fields["effective_on"].label = _("修正開始日")
        self.fields["town_area"].required = True
        self.fields["banchi"].required = True
        if self.record is not None and not self.is_bound:
            household = self.record.household
            self.initial.update(
                town_area=str(household.town_area_id),
                banchi=household.banchi,
                katagaki=household.katagaki,
                effective_on=self.record.person.address_set_on,
            )
        self.sections = [
            (_("修正"), ["effective_on", "reason"]),
            (_("正しい住所"), ["town_area", "banchi", "katagaki"]),
            (_("備考"), ["note"]),
        ]
