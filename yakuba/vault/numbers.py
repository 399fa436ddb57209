"""The 個人番号 itself: normalising what staff type, the check digit, masking.

Plain functions, no models and no keys.  The check digit (検査用数字) follows
the formula of 行政手続における特定の個人を識別するための番号の利用等に関する法律
施行令第8条 and 総務省令第85号 (平成26年) 第5条:

    check = 11 − (Σ_{n=1..11} Pn × Qn mod 11), or 0 when that remainder is 0 or 1

where Pn is the n-th digit of the first eleven **counted from the right** (the
digit just before the check digit is P1) and Qn = n + 1 for 1 ≤ n ≤ 6,
n − 5 for 7 ≤ n ≤ 11 (the weights 2 3 4 5 6 7 2 3 4 5 6 from the right).

Nothing here ever puts a number into an exception message, its ``params`` or
its ``str()``: errors carry a code and a translatable message only.
"""

from __future__ import annotations

import operator
import re

from django.utils.translation import gettext_lazy as _

from yakuba.core.japanese import MAX_INPUT_LENGTH, JapaneseInputError, normalize_width

NUMBER_LENGTH = 12
MASK = "*" * 8

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−ー－]")
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_ELEVEN_DIGITS = re.compile(r"[0-9]{11}")


class MyNumberError(JapaneseInputError):
    """A typed 個人番号 that cannot be one (empty, not 12 digits, wrong check digit)."""


def weight(n: int) -> int:
    """Qn: the weight of the n-th digit counted from the right (1 ≤ n ≤ 11)."""
    if 1 <= n <= 6:
        return n + 1
    if 7 <= n <= 11:
        return n - 5
    raise ValueError("n must be between 1 and 11")


#: Qn for the eleven digits written left to right (the 11th digit from the right comes first).
_WEIGHTS_LEFT_TO_RIGHT = tuple(weight(n) for n in range(11, 0, -1))  # 6 5 4 3 2 7 6 5 4 3 2
_OFFSET = 48 * sum(_WEIGHTS_LEFT_TO_RIGHT)


def check_digit(first_eleven: str) -> str:
    """The 検査用数字 of the first eleven digits (half-width ASCII digits only)."""
    if not isinstance(first_eleven, str) or not _ELEVEN_DIGITS.fullmatch(first_eleven):
        raise ValueError("check_digit() needs exactly eleven ASCII digits")
    # Σ Qn × (byte − 48): the ASCII digits are the bytes 48 to 57.
    total = sum(map(operator.mul, _WEIGHTS_LEFT_TO_RIGHT, first_eleven.encode("ascii"))) - _OFFSET
    remainder = total % 11
    return "0" if remainder <= 1 else str(11 - remainder)


def is_valid(number: str) -> bool:
    """True for twelve ASCII digits whose last one is the right check digit."""
    return (
        isinstance(number, str)
        and _TWELVE_DIGITS.fullmatch(number) is not None
        and check_digit(number[:11]) == number[11]
    )


def normalize_my_number(text: str) -> str:
    """The 12 half-width digits of a typed 個人番号, validated.

    Full-width digits (１２３４), spaces (also the ideographic space) and hyphens
    or dashes between the groups (``1234-5678-9012``, ``1234 5678 9012``) are
    accepted.  Raises :class:`MyNumberError` with the code

    * ``my_number_required`` — nothing typed;
    * ``my_number_format`` — anything but digits and separators, or too long;
    * ``my_number_length`` — not twelve digits (``params["count"]`` digits typed);
    * ``my_number_check_digit`` — the 12th digit does not match the first eleven.
    """
    if not isinstance(text, str) or not text.strip():
        raise MyNumberError("my_number_required", _("個人番号を入力してください。"))
    if len(text) > MAX_INPUT_LENGTH:
        raise MyNumberError(
            "my_number_format", _("個人番号は12桁の数字で入力してください（例: 1234 5678 9012）。")
        )
    digits = _SEPARATORS.sub("", normalize_width(text))
    if not re.fullmatch(r"[0-9]+", digits):
        raise MyNumberError(
            "my_number_format", _("個人番号は12桁の数字で入力してください（例: 1234 5678 9012）。")
        )
    if len(digits) != NUMBER_LENGTH:
        raise MyNumberError(
            "my_number_length",
            _("個人番号は12桁です（%(count)d桁入力されています）。"),
            {"count": len(digits)},
        )
    if check_digit(digits[:11]) != digits[11]:
        raise MyNumberError(
            "my_number_check_digit",
            _(
                "個人番号の検査用数字（12桁目）が合いません。"
                "番号を書き写し間違えていないか、もう一度確かめてください。"
            ),
        )
    return digits


def mask(number: str) -> str:
    """``********9012``: only the last four digits, as the number is shown everywhere."""
    return MASK + number[-4:]


def format_grouped(number: str) -> str:
    """``1234 5678 9012``: the clear number in groups of four, for the reveal page only."""
    return " ".join(number[i : i + 4] for i in range(0, NUMBER_LENGTH, 4))
