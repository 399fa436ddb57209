"""Reading an existing standard file into the staff-kept tables (指定緊急避難場所, AED).

Accepted:

* **both header styles** — the old 推奨 style (``都道府県コード又は市区町村コード, NO,
  都道府県名, 市区町村名, …, 住所, 方書, …``) and the new style (``全国地方公共団体コード,
  ID, …, 所在地_連結表記, …``); headers are compared after NFKC (full-width and half-width
  brackets and letters are the same) with spaces removed, and a few spellings seen in
  real files are aliases (名称_英字 / 名称_英語).  The columns may come in any order;
  unknown ones are reported and skipped;
* **any of UTF-8 (with or without BOM) and cp932** — UTF-8 is tried first, cp932 next;
* values are width-normalised (full-width digits and letters → half-width, half-width
  katakana → full-width) and trimmed.

Every problem is reported with its line (the header is line 1) and column, in Japanese;
the caller saves nothing when there is any (see :mod:`yakuba.opendata.services.places`).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from yakuba.core.japanese import (
    JapaneseInputError,
    normalize_phone_number,
    normalize_postal_code,
    normalize_width,
)

from ..models import HAZARD_FIELDS
from ..models.places import LATITUDE_RANGE, LONGITUDE_RANGE
from .csvfile import UndecodableFile, decode_text, read_rows
from .values import LIST_SEPARATOR, WEEKDAY_NAMES, tidy_text

#: At most this many data rows are read from one file.
MAX_ROWS = 10_000


class CellError(ValueError):
    """A value that cannot be read; the message is shown to staff."""


@dataclass(frozen=True)
class Problem:
    line: int  # line in the file (the header is 1); 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
        if not self.column:
            return _("%(line)s行目: %(message)s") % {"line": self.line, "message": self.message}
        return _("%(line)s行目「%(column)s」: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportedRow:
    line: int
    values: dict[str, Any]
    #: model field → the header it was read from (to place later errors).
    columns: dict[str, str]


@dataclass
class ImportResult:
    rows: list[ImportedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Columns in the file that were not read.
    skipped_columns: list[str] = field(default_factory=list)
    #: "new" or "old" (推奨) header style; "utf-8", "utf-8-sig" or "cp932".
    style: str = ""
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


# ------------------------------------------------------------------------ values


def _text(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > limit:
            raise CellError(_("%(limit)s文字以内にしてください。") % {"limit": limit})
        return value

    parse.is_text = True  # type: ignore[attr-defined]
    return parse


def _identifier(value: str) -> str:
    if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", value):
        raise CellError(_("IDは半角英数字（「-」「_」も可）40文字以内にしてください。"))
    return value


def _decimal(value: str, low: float, high: float, message: str) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise CellError(_("数値で入力してください。")) from None
    if not number.is_finite() or not low <= number <= high:
        raise CellError(message)
    return number.quantize(Decimal("0.000001"))


def _latitude(value: str) -> Decimal | None:
    return _decimal(
        value,
        *LATITUDE_RANGE,
        _("緯度は%(low)s〜%(high)sの範囲です（経度と入れ替わっていませんか）。")
        % {"low": LATITUDE_RANGE[0], "high": LATITUDE_RANGE[1]},
    )


def _longitude(value: str) -> Decimal | None:
    return _decimal(
        value,
        *LONGITUDE_RANGE,
        _("経度は%(low)s〜%(high)sの範囲です（緯度と入れ替わっていませんか）。")
        % {"low": LONGITUDE_RANGE[0], "high": LONGITUDE_RANGE[1]},
    )


def _elevation(value: str) -> Decimal | None:
    if not value:
        return None
    value = value.removesuffix("m").removesuffix("ｍ").strip()
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise CellError(_("標高はメートルの数値で入力してください。")) from None
    if not number.is_finite() or not -500 <= number <= 4000:
        raise CellError(_("標高はメートルの数値で入力してください。"))
    return number.quantize(Decimal("0.1"))


def _phone(value: str) -> str:
    if not value:
        return ""
    try:
        return normalize_phone_number(value)
    except JapaneseInputError as error:
        raise CellError(str(error.message)) from None


def _postal_code(value: str) -> str:
    if not value:
        return ""
    try:
        return normalize_postal_code(value)
    except JapaneseInputError as error:
        raise CellError(str(error.message)) from None


def _email(value: str) -> str:
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise CellError(_("メールアドレスの形式が正しくありません。")) from None
    return value


def _url(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise CellError(_("http:// または https:// で始まるURLを入力してください。")) from None
        if len(value) > 500:
            raise CellError(_("%(limit)s文字以内にしてください。") % {"limit": 500})
    return value


_TRUE = {"1", "○", "◯", "〇", "●", "有", "あり", "true", "yes", "y"}
_FALSE = {"", "0", "×", "✕", "無", "なし", "-", "false", "no", "n"}


def _flag(value: str) -> bool:
    key = value.lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(_("「1」（該当）または空欄（該当なし）で入力してください。"))


def _yes_no(value: str) -> bool | None:
    if not value:
        return None
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise CellError(_("「有」または「無」で入力してください。"))


def _count(value: str) -> int | None:
    if not value:
        return None
    digits = value.replace(",", "").removesuffix("人").strip()
    if not digits.isdigit():
        raise CellError(_("0以上の整数で入力してください。"))
    return int(digits)


def _time(value: str) -> datetime.time | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})(?::|時)(\d{2})?分?|(\d{2})(\d{2})", value)
    if not match:
        raise CellError(_("時刻は「09:00」の形で入力してください。"))
    if match.group(3):
        hour, minute = int(match.group(3)), int(match.group(4))
    else:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour == 24 and minute == 0:
        return datetime.time(23, 59)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CellError(_("時刻は「09:00」の形で入力してください。"))
    return datetime.time(hour, minute)


_DAY_ORDER = "".join(WEEKDAY_NAMES[number] for number in sorted(WEEKDAY_NAMES))


def _weekdays(value: str) -> str:
    """``月,火,水`` / ``月～金`` / ``月;火`` / ``月・水・金`` (and 祝) → ``月;火;水``."""
    if not value:
        return ""
    text = re.sub(r"曜日?", "", value)
    text = re.sub(
        r"([月火水木金土日])[~～〜\-－ー]([月火水木金土日])",
        lambda m: _DAY_ORDER[_DAY_ORDER.index(m.group(1)) : _DAY_ORDER.index(m.group(2)) + 1],
        text,
    )
    parts = [part for part in re.split(r"[,，、・;；/／\s]+", text) if part]
    days: list[str] = []
    for part in parts:
        if part in ("祝", "祝日", "祭日"):
            days.append("祝")
            continue
        if not all(character in _DAY_ORDER for character in part):
            raise CellError(_("曜日は「月;火;水」のように入力してください。"))
        days.extend(part)
    ordered = [day for day in (*_DAY_ORDER, "祝") if day in days]
    return LIST_SEPARATOR.join(ordered)


def _list(value: str) -> str:
    parts = re.split(r"[;；、,，]", value)
    return LIST_SEPARATOR.join(part.strip() for part in parts if part.strip())


_list.is_text = True  # type: ignore[attr-defined]


def _corporate_number(value: str) -> str:
    digits = value.replace("-", "")
    if digits and not re.fullmatch(r"\d{13}", digits):
        raise CellError(_("法人番号は13桁の数字です。"))
    return digits


# ---------------------------------------------------------------------- columns


@dataclass(frozen=True)
class FieldSpec:
    field: str
    headers: tuple[str, ...]
    parse: Callable[[str], Any]
    required: bool = False

    @property
    def is_text(self) -> bool:
        """Free text keeps its spelling (only digits and half-width kana are tidied);
        other values (numbers, codes, times) are width-normalised first."""
        return getattr(self.parse, "is_text", False)


#: Columns that are read only to check they name this city.
CODE_HEADERS = (
    "全国地方公共団体コード",
    "都道府県コード又は市区町村コード",
    "市区町村コード",
    "所在地_全国地方公共団体コード",
)
#: Address parts (new and old names) composed when 所在地_連結表記 / 住所 is missing.
PART_HEADERS = (
    ("所在地_都道府県", "都道府県名"),
    ("所在地_市区町村", "市区町村名"),
    ("所在地_町字",),
    ("所在地_番地以下",),
)
#: Columns recognised but not stored (derived when the file is written).
DERIVED_HEADERS = ("地方公共団体名", "町字ID")
OLD_STYLE_MARKERS = ("都道府県コード又は市区町村コード", "NO", "住所", "方書")

_COMMON = (
    FieldSpec("identifier", ("ID", "NO", "No", "No."), _identifier),
    FieldSpec("name", ("名称",), _text(200), required=True),
    FieldSpec("name_kana", ("名称_カナ",), _text(200)),
    FieldSpec("address", ("所在地_連結表記", "住所"), _text(300), required=True),
    FieldSpec("building", ("建物名等(方書)", "方書"), _text(200)),
    FieldSpec("latitude", ("緯度",), _latitude),
    FieldSpec("longitude", ("経度",), _longitude),
    FieldSpec("extension", ("内線番号",), _text(20)),
    FieldSpec("url", ("URL",), _url),
    FieldSpec("image", ("画像",), _url),
    FieldSpec("image_license", ("画像_ライセンス",), _text(100)),
    FieldSpec("note", ("備考",), _text(2000)),
)

EVACUATION_SPACE_FIELDS: tuple[FieldSpec, ...] = (
    *_COMMON,
    FieldSpec("name_en", ("名称_英字", "名称_英語"), _text(200)),
    FieldSpec("elevation", ("標高",), _elevation),
    FieldSpec("phone", ("電話番号",), _phone, required=True),
    FieldSpec("email", ("連絡先メールアドレス",), _email),
    FieldSpec("form_url", ("連絡先FormURL",), _url),
    FieldSpec("contact_note", ("連絡先備考(その他、SNSなど)",), _text(300)),
    FieldSpec("postal_code", ("郵便番号",), _postal_code),
    *(FieldSpec(name, (column,), _flag) for name, column in HAZARD_FIELDS),
    FieldSpec("is_designated_shelter", ("指定避難所との重複",), _flag),
    FieldSpec("capacity", ("想定収容人数",), _count),
    FieldSpec("neighbourhood_associations", ("対象となる町会・自治会",), _list),
)

AED_FIELDS: tuple[FieldSpec, ...] = (
    *_COMMON,
    FieldSpec("name_en", ("名称_英語", "名称_英字"), _text(200)),
    FieldSpec("placement", ("設置位置",), _text(200), required=True),
    FieldSpec("phone", ("電話番号",), _phone),
    FieldSpec("corporate_number", ("法人番号",), _corporate_number),
    FieldSpec("organisation_name", ("団体名",), _text(200)),
    FieldSpec("available_days", ("利用可能曜日",), _weekdays),
    FieldSpec("opens_at", ("開始時間",), _time),
    FieldSpec("closes_at", ("終了時間",), _time),
    FieldSpec("availability_note", ("利用可能日時特記事項",), _text(300)),
    FieldSpec("has_pediatric_pads", ("小児対応設備の有無",), _yes_no),
)


def header_key(name: str) -> str:
    """How headers are compared: NFKC, no spaces, no BOM."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name.replace("\ufeff", "")))


def _check_code(value: str, city_code: str) -> None:
    if value and value not in (city_code, city_code[:5]):
        raise CellError(_("この市（%(code)s）のデータではありません。") % {"code": city_code})


def read_file(content: bytes, specs: tuple[FieldSpec, ...], *, city_code: str) -> ImportResult:
    """Read ``content`` (the bytes of a CSV file) with the column specs of one table."""
    result = ImportResult()
    try:
        text, result.encoding = decode_text(content)
    except UndecodableFile:
        result.problems.append(
            Problem(
                0,
                "",
                _(
                    "文字コードを読み取れません。UTF-8 または Shift_JIS（CP932）のCSVにしてください。"
                ),
            )
        )
        return result
    try:
        rows = read_rows(text)
    except Exception:  # noqa: BLE001 - csv.Error and friends: tell staff, not a 500
        result.problems.append(Problem(0, "", _("CSVとして読み取れません。")))
        return result
    if not rows:
        result.problems.append(Problem(0, "", _("ファイルが空です。")))
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.problems.append(
            Problem(0, "", _("%(limit)s行を超えるファイルは読み込めません。") % {"limit": MAX_ROWS})
        )
        return result
    header = [cell.strip() for cell in rows[0]]
    keys = [header_key(cell) for cell in header]
    old_markers = {header_key(name) for name in OLD_STYLE_MARKERS}
    result.style = "old" if old_markers & set(keys) else "new"

    # Which file column feeds which field.
    position: dict[str, int] = {}
    used: set[int] = set()
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in seen and key:
            result.problems.append(Problem(1, header[index], _("同じ見出しの列が2つあります。")))
        seen.setdefault(key, index)
    for spec in specs:
        for alias in spec.headers:
            index = seen.get(header_key(alias))
            if index is not None:
                position[spec.field] = index
                used.add(index)
                break
    code_positions = [seen[header_key(k)] for k in CODE_HEADERS if header_key(k) in seen]
    part_positions = [
        next((seen[header_key(name)] for name in names if header_key(name) in seen), None)
        for names in PART_HEADERS
    ]
    used.update(code_positions)
    used.update(index for index in part_positions if index is not None)
    used.update(seen[header_key(k)] for k in DERIVED_HEADERS if header_key(k) in seen)
    result.skipped_columns = [header[i] for i in range(len(header)) if i not in used and header[i]]
    for spec in specs:
        if spec.required and spec.field not in position:
            if spec.field == "address" and any(i is not None for i in part_positions):
                continue
            result.problems.append(
                Problem(
                    1,
                    "",
                    _("必須の列「%(column)s」がありません。") % {"column": spec.headers[0]},
                )
            )
    if result.problems:
        return result

    identifiers: dict[str, int] = {}
    for line, raw in enumerate(rows[1:], start=2):
        if len(raw) > len(header) and any(cell.strip() for cell in raw[len(header) :]):
            result.problems.append(
                Problem(
                    line, "", _("見出しより多くの値があります（「,」の数を確かめてください）。")
                )
            )
            continue
        result.rows.append(
            _read_row(
                line,
                raw,
                header,
                specs,
                position,
                code_positions,
                part_positions,
                city_code,
                result,
            )
        )
        identifier = result.rows[-1].values.get("identifier") or ""
        if identifier:
            if identifier in identifiers:
                result.problems.append(
                    Problem(
                        line,
                        result.rows[-1].columns["identifier"],
                        _("ID「%(id)s」が%(line)s行目と重複しています。")
                        % {"id": identifier, "line": identifiers[identifier]},
                    )
                )
            identifiers.setdefault(identifier, line)
    return result


def _read_row(
    line: int,
    raw: list[str],
    header: list[str],
    specs: tuple[FieldSpec, ...],
    position: dict[str, int],
    code_positions: list[int],
    part_positions: list[int | None],
    city_code: str,
    result: ImportResult,
) -> ImportedRow:
    cells = [" ".join(cell.split()) for cell in raw]
    cells += [""] * (len(header) - len(cells))
    tidy = [tidy_text(cell) for cell in cells]
    normalised = [" ".join(normalize_width(cell).split()) for cell in cells]
    values: dict[str, Any] = {}
    columns: dict[str, str] = {}
    failed: set[str] = set()
    for index in code_positions:
        try:
            _check_code(normalised[index], city_code)
        except CellError as error:
            result.problems.append(Problem(line, header[index], str(error)))
    for spec in specs:
        index = position.get(spec.field)
        if index is None:
            continue
        columns[spec.field] = header[index]
        try:
            values[spec.field] = spec.parse(tidy[index] if spec.is_text else normalised[index])
        except CellError as error:
            result.problems.append(Problem(line, header[index], str(error)))
            failed.add(spec.field)
    if not values.get("address") and "address" not in failed:
        parts = [i for i in part_positions if i is not None]
        composed = "".join(tidy[i] for i in parts)
        if composed:
            values["address"] = composed
            columns["address"] = header[parts[0]]
    for spec in specs:
        if spec.required and spec.field not in failed and not values.get(spec.field):
            result.problems.append(
                Problem(
                    line,
                    columns.get(spec.field, spec.headers[0]),
                    _("必須の項目です。入力してください。"),
                )
            )
    return ImportedRow(line, values, columns)
