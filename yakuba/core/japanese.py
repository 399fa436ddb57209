"""Japanese input conventions used across yakuba.

Plain functions, no models: 和暦 ⇄ 西暦, full-width/half-width normalisation,
kana conversion and search keys, postal codes, phone numbers and the
全国地方公共団体コード check digit.

Every parser raises :class:`JapaneseInputError` on bad input (never anything
else), carrying a machine ``code``, a translatable ``message`` template with
named placeholders and its ``params``, so forms can show a clear message in the
page's language: ``ValidationError(error.message, code=error.code, params=error.params)``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

import jaconv
from django.utils.translation import gettext_lazy as _

MAX_INPUT_LENGTH = 100


class JapaneseInputError(ValueError):
    """Bad Japanese-convention input, with a code and a translatable message."""

    def __init__(self, code: str, message: Any, params: dict[str, Any] | None = None) -> None:
        self.code = code
        self.message = message
        self.params = params or {}
        super().__init__(code)

    def __str__(self) -> str:
        return f"{self.code} {self.params}" if self.params else self.code

    def user_message(self) -> str:
        """The message rendered in the active language."""
        return str(self.message) % self.params if self.params else str(self.message)


# --------------------------------------------------------------------------- eras


@dataclass(frozen=True)
class Era:
    """A Japanese era (元号)."""

    name: str
    initial: str
    name_en: str
    start: datetime.date
    end: datetime.date | None  # last day, inclusive; None for the current era


# 明治 is applied retroactively from 慶応4年1月1日 (1868-01-25), as most libraries do;
# the Gregorian calendar was used in Japan only from 明治6年1月1日 (1873-01-01).
# 大正 and 昭和 each start on the last day of the previous era (shared days);
# a date on a shared day is shown in the new era and parsed in either.
ERAS: tuple[Era, ...] = (
    Era("明治", "M", "Meiji", datetime.date(1868, 1, 25), datetime.date(1912, 7, 30)),
    Era("大正", "T", "Taisho", datetime.date(1912, 7, 30), datetime.date(1926, 12, 25)),
    Era("昭和", "S", "Showa", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7)),
    Era("平成", "H", "Heisei", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30)),
    Era("令和", "R", "Reiwa", datetime.date(2019, 5, 1), None),
)
_ERA_BY_KEY: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_KEY[_era.name] = _era
    _ERA_BY_KEY[_era.name[0]] = _era  # 昭45.3.1
    _ERA_BY_KEY[_era.initial] = _era
    _ERA_BY_KEY[_era.initial.lower()] = _era
# The single-character era ligatures (㍾㍽㍼㍻㋿) are handled by NFKC normalisation.


@dataclass(frozen=True)
class Wareki:
    """A date in the Japanese calendar."""

    era: str
    era_initial: str
    year: int
    month: int
    day: int

    @property
    def year_label(self) -> str:
        return "元" if self.year == 1 else str(self.year)


def era_of(day: datetime.date) -> Era:
    """The era a date is shown in (the newer era on a shared day)."""
    for era in reversed(ERAS):
        if day >= era.start:
            return era
    raise JapaneseInputError("before_meiji", _("明治より前の日付は和暦に変換できません。"), {})


def to_wareki(day: datetime.date) -> Wareki:
    """The era, era year, month and day of a date (昭和45年3月1日 for 1970-03-01).

    Raises :class:`JapaneseInputError` (``before_meiji``) for a date before 1868-01-25.
    """
    era = era_of(day)
    return Wareki(era.name, era.initial, day.year - era.start.year + 1, day.month, day.day)


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_wareki(day: datetime.date, *, style: Literal["kanji", "short", "en"] = "kanji") -> str:
    """Format a date in the Japanese calendar.

    * ``kanji``: 令和7年4月1日, with 元年 for the first year (令和元年5月1日);
    * ``short``: R7.4.1 (era initial, no padding, year 1 written ``1``);
    * ``en``: April 1, 2025 (Reiwa 7) — month names fixed, independent of the C locale.

    A shared day (1912-07-30, 1926-12-25) is shown in the new era.
    """
    wareki = to_wareki(day)
    if style == "kanji":
        return f"{wareki.era}{wareki.year_label}年{wareki.month}月{wareki.day}日"
    if style == "short":
        return f"{wareki.era_initial}{wareki.year}.{wareki.month}.{wareki.day}"
    if style == "en":
        era = era_of(day)
        month = _MONTHS_EN[day.month - 1]
        return f"{month} {day.day}, {day.year} ({era.name_en} {wareki.year})"
    raise ValueError(f"unknown style {style!r}")


def format_date_both(day: datetime.date) -> str:
    """令和7年4月1日（2025年4月1日）: both calendars, as forms for older residents show."""
    return f"{format_wareki(day)}（{day.year}年{day.month}月{day.day}日）"


_INVALID_FORMAT = _(
    "日付の形式が正しくありません。例: 2025年4月1日、令和7年4月1日、R7.4.1、S45.3.1"
)

# Patterns apply to text already NFKC-normalised with whitespace removed and dashes
# unified, so only ASCII digits are admitted ([0-9], not \d, which also matches ٣ or ३).
_SEPARATORS = r"[./\-年月]"
_DATE_TAIL = rf"{_SEPARATORS}([0-9]{{1,2}}){_SEPARATORS}([0-9]{{1,2}})日?"
_WESTERN = re.compile(rf"([0-9]{{4}}){_DATE_TAIL}")
_WESTERN_COMPACT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_WAREKI = re.compile(
    rf"(明治|大正|昭和|平成|令和|明|大|昭|平|令|[MTSHRmtshr])(元|[0-9]{{1,2}}){_DATE_TAIL}"
)
# Same shape with something else where the era goes (慶応3年1月1日, X45.3.1): unknown_era.
_OTHER_ERA = re.compile(
    rf"([A-Za-z]|[\u3400-\u4dbf\u4e00-\u9fff]{{1,2}})(元|[0-9]{{1,2}}){_DATE_TAIL}"
)


def _normalise_date_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"\s+", "", text)
    # NFKC maps the era ligatures (㍻ → 平成) and full-width digits; unify dashes.
    return re.sub(r"[‐‑‒–—―−ー]", "-", text)


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise JapaneseInputError(
            "invalid_date",
            _("%(year)s年%(month)s月%(day)s日という日付はありません。"),
            {"year": year, "month": month, "day": day},
        ) from error


def parse_japanese_date(text: str) -> datetime.date:
    """Parse a date typed by a person, in 西暦 or 和暦, full- or half-width.

    Accepted: ``2025-04-01``, ``2025/4/1``, ``2025年4月1日``, ``20250401``,
    ``昭和45年3月1日``, ``令和元年5月1日``, ``S45.3.1``, ``s45/3/1``, ``R07.04.01``,
    ``S45-3-1``, ``昭45.3.1``.  The year must exist in the era
    (平成31年4月30日 is valid, 平成31年5月1日 is not).
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_INPUT_LENGTH:
        raise JapaneseInputError("invalid_format", _INVALID_FORMAT)
    value = _normalise_date_text(text)

    if match := _WESTERN.fullmatch(value) or _WESTERN_COMPACT.fullmatch(value):
        year, month, day = (int(group) for group in match.groups())
        return _make_date(year, month, day)

    match = _WAREKI.fullmatch(value)
    if not match:
        if other := _OTHER_ERA.fullmatch(value):
            raise JapaneseInputError(
                "unknown_era",
                _(
                    "「%(era)s」という元号は使えません。明治・大正・昭和・平成・令和"
                    "（M・T・S・H・R）または西暦で入力してください。"
                ),
                {"era": other.group(1)},
            )
        raise JapaneseInputError("invalid_format", _INVALID_FORMAT)
    era_key, year_text, month_text, day_text = match.groups()
    era = _ERA_BY_KEY[era_key]
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        raise JapaneseInputError(
            "year_out_of_era",
            _("%(era)s%(year)s年は存在しません。"),
            {"era": era.name, "year": era_year},
        )
    result = _make_date(era.start.year + era_year - 1, int(month_text), int(day_text))
    if result < era.start or (era.end is not None and result > era.end):
        params = {
            "date": f"{era.name}{year_text}年{int(month_text)}月{int(day_text)}日",
            "era": era.name,
            "start": era.start.isoformat(),
            "end": era.end.isoformat() if era.end else "",
        }
        if era.end is None:
            message = _("%(date)s は%(era)sの期間外です（%(era)sは%(start)sから）。")
        else:
            message = _("%(date)s は%(era)sの期間外です（%(era)sは%(start)sから%(end)sまで）。")
        raise JapaneseInputError("year_out_of_era", message, params)
    return result


# -------------------------------------------------------------------------- width

_DIGIT_DASHES = re.compile(r"(?<=\d)[‐‑‒–—―−－ー](?=\d)")


def normalize_width(text: str) -> str:
    """Normalise what people type in Japanese input methods.

    The exact rules, in order:

    1. half-width katakana → full-width, voiced marks composed (ｶﾞｷﾞｰ → ガギー);
    2. full-width ASCII (U+FF01–U+FF5E: letters, digits, punctuation) → ASCII
       (ＡＢＣ１２３＠ → ABC123@); the full-width hyphen-minus － therefore always
       becomes ``-``, as any other full-width punctuation does;
    3. the ideographic space (U+3000) → a normal space (runs are not collapsed);
    4. a dash-like character ‐ ‑ ‒ – — ― − or the prolonged sound mark ー,
       **only when it stands between two digits**, → ``-`` (０４２ー５６５ → 042-565);
       elsewhere it is kept, so ラーメン and ミュージアム‐ホール are unchanged.

    Kanji, hiragana and full-width katakana are unchanged. NFKC is deliberately
    not applied here: it would also rewrite characters people write in their
    names (CJK compatibility ideographs, ①, ㈱), and registered names must keep
    their spelling. Dates, where that does not matter, are NFKC-normalised.
    """
    if not text:
        return ""
    result = jaconv.h2z(text, kana=True, ascii=False, digit=False)
    result = jaconv.z2h(result, kana=False, ascii=True, digit=True)
    result = result.replace("\u3000", " ")
    return _DIGIT_DASHES.sub("-", result)


# --------------------------------------------------------------------------- kana


def hiragana_to_katakana(text: str) -> str:
    """ひらがな → カタカナ (full-width); everything else unchanged."""
    return jaconv.hira2kata(text)


def katakana_to_hiragana(text: str) -> str:
    """カタカナ (full-width) → ひらがな; ー and everything else unchanged."""
    return jaconv.kata2hira(text)


_KANA_ONLY = re.compile(r"^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC-\u30FE]+$")
_KANA_OR_SPACE = re.compile(r"^[\u3041-\u3096\u309D\u309E\u30A1-\u30FA\u30FC-\u30FE ]+$")


def normalize_kana(text: str) -> str:
    """Full-width katakana, single spaces, stripped: ``ﾔﾏﾀﾞ　たろう`` → ``ヤマダ タロウ``."""
    result = hiragana_to_katakana(normalize_width(text or ""))
    return re.sub(r"\s+", " ", result).strip()


def is_kana(text: str, *, allow_space: bool = True) -> bool:
    """True when ``text`` holds only hiragana, katakana, ー (and spaces if allowed).

    Half-width katakana and the ideographic space count (the text is width-normalised
    first); the iteration marks ゝゞヽヾ count as kana; the middle dot ・ does not.
    An empty or blank text is not kana.
    """
    if not isinstance(text, str) or not text:
        return False
    value = normalize_width(text).replace("\u3000", " ")
    return bool((_KANA_OR_SPACE if allow_space else _KANA_ONLY).match(value)) and bool(
        value.strip()
    )


_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Deliberately small table of old/variant kanji common in names, folded for SEARCH KEYS ONLY
# (the registry always stores the name as written).
_KANJI_VARIANTS = str.maketrans(
    {
        "髙": "高",
        "﨑": "崎",
        "邊": "辺",
        "邉": "辺",
        "齋": "斎",
        "齊": "斎",
        "澤": "沢",
        "濱": "浜",
        "廣": "広",
        "國": "国",
    }
)


def name_search_key(text: str) -> str:
    """A key that makes name search width-, kana-, space- and small-kana-insensitive.

    ``ヤマダ　タロウ``, ``やまだたろう`` and ``ﾔﾏﾀﾞ ﾀﾛｳ`` share one key; 髙橋 matches 高橋.

    Steps: :func:`normalize_width`, hiragana → katakana, all whitespace removed,
    small kana → normal size (ァ→ア, ッ→ツ, ャ→ヤ, ヮ→ワ, ヵ→カ, ヶ→ケ), the small
    table of old/variant kanji above folded, Latin letters lower-cased.
    Voiced marks are significant (ガ ≠ カ, パ ≠ ハ). The key is stored on records,
    so changing these rules means recomputing the stored keys.
    """
    value = hiragana_to_katakana(normalize_width(text or ""))
    value = re.sub(r"\s+", "", value).translate(_SMALL_KANA).translate(_KANJI_VARIANTS)
    return value.lower()


# ------------------------------------------------------------------ postal, phone


_POSTAL_CODE = re.compile(r"[〒〶]?\s*([0-9]{3})\s*-?\s*([0-9]{4})")


def normalize_postal_code(text: str) -> str:
    """``2080004``, ``208-0004``, ``〒２０８－０００４``, ``208 0004`` → ``208-0004``.

    Accepted: an optional 〒 (or 〶), then 3 digits, an optional hyphen or space,
    4 digits; full-width digits and any dash are accepted. Anything else
    (``20-80004``, 6 or 8 digits, letters) raises ``invalid_postal_code``.
    """
    match = None
    if isinstance(text, str) and len(text) <= MAX_INPUT_LENGTH:
        match = _POSTAL_CODE.fullmatch(normalize_width(text).strip())
    if match is None:
        raise JapaneseInputError(
            "invalid_postal_code", _("郵便番号は7桁の数字で入力してください（例: 208-0004）。")
        )
    return f"{match.group(1)}-{match.group(2)}"


_PHONE_MESSAGE = _("電話番号の形式が正しくありません（例: 042-565-1111、090-1234-5678）。")


def normalize_phone_number(text: str) -> str:
    """Validate a Japanese domestic number and format it with hyphens.

    Input may use full-width digits, any dash, spaces and parentheses
    (``042(565)1111``), and the country code (``+81 42 565 1111``,
    ``+81 (0)42-565-1111``) for ``042-565-1111``.

    * 11 digits: mobile/IP/M2M 070, 080, 090, 050, 020, 060 → ``090-1234-5678``;
      0800 free dial → ``0800-123-4567``;
    * 10 digits: 0120 free dial and 0570 ナビダイヤル → ``0120-123-456``;
      any other number starting 0[1-9] is a fixed line: the caller's grouping is
      kept when it has exactly three groups (area code of 2–5 digits, last group of
      4), else 2-4-4 for Tokyo 03 and Osaka 06 (``03-1234-5678``) and 3-3-4 for
      the others (``042-565-1111``).

    Anything else raises ``invalid_phone``.
    """
    if not isinstance(text, str) or len(text) > 30:
        raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
    value = normalize_width(text).strip()
    value = re.sub(r"[‐‑‒–—―−ー]", "-", value)
    if value.startswith("+81"):
        rest = re.sub(r"^[\s-]*(?:\(\s*0\s*\))?[\s-]*", "", value[3:])
        value = "0" + rest
    value = re.sub(r"\(\s*([0-9]+)\s*\)", r"-\1-", value)
    if not re.fullmatch(r"[0-9\- ]+", value):
        raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
    groups = [group for group in re.split(r"[\s\-]+", value) if group]
    digits = "".join(groups)
    if not digits.startswith("0") or digits.startswith("00"):
        raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
    if digits.startswith(("0120", "0570")):
        if len(digits) != 10:
            raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if digits.startswith("0800"):
        if len(digits) != 11:
            raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if digits[:3] in {"070", "080", "090", "050", "020", "060"}:
        if len(digits) != 11:
            raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    if len(digits) != 10:
        raise JapaneseInputError("invalid_phone", _PHONE_MESSAGE)
    if len(groups) == 3 and 2 <= len(groups[0]) <= 5 and len(groups[2]) == 4:
        return "-".join(groups)
    if digits[:2] in {"03", "06"}:
        return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


# ---------------------------------------------------- 全国地方公共団体コード


def local_government_check_digit(five_digits: str) -> str:
    """Check digit (検査数字) of a 5-digit code (総務省の方式).

    Multiply the digits by 6, 5, 4, 3, 2 and sum; ``r`` = sum mod 11; the check
    digit is the last digit of ``11 - r`` (r=0 → 1, r=1 → 0). ``13223`` → ``3``.
    """
    if not isinstance(five_digits, str) or not re.fullmatch(r"[0-9]{5}", five_digits):
        raise JapaneseInputError(
            "invalid_local_government_code",
            _("全国地方公共団体コードは6桁の数字です（例: 132233）。"),
        )
    total = sum(
        int(digit) * weight for digit, weight in zip(five_digits, (6, 5, 4, 3, 2), strict=True)
    )
    remainder = total % 11
    return str((11 - remainder) % 10)


def validate_local_government_code(code: str) -> str:
    """Return the normalised 6-digit code (full-width digits accepted).

    Raises ``invalid_local_government_code``; when only the check digit is wrong
    the message says which digit was expected (params ``code``, ``expected``).
    """
    value = normalize_width(code).strip() if isinstance(code, str) else ""
    if not re.fullmatch(r"[0-9]{6}", value):
        raise JapaneseInputError(
            "invalid_local_government_code",
            _("全国地方公共団体コードは6桁の数字です（例: 132233）。"),
        )
    expected = local_government_check_digit(value[:5])
    if value[5] != expected:
        raise JapaneseInputError(
            "invalid_local_government_code",
            _("検査数字が一致しません。%(code)s の6桁目は %(expected)s になるはずです。"),
            {"code": value[:5], "expected": expected},
        )
    return value


def prefecture_code(code: str) -> str:
    """The 2-digit prefecture part (JIS X 0401) of a local-government code."""
    return validate_local_government_code(code)[:2]


def format_yen(amount: int) -> str:
    """``1234`` → ``1,234円`` (``-500`` → ``-500円``)."""
    return f"{amount:,}円"
