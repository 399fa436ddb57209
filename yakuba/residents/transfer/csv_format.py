"""The registry CSV format: columns, encodings, and reading a file line by line.

One format serves the import of a vendor system's register, the backup
export and the extracts of the sync adapter (docs/modules/residents-transfer.md
has the column table).  Reading is streaming: bytes come in chunks, are split
into physical lines, decoded (UTF-8 with or without BOM, or Shift_JIS/CP932,
detected from the first 64 KiB) and parsed by :mod:`csv`; each record becomes
a :class:`RegistryRow` or a list of :class:`Problem` (line, column, message).

Nothing here touches the database: the town areas are passed in.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import JapaneseInputError, normalize_width, parse_japanese_date

SNIFF_BYTES = 64 * 1024
UTF8_BOM = codecs.BOM_UTF8

# The labels written in the file (the format, independent of the page language).
SEX_LABELS = {"male": "男", "female": "女"}
SEX_VALUES = {
    "男": "male",
    "女": "female",
    "男性": "male",
    "女性": "female",
    "1": "male",
    "2": "female",
}
RELATIONSHIP_LABELS = {
    "head": "世帯主",
    "wife": "妻",
    "husband": "夫",
    "child": "子",
    "child_spouse": "子の配偶者",
    "father": "父",
    "mother": "母",
    "grandchild": "孫",
    "sibling": "兄弟姉妹",
    "other": "その他",
}
STATUS_LABELS = {"resident": "住民", "removed": "除票"}
REMOVAL_REASON_LABELS = {"move_out": "転出", "death": "死亡", "other": "職権消除"}


def _inverse(labels: Mapping[str, str]) -> dict[str, str]:
    values = {label: key for key, label in labels.items()}
    values.update({key: key for key in labels})
    return values


RELATIONSHIP_VALUES = _inverse(RELATIONSHIP_LABELS)
STATUS_VALUES = _inverse(STATUS_LABELS)
REMOVAL_REASON_VALUES = _inverse(REMOVAL_REASON_LABELS)


@dataclass(frozen=True)
class Column:
    """One column of the format: its header, the attribute it fills, and its rules."""

    key: str
    header: str
    required: bool = False
    kind: str = "text"  # text, name, kana, code, date, choice
    max_length: int | None = None
    export: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("resident_code", "住民票コード", True, "code", 11),
    Column("household_number", "世帯番号", True, "code", 12),
    Column("family_name", "氏", True, "name", 50),
    Column("given_name", "名", True, "name", 50),
    Column("family_name_kana", "氏（カナ）", True, "kana", 100),
    Column("given_name_kana", "名（カナ）", True, "kana", 100),
    Column("former_family_name", "旧氏", False, "name", 50),
    Column("birth_date", "生年月日", True, "date"),
    Column("sex", "性別", True, "choice"),
    Column("relationship", "続柄", True, "choice"),
    Column("town_area_code", "町字コード", True, "code", 7),
    Column("town_area_name", "町丁目名", False, "text", 50),
    Column("banchi", "番地", True, "text", 40),
    Column("katagaki", "方書", False, "text", 100),
    Column("became_resident_on", "住民となった年月日", True, "date"),
    Column("address_set_on", "住所を定めた年月日", True, "date"),
    Column("previous_address", "従前の住所", False, "text", 200),
    Column("registered_domicile", "本籍", False, "text", 200),
    Column("domicile_head", "筆頭者", False, "name", 100),
    Column("status", "状態", False, "choice"),
    Column("removed_on", "消除日", False, "date"),
    Column("removal_reason", "消除事由", False, "choice"),
    Column("next_address", "転出先", False, "text", 200),
    Column("changed_on", "異動日", False, "date", export=False),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
EXPORT_COLUMNS = tuple(column for column in COLUMNS if column.export)
EXPORT_HEADERS = tuple(column.header for column in EXPORT_COLUMNS)

#: Model field → column, for errors raised by the residents services.
FIELD_COLUMNS = {
    **{column.key: column.header for column in COLUMNS},
    "household": "世帯番号",
    "town_area": "町字コード",
    "new_head": "続柄",
    "effective_on": "異動日",
}


@functools.lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header as compared: width-normalised, without spaces or BOM (``氏(カナ)`` = ``氏（カナ）``)."""
    return "".join(normalize_width(text.replace("\ufeff", "")).split())


_HEADER_INDEX = {header_key(column.header): column for column in COLUMNS}


@dataclass(frozen=True)
class Problem:
    """What is wrong where: ``line`` 0 means the whole file; ``message`` is translatable."""

    line: int
    column: str
    code: str
    message: Any
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass
class RegistryRow:
    """One record of the file, typed and normalised (not yet checked against the register)."""

    line: int
    resident_code: str
    household_number: str
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: datetime.date
    sex: str
    relationship: str
    town_area_code: str
    banchi: str
    became_resident_on: datetime.date
    address_set_on: datetime.date
    katagaki: str = ""
    former_family_name: str = ""
    previous_address: str = ""
    registered_domicile: str = ""
    domicile_head: str = ""
    status: str = "resident"
    removed_on: datetime.date | None = None
    removal_reason: str = ""
    next_address: str = ""
    changed_on: datetime.date | None = None
    town_area_name: str = ""

    @property
    def is_current(self) -> bool:
        return self.status == "resident"

    @property
    def address(self) -> tuple[str, str, str]:
        return (self.town_area_code, self.banchi, self.katagaki)


@dataclass
class Record:
    """One record as read: the row when it is well formed, else its problems.

    ``household_number`` is set whenever that cell could be read, so the
    register-wide checks can tell which household a broken line belongs to.
    """

    line: int
    row: RegistryRow | None
    problems: list[Problem]
    household_number: str = ""


class FileProblem(Exception):
    """The file cannot be read at all (encoding, header); nothing after it is checked."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


# ----------------------------------------------------------------- bytes to lines


def detect_encoding(sample: bytes) -> str:
    """``utf-8-sig`` (BOM), ``utf-8`` or ``cp932`` from the first bytes of a file.

    Raises :class:`FileProblem` when the sample is neither (UTF-16 included).
    """
    if sample.startswith(UTF8_BOM):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(
            Problem(
                0,
                "",
                "unsupported_encoding",
                _("UTF-16 のファイルは読めません。UTF-8 または Shift_JIS で保存してください。"),
            )
        )
    for encoding in ("utf-8", "cp932"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem(
        Problem(
            0,
            "",
            "unknown_encoding",
            _("文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。"),
        )
    )


class LineSource:
    """Physical lines from chunks of bytes, decoded; remembers undecodable lines.

    Splitting on ``\\n`` before decoding is safe for UTF-8 and CP932 (no
    multi-byte character contains the byte 0x0A).  ``bytes_done`` counts the
    bytes consumed so far (for progress).
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._buffer = b""
        self.bytes_done = 0
        self.line_number = 0
        self.bad_lines: set[int] = set()
        sample = b""
        for chunk in self._chunks:
            sample += chunk
            if len(sample) >= SNIFF_BYTES:
                break
        self._head = sample
        if not sample.strip():
            raise FileProblem(Problem(0, "", "empty_file", _("ファイルが空です。")))
        self.encoding = detect_encoding(sample[:SNIFF_BYTES])
        self._codec = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        if sample.startswith(UTF8_BOM):
            self._head = sample[len(UTF8_BOM) :]
            self.bytes_done = len(UTF8_BOM)

    def _raw_lines(self) -> Iterator[bytes]:
        pending = self._head
        self._head = b""
        chunks = self._chunks
        while True:
            start = 0
            while (end := pending.find(b"\n", start)) != -1:
                yield pending[start : end + 1]
                start = end + 1
            pending = pending[start:]
            chunk = next(chunks, None)
            if chunk is None:
                break
            pending += chunk
        if pending:
            yield pending

    def __iter__(self) -> Iterator[str]:
        for raw in self._raw_lines():
            self.bytes_done += len(raw)
            self.line_number += 1
            content = raw.rstrip(b"\r\n")
            try:
                text = content.decode(self._codec)
            except UnicodeDecodeError:
                self.bad_lines.add(self.line_number)
                text = content.decode(self._codec, errors="replace")
            yield text + "\n"


# ---------------------------------------------------------------- parsing records


def _required(line: int, column: Column) -> Problem:
    return Problem(
        line,
        column.header,
        "required",
        _("%(column)sを入力してください。"),
        {"column": column.header},
    )


@functools.lru_cache(maxsize=65536)
def _clean(value: str) -> str:
    """Width-normalised with single spaces (cached: names and addresses repeat a lot)."""
    if value.isascii():
        return " ".join(value.split())
    return " ".join(normalize_width(value).split())


def parse_value(column: Column, raw: str) -> Any:
    """The typed value of one cell; raises :class:`ValidationError` with a message."""
    value = _clean(raw)
    if column.kind != "code" and column.max_length is not None and len(value) > column.max_length:
        raise ValidationError(
            _("%(column)sは%(limit)s文字以内にしてください（%(length)s文字あります）。"),
            code="too_long",
            params={"column": column.header, "limit": column.max_length, "length": len(value)},
        )
    if column.kind == "code":
        digits = value.replace(" ", "").replace("-", "")
        if not digits.isascii() or not digits.isdigit():
            raise ValidationError(
                _("%(column)sは数字で入力してください。"),
                code="not_digits",
                params={"column": column.header},
            )
        if column.key == "resident_code" and len(digits) != 11:
            raise ValidationError(_("住民票コードは11桁の数字です。"), code="invalid_resident_code")
        if column.key == "town_area_code" and len(digits) != 7:
            raise ValidationError(_("町字コードは7桁の数字です。"), code="invalid_town_area_code")
        if column.key == "household_number" and not 1 <= len(digits) <= 12:
            raise ValidationError(
                _("世帯番号は12桁以内の数字です。"), code="invalid_household_number"
            )
        return digits
    if column.kind == "date":
        try:
            return parse_japanese_date(value)
        except JapaneseInputError as error:
            raise ValidationError(error.message, code=error.code, params=error.params) from error
    if column.kind == "choice":
        table = {
            "sex": SEX_VALUES,
            "relationship": RELATIONSHIP_VALUES,
            "status": STATUS_VALUES,
            "removal_reason": REMOVAL_REASON_VALUES,
        }[column.key]
        key = value.replace(" ", "")
        if key not in table:
            allowed = {
                "sex": "男、女",
                "relationship": "、".join(RELATIONSHIP_LABELS.values()),
                "status": "住民、除票",
                "removal_reason": "転出、死亡、職権消除",
            }[column.key]
            raise ValidationError(
                _("%(column)sは次のいずれかで入力してください: %(allowed)s"),
                code="invalid_choice",
                params={"column": column.header, "allowed": allowed},
            )
        return table[key]
    return value


class RegistryCsvReader:
    """Reads a registry CSV: the header first, then one record at a time.

    ``town_area_names`` maps each known 町字コード to its 町丁目名.  Iterating
    yields a :class:`Record` per record: its ``row`` is ``None`` when the
    record has problems.  Checks here concern one record only (format, required values,
    known codes, the removal fields); the register-wide rules are in
    :mod:`.importer`.
    """

    def __init__(
        self,
        chunks: Iterable[bytes],
        *,
        town_area_names: Mapping[str, str],
        today: datetime.date,
    ) -> None:
        self.lines = LineSource(chunks)
        self.encoding = self.lines.encoding
        self.town_area_names = town_area_names
        self.today = today
        self._reader = csv.reader(iter(self.lines), strict=False)
        self.columns = self._read_header()

    @property
    def bytes_done(self) -> int:
        return self.lines.bytes_done

    def _read_header(self) -> list[Column | None]:
        try:
            header = next(self._reader)
        except StopIteration:
            raise FileProblem(Problem(0, "", "empty_file", _("ファイルが空です。"))) from None
        if self.lines.bad_lines:
            raise FileProblem(
                Problem(
                    1,
                    "",
                    "encoding",
                    _("見出し行に %(encoding)s として読めない文字があります。"),
                    {"encoding": self.encoding},
                )
            )
        columns: list[Column | None] = []
        unknown: list[str] = []
        seen: set[str] = set()
        duplicates: list[str] = []
        for text in header:
            column = _HEADER_INDEX.get(header_key(text))
            if column is None:
                if text.strip():
                    unknown.append(text.strip())
                columns.append(None)
                continue
            if column.key in seen:
                duplicates.append(column.header)
            seen.add(column.key)
            columns.append(column)
        if unknown:
            raise FileProblem(
                Problem(
                    1,
                    "",
                    "unknown_header",
                    _(
                        "見出しに知らない項目があります: %(headers)s。"
                        "取り込まない列（個人番号など）は削除してください。"
                    ),
                    {"headers": "、".join(unknown[:10])},
                )
            )
        if duplicates:
            raise FileProblem(
                Problem(
                    1,
                    "",
                    "duplicate_header",
                    _("見出しが重複しています: %(headers)s"),
                    {"headers": "、".join(duplicates)},
                )
            )
        missing = [
            column.header for column in COLUMNS if column.required and column.key not in seen
        ]
        if missing:
            raise FileProblem(
                Problem(
                    1,
                    "",
                    "missing_header",
                    _("必須の見出しがありません: %(headers)s"),
                    {"headers": "、".join(missing)},
                )
            )
        return columns

    def __iter__(self) -> Iterator[Record]:
        reader = self._reader
        while True:
            start = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield _broken(
                    start,
                    "csv_syntax",
                    _("CSVの形式が正しくありません（%(detail)s）。"),
                    {"detail": str(error)},
                )
                continue
            if not values or all(not value.strip() for value in values):
                continue  # blank line
            if any(start <= line <= reader.line_num for line in self.lines.bad_lines):
                yield _broken(
                    start,
                    "encoding",
                    _("%(encoding)s として読めない文字があります。"),
                    {"encoding": self.encoding},
                )
                continue
            if len(values) != len(self.columns):
                yield _broken(
                    start,
                    "column_count",
                    _(
                        "項目の数が見出しと違います（見出し %(expected)s 項目、この行 %(actual)s 項目）。"
                    ),
                    {"expected": len(self.columns), "actual": len(values)},
                )
                continue
            yield self.parse_record(start, values)

    def parse_record(self, line: int, values: list[str]) -> Record:
        problems: list[Problem] = []
        data: dict[str, Any] = {}
        for column, raw in zip(self.columns, values, strict=True):
            if column is None:
                continue
            if not raw.strip():
                if column.required:
                    problems.append(_required(line, column))
                continue
            try:
                data[column.key] = parse_value(column, raw)
            except ValidationError as error:
                problems.extend(_problems(line, column.header, error))
        problems.extend(self._check_record(line, data))
        number = data.get("household_number", "")
        if problems:
            return Record(line, None, problems, number)
        return Record(line, RegistryRow(line=line, **data), [], number)

    def _check_record(self, line: int, data: dict[str, Any]) -> list[Problem]:
        """Checks across the cells of one record (the town area, the removal fields)."""
        problems: list[Problem] = []
        code = data.get("town_area_code")
        if code is not None:
            known = self.town_area_names.get(code)
            if known is None:
                problems.append(
                    Problem(
                        line,
                        "町字コード",
                        "unknown_town_area",
                        _("この町字コードは町丁目の一覧にありません。"),
                    )
                )
            elif data.get("town_area_name") and header_key(data["town_area_name"]) != header_key(
                known
            ):
                problems.append(
                    Problem(
                        line,
                        "町丁目名",
                        "town_area_mismatch",
                        _("町丁目名が町字コードの町丁目（%(name)s）と一致しません。"),
                        {"name": known},
                    )
                )
        status = data.setdefault("status", "resident")
        removed_on = data.get("removed_on")
        if status == "removed":
            if removed_on is None:
                problems.append(
                    Problem(line, "消除日", "required", _("除票には消除日が必要です。"))
                )
            else:
                if removed_on > self.today:
                    problems.append(
                        Problem(
                            line, "消除日", "future_date", _("消除日に未来の日付は指定できません。")
                        )
                    )
                address_set_on = data.get("address_set_on")
                if address_set_on is not None and removed_on < address_set_on:
                    problems.append(
                        Problem(
                            line,
                            "消除日",
                            "dates_ordered",
                            _("消除日は住所を定めた年月日以降にしてください。"),
                        )
                    )
        else:
            for key in ("removed_on", "removal_reason", "next_address"):
                if data.get(key):
                    header = COLUMN_BY_KEY[key].header
                    problems.append(
                        Problem(
                            line,
                            header,
                            "invalid_removal",
                            _("住民の行には%(column)sを書けません（除票の行だけに書きます）。"),
                            {"column": header},
                        )
                    )
        changed_on = data.get("changed_on")
        if changed_on is not None and changed_on > self.today:
            problems.append(
                Problem(line, "異動日", "future_date", _("異動日に未来の日付は指定できません。"))
            )
        return problems


def _broken(line: int, code: str, message: Any, params: dict[str, Any]) -> Record:
    return Record(line, None, [Problem(line, "", code, message, params)])


def _problems(line: int, column: str, error: ValidationError) -> list[Problem]:
    return [
        Problem(line, column, item.code or "invalid", item.message, dict(item.params or {}))
        for item in error.error_list
    ]


def problems_from_validation(line: int, error: ValidationError) -> list[Problem]:
    """A residents service's ``ValidationError`` as report lines (field → column)."""
    if hasattr(error, "error_dict"):
        found = []
        for name, items in error.error_dict.items():
            column = FIELD_COLUMNS.get(name, "")
            for item in items:
                found.append(
                    Problem(
                        line, column, item.code or "invalid", item.message, dict(item.params or {})
                    )
                )
        return found
    return _problems(line, "", error)


# ---------------------------------------------------------------------- writing


def format_date(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def header_line() -> list[str]:
    return list(EXPORT_HEADERS)
