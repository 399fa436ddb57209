"""Forms of the registration part (利用者登録・団体登録), citizen and staff.

Forms parse input only; the rules (kana, phone format, member minimums) live in
:mod:`yakuba.facilities.services.registration`, whose ``ValidationError`` the views put
back onto these forms with :func:`yakuba.core.forms.add_service_errors`.

Group members are a formset of plain rows (name, kana, 市内): ten empty rows, and the
「行を増やす」 button re-renders the page with ten more, keeping what was typed — no
JavaScript needed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ..services.registration import MemberData

#: Empty member rows shown at first, and added by 「行を増やす」.
MEMBER_ROWS_STEP = 10
#: The most member rows one page will render.
MEMBER_ROWS_MAX = 200

ADD_ROWS = "add_rows"


def _message(template: Any, **params: Any) -> Any:
    """A lazily translated message with named placeholders filled in."""
    return lazy(lambda: str(template) % params, str)()


def _text(label: Any, *, max_length: int, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": _message(_("%(label)sを入力してください。"), label=label),
            "max_length": _message(_("%(max)s文字以内で入力してください。"), max=max_length),
        },
        **kwargs,
    )


class RegistrationForm(forms.Form):
    """A citizen's application (name, kana and address are fixed when the account is
    linked to the resident registry)."""

    name = _text(_("氏名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    name_kana = _text(
        _("氏名（カナ）"),
        max_length=100,
        help_text=_("カタカナまたはひらがなで入力してください（例: ヤマダ タロウ）。"),
    )
    postal_code = _text(
        _("郵便番号"),
        max_length=10,
        required=False,
        help_text=_("例: 208-0004"),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    address = _text(
        _("住所"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    phone = _text(
        _("電話番号"),
        max_length=30,
        help_text=_("日中に連絡のつく番号（例: 042-565-1111）"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("審査の結果をお送りします。空欄のときはアカウントのメールアドレスに送ります。"),
        error_messages={"invalid": _("メールアドレスの形式で入力してください。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    is_resident = forms.BooleanField(
        label=_("市内に住んでいる、または市内に通勤・通学している"),
        required=False,
        help_text=_("承認の前に、住所や勤務先・学校を確認できる書類を窓口で確認します。"),
    )

    def __init__(self, *args: Any, registry_linked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registry_linked = registry_linked
        if registry_linked:
            for name in ("name", "name_kana", "address"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("住民基本台帳の記録から表示しています。")
            del self.fields["is_resident"]


class CounterRegistrationForm(RegistrationForm):
    """Staff register a resident without an account (counter or phone)."""

    is_resident = forms.BooleanField(
        label=_("市内在住・在勤・在学を書類で確認した"),
        required=False,
        help_text=_("運転免許証・健康保険証・在勤/在学の証明書などで確認したときに選びます。"),
    )

    field_order = ["name", "name_kana", "postal_code", "address", "phone", "email", "is_resident"]


class ApproveRegistrationForm(forms.Form):
    """Approval of an application whose 市内 status is not from the registry."""

    is_resident = forms.TypedChoiceField(
        label=_("市内在住・在勤・在学の確認"),
        choices=[
            ("1", _("書類で市内在住・在勤・在学を確認した（市内料金）")),
            ("0", _("市外の利用者として登録する（市外料金）")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("市内在住・在勤・在学の確認結果を選んでください。")},
    )


class RejectForm(forms.Form):
    reason = _text(
        _("不承認の理由"),
        max_length=300,
        help_text=_("申請者にメールで伝わります。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SearchForm(forms.Form):
    q = _text(
        _("氏名・カナ・利用者番号・電話番号"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class GroupForm(forms.Form):
    name = _text(_("団体名"), max_length=100)
    name_kana = _text(
        _("団体名（カナ）"),
        max_length=100,
        help_text=_("カタカナまたはひらがなで入力してください。"),
    )
    activity = _text(_("活動内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    contact_phone = _text(
        _("連絡先電話番号"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class MemberForm(forms.Form):
    """One member row; an empty row is ignored."""

    name = _text(_("氏名"), max_length=100, required=False)
    name_kana = _text(_("氏名（カナ）"), max_length=100, required=False)
    is_resident = forms.BooleanField(label=_("市内在住・在勤・在学"), required=False)


def member_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, rows: int = 0
) -> Any:
    """A formset of member rows: the ``initial`` rows plus empty rows up to ``rows``
    (at least :data:`MEMBER_ROWS_STEP` empty rows when not given)."""
    initial = initial or []
    total = rows or len(initial) + MEMBER_ROWS_STEP
    extra = max(total - len(initial), 0)
    formset_class = forms.formset_factory(
        MemberForm, extra=extra, max_num=MEMBER_ROWS_MAX, absolute_max=MEMBER_ROWS_MAX
    )
    if data is not None:
        return formset_class(data, prefix="members")
    return formset_class(initial=initial, prefix="members")


def entered_members(formset: Any) -> list[dict[str, Any]]:
    """The non-empty rows of a bound member formset (raw values, nothing validated away)."""
    rows = []
    for form in formset.forms:
        values = {
            "name": (form.data.get(form.add_prefix("name")) or "").strip(),
            "name_kana": (form.data.get(form.add_prefix("name_kana")) or "").strip(),
            "is_resident": bool(form.data.get(form.add_prefix("is_resident"))),
        }
        if values["name"] or values["name_kana"]:
            rows.append(values)
    return rows


def members_of(formset: Any) -> list[MemberData]:
    return [MemberData(**row) for row in entered_members(formset)]


def rows_after_adding(formset: Any) -> int:
    return min(formset.total_form_count() + MEMBER_ROWS_STEP, MEMBER_ROWS_MAX)
