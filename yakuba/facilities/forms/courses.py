"""Forms of the courses part: the resident's application, the staff course, session,
counter application, attendance and cancellation forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yakuba.core.forms import JapaneseDateField

from ..models import CourseKind, Room
from ..services.slots import at


class ApplicantForm(forms.Form):
    """What an applicant gives.  ``ask_birth_date`` / ``ask_residence``: whether to ask
    (not asked online when the registry gives them)."""

    name = forms.CharField(
        label=_("氏名"),
        max_length=100,
        error_messages={"required": _("氏名を入力してください。")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    name_kana = forms.CharField(
        label=_("氏名（カナ）"),
        max_length=100,
        help_text=_("例: ムサシ ハナコ"),
        error_messages={"required": _("氏名（カナ）を入力してください。")},
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=20,
        help_text=_("日中に連絡がつく番号。例: 042-565-1111"),
        error_messages={"required": _("電話番号を入力してください（連絡のため）。")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("結果をメールでお知らせします。ないときは電話でお知らせします。"),
        error_messages={
            "invalid": _("メールアドレスの形式が正しくありません。例: hanako@example.jp")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    birth_date = JapaneseDateField(
        label=_("生年月日"),
        required=False,
        autocomplete="bday",
        help_text=_("例: 昭和35年4月1日、S35.4.1、1960-04-01"),
    )
    is_resident = forms.BooleanField(
        label=_("市内に住んでいる・通勤している・通学している"), required=False
    )
    needs = forms.CharField(
        label=_("配慮してほしいこと（あれば）"),
        max_length=300,
        required=False,
        help_text=_("例: スマートフォンを持っていない、車いすを使っている、耳が聞こえにくい"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        ask_birth_date: bool = True,
        ask_residence: bool = True,
        require_birth_date: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not ask_birth_date:
            del self.fields["birth_date"]
        elif require_birth_date:
            self.fields["birth_date"].required = True
            self.fields["birth_date"].error_messages["required"] = _(
                "生年月日を入力してください（年齢の条件があります）。"
            )
        if not ask_residence:
            del self.fields["is_resident"]

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


#: Service error keys → form fields.
APPLICANT_FIELD_MAP = {"birth_date": "birth_date", "is_resident": "is_resident"}


class CourseForm(forms.Form):
    code = forms.SlugField(
        label=_("コード"),
        max_length=40,
        help_text=_("ページのアドレスに使う英数字。例: smartphone-2027-01"),
    )
    kind = forms.ChoiceField(label=_("種類"), choices=CourseKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("講座名"), max_length=200)
    title_en = forms.CharField(label=_("講座名（英語）"), max_length=200, required=False)
    description = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("最初の1行は、やさしい日本語の短い説明にしてください（一覧に表示します）。"),
    )
    description_en = forms.CharField(
        label=_("内容（英語）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    target = forms.CharField(
        label=_("対象"), max_length=200, help_text=_("例: 市内在住の60歳以上の方")
    )
    minimum_age = forms.IntegerField(
        label=_("年齢の下限"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("第1回の日の年齢で判定します。制限がなければ空欄。"),
    )
    residents_only = forms.BooleanField(
        label=_("市内在住・在勤・在学の方のみ"), required=False, initial=True
    )
    capacity = forms.IntegerField(label=_("定員"), min_value=1, max_value=10000)
    fee = forms.IntegerField(label=_("受講料（円）"), min_value=0, initial=0)
    materials = forms.CharField(label=_("持ち物"), max_length=200, required=False)
    applications_open_at = forms.DateTimeField(
        label=_("申込開始"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    applications_close_at = forms.DateTimeField(
        label=_("申込締切"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SessionForm(forms.Form):
    number = forms.IntegerField(label=_("回"), min_value=1, max_value=100)
    day = forms.DateField(label=_("日付"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("開始時刻"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("終了時刻"), widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.ModelChoiceField(
        label=_("会場（部屋）"),
        queryset=Room.objects.none(),
        empty_label=_("選んでください"),
    )
    topic = forms.CharField(label=_("この回の内容"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = (
            Room.objects.filter(is_active=True, facility__is_active=True)
            .select_related("facility")
            .order_by("facility__name_kana", "facility__name", "code")
        )
        self.fields["room"].label_from_instance = lambda room: f"{room.facility.name} {room.name}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("終了時刻は開始時刻より後にしてください。"))
            else:
                cleaned["starts_at"] = at(day, starts)
                cleaned["ends_at"] = at(day, ends)
        return cleaned


#: Service error keys → session form fields.
SESSION_FIELD_MAP = {"starts_at": "day", "ends_at": "ends"}


class AttendanceForm(forms.Form):
    present = forms.TypedMultipleChoiceField(
        label=_("出席"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, application_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application_ids = application_ids
        self.fields["present"].choices = [(pk, str(pk)) for pk in application_ids]

    def attendance(self) -> dict[int, bool]:
        present = set(self.cleaned_data["present"])
        return {pk: pk in present for pk in self.application_ids}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("中止の理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申し込んだ方へのお知らせメールに載ります。"),
    )
