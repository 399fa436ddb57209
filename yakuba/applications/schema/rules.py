"""Per-type rules: normalising what people type, and checking a typed answer.

``normalise_*`` take raw text and return the stored value or raise Django's
``ValidationError`` with our message; ``check_value`` returns the messages for a stored
(already normalised) value.  Messages are translated in the active language.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import jaconv
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yakuba.core.japanese import (
    JapaneseInputError,
    format_date_both,
    format_wareki,
    hiragana_to_katakana,
    normalize_kana,
    normalize_phone_number,
    normalize_postal_code,
    normalize_width,
    parse_japanese_date,
)

from .definition import FieldDef, is_empty
from .types import ACCOUNT_TYPES, HOLDER_KANA_PATTERN, KANA_PATTERN, PHONE_PATTERN, POSTAL_PATTERN

_KANA = re.compile(KANA_PATTERN)
_HOLDER = re.compile(HOLDER_KANA_PATTERN)
_PHONE = re.compile(PHONE_PATTERN)
_POSTAL = re.compile(POSTAL_PATTERN)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _japanese_error(error: JapaneseInputError) -> ValidationError:
    return ValidationError(error.user_message(), code=error.code)


# ------------------------------------------------------------------- normalising


def normalise_text(raw: str, *, multiline: bool = False) -> str:
    value = normalize_width(raw or "")
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def normalise_kana(raw: str) -> str:
    return normalize_kana(raw or "")


def normalise_number(raw: str, *, integer: bool = True) -> int | float:
    text = normalize_width(raw or "").strip().replace(",", "").replace("、", "").replace(" ", "")
    if integer:
        if not re.fullmatch(r"[-+]?[0-9]{1,15}", text):
            raise ValidationError(
                _("整数（半角または全角の数字）で入力してください。"), code="invalid"
            )
        return int(text)
    if not re.fullmatch(r"[-+]?[0-9]{1,15}(\.[0-9]{1,6})?", text):
        raise ValidationError(_("数値（半角または全角の数字）で入力してください。"), code="invalid")
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def normalise_date(raw: str) -> str:
    text = (raw or "").strip()
    if len(text) > 30:
        raise ValidationError(_("日付は30文字以内で入力してください。"), code="max_length")
    try:
        return parse_japanese_date(text).isoformat()
    except JapaneseInputError as error:
        raise _japanese_error(error) from error


def normalise_postal_code(raw: str) -> str:
    try:
        return normalize_postal_code(raw or "")
    except JapaneseInputError as error:
        raise _japanese_error(error) from error


def normalise_phone(raw: str) -> str:
    try:
        return normalize_phone_number(raw or "")
    except JapaneseInputError as error:
        raise _japanese_error(error) from error


def normalise_email(raw: str) -> str:
    return normalize_width(raw or "").strip()


def normalise_digits(raw: str) -> str:
    return re.sub(r"[\s\-]", "", normalize_width(raw or ""))


def normalise_account_number(raw: str) -> str:
    digits = normalise_digits(raw)
    if re.fullmatch(r"[0-9]{1,7}", digits):
        return digits.zfill(7)
    return digits


_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶヰヱヲ", "アイウエオツヤユヨワカケイエオ")
_ZENGIN_PUNCTUATION = str.maketrans(
    {"・": ".", "、": ",", "。": ".", "「": "(", "」": ")", "　": " ", "‐": "-", "－": "-"}
)


def zengin_kana(raw: str) -> str:
    """口座名義 in 全銀 half-width kana: ``やまだ　はなこ`` → ``ﾔﾏﾀﾞ ﾊﾅｺ``; small kana
    folded (ャ → ﾔ), ー → ｰ, Latin letters upper-cased."""
    value = hiragana_to_katakana(normalize_width(raw or ""))
    value = value.translate(_SMALL_TO_LARGE).translate(_ZENGIN_PUNCTUATION).upper()
    value = jaconv.z2h(value, kana=True, ascii=True, digit=True)
    return re.sub(r"\s+", " ", value).strip()


# ---------------------------------------------------------------------- checking


def resolve_date_limit(limit: Any, today: datetime.date | None = None) -> datetime.date | None:
    """``today``, ``today+30``, ``today-6570`` or an ISO date → a date."""
    if not isinstance(limit, str) or not limit:
        return None
    today = today or timezone.localdate()
    match = re.fullmatch(r"today([+-][0-9]{1,5})?", limit)
    if match:
        return today + datetime.timedelta(days=int(match.group(1) or 0))
    try:
        return datetime.date.fromisoformat(limit)
    except ValueError:
        return None


def format_day(day: datetime.date) -> str:
    if translation.get_language() == "en":
        return format_wareki(day, style="en")
    return format_date_both(day)


def required_message(item: FieldDef, language: str = "ja") -> str:
    label = item.title(language)
    if item.widget in ("radio", "select", "checkboxes"):
        return _("%(label)sを選んでください。") % {"label": label}
    if item.widget == "consent":
        return _("%(label)sにチェックを入れてください。") % {"label": label}
    if item.widget == "file":
        return _("%(label)sを添付してください。") % {"label": label}
    return _("%(label)sを入力してください。") % {"label": label}


def _check_string(item: FieldDef, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [_("入力内容が正しくありません。")]
    messages = []
    limit = item.fragment.get("maxLength")
    if limit is not None and len(value) > limit:
        messages.append(
            _("%(limit)d文字以内で入力してください（いま%(count)d文字）。")
            % {"limit": limit, "count": len(value)}
        )
    minimum = item.fragment.get("minLength")
    if minimum is not None and len(value) < minimum:
        messages.append(
            _("%(limit)d文字以上で入力してください（いま%(count)d文字）。")
            % {"limit": minimum, "count": len(value)}
        )
    return messages


def _check_number(item: FieldDef, value: Any) -> list[str]:
    integer = item.fragment.get("type") == "integer"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [_("数値で入力してください。")]
    if integer and not float(value).is_integer():
        return [_("整数で入力してください。")]
    minimum, maximum = item.fragment.get("minimum"), item.fragment.get("maximum")
    if minimum is not None and value < minimum:
        return [_("%(minimum)s以上の数を入力してください。") % {"minimum": minimum}]
    if maximum is not None and value > maximum:
        return [_("%(maximum)s以下の数を入力してください。") % {"maximum": maximum}]
    return []


def _check_date(item: FieldDef, value: Any, today: datetime.date | None) -> list[str]:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return [_("日付の形式が正しくありません。")]
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return [_("日付の形式が正しくありません。")]
    earliest = resolve_date_limit(item.options.get("min"), today)
    latest = resolve_date_limit(item.options.get("max"), today)
    if earliest and day < earliest:
        return [_("%(date)s以降の日付を入力してください。") % {"date": format_day(earliest)}]
    if latest and day > latest:
        return [_("%(date)s以前の日付を入力してください。") % {"date": format_day(latest)}]
    return []


def _check_choices(item: FieldDef, value: Any) -> list[str]:
    values = [choice.value for choice in item.choices]
    if item.widget != "checkboxes":
        return [] if value in values else [_("選択肢から選んでください。")]
    if not isinstance(value, list) or any(entry not in values for entry in value):
        return [_("選択肢から選んでください。")]
    if len(set(value)) != len(value):
        return [_("同じ選択肢が重複しています。")]
    return _check_count(
        item, value, _("%(count)d個以上選んでください。"), _("%(count)d個まで選べます。")
    )


def _check_count(item: FieldDef, value: list, fewer: str, more: str) -> list[str]:
    if item.min_items is not None and len(value) < item.min_items:
        return [fewer % {"count": item.min_items}]
    if item.max_items is not None and len(value) > item.max_items:
        return [more % {"count": item.max_items}]
    return []


def _check_address(value: Any) -> list[str]:
    if not isinstance(value, dict) or set(value) - {"postal_code", "address", "building"}:
        return [_("住所の入力内容が正しくありません。")]
    messages = []
    if not _POSTAL.match(str(value.get("postal_code") or "")):
        messages.append(_("郵便番号は7桁の数字で入力してください（例: 208-0004）。"))
    address = value.get("address")
    if not isinstance(address, str) or not address:
        messages.append(_("住所を入力してください。"))
    elif len(address) > 200:
        messages.append(_("住所は200文字以内で入力してください。"))
    building = value.get("building", "")
    if not isinstance(building, str) or len(building) > 100:
        messages.append(_("建物名・部屋番号は100文字以内で入力してください。"))
    return messages


def check_bank_account(value: Any) -> dict[str, list[str]]:
    """Messages per part of a bank account answer."""
    if not isinstance(value, dict):
        return {"": [_("口座の入力内容が正しくありません。")]}
    messages: dict[str, list[str]] = {}
    rules = {
        "bank_code": (r"[0-9]{4}", _("金融機関コードは4桁の数字で入力してください。")),
        "branch_code": (r"[0-9]{3}", _("支店コードは3桁の数字で入力してください。")),
        "account_number": (r"[0-9]{7}", _("口座番号は7桁以内の数字で入力してください。")),
    }
    for part, (pattern, message) in rules.items():
        if not re.fullmatch(pattern, str(value.get(part) or "")):
            messages[part] = [message]
    if value.get("account_type") not in ACCOUNT_TYPES:
        messages["account_type"] = [_("預金の種類を選んでください。")]
    holder = value.get("holder_kana")
    if not isinstance(holder, str) or not holder:
        messages["holder_kana"] = [_("口座名義（カナ）を入力してください。")]
    elif len(holder) > 30:
        messages["holder_kana"] = [
            _("口座名義は半角30文字以内で入力してください（いま%(count)d文字）。")
            % {"count": len(holder)}
        ]
    elif not _HOLDER.match(holder):
        messages["holder_kana"] = [
            _("口座名義はカタカナ（英大文字・数字・記号 ().,-/ も可）で入力してください。")
        ]
    extra = set(value) - {
        "bank_code",
        "branch_code",
        "account_type",
        "account_number",
        "holder_kana",
    }
    if extra:
        messages[""] = [_("口座の入力内容が正しくありません。")]
    return messages


def check_value(
    item: FieldDef, value: Any, *, today: datetime.date | None = None, language: str = "ja"
) -> list[str]:
    """Messages for a stored, non-empty answer of ``item`` (active language)."""
    widget = item.widget
    if widget in ("text", "textarea"):
        messages = _check_string(item, value)
        pattern = item.fragment.get("pattern")
        if not messages and pattern and not re.search(pattern, value):
            messages.append(_("入力の形式が正しくありません。"))
        return messages
    if widget == "kana":
        messages = _check_string(item, value)
        if not messages and not _KANA.match(value):
            messages.append(_("カタカナで入力してください。"))
        return messages
    if widget == "number":
        return _check_number(item, value)
    if widget == "date":
        return _check_date(item, value, today)
    if widget in ("radio", "select", "checkboxes"):
        return _check_choices(item, value)
    if widget == "address":
        return _check_address(value)
    if widget == "phone":
        if not isinstance(value, str) or not _PHONE.match(value):
            return [_("電話番号の形式が正しくありません（例: 042-565-1111、090-1234-5678）。")]
        return []
    if widget == "email":
        if not isinstance(value, str) or not _EMAIL.match(value):
            return [_("メールアドレスの形式が正しくありません（例: hanako@example.jp）。")]
        if len(value) > 254:
            return [_("メールアドレスは254文字以内で入力してください。")]
        return []
    if widget == "file":
        if not isinstance(value, list) or any(
            isinstance(entry, bool) or not isinstance(entry, int) for entry in value
        ):
            return [_("添付ファイルが正しくありません。")]
        return _check_count(
            item,
            value,
            _("ファイルを%(count)d個以上添付してください。"),
            _("ファイルは%(count)d個まで添付できます。"),
        )
    if widget == "consent":
        return [] if value is True else [required_message(item, language)]
    if widget == "bank_account":
        return [message for part in check_bank_account(value).values() for message in part]
    if widget == "group":
        return [
            message
            for messages in check_group(item, value, today=today, language=language).values()
            for message in messages
        ]
    return [_("入力内容が正しくありません。")]


def check_group(
    item: FieldDef, value: Any, *, today: datetime.date | None = None, language: str = "ja"
) -> dict[str, list[str]]:
    """Messages of a repeating group answer: ``""`` for the whole group and
    ``"<n>__<sub>"`` (n from 0) for a sub-field of item n."""
    if not isinstance(value, list) or any(not isinstance(entry, dict) for entry in value):
        return {"": [_("入力内容が正しくありません。")]}
    messages: dict[str, list[str]] = {}
    count = _check_count(
        item, value, _("%(count)d件以上入力してください。"), _("%(count)d件まで入力できます。")
    )
    if count:
        messages[""] = count
    keys = {child.key for child in item.children}
    for number, entry in enumerate(value):
        if set(entry) - keys:
            messages.setdefault("", []).append(_("入力内容が正しくありません。"))
        for child in item.children:
            child_value = entry.get(child.key)
            if is_empty(child_value):
                problems = [required_message(child, language)] if child.required else []
            else:
                problems = check_value(child, child_value, today=today, language=language)
            if problems:
                messages[f"{number}__{child.key}"] = [
                    _("%(number)d件目の%(label)s: %(message)s")
                    % {"number": number + 1, "label": child.title(language), "message": problem}
                    for problem in problems
                ]
    return messages
