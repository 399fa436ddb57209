"""The field types (widgets) of the form engine and the settings staff give each one.

``FIELD_TYPES[widget].option_specs`` names the keys of ``BuilderField.options`` so the
staff builder can render one input per setting without knowing the type.  Each
``OptionSpec.kind`` is one of:

- ``int``: a whole number (``None`` = not set);
- ``text``: a line of text;
- ``choices``: a list of ``{"value", "label", "label_en"}``;
- ``mime_list``: a list of MIME types (``application/pdf``);
- ``bool``: a checkbox;
- ``date_limit``: an ISO date, ``today``, ``today+N`` or ``today-N`` (days).

An option equal to its ``default`` is stored implicitly (the compiler writes the default
into the schema, the decompiler leaves it out of ``options``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

OPTION_KINDS = ("int", "text", "choices", "mime_list", "bool", "date_limit")

#: Prefill sources (the applicant's own resident record).
PREFILL_KEYS = ("name", "name_kana", "birth_date", "address")
#: Which widgets each prefill source may fill.
PREFILL_WIDGETS: dict[str, tuple[str, ...]] = {
    "name": ("text",),
    "name_kana": ("kana", "text"),
    "birth_date": ("date",),
    "address": ("address",),
}

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"

DEFAULT_ACCEPT = ["application/pdf", "image/jpeg", "image/png"]
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

KANA_PATTERN = "^[ァ-ヴー・　 ]+$"
POSTAL_PATTERN = "^[0-9]{3}-[0-9]{4}$"
PHONE_PATTERN = "^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{3,4}$"
HOLDER_KANA_PATTERN = "^[0-9A-Zｱ-ﾝﾞﾟｰ ().,\\-/]+$"
ACCOUNT_TYPES = ("ordinary", "current", "savings")


@dataclass(frozen=True)
class OptionSpec:
    name: str
    label: Any
    kind: str
    default: Any = None


@dataclass(frozen=True)
class FieldType:
    widget: str
    label: Any
    label_en: str
    option_specs: list[OptionSpec] = field(default_factory=list)
    #: May be a sub-field of a repeating group.
    in_group: bool = True

    def option_defaults(self) -> dict[str, Any]:
        return {spec.name: spec.default for spec in self.option_specs if spec.default is not None}


_MAX_LENGTH = OptionSpec("max_length", _("最大文字数"), "int", 200)
_MIN_LENGTH = OptionSpec("min_length", _("最小文字数"), "int")
_AUTOCOMPLETE = OptionSpec("autocomplete", _("自動入力の種類（autocomplete）"), "text")
_CHOICES = OptionSpec("choices", _("選択肢"), "choices")

FIELD_TYPES: dict[str, FieldType] = {
    spec.widget: spec
    for spec in [
        FieldType(
            "text",
            _("1行のテキスト"),
            "Text",
            [
                _MAX_LENGTH,
                _MIN_LENGTH,
                OptionSpec("pattern", _("入力パターン（正規表現）"), "text"),
                _AUTOCOMPLETE,
            ],
        ),
        FieldType(
            "textarea",
            _("複数行のテキスト"),
            "Paragraph",
            [OptionSpec("max_length", _("最大文字数"), "int", 2000), _MIN_LENGTH],
        ),
        FieldType(
            "kana",
            _("フリガナ（カタカナ）"),
            "Katakana",
            [OptionSpec("max_length", _("最大文字数"), "int", 100), _AUTOCOMPLETE],
        ),
        FieldType(
            "number",
            _("数値"),
            "Number",
            [
                OptionSpec("integer", _("整数のみ"), "bool", True),
                OptionSpec("minimum", _("最小値"), "int"),
                OptionSpec("maximum", _("最大値"), "int"),
            ],
        ),
        FieldType(
            "date",
            _("日付"),
            "Date",
            [
                OptionSpec("min", _("入力できる最も早い日"), "date_limit"),
                OptionSpec("max", _("入力できる最も遅い日"), "date_limit"),
                _AUTOCOMPLETE,
            ],
        ),
        FieldType("radio", _("ひとつ選ぶ（ラジオボタン）"), "Choice (radio buttons)", [_CHOICES]),
        FieldType("select", _("ひとつ選ぶ（プルダウン）"), "Choice (drop-down)", [_CHOICES]),
        FieldType(
            "checkboxes",
            _("複数選ぶ（チェックボックス）"),
            "Several choices (checkboxes)",
            [
                _CHOICES,
                OptionSpec("min_items", _("最少選択数"), "int"),
                OptionSpec("max_items", _("最多選択数"), "int"),
            ],
        ),
        FieldType("address", _("住所（郵便番号つき）"), "Address (with postcode)"),
        FieldType("phone", _("電話番号"), "Phone number"),
        FieldType("email", _("メールアドレス"), "E-mail address"),
        FieldType(
            "file",
            _("添付ファイル"),
            "Attachment",
            [
                OptionSpec("accept", _("受け付けるファイルの種類"), "mime_list", DEFAULT_ACCEPT),
                OptionSpec(
                    "max_bytes", _("1ファイルの最大サイズ（バイト）"), "int", DEFAULT_MAX_BYTES
                ),
                OptionSpec("min_items", _("最少ファイル数"), "int"),
                OptionSpec("max_items", _("最多ファイル数"), "int", 1),
            ],
            in_group=False,
        ),
        FieldType(
            "group",
            _("繰り返しの項目（グループ）"),
            "Repeating group",
            [
                OptionSpec("add_label", _("追加ボタンの文言"), "text"),
                OptionSpec("add_label_en", _("追加ボタンの文言（英語）"), "text"),
                OptionSpec("min_items", _("最少件数"), "int"),
                OptionSpec("max_items", _("最多件数"), "int", 10),
            ],
            in_group=False,
        ),
        FieldType(
            "consent",
            _("同意のチェック"),
            "Consent checkbox",
            [
                OptionSpec("text", _("同意する内容"), "text"),
                OptionSpec("text_en", _("同意する内容（英語）"), "text"),
            ],
        ),
        FieldType("bank_account", _("振込先口座"), "Bank account"),
    ]
}

#: Sub-fields of a bank account answer, in display order.
BANK_PARTS = ("bank_code", "branch_code", "account_type", "account_number", "holder_kana")
ADDRESS_PARTS = ("postal_code", "address", "building")
