"""Forms of the staff inbox: the list filters (GET) and one form per workflow action.

Every action form carries ``seen_status``: the status the page showed.  The view hands
the submission to the workflow service *as seen*, so a move made meanwhile by another
member of staff is refused as stale instead of being applied on top of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ...models import Status
from ...queries.inbox import ASSIGNEE_ME, ASSIGNEE_NONE, ORDERS
from ...services.workflow import MAX_TEXT

ORDER_CHOICES = [
    ("due", _("処理期限の早い順")),
    ("-due", _("処理期限の遅い順")),
    ("-submitted", _("申請日の新しい順")),
    ("submitted", _("申請日の古い順")),
]
assert {value for value, _label in ORDER_CHOICES} == set(ORDERS)


def staff_label(member: Any) -> str:
    return getattr(member, "display_name", "") or getattr(member, "email", "") or str(member)


class InboxFilterForm(forms.Form):
    """The inbox filters.  Unknown values are field errors (never a 500)."""

    status = forms.ChoiceField(label=_("状態"), required=False)
    department = forms.ChoiceField(label=_("担当課"), required=False)
    procedure = forms.TypedChoiceField(
        label=_("手続き"), required=False, coerce=int, empty_value=None
    )
    assignee = forms.ChoiceField(label=_("担当者"), required=False)
    overdue = forms.BooleanField(label=_("期限超過のみ"), required=False)
    q = forms.CharField(
        label=_("受付番号・申請者名"),
        required=False,
        max_length=100,
        help_text=_("受付番号または氏名の一部（空白は無視します）"),
    )
    order = forms.ChoiceField(label=_("並び順"), required=False, choices=ORDER_CHOICES)

    def __init__(
        self,
        data: Any,
        *,
        departments: list[tuple[str, str]],
        procedures: list[Any],
        staff: list[Any],
    ) -> None:
        super().__init__(data)
        self.fields["status"].choices = [("", _("すべて"))] + [
            (value, label) for value, label in Status.choices if value != Status.DRAFT
        ]
        self.fields["department"].choices = [("", _("すべて"))] + departments
        self.fields["procedure"].choices = [("", _("すべて"))] + [
            (procedure.pk, procedure.title) for procedure in procedures
        ]
        self.fields["assignee"].choices = [
            ("", _("すべて")),
            (ASSIGNEE_ME, _("自分")),
            (ASSIGNEE_NONE, _("未割当")),
        ] + [(str(member.pk), staff_label(member)) for member in staff]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``queries.inbox.submissions_for`` (valid form only)."""
        data = self.cleaned_data
        assignee = data.get("assignee") or None
        if assignee not in (None, ASSIGNEE_ME, ASSIGNEE_NONE):
            assignee = int(assignee)
        return {
            "department": data.get("department") or None,
            "status": data.get("status") or None,
            "procedure": data.get("procedure"),
            "assignee": assignee,
            "overdue": bool(data.get("overdue")),
            "search": data.get("q") or "",
            "order": data.get("order") or "due",
        }


class SeenStatusForm(forms.Form):
    """A button-only action (start review, complete): just the status the page showed."""

    seen_status = forms.ChoiceField(
        choices=Status.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("画面を更新してからもう一度操作してください。")},
    )


class AssignForm(SeenStatusForm):
    assignee = forms.ChoiceField(label=_("担当者"), required=False)

    def __init__(self, *args: Any, staff: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(member.pk): member for member in staff}
        self.fields["assignee"].choices = [("", _("（割当てなし）"))] + [
            (key, staff_label(member)) for key, member in self.staff.items()
        ]

    def chosen(self) -> Any | None:
        return self.staff.get(self.cleaned_data.get("assignee") or "")


def _text(label: Any, *, required: bool, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CorrectionForm(SeenStatusForm):
    message = _text(
        _("補正してほしい内容"),
        required=True,
        help_text=_("申請者の画面とメールに表示されます。"),
    )


class ApproveForm(SeenStatusForm):
    message = _text(
        _("申請者へのお知らせ（任意）"),
        required=False,
        help_text=_("申請者の画面とメールに表示されます。"),
    )


class RejectForm(SeenStatusForm):
    reason = _text(
        _("却下の理由"), required=True, help_text=_("申請者の画面とメールに表示されます。")
    )


class CommentForm(forms.Form):
    text = _text(_("内部コメント"), required=True, help_text=_("職員だけに表示されます。"))


class MessageForm(forms.Form):
    text = _text(
        _("申請者へのお知らせ"),
        required=True,
        help_text=_("申請者の画面に表示されます。"),
    )
