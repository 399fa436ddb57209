"""Forms of the staff side of daily operations: booking search, counter booking,
payment, usage approval, recurring series and blackouts, statistics and export."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import BookingKind, BookingState, Facility, Room

WEEKDAY_CHOICES = [
    (1, _("月曜")),
    (2, _("火曜")),
    (3, _("水曜")),
    (4, _("木曜")),
    (5, _("金曜")),
    (6, _("土曜")),
    (7, _("日曜")),
]
MAX_EXPORT_MONTHS = 24


def date_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def month_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m", attrs={"type": "month", "placeholder": "2026-04"})


class MonthField(forms.DateField):
    """A month as ``YYYY-MM`` (or a full date), the first day of the month."""

    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m"]
    default_error_messages = {"invalid": _("年月は「2026-04」の形で入力してください。")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", month_widget())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        day = super().to_python(value)
        return day.replace(day=1) if day else None


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Facility) -> str:
        return obj.name


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Room) -> str:
        return f"{obj.facility.name} {obj.name}"


class BookingSearchForm(forms.Form):
    facility = FacilityChoiceField(
        label=_("施設"), queryset=Facility.objects.none(), required=False, empty_label=_("すべて")
    )
    room = RoomChoiceField(
        label=_("部屋・コート"),
        queryset=Room.objects.none(),
        required=False,
        empty_label=_("すべて"),
    )
    first_day = forms.DateField(label=_("利用日（から）"), required=False, widget=date_widget())
    last_day = forms.DateField(label=_("利用日（まで）"), required=False, widget=date_widget())
    state = forms.ChoiceField(
        label=_("状態"), required=False, choices=[("", _("すべて")), *BookingState.choices]
    )
    kind = forms.ChoiceField(
        label=_("種別"), required=False, choices=[("", _("すべて")), *BookingKind.choices]
    )
    holder_name = forms.CharField(
        label=_("利用者名・団体名・利用者番号"), required=False, max_length=100
    )
    unpaid = forms.BooleanField(label=_("支払い待ちのみ"), required=False)

    def __init__(self, *args: Any, facilities: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities
        self.fields["room"].queryset = rooms

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("終了日は開始日以降の日にしてください。"))
        return data


class RegistrationLookupForm(forms.Form):
    q = forms.CharField(
        label=_("氏名・カナ・利用者番号・電話番号"),
        max_length=100,
        help_text=_("例: 山田 太郎、ヤマダ、U0000123、042-565"),
    )


class CounterRoomForm(forms.Form):
    """Step 2 of a counter booking: which room and which day (GET)."""

    room = RoomChoiceField(label=_("部屋・コート"), queryset=Room.objects.none())
    day = forms.DateField(label=_("利用日"), widget=date_widget())

    def __init__(self, *args: Any, rooms: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms


class CounterBookingForm(forms.Form):
    """Step 3: frames, purpose, people, group, reduction (POST, quote then book)."""

    frames = forms.MultipleChoiceField(
        label=_("時間帯"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("続いている時間帯を選んでください（空いている時間帯だけ選べます）。"),
        error_messages={"required": _("利用する時間帯を選んでください。")},
    )
    purpose = forms.CharField(label=_("利用目的"), max_length=200)
    attendees = forms.IntegerField(label=_("利用人数"), min_value=1, max_value=10000)
    group = forms.ChoiceField(label=_("団体として利用"), required=False)
    commercial = forms.BooleanField(label=_("営利目的の利用"), required=False)
    reduction = forms.ChoiceField(label=_("減免"), required=False)

    def __init__(
        self,
        *args: Any,
        frame_choices: list[tuple[str, str]],
        group_choices: list[tuple[str, str]],
        reduction_choices: list[tuple[str, str]],
        equipment: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frames"].choices = frame_choices
        self.fields["group"].choices = [("", _("個人として利用")), *group_choices]
        self.fields["reduction"].choices = [("", _("なし")), *reduction_choices]
        self.equipment = list(equipment)
        for item in self.equipment:
            self.fields[f"equipment_{item.pk}"] = forms.IntegerField(
                label=_("%(name)s（%(count)d個まで）")
                % {"name": item.name, "count": item.quantity},
                min_value=0,
                max_value=item.quantity,
                required=False,
                initial=0,
            )

    def equipment_fields(self) -> list[Any]:
        return [self[f"equipment_{item.pk}"] for item in self.equipment]

    def chosen_equipment(self) -> dict[Any, int]:
        return {
            item: self.cleaned_data.get(f"equipment_{item.pk}") or 0
            for item in self.equipment
            if self.cleaned_data.get(f"equipment_{item.pk}")
        }


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("領収書番号"),
        max_length=64,
        error_messages={"required": _("領収書番号を入力してください。")},
    )


class RejectUsageForm(forms.Form):
    reason = forms.CharField(
        label=_("不許可の理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("利用者にメールで伝わります。"),
        error_messages={"required": _("不許可の理由を入力してください。")},
    )


class StaffCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消しの理由"),
        max_length=300,
        error_messages={"required": _("取消しの理由を入力してください。")},
    )
    waive_fee = forms.BooleanField(
        label=_("取消料を免除する（休館など市の都合による取消し）"), required=False
    )


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("種別"),
        widget=forms.RadioSelect,
        choices=[
            (BookingKind.STAFF, _("市の使用（繰り返し予約）")),
            (BookingKind.BLACKOUT, _("利用停止（点検・工事・行事）")),
        ],
        initial=BookingKind.STAFF,
    )
    room = RoomChoiceField(label=_("部屋・コート"), queryset=Room.objects.none())
    first_day = forms.DateField(label=_("開始日"), widget=date_widget())
    last_day = forms.DateField(label=_("終了日"), widget=date_widget())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("曜日"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("利用停止で期間中の毎日を止めるときは、すべての曜日を選んでください。"),
        error_messages={"required": _("曜日を選んでください。")},
    )
    frames = forms.MultipleChoiceField(
        label=_("時間帯"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("市の使用は続いている時間帯を選んでください。"),
        error_messages={"required": _("時間帯を選んでください。")},
    )
    purpose = forms.CharField(label=_("利用目的・理由"), max_length=200)
    holder_name = forms.CharField(
        label=_("使用する課・名義"),
        max_length=100,
        required=False,
        help_text=_("空欄のときは、あなたの所属課の名前になります。"),
    )

    def __init__(self, *args: Any, rooms: Any, frame_choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["frames"].choices = frame_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("終了日は開始日以降の日にしてください。"))
        return data


class CancelSeriesForm(forms.Form):
    from_day = forms.DateField(
        label=_("この日以降を取り消す"),
        widget=date_widget(),
        error_messages={"required": _("取り消す最初の日を入力してください。")},
    )


class OccupancyForm(forms.Form):
    first_month = MonthField(label=_("開始月"))
    last_month = MonthField(label=_("終了月"))
    facility = FacilityChoiceField(
        label=_("施設"), queryset=Facility.objects.none(), required=False, empty_label=_("すべて")
    )

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last:
            if last < first:
                self.add_error("last_month", _("終了月は開始月以降にしてください。"))
            elif (last.year - first.year) * 12 + last.month - first.month >= MAX_EXPORT_MONTHS:
                self.add_error("last_month", _("期間は24か月以内にしてください。"))
        return data


class ExportForm(forms.Form):
    month = MonthField(label=_("利用月"))
    facility = forms.SlugField(label=_("施設コード"), required=False)
    bom = forms.BooleanField(label=_("Excel用（BOM付き）"), required=False)


class SheetPickForm(forms.Form):
    facility = forms.ChoiceField(label=_("施設"))
    day = forms.DateField(label=_("利用日"), widget=date_widget())

    def __init__(self, *args: Any, facilities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [(f.code, f.name) for f in facilities]
