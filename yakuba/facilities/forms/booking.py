"""The first-come booking form: frames of one day, purpose, attendees, group, 営利目的,
equipment.  The same form is posted from the day page to the confirmation page and,
with the one-time token, from the confirmation page to book."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import Equipment, Group
from ..services.slots import Slot

EQUIPMENT_PREFIX = "equipment_"


class UseDetailsForm(forms.Form):
    """What a booking, a waitlist entry or an offer needs besides the time: purpose,
    number of people and, for a group's use, the group."""

    purpose = forms.CharField(
        label=_("利用目的"),
        max_length=200,
        help_text=_("例：自治会の会議、合唱の練習"),
        error_messages={"required": _("利用目的を入力してください。")},
    )
    attendees = forms.IntegerField(
        label=_("利用人数"),
        min_value=1,
        max_value=100000,
        error_messages={
            "required": _("利用人数を入力してください。"),
            "invalid": _("利用人数は数字で入力してください。"),
            "min_value": _("利用人数は1人以上にしてください。"),
            "max_value": _("利用人数が多すぎます。"),
        },
    )
    group = forms.ModelChoiceField(
        label=_("団体として利用する"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=_("個人として利用する"),
        help_text=_("登録済みの団体の利用なら、団体を選んでください（団体の使用料になります）。"),
    )


class BookingForm(UseDetailsForm):
    field_order = ["frames", "purpose", "attendees", "group", "commercial", "token"]

    frames = forms.MultipleChoiceField(
        label=_("利用する時間帯"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("続いている時間帯をまとめて選べます（例：午前と午後）。"),
        error_messages={"required": _("利用する時間帯を選んでください。")},
    )
    commercial = forms.BooleanField(
        label=_("営利目的で利用する（入場料・受講料を取る催しなど）"), required=False
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        slots: Sequence[Slot],
        groups: Any,
        equipment: Sequence[Equipment] = (),
        capacity: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        self.fields["frames"].choices = [
            (
                slot.frame.code,
                f"{slot.frame.label} {slot.frame.starts:%H:%M}–{slot.frame.ends:%H:%M}",
            )
            for slot in self.slots
        ]
        self.fields["group"].queryset = groups
        if capacity:
            self.fields["attendees"].help_text = _("定員は%(capacity)d人です。") % {
                "capacity": capacity
            }
        self.equipment = list(equipment)
        for item in self.equipment:
            self.fields[f"{EQUIPMENT_PREFIX}{item.pk}"] = forms.IntegerField(
                label=_("%(name)s（%(count)d個まで）")
                % {"name": item.name, "count": item.quantity},
                min_value=0,
                max_value=item.quantity,
                required=False,
                initial=0,
                error_messages={
                    "invalid": _("数量は数字で入力してください。"),
                    "min_value": _("数量は0以上にしてください。"),
                    "max_value": _("%(name)sは%(count)d個までです。")
                    % {"name": item.name, "count": item.quantity},
                },
            )

    @property
    def equipment_fields(self) -> list[forms.BoundField]:
        return [self[f"{EQUIPMENT_PREFIX}{item.pk}"] for item in self.equipment]

    def chosen_equipment(self) -> dict[Equipment, int]:
        return {
            item: self.cleaned_data.get(f"{EQUIPMENT_PREFIX}{item.pk}") or 0
            for item in self.equipment
            if self.cleaned_data.get(f"{EQUIPMENT_PREFIX}{item.pk}")
        }

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"].strip()
        if not purpose:
            raise ValidationError(_("利用目的を入力してください。"))
        return purpose


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown keys: non-field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)
