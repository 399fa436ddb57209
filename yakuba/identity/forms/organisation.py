"""Forms of the organisation pages: units, renames, merges, staff and assignments."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from yakuba.identity.models import Assignment, OrgUnit, Role, User

from .accounts import EmailInput

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


class DateInput(forms.DateField):
    """A calendar date (``<input type=date>``; 2027/4/1 and 2027年4月1日 are accepted too)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
        messages = {
            "required": _("日付を入力してください。"),
            "invalid": _("日付の形式が正しくありません（例: 2027-04-01）。"),
        }
        messages.update(kwargs.pop("error_messages", {}))
        kwargs["error_messages"] = messages
        super().__init__(**kwargs)


def _text(label, max_length: int, required_message, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": _(
                "%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
        **kwargs,
    )


def _show(day: datetime.date) -> str:
    return date_format(day)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        if obj.valid_to:
            return _("%(name)s（%(start)s〜%(end)s）") % {
                "name": obj.name,
                "start": _show(obj.valid_from),
                "end": _show(obj.valid_to),
            }
        return _("%(name)s（%(start)s〜）") % {"name": obj.name, "start": _show(obj.valid_from)}


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


def _code_in_use(code: str, from_day: datetime.date, exclude: list[int] | None = None) -> bool:
    """Whether a unit with ``code`` is in force on or after ``from_day`` (excluding ``exclude``)."""
    queryset = OrgUnit.objects.filter(code=code).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=from_day)
    )
    if exclude:
        queryset = queryset.exclude(pk__in=exclude)
    return queryset.exists()


CODE_HELP = _(
    "半角英小文字・数字・ハイフン（例: shimin）。各業務の権限設定で使う固定の識別子です。"
)


class OrgUnitCreateForm(forms.Form):
    code = forms.SlugField(
        label=_("組織コード"),
        max_length=40,
        help_text=CODE_HELP,
        error_messages={
            "required": _("組織コードを入力してください。"),
            "invalid": _("組織コードは半角英数字とハイフンで入力してください。"),
            "max_length": _("組織コードは%(limit_value)d文字以内で入力してください。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("種別"), choices=OrgUnit.Kind.choices, initial=OrgUnit.Kind.DIVISION
    )
    name = _text(_("名称"), 100, _("名称を入力してください。"))
    name_en = _text(_("名称（英語）"), 150, _("英語の名称を入力してください。"))
    parent = UnitChoiceField(label=_("上位組織"), queryset=OrgUnit.objects.none(), required=False)
    valid_from = DateInput(label=_("設置日"))
    phone = forms.CharField(label=_("電話番号"), max_length=20, required=False)

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean(self):
        cleaned = super().clean()
        code, valid_from, parent = (
            cleaned.get("code"),
            cleaned.get("valid_from"),
            cleaned.get("parent"),
        )
        if code and valid_from and _code_in_use(code, valid_from):
            self.add_error(
                "code", _("この組織コードは、設置日以降も有効な別の組織で使われています。")
            )
        if parent and valid_from and not parent.is_active_on(valid_from):
            self.add_error("parent", _("上位組織は設置日に存在する組織を選んでください。"))
        return cleaned


class OrgUnitRenameForm(forms.Form):
    new_name = _text(_("新しい名称"), 100, _("新しい名称を入力してください。"))
    new_name_en = _text(_("新しい名称（英語）"), 150, _("新しい英語の名称を入力してください。"))
    effective = DateInput(
        label=_("変更日"), help_text=_("この日から新しい名称になります（通常は4月1日）。")
    )

    def __init__(self, *args, unit: OrgUnit, **kwargs) -> None:
        self.unit = unit
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        effective = cleaned.get("effective")
        if self.unit.valid_to is not None:
            raise forms.ValidationError(
                _("この組織は%(date)sに廃止されているため、名称を変更できません。"),
                params={"date": _show(self.unit.valid_to)},
                code="closed",
            )
        if effective and effective <= self.unit.valid_from:
            self.add_error(
                "effective",
                _("変更日は設置日（%(date)s）より後の日付にしてください。")
                % {"date": _show(self.unit.valid_from)},
            )
        elif (
            effective and OrgUnit.objects.filter(code=self.unit.code, valid_from=effective).exists()
        ):
            self.add_error("effective", _("この日から始まる同じ組織コードの組織が既にあります。"))
        return cleaned


class OrgUnitMergeForm(forms.Form):
    units = UnitMultipleChoiceField(
        label=_("統合する組織"),
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("統合する組織を2つ以上選んでください。")},
    )
    code = forms.SlugField(
        label=_("統合後の組織コード"),
        max_length=40,
        help_text=CODE_HELP,
        error_messages={
            "required": _("組織コードを入力してください。"),
            "invalid": _("組織コードは半角英数字とハイフンで入力してください。"),
            "max_length": _("組織コードは%(limit_value)d文字以内で入力してください。"),
        },
    )
    name = _text(_("統合後の名称"), 100, _("統合後の名称を入力してください。"))
    name_en = _text(_("統合後の名称（英語）"), 150, _("統合後の英語の名称を入力してください。"))
    effective = DateInput(label=_("統合日"), help_text=_("この日から統合後の組織になります。"))

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean(self):
        cleaned = super().clean()
        units, effective, code = cleaned.get("units"), cleaned.get("effective"), cleaned.get("code")
        if units is not None and len(units) < 2:
            self.add_error("units", _("統合する組織を2つ以上選んでください。"))
        if units and effective:
            for unit in units:
                if unit.valid_to is not None or effective <= unit.valid_from:
                    self.add_error(
                        "effective",
                        _(
                            "統合日は、%(name)sの設置日（%(date)s）より後で、廃止されていない組織を選んでください。"
                        )
                        % {"name": unit.name, "date": _show(unit.valid_from)},
                    )
                    break
        if code and effective and units and _code_in_use(code, effective, [u.pk for u in units]):
            self.add_error(
                "code", _("この組織コードは、統合日以降も有効な別の組織で使われています。")
            )
        return cleaned


class _DatedRangeMixin:
    """``valid_to`` on or after ``valid_from``."""

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("終了日は開始日以降の日付にしてください。"))  # type: ignore[attr-defined]
        return cleaned


ROLE_HELP = _("閲覧 < 担当 < 承認 < 所属管理者。上位の役割は下位の権限を含みます。")


class AssignmentCreateForm(_DatedRangeMixin, forms.Form):
    org_unit = UnitChoiceField(label=_("所属"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices, help_text=ROLE_HELP)
    valid_from = DateInput(label=_("開始日"))
    valid_to = DateInput(label=_("終了日"), required=False, help_text=_("未定の場合は空欄"))
    is_primary = forms.BooleanField(label=_("本務"), required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units if units is not None else OrgUnit.objects.none()

    def clean(self):
        cleaned = super().clean()
        unit, start = cleaned.get("org_unit"), cleaned.get("valid_from")
        if unit and start and not unit.is_active_on(start):
            self.add_error("valid_from", _("開始日に、選んだ組織は存在しません。"))
        end = cleaned.get("valid_to")
        if unit and end and unit.valid_to and end > unit.valid_to:
            self.add_error(
                "valid_to",
                _("終了日は組織の廃止日（%(date)s）までにしてください。")
                % {"date": _show(unit.valid_to)},
            )
        return cleaned


class AssignmentEndForm(forms.Form):
    last_day = DateInput(label=_("最終日"), help_text=_("この日まで配属され、翌日から外れます。"))

    def __init__(self, *args, assignment: Assignment, **kwargs) -> None:
        self.assignment = assignment
        super().__init__(*args, **kwargs)

    def clean_last_day(self) -> datetime.date:
        day = self.cleaned_data["last_day"]
        if day < self.assignment.valid_from:
            raise forms.ValidationError(
                _("最終日は開始日（%(date)s）以降の日付にしてください。"),
                params={"date": _show(self.assignment.valid_from)},
                code="dates_ordered",
            )
        return day


class StaffCreateForm(forms.Form):
    email = EmailInput(help_text=_("パスワード設定用のリンクをこのアドレスに送信します。"))
    display_name = _text(_("氏名"), 100, _("氏名を入力してください。"))
    display_name_kana = forms.CharField(label=_("氏名（カナ）"), max_length=100, required=False)
    staff_number = forms.CharField(label=_("職員番号"), max_length=20, required=False)
    org_unit = UnitChoiceField(label=_("所属"), queryset=OrgUnit.objects.none(), required=False)
    role = forms.ChoiceField(
        label=_("役割"),
        choices=[("", "---------"), *Role.choices],
        required=False,
        help_text=ROLE_HELP,
    )
    valid_from = DateInput(label=_("配属開始日"), required=False)
    is_system_admin = forms.BooleanField(label=_("システム管理者にする"), required=False)

    def __init__(self, *args, units=None, may_grant_system_admin: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units if units is not None else OrgUnit.objects.none()
        if not may_grant_system_admin:
            del self.fields["is_system_admin"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("このメールアドレスは既に登録されています。"), code="duplicate"
            )
        return email

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get("org_unit"), cleaned.get("role"), cleaned.get("valid_from")]
        if any(parts) and not all(parts):
            raise forms.ValidationError(
                _("配属を登録するときは、所属・役割・配属開始日をすべて入力してください。"),
                code="assignment_incomplete",
            )
        unit, start = cleaned.get("org_unit"), cleaned.get("valid_from")
        if unit and start and not unit.is_active_on(start):
            self.add_error("valid_from", _("配属開始日に、選んだ組織は存在しません。"))
        return cleaned


class AsOfDateForm(forms.Form):
    """``?on=2027-04-01`` on list pages."""

    on = DateInput(label=_("基準日"), required=False)
    q = forms.CharField(label=_("検索"), max_length=100, required=False)
