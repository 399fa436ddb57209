"""Forms of the staff builder: procedure facts, catalogue, and the form builder's field
editor (generated from the field type's ``option_specs``), pages, import, publish."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Category, LifeEvent, Procedure
from ..schema import FIELD_TYPES, BuilderField
from ..schema.types import KEY_PATTERN, PREFILL_WIDGETS
from ..services.procedures import CATEGORY_FIELDS, LIFE_EVENT_FIELDS, PROCEDURE_FIELDS

#: File types staff may accept on a file field (MIME type, label).
MIME_CHOICES: list[tuple[str, str]] = [
    ("application/pdf", "PDF"),
    ("image/jpeg", "JPEG"),
    ("image/png", "PNG"),
    ("image/heic", "HEIC"),
    ("image/gif", "GIF"),
    ("image/webp", "WebP"),
    ("image/tiff", "TIFF"),
]
_DATE_LIMIT = re.compile(r"^(today([+-][0-9]{1,5})?|[0-9]{4}-[0-9]{2}-[0-9]{2})$")
PREFILL_LABELS = {
    "name": _("氏名"),
    "name_kana": _("氏名（カナ）"),
    "birth_date": _("生年月日"),
    "address": _("住所"),
}


class ProcedureForm(forms.ModelForm):
    """The catalogue facts of a procedure; the department is one the user administers."""

    class Meta:
        model = Procedure
        fields = PROCEDURE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "code": _("URLに使う英小文字のコード（例: inu-touroku）。"),
            "title_kana": _("カタカナの読み。かな検索に使います（例: イヌノトウロク）。"),
            "keywords": _("検索で使われそうな言葉を空白で区切って入力します。"),
            "handling_days": _("申請を受け付けてから処理するまでの標準の日数。"),
        }

    def __init__(self, *args: Any, departments: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department_code"] = forms.ChoiceField(label=_("担当課"), choices=departments)
        self.fields["category"].queryset = Category.objects.order_by("order", "code")

    def _post_clean(self) -> None:
        # The service validates and writes; the instance is not touched here.
        pass


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = CATEGORY_FIELDS

    def _post_clean(self) -> None:
        pass


class LifeEventForm(forms.ModelForm):
    class Meta:
        model = LifeEvent
        fields = LIFE_EVENT_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def _post_clean(self) -> None:
        pass


class StepForm(forms.Form):
    procedure = forms.ModelChoiceField(label=_("手続き"), queryset=Procedure.objects.none())
    note = forms.CharField(label=_("該当する方"), max_length=200, required=False)
    note_en = forms.CharField(label=_("該当する方（英語）"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Procedure.objects.order_by("title")


class FormTitleForm(forms.Form):
    title = forms.CharField(label=_("フォームの題名"), max_length=200)
    title_en = forms.CharField(label=_("フォームの題名（英語）"), max_length=200, required=False)


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(label=_("変更内容"), max_length=300, required=False)


class FieldTypeForm(forms.Form):
    widget = forms.ChoiceField(label=_("項目の種類"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, in_group: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["widget"].choices = [
            (name, spec.label)
            for name, spec in FIELD_TYPES.items()
            if spec.in_group or not in_group
        ]


def format_choices(choices: list[dict[str, Any]]) -> str:
    lines = []
    for choice in choices or []:
        parts = [str(choice.get("value", "")), choice.get("label", "")]
        if choice.get("label_en"):
            parts.append(choice["label_en"])
        lines.append("|".join(parts))
    return "\n".join(lines)


def parse_choices(text: str) -> list[dict[str, str]]:
    choices: list[dict[str, str]] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or len(parts) > 3 or not parts[0] or not parts[1]:
            raise forms.ValidationError(
                _("%(number)d行目: 「値|ラベル|English」の形で入力してください。"),
                code="choice_line",
                params={"number": number},
            )
        if any(choice["value"] == parts[0] for choice in choices):
            raise forms.ValidationError(
                _("%(number)d行目: 値「%(value)s」が重複しています。"),
                code="choice_duplicate",
                params={"number": number, "value": parts[0]},
            )
        choices.append(
            {"value": parts[0], "label": parts[1], "label_en": parts[2] if len(parts) > 2 else ""}
        )
    return choices


class ChoicesField(forms.CharField):
    widget = forms.Textarea

    def to_python(self, value: Any) -> Any:
        return parse_choices(super().to_python(value))


class DateLimitField(forms.CharField):
    def to_python(self, value: Any) -> Any:
        value = (super().to_python(value) or "").strip()
        if value and not _DATE_LIMIT.match(value):
            raise forms.ValidationError(
                _(
                    "日付（2026-04-01）、today、today+30、today-6570 のいずれかの形で入力してください。"
                ),
                code="date_limit",
            )
        return value


CONDITION_OPERATORS = [
    ("equals", _("次の値のとき")),
    ("in", _("次のいずれかの値のとき（「,」区切り）")),
    ("checked", _("チェックされたとき")),
]


class FieldForm(forms.Form):
    """One field of the form as staff edit it.  The type's settings are the ``opt_<name>``
    fields generated from ``FIELD_TYPES[widget].option_specs``."""

    key = forms.CharField(
        label=_("キー"),
        max_length=40,
        help_text=_(
            "英小文字で始まる英小文字・数字・「_」（例: dog_name）。回答の保存に使います。"
        ),
    )
    label = forms.CharField(label=_("項目名"), max_length=200)
    label_en = forms.CharField(label=_("項目名（英語）"), max_length=200, required=False)
    help = forms.CharField(
        label=_("説明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_en = forms.CharField(
        label=_("説明（英語）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("必須にする"), required=False)
    placeholder = forms.CharField(
        label=_("入力例（プレースホルダー）"), max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        widget: str,
        sibling_keys: set[str] = frozenset(),  # type: ignore[assignment]
        condition_fields: list[BuilderField] | None = None,
        in_group: bool = False,
        field: BuilderField | None = None,
        **kwargs: Any,
    ) -> None:
        if field is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(field)
        super().__init__(*args, **kwargs)
        self.widget_name = widget
        self.field_type = FIELD_TYPES[widget]
        self.sibling_keys = set(sibling_keys)
        self.condition_fields = {item.key: item for item in condition_fields or []}
        prefills = [
            (name, PREFILL_LABELS[name])
            for name, widgets in PREFILL_WIDGETS.items()
            if widget in widgets
        ]
        if prefills and not in_group:
            self.fields["prefill"] = forms.ChoiceField(
                label=_("住民記録から入力（マイナンバーカードでログインした方）"),
                choices=[("", _("しない")), *prefills],
                required=False,
            )
        if widget in ("consent", "file", "group", "address", "bank_account", "radio", "checkboxes"):
            del self.fields["placeholder"]
        for spec in self.field_type.option_specs:
            self.fields[f"opt_{spec.name}"] = self._option_field(spec)
        self.new_group = widget == "group" and field is None
        if self.new_group:
            self.fields["first_child_widget"] = forms.ChoiceField(
                label=_("グループの最初の項目の種類"),
                choices=[(name, spec.label) for name, spec in FIELD_TYPES.items() if spec.in_group],
                initial="text",
                help_text=_(
                    "グループには1つ以上の項目が必要です。ほかの項目は保存の後で追加できます。"
                ),
            )
            self.fields["first_child_key"] = forms.CharField(
                label=_("グループの最初の項目のキー"), max_length=40
            )
            self.fields["first_child_label"] = forms.CharField(
                label=_("グループの最初の項目の項目名"), max_length=200
            )
        if self.condition_fields:
            self.fields["show_if_field"] = forms.ChoiceField(
                label=_("表示する条件の項目"),
                choices=[("", _("常に表示する"))]
                + [
                    (item.key, f"{item.label}（{item.key}）")
                    for item in self.condition_fields.values()
                ],
                required=False,
                help_text=_("この項目より前の項目だけを選べます。"),
            )
            self.fields["show_if_operator"] = forms.ChoiceField(
                label=_("条件"), choices=CONDITION_OPERATORS, required=False
            )
            self.fields["show_if_value"] = forms.CharField(
                label=_("条件の値"),
                max_length=200,
                required=False,
                help_text=_("選択肢の項目では選択肢の「値」を入力します。"),
            )

    def _option_field(self, spec: Any) -> forms.Field:
        label = spec.label
        if spec.kind == "int":
            help_text = (
                _("空欄のときは %(default)s") % {"default": spec.default}
                if spec.default is not None
                else ""
            )
            return forms.IntegerField(label=label, required=False, help_text=help_text)
        if spec.kind == "bool":
            return forms.BooleanField(label=label, required=False)
        if spec.kind == "choices":
            return ChoicesField(
                label=label,
                required=True,
                help_text=_("1行に1つ、「値|ラベル|English」の形で（例: yes|はい|Yes）。"),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if spec.kind == "mime_list":
            return forms.MultipleChoiceField(
                label=label,
                choices=MIME_CHOICES,
                required=True,
                widget=forms.CheckboxSelectMultiple,
            )
        if spec.kind == "date_limit":
            return DateLimitField(
                label=label,
                required=False,
                max_length=20,
                help_text=_(
                    "2026-04-01、today（今日）、today+30（30日後）、today-6570（6570日前）"
                ),
            )
        return forms.CharField(label=label, required=False, max_length=500)

    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"opt_{spec.name}"] for spec in self.field_type.option_specs]

    def basic_fields(self) -> list[forms.BoundField]:
        names = [
            "key",
            "label",
            "label_en",
            "help",
            "help_en",
            "required",
            "placeholder",
            "prefill",
        ]
        return [self[name] for name in names if name in self.fields]

    def group_bound_fields(self) -> list[forms.BoundField]:
        names = ["first_child_widget", "first_child_key", "first_child_label"]
        return [self[name] for name in names if name in self.fields]

    def clean_first_child_key(self) -> str:
        key = self.cleaned_data["first_child_key"].strip()
        if not re.fullmatch(KEY_PATTERN, key):
            raise forms.ValidationError(
                _("英小文字で始まり、英小文字・数字・「_」だけの40文字以内にしてください。"),
                code="key_pattern",
            )
        return key

    def condition_bound_fields(self) -> list[forms.BoundField]:
        names = ["show_if_field", "show_if_operator", "show_if_value"]
        return [self[name] for name in names if name in self.fields]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not re.fullmatch(KEY_PATTERN, key):
            raise forms.ValidationError(
                _("英小文字で始まり、英小文字・数字・「_」だけの40文字以内にしてください。"),
                code="key_pattern",
            )
        if key in self.sibling_keys:
            raise forms.ValidationError(_("このキーは既に使われています。"), code="unique")
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        spec_by_name = {spec.name: spec for spec in self.field_type.option_specs}
        for name in ("min_length", "min_items", "minimum"):
            upper = {"min_length": "max_length", "min_items": "max_items", "minimum": "maximum"}[
                name
            ]
            if name in spec_by_name and upper in spec_by_name:
                low = data.get(f"opt_{name}")
                high = data.get(f"opt_{upper}")
                if high is None:
                    high = spec_by_name[upper].default
                if low is not None and high is not None and low > high:
                    self.add_error(
                        f"opt_{name}",
                        _("%(low)s は %(high)s 以下にしてください。")
                        % {"low": spec_by_name[name].label, "high": spec_by_name[upper].label},
                    )
        for name, spec in spec_by_name.items():
            value = data.get(f"opt_{name}")
            if (
                spec.kind == "int"
                and value is not None
                and value < 0
                and name
                not in (
                    "minimum",
                    "maximum",
                )
            ):
                self.add_error(f"opt_{name}", _("0以上の数を入力してください。"))
        controller = data.get("show_if_field")
        if controller:
            operator = data.get("show_if_operator") or "equals"
            value = (data.get("show_if_value") or "").strip()
            item = self.condition_fields.get(controller)
            if item is not None:
                if operator == "checked" and item.widget != "consent":
                    self.add_error(
                        "show_if_operator", _("「チェックされたとき」は同意の項目にだけ使えます。")
                    )
                elif operator != "checked":
                    if item.widget == "consent":
                        self.add_error(
                            "show_if_operator",
                            _("同意の項目には「チェックされたとき」を選んでください。"),
                        )
                    elif not value:
                        self.add_error("show_if_value", _("条件の値を入力してください。"))
                    else:
                        values = [v.strip() for v in value.split(",") if v.strip()]
                        known = [str(c.get("value")) for c in item.options.get("choices") or []]
                        wrong = [v for v in values if known and v not in known]
                        if wrong:
                            self.add_error(
                                "show_if_value",
                                _("「%(values)s」は選択肢の値にありません（値: %(known)s）。")
                                % {"values": "、".join(wrong), "known": "、".join(known)},
                            )
        return data

    def to_field(self) -> BuilderField:
        data = self.cleaned_data
        options: dict[str, Any] = {}
        for spec in self.field_type.option_specs:
            value = data.get(f"opt_{spec.name}")
            if spec.kind == "bool":
                if value != spec.default and not (value is False and spec.default is None):
                    options[spec.name] = value
                continue
            if spec.kind == "mime_list":
                value = list(value or [])
            if value in (None, "", []):
                continue
            if spec.default is not None and value == spec.default:
                continue
            options[spec.name] = value
        show_if = None
        controller = data.get("show_if_field")
        if controller:
            operator = data.get("show_if_operator") or "equals"
            value = (data.get("show_if_value") or "").strip()
            if operator == "checked":
                show_if = {"field": controller, "checked": True}
            elif operator == "in":
                show_if = {
                    "field": controller,
                    "in": [v.strip() for v in value.split(",") if v.strip()],
                }
            else:
                show_if = {
                    "field": controller,
                    "equals": _typed(value, self.condition_fields.get(controller)),
                }
        children = []
        if self.new_group:
            children.append(
                BuilderField(
                    key=data["first_child_key"],
                    widget=data["first_child_widget"],
                    label=data["first_child_label"],
                    options=_minimal_options(data["first_child_widget"]),
                )
            )
        return BuilderField(
            children=children,
            key=data["key"],
            widget=self.widget_name,
            label=data["label"],
            label_en=data.get("label_en", ""),
            help=data.get("help", ""),
            help_en=data.get("help_en", ""),
            required=bool(data.get("required")),
            options=options,
            show_if=show_if,
            prefill=data.get("prefill", "") or "",
            placeholder=data.get("placeholder", "") or "",
        )


def _minimal_options(widget: str) -> dict[str, Any]:
    """A new sub-field of a choice type starts with two choices (edited afterwards)."""
    if any(spec.kind == "choices" for spec in FIELD_TYPES[widget].option_specs):
        return {
            "choices": [
                {"value": "yes", "label": "はい", "label_en": "Yes"},
                {"value": "no", "label": "いいえ", "label_en": "No"},
            ]
        }
    return {}


def _typed(value: str, item: BuilderField | None) -> Any:
    """A number field's condition compares numbers."""
    if item is not None and item.widget == "number":
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return value
    return value


def initial_of(field: BuilderField) -> dict[str, Any]:
    """The editor's initial values for a stored field (defaults shown in the inputs)."""
    initial: dict[str, Any] = {
        "key": field.key,
        "label": field.label,
        "label_en": field.label_en,
        "help": field.help,
        "help_en": field.help_en,
        "required": field.required,
        "placeholder": field.placeholder,
        "prefill": field.prefill,
    }
    for spec in FIELD_TYPES[field.widget].option_specs:
        value = field.options.get(spec.name, spec.default)
        if spec.kind == "choices":
            value = format_choices(value or [])
        initial[f"opt_{spec.name}"] = value
    if field.show_if:
        initial["show_if_field"] = field.show_if.get("field", "")
        if "checked" in field.show_if:
            initial["show_if_operator"] = "checked"
        elif "in" in field.show_if:
            initial["show_if_operator"] = "in"
            initial["show_if_value"] = ",".join(str(v) for v in field.show_if["in"])
        else:
            initial["show_if_operator"] = "equals"
            initial["show_if_value"] = str(field.show_if.get("equals", ""))
    return initial


def empty_initial(widget: str) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for spec in FIELD_TYPES[widget].option_specs:
        if spec.default is not None:
            initial[f"opt_{spec.name}"] = spec.default
    return initial


class PageForm(forms.Form):
    title = forms.CharField(label=_("ページの題名"), max_length=100)
    title_en = forms.CharField(label=_("ページの題名（英語）"), max_length=200, required=False)


class NewPageForm(PageForm):
    first_field = forms.ChoiceField(
        label=_("このページに移す項目"),
        help_text=_("ページには1つ以上の項目が必要です。ほかの項目は後から移せます。"),
    )

    def __init__(self, *args: Any, fields: list[BuilderField], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_field"].choices = [
            (item.key, f"{item.label}（{item.key}）") for item in fields
        ]


class MoveToPageForm(forms.Form):
    page = forms.ChoiceField(label=_("移動先のページ"))

    def __init__(self, *args: Any, pages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["page"].choices = [(page.key, page.title) for page in pages]


class ImportForm(forms.Form):
    schema = forms.CharField(
        label=_("JSON Schema"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    ui_schema = forms.CharField(
        label=_("UI schema"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    schema_file = forms.FileField(label=_("JSON Schema のファイル"), required=False)
    ui_schema_file = forms.FileField(label=_("UI schema のファイル"), required=False)

    MAX_BYTES = 1024 * 1024

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("schema", "ui_schema"):
            upload = data.get(f"{name}_file")
            if upload is not None:
                if upload.size > self.MAX_BYTES:
                    self.add_error(f"{name}_file", _("ファイルが大きすぎます（上限 1MB）。"))
                    continue
                data[name] = upload.read()
            if not data.get(name):
                self.add_error(name, _("貼り付けるか、ファイルを選んでください。"))
        return data


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("変更内容"),
        max_length=300,
        required=False,
        help_text=_("版の一覧に表示します（例: 連絡先の項目を追加）。"),
    )
