"""Forms of the catalogue: the citizens' facility search, the staff setup of facilities,
rooms, frames, equipment and closures, and the fee schedule editor.

Amounts of money accept what people type in Japanese input methods: full-width digits,
commas, a trailing 円 (``１，５００円`` → 1500).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField
from yakuba.core.japanese import (
    JapaneseInputError,
    normalize_phone_number,
    normalize_postal_code,
    normalize_width,
)

from ..models import (
    ClosureKind,
    Equipment,
    Facility,
    FacilityKind,
    FeeSchedule,
    Reduction,
    Room,
    TimeFrame,
    UserClass,
)
from ..services.catalogue import FACILITY_FIELDS
from ..services.fee_schedules import MAX_AMOUNT

WEEKDAYS = [
    (1, _("月曜日")),
    (2, _("火曜日")),
    (3, _("水曜日")),
    (4, _("木曜日")),
    (5, _("金曜日")),
    (6, _("土曜日")),
    (7, _("日曜日")),
]


_AMOUNT = re.compile(r"^[0-9]+$")


def parse_amount(value: str) -> int | None:
    """``１，５００円`` → 1500; "" → None.  Raises ValueError for anything else."""
    text = normalize_width(value or "").strip()
    text = text.replace(",", "").replace("、", "").replace("円", "").replace("¥", "").strip()
    text = text.replace(" ", "")
    if not text:
        return None
    if not _AMOUNT.match(text):
        raise ValueError(value)
    return int(text)


class YenField(forms.CharField):
    """An amount in yen; full-width digits, commas and 円 accepted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: Any) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().clean(value)
        try:
            amount = parse_amount(text)
        except ValueError:
            raise forms.ValidationError(
                _("金額は数字で入力してください（例: 1500、1,500）。"), code="invalid"
            ) from None
        if amount is not None and amount > MAX_AMOUNT:
            raise forms.ValidationError(
                _("金額は%(max)s円以下で入力してください。"),
                code="max_value",
                params={"max": f"{MAX_AMOUNT:,}"},
            )
        return amount


class WidthNormalisedIntegerField(forms.IntegerField):
    """An integer that accepts full-width digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = normalize_width(value).replace(",", "").strip()
        return super().to_python(value)


# ------------------------------------------------------------------------- citizen


class FacilitySearchForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("施設の種類"),
        required=False,
        choices=[("", _("すべての種類"))] + list(FacilityKind.choices),
    )
    q = forms.CharField(
        label=_("施設名・よみがな・所在地で探す"),
        required=False,
        max_length=50,
        help_text=_("ひらがな・カタカナのどちらでも探せます（例: こうみんかん）。"),
    )


# --------------------------------------------------------------------------- staff


class FacilityForm(forms.ModelForm):
    closed_weekdays = forms.TypedMultipleChoiceField(
        label=_("定休日（曜日）"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("毎週休館する曜日を選んでください。年末年始などは「休館・休止」で登録します。"),
    )
    booking_horizon_months = WidthNormalisedIntegerField(
        label=_("予約受付期間（月）"), min_value=1, max_value=12
    )
    postal_code = forms.CharField(
        label=_("郵便番号"), required=False, max_length=20, help_text=_("例: 208-8501")
    )
    phone = forms.CharField(
        label=_("電話番号"), required=False, max_length=30, help_text=_("例: 042-565-1111")
    )

    class Meta:
        model = Facility
        fields = list(FACILITY_FIELDS)
        widgets = {
            "opens_at": forms.TimeInput(format="%H:%M"),
            "closes_at": forms.TimeInput(format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "accessibility_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _(
                "半角英数字とハイフン。施設のページのアドレスになります（例: chuo-kominkan）。"
            ),
            "photo": _("画像のパス（例: facilities/chuo.jpg）または https:// で始まるアドレス"),
            "photo_alt": _("写真を見られない人のための説明（例: 2階建ての白い建物と広い駐車場）"),
            "opens_at": _("例: 09:00"),
            "closes_at": _("例: 21:30"),
            "department": _("所管する課の組織コード（例: bunka）"),
        }

    def clean_postal_code(self) -> str:
        value = self.cleaned_data.get("postal_code", "")
        if not value:
            return ""
        try:
            return normalize_postal_code(value)
        except JapaneseInputError as error:
            raise forms.ValidationError(error.message, code=error.code) from error

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        try:
            return normalize_phone_number(value)
        except JapaneseInputError as error:
            raise forms.ValidationError(error.message, code=error.code) from error

    def _post_clean(self) -> None:
        # The service validates the model (with clearer messages for the constraints).
        pass


class RoomForm(forms.ModelForm):
    capacity = WidthNormalisedIntegerField(label=_("定員"), min_value=1, max_value=100000)
    equipment = forms.CharField(
        label=_("設備（備え付け）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1行に1つ（例: ホワイトボード）。貸出する備品は「貸出備品」で登録します。"),
    )

    class Meta:
        model = Room
        fields = [
            "code",
            "name",
            "name_en",
            "capacity",
            "floor_area",
            "equipment",
            "lottery_only",
            "is_active",
        ]
        help_texts = {"code": _("半角英数字とハイフン（例: kaigi-1）")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["equipment"] = "\n".join(self.instance.equipment or [])

    def clean_equipment(self) -> list[str]:
        text = self.cleaned_data.get("equipment", "")
        return [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]

    def _post_clean(self) -> None:
        pass


class FrameForm(forms.ModelForm):
    class Meta:
        model = TimeFrame
        fields = ["code", "label", "label_en", "starts", "ends"]
        widgets = {
            "starts": forms.TimeInput(format="%H:%M"),
            "ends": forms.TimeInput(format="%H:%M"),
        }
        help_texts = {
            "code": _("半角英数字とハイフン（例: am）"),
            "label": _("例: 午前"),
            "starts": _("例: 09:00"),
            "ends": _("例: 12:00"),
        }

    def _post_clean(self) -> None:
        pass


class EquipmentForm(forms.ModelForm):
    quantity = WidthNormalisedIntegerField(label=_("数量"), min_value=1, max_value=1000)

    class Meta:
        model = Equipment
        fields = ["code", "name", "name_en", "quantity"]
        help_texts = {"code": _("半角英数字とハイフン（例: projector）")}

    def _post_clean(self) -> None:
        pass


class ClosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("種別"), choices=ClosureKind.choices)
    room = forms.TypedChoiceField(
        label=_("対象"), coerce=int, required=False, empty_value=None, choices=()
    )
    first_day = JapaneseDateField(label=_("開始日"))
    last_day = JapaneseDateField(label=_("終了日"))
    reason = forms.CharField(
        label=_("理由"), max_length=200, help_text=_("例: 年末年始、空調設備の点検")
    )
    reason_en = forms.CharField(label=_("理由（英語）"), max_length=200, required=False)

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rooms = {room.pk: room for room in facility.rooms.all()}
        self.fields["room"].choices = [("", _("施設全体"))] + [
            (room.pk, room.name) for room in self.rooms.values()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("終了日は開始日以後の日にしてください。"))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["room"] = self.rooms.get(data["room"]) if data.get("room") else None
        return data


# ---------------------------------------------------------------------- fee schedules


class ScheduleCreateForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200, help_text=_("例: 令和9年度 使用料"))
    valid_from = JapaneseDateField(label=_("適用開始日"))
    note = forms.CharField(
        label=_("備考（条例・規則の根拠など）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    copy_from = forms.TypedChoiceField(
        label=_("複写元"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("選んだ料金表の使用料・備品使用料・減免・取消と支払いの決まりを写します。"),
    )

    def __init__(self, *args: Any, schedules: list[FeeSchedule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schedules = {schedule.pk: schedule for schedule in schedules}
        self.fields["copy_from"].choices = [("", _("複写しない（空の料金表）"))] + [
            (schedule.pk, str(schedule)) for schedule in schedules
        ]

    def copy_source(self) -> FeeSchedule | None:
        pk = self.cleaned_data.get("copy_from")
        return self.schedules.get(pk) if pk else None


class SchedulePolicyForm(forms.ModelForm):
    valid_from = JapaneseDateField(label=_("適用開始日"))
    free_cancellation_days = WidthNormalisedIntegerField(
        label=_("無料で取り消せる期限（日前）"), min_value=0, max_value=365
    )
    late_cancellation_percent = WidthNormalisedIntegerField(
        label=_("期限後の取消料（％）"), min_value=0, max_value=100
    )
    payment_days = WidthNormalisedIntegerField(
        label=_("支払期限（予約から日数）"), min_value=0, max_value=365
    )
    payment_days_before_use = WidthNormalisedIntegerField(
        label=_("支払期限（利用日の何日前まで）"), min_value=0, max_value=365
    )

    class Meta:
        model = FeeSchedule
        fields = [
            "title",
            "valid_from",
            "note",
            "free_cancellation_days",
            "late_cancellation_percent",
            "payment_days",
            "payment_days_before_use",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["valid_from"] = self.instance.valid_from.isoformat()

    def _post_clean(self) -> None:
        pass


def rate_field_name(room_id: int, frame_id: int, user_class: str) -> str:
    return f"rate-{room_id}-{frame_id}-{user_class}"


class RatesForm(forms.Form):
    """One cell per room × frame × user class of one facility; an empty cell is no rate."""

    def __init__(
        self,
        *args: Any,
        rooms: list[Room],
        frames: list[TimeFrame],
        amounts: dict[tuple[int, int, str], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.grid: list[tuple[Room, TimeFrame, list[str]]] = []
        for room in rooms:
            for frame in frames:
                names = []
                for value, label in UserClass.choices:
                    name = rate_field_name(room.pk, frame.pk, value)
                    amount = amounts.get((room.pk, frame.pk, value))
                    self.fields[name] = YenField(
                        label=f"{room.name}・{frame.label}・{label}",
                        required=False,
                        initial="" if amount is None else str(amount),
                    )
                    names.append(name)
                self.grid.append((room, frame, names))

    def rows(self) -> list[tuple[Room, TimeFrame, list[forms.BoundField]]]:
        return [(room, frame, [self[name] for name in names]) for room, frame, names in self.grid]

    def amounts(self) -> dict[tuple[int, int, str], int | None]:
        result: dict[tuple[int, int, str], int | None] = {}
        for room, frame, names in self.grid:
            for name, value in zip(names, UserClass.values, strict=True):
                result[(room.pk, frame.pk, value)] = self.cleaned_data.get(name)
        return result


class EquipmentFeesForm(forms.Form):
    def __init__(
        self, *args: Any, items: list[Equipment], amounts: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            amount = amounts.get(item.pk)
            self.fields[f"equipment-{item.pk}"] = YenField(
                label=item.name,
                required=False,
                initial="" if amount is None else str(amount),
                help_text=_("1個・1区分あたり。空欄は無料です。"),
            )

    def amounts(self) -> dict[int, int | None]:
        return {item.pk: self.cleaned_data.get(f"equipment-{item.pk}") for item in self.items}


class ReductionForm(forms.ModelForm):
    percent = WidthNormalisedIntegerField(label=_("減免率（％）"), min_value=1, max_value=100)

    class Meta:
        model = Reduction
        fields = ["code", "reason", "reason_en", "percent", "staff_only"]
        help_texts = {
            "code": _("半角英数字とハイフン（例: disability）"),
            "staff_only": _(
                "書類を確認して窓口で適用する減免です。利用者はインターネットで選べません。"
            ),
        }

    def _post_clean(self) -> None:
        pass


class QuotePreviewForm(forms.Form):
    room = forms.TypedChoiceField(label=_("部屋"), coerce=int)
    frames = forms.MultipleChoiceField(
        label=_("利用区分"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    user_class = forms.ChoiceField(label=_("利用者区分"), choices=UserClass.choices)
    day = JapaneseDateField(label=_("利用日"))
    reduction_code = forms.CharField(
        label=_("減免コード"), required=False, max_length=40, help_text=_("例: disability")
    )

    def __init__(self, *args: Any, facility: Facility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facility = facility
        self.room_map = {room.pk: room for room in facility.rooms.all()}
        self.fields["room"].choices = [(room.pk, room.name) for room in self.room_map.values()]
        self.fields["frames"].choices = [
            (frame.code, str(frame)) for frame in facility.frames.all()
        ]
