"""Lottery forms: the application (ranked wishes: room, date, frame — plain selects, no
JavaScript), the counter entry for phone applicants, and the round periods."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yakuba.core.japanese import format_wareki

from ..models import Group, LotteryEntry
from ..queries.lottery import FormChoices

WEEKDAYS = (
    gettext_lazy("月"),
    gettext_lazy("火"),
    gettext_lazy("水"),
    gettext_lazy("木"),
    gettext_lazy("金"),
    gettext_lazy("土"),
    gettext_lazy("日"),
)


def day_label(day: datetime.date) -> str:
    return f"{format_wareki(day)}（{WEEKDAYS[day.weekday()]}）"


class WishesForm(forms.Form):
    """Ranked wishes ``room_N``, ``day_N``, ``frame_N`` for N = 1 … max_wishes, then the
    purpose and the number of people."""

    purpose = forms.CharField(
        label=gettext_lazy("利用目的"),
        max_length=200,
        help_text=gettext_lazy("例：合唱の練習、自治会の会議"),
        error_messages={"required": gettext_lazy("利用目的を入力してください。")},
    )
    attendees = forms.IntegerField(
        label=gettext_lazy("利用人数"),
        min_value=1,
        max_value=100000,
        error_messages={
            "required": gettext_lazy("利用人数を入力してください。"),
            "invalid": gettext_lazy("利用人数は数字で入力してください。"),
            "min_value": gettext_lazy("利用人数は1人以上にしてください。"),
        },
    )

    def __init__(self, *args: Any, choices: FormChoices, max_wishes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.max_wishes = max_wishes
        self.rooms = {str(room.pk): room for room in choices.rooms}
        self.days = {day.isoformat(): day for day in choices.days}
        room_choices = [("", _("選んでください"))] + [
            (
                str(room.pk),
                _("%(name)s（定員%(capacity)d人）")
                % {"name": room.name, "capacity": room.capacity},
            )
            for room in choices.rooms
        ]
        day_choices = [("", _("選んでください"))] + [
            (day.isoformat(), day_label(day)) for day in choices.days
        ]
        frame_choices = [("", _("選んでください"))] + [
            (frame.code, f"{frame.label}（{frame.starts:%H:%M}–{frame.ends:%H:%M}）")
            for frame in choices.frames
        ]
        wish_fields = {}
        for rank in range(1, max_wishes + 1):
            values = {"rank": rank}
            wish_fields[f"room_{rank}"] = forms.ChoiceField(
                label=_("第%(rank)d希望の部屋") % values, choices=room_choices, required=False
            )
            wish_fields[f"day_{rank}"] = forms.ChoiceField(
                label=_("第%(rank)d希望の日付") % values, choices=day_choices, required=False
            )
            wish_fields[f"frame_{rank}"] = forms.ChoiceField(
                label=_("第%(rank)d希望の時間帯") % values, choices=frame_choices, required=False
            )
        self.fields = {**wish_fields, **self.fields}
        if len(choices.rooms) == 1:
            only = str(choices.rooms[0].pk)
            for rank in range(1, max_wishes + 1):
                self.fields[f"room_{rank}"].initial = only

    def wish_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "rank": rank,
                "fields": [self[f"room_{rank}"], self[f"day_{rank}"], self[f"frame_{rank}"]],
            }
            for rank in range(1, self.max_wishes + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        wishes = []
        ended_at = 0
        for rank in range(1, self.max_wishes + 1):
            values = [data.get(f"{name}_{rank}") or "" for name in ("room", "day", "frame")]
            room_code, day_code, frame_code = values
            if not any(values):
                ended_at = ended_at or rank
                continue
            if room_code and not day_code and not frame_code and len(self.rooms) == 1:
                ended_at = ended_at or rank  # only the pre-selected single room
                continue
            if not all(values):
                for name, value in zip(("room", "day", "frame"), values, strict=True):
                    if not value:
                        self.add_error(
                            f"{name}_{rank}",
                            _("第%(rank)d希望は部屋・日付・時間帯をすべて選んでください。")
                            % {"rank": rank},
                        )
                continue
            if ended_at:
                self.add_error(
                    f"room_{rank}",
                    _("第%(before)d希望が空いています。希望は第1希望から順に選んでください。")
                    % {"before": ended_at},
                )
                continue
            wishes.append((self.rooms[room_code], self.days[day_code], frame_code))
        data["wishes"] = wishes
        return data

    def wishes(self) -> list[tuple[Any, datetime.date, str]]:
        return self.cleaned_data["wishes"]

    @staticmethod
    def initial_from(entry: LotteryEntry) -> dict[str, Any]:
        from django.utils import timezone

        initial: dict[str, Any] = {"purpose": entry.purpose, "attendees": entry.attendees}
        frames = list(entry.round.facility.frames.all())
        for wish in entry.wishes.all():
            local = timezone.localtime(wish.starts_at)
            frame = next((f for f in frames if f.starts == local.time()), None)
            initial[f"room_{wish.rank}"] = str(wish.room_id)
            initial[f"day_{wish.rank}"] = local.date().isoformat()
            initial[f"frame_{wish.rank}"] = frame.code if frame is not None else ""
        return initial


class ApplyForm(WishesForm):
    group = forms.ModelChoiceField(
        label=gettext_lazy("申込者"),
        queryset=Group.objects.none(),
        required=False,
        empty_label=gettext_lazy("個人として申し込む"),
        help_text=gettext_lazy(
            "登録済みの団体として申し込むときは、団体を選んでください。"
            "1つの団体が申し込めるのは1回の抽選につき1件です。"
        ),
    )

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is None or not groups.exists():
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups


class CounterEntryForm(WishesForm):
    registration_number = forms.CharField(
        label=gettext_lazy("利用者番号"),
        max_length=12,
        help_text=gettext_lazy("利用者登録カードの番号（例：U0000123）"),
        error_messages={"required": gettext_lazy("利用者番号を入力してください。")},
    )
    group_number = forms.CharField(
        label=gettext_lazy("団体登録番号（団体の申込のとき）"),
        max_length=12,
        required=False,
    )

    field_order = ["registration_number", "group_number"]


class RoundPeriodsForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("申込開始"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("申込締切"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    draw_at = forms.DateTimeField(
        label=gettext_lazy("抽選日時"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    first_come_opens_at = forms.DateTimeField(
        label=gettext_lazy("先着順受付開始"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    max_wishes = forms.IntegerField(
        label=gettext_lazy("希望の数（上限）"), min_value=1, max_value=10
    )
    max_wins_per_applicant = forms.IntegerField(
        label=gettext_lazy("1申込の当選上限"), min_value=1, max_value=50
    )
    max_wins_per_group = forms.IntegerField(
        label=gettext_lazy("1団体の当選上限"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=gettext_lazy("空欄：上限なし"),
    )
