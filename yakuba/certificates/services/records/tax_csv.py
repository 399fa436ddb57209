"""Reading the tax system's CSV of 課税・所得 (one line per person and 年度).

Format (documented in docs/modules/certificates-records.md):

* UTF-8 (with or without BOM) or Shift_JIS (CP932), detected from the bytes;
* the first line is the header; columns are found by their names (any order; other
  columns are ignored and listed in the report): 住民票コード, 年度, 給与収入, 合計所得金額,
  所得控除額合計, 課税標準額, 市民税所得割額, 市民税均等割額, 都民税所得割額,
  都民税均等割額, 扶養人数 — 年度 may be left out when the import names the year;
* amounts are whole yen, full-width digits and thousands commas accepted (``１，２３４``,
  ``1,234円``); an empty cell is 0; 年度 in 西暦 or 和暦 (``2025``, ``令和7年度``, ``R7``).

Parsing never touches the database: it returns rows and per-line problems.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 500_000
MAX_AMOUNT = 10**13 - 1
MAX_DEPENDANTS = 99
FIRST_YEAR = 1989
LAST_YEAR = 2200

#: Header → model field, in the documented order.
COLUMNS: dict[str, str] = {
    "住民票コード": "resident_code",
    "年度": "fiscal_year",
    "給与収入": "salary_income",
    "合計所得金額": "total_income",
    "所得控除額合計": "deductions_total",
    "課税標準額": "taxable_income",
    "市民税所得割額": "municipal_income_levy",
    "市民税均等割額": "municipal_per_capita",
    "都民税所得割額": "prefectural_income_levy",
    "都民税均等割額": "prefectural_per_capita",
    "扶養人数": "dependants",
}
AMOUNT_COLUMNS = tuple(
    name
    for name, key in COLUMNS.items()
    if key not in ("resident_code", "fiscal_year", "dependants")
)
LABELS: dict[str, str] = {key: name for name, key in COLUMNS.items()}

_ERAS = {"令和": 2018, "令": 2018, "R": 2018, "平成": 1988, "平": 1988, "H": 1988}
_YEAR = re.compile(r"^(令和|令|R|平成|平|H)?(元|[0-9]{1,4})$")


@dataclass(frozen=True)
class LineError:
    """One problem: the line number in the file (1 = the header) and what is wrong."""

    line: int
    column: str
    message: str | Promise

    def __str__(self) -> str:
        return f"{self.line}: {self.column} {self.message}"


@dataclass
class ParsedRow:
    line: int
    values: dict[str, Any]


@dataclass
class ParsedFile:
    encoding: str = ""
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def decode(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)``: UTF-8 with BOM, UTF-8, else CP932; ``None`` when neither reads."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "cp932")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def parse_amount(raw: str, *, maximum: int = MAX_AMOUNT) -> int:
    """``"１，２３４円"`` → 1234; empty → 0; ``ValueError`` with the message otherwise."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    text = re.sub(r"[,\s円]", "", text)
    if text == "":
        return 0
    if re.fullmatch(r"[-△▲][0-9]+", text):
        raise ValueError(_("負の金額は取り込めません（「%(value)s」）。") % {"value": raw.strip()})
    if not re.fullmatch(r"[0-9]+", text):
        raise ValueError(_("数字で入力してください（「%(value)s」）。") % {"value": raw.strip()})
    value = int(text)
    if value > maximum:
        raise ValueError(_("値が大きすぎます（「%(value)s」）。") % {"value": raw.strip()})
    return value


def parse_year(raw: str) -> int:
    """``2025``, ``令和7年度``, ``R7``, ``平成31`` → the 西暦 year; ``ValueError`` otherwise."""
    text = _key(raw).removesuffix("年度").removesuffix("年").upper()
    found = _YEAR.fullmatch(text)
    if not found:
        raise ValueError(_("年度を読み取れません（「%(value)s」）。") % {"value": raw.strip()})
    era, number = found.groups()
    year = 1 if number == "元" else int(number)
    if era:
        year += _ERAS[era]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("年度は%(first)s年度から%(last)s年度までです（「%(value)s」）。")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "value": raw.strip()}
        )
    return year


def parse_resident_code(raw: str) -> str:
    text = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", raw or ""))
    if not re.fullmatch(r"[0-9]{11}", text):
        raise ValueError(
            _("住民票コードは11桁の数字です（「%(value)s」）。") % {"value": (raw or "").strip()}
        )
    return text


def _header(cells: list[str], *, year_given: bool, result: ParsedFile) -> dict[int, str] | None:
    positions: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = COLUMNS.get(_key(cell))
        if key is None:
            if cell.strip():
                result.ignored_columns.append(cell.strip())
            continue
        if key in positions.values():
            result.errors.append(LineError(1, cell.strip(), _("同じ名前の列が2つあります。")))
            return None
        positions[index] = key
    required = [name for name, key in COLUMNS.items() if key != "fiscal_year" or not year_given]
    missing = [name for name in required if COLUMNS[name] not in positions.values()]
    if missing:
        result.errors.append(
            LineError(
                1,
                "",
                _("見出し行に次の列がありません: %(columns)s") % {"columns": "、".join(missing)},
            )
        )
        return None
    return positions


def parse_tax_csv(data: bytes, *, fiscal_year: int | None = None) -> ParsedFile:
    """Rows and problems of one file; ``fiscal_year`` fills a missing 年度 column and must
    equal the 年度 of every line when the column is there."""
    result = ParsedFile()
    if not data.strip():
        result.errors.append(LineError(0, "", _("ファイルが空です。")))
        return result
    if len(data) > MAX_FILE_BYTES:
        result.errors.append(
            LineError(
                0,
                "",
                _("ファイルが大きすぎます（%(limit)sMBまで）。")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)},
            )
        )
        return result
    decoded = decode(data)
    if decoded is None:
        result.errors.append(
            LineError(
                0,
                "",
                _(
                    "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。"
                ),
            )
        )
        return result
    text, result.encoding = decoded
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        positions = _header(header or [], year_given=fiscal_year is not None, result=result)
        if positions is None:
            return result
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(result.rows) >= MAX_ROWS:
                result.errors.append(
                    LineError(
                        line,
                        "",
                        _("%(limit)s行を超えるファイルは分けて取り込んでください。")
                        % {"limit": MAX_ROWS},
                    )
                )
                break
            _parse_line(line, cells, positions, fiscal_year, result)
    except csv.Error as error:
        result.errors.append(
            LineError(
                reader.line_num,
                "",
                _("CSVの形式が正しくありません（%(detail)s）。") % {"detail": str(error)},
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(LineError(0, "", _("取り込む行がありません（見出し行だけです）。")))
    return result


def _parse_line(
    line: int,
    cells: list[str],
    positions: dict[int, str],
    fiscal_year: int | None,
    result: ParsedFile,
) -> None:
    if len(cells) < max(positions) + 1:
        result.errors.append(LineError(line, "", _("列の数が見出し行より少なくなっています。")))
        return
    values: dict[str, Any] = {}
    problems = 0
    for index, key in positions.items():
        raw = cells[index]
        try:
            if key == "resident_code":
                values[key] = parse_resident_code(raw)
            elif key == "fiscal_year":
                values[key] = parse_year(raw)
                if fiscal_year is not None and values[key] != fiscal_year:
                    raise ValueError(
                        _("取り込む年度（%(expected)s年度）と違います（「%(value)s」）。")
                        % {"expected": fiscal_year, "value": raw.strip()}
                    )
            elif key == "dependants":
                values[key] = parse_amount(raw, maximum=MAX_DEPENDANTS)
            else:
                values[key] = parse_amount(raw)
        except ValueError as error:
            result.errors.append(LineError(line, LABELS[key], str(error.args[0])))
            problems += 1
    if fiscal_year is not None and "fiscal_year" not in values and problems == 0:
        values["fiscal_year"] = fiscal_year
    if problems == 0:
        result.rows.append(ParsedRow(line, values))
