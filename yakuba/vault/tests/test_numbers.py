"""The 個人番号 check digit (施行令第8条, 総務省令第85号第5条), normalisation and masking."""

from __future__ import annotations

import pytest

from yakuba.vault.numbers import (
    MyNumberError,
    check_digit,
    format_grouped,
    is_valid,
    mask,
    normalize_my_number,
    weight,
)


def test_weights_are_two_to_seven_then_two_to_six_from_the_right():
    assert [weight(n) for n in range(1, 12)] == [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6]


def test_worked_example_with_remainder_above_one():
    # 12345678901 from the right: 1×2 + 0×3 + 9×4 + 8×5 + 7×6 + 6×7 + 5×2 + 4×3 + 3×4 + 2×5 + 1×6
    # = 2 + 0 + 36 + 40 + 42 + 42 + 10 + 12 + 12 + 10 + 6 = 212; 212 mod 11 = 3; 11 − 3 = 8
    assert check_digit("12345678901") == "8"
    assert is_valid("123456789018")


def test_remainder_zero_gives_zero():
    assert check_digit("00000000000") == "0"  # sum 0


def test_remainder_one_gives_zero():
    # P1 = 6 with weight 2: sum 12, 12 mod 11 = 1 → 0
    assert check_digit("00000000006") == "0"
    assert is_valid("000000000060")


def test_remainder_two_gives_nine():
    # P1 = 1: sum 2, 2 mod 11 = 2 → 11 − 2 = 9
    assert check_digit("00000000001") == "9"


def test_a_published_sample_is_valid():
    # 983205673214: 1×2+2×3+3×4+7×5+6×6+5×7+0×2+2×3+3×4+8×5+9×6 = 238; 238 mod 11 = 7; 11−7 = 4
    assert check_digit("98320567321") == "4"
    assert is_valid("983205673214")


@pytest.mark.parametrize("wrong", ["983205673210", "983205673215", "893205673214", "12345678901"])
def test_wrong_check_digit_or_transposition_or_length_is_invalid(wrong):
    assert not is_valid(wrong)


@pytest.mark.parametrize(
    "typed",
    [
        "983205673214",
        "9832 0567 3214",
        "9832-0567-3214",
        "９８３２０５６７３２１４",
        "９８３２　０５６７　３２１４",
        "９８３２－０５６７－３２１４",
        "9832ー0567ー3214",
        "  9832 0567 3214\n",
    ],
)
def test_normalises_full_width_digits_spaces_and_hyphens(typed):
    assert normalize_my_number(typed) == "983205673214"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "my_number_required"),
        ("   ", "my_number_required"),
        ("9832O5673214", "my_number_format"),  # letter O
        ("9832.0567.3214", "my_number_format"),
        ("1" * 101, "my_number_format"),
        ("98320567321", "my_number_length"),
        ("9832056732140", "my_number_length"),
        ("983205673215", "my_number_check_digit"),
    ],
)
def test_refuses_what_cannot_be_a_number(typed, code):
    with pytest.raises(MyNumberError) as caught:
        normalize_my_number(typed)

    assert caught.value.code == code


def test_length_error_says_how_many_digits_were_typed():
    with pytest.raises(MyNumberError) as caught:
        normalize_my_number("9832 0567 321")

    assert caught.value.params == {"count": 11}
    assert caught.value.user_message() == "個人番号は12桁です（11桁入力されています）。"


def test_check_digit_error_never_carries_the_number():
    with pytest.raises(MyNumberError) as caught:
        normalize_my_number("983205673215")

    error = caught.value
    assert error.params == {}
    assert "98320567321" not in str(error)
    assert "98320567321" not in error.user_message()


def test_mask_and_grouping():
    assert mask("983205673214") == "********3214"
    assert format_grouped("983205673214") == "9832 0567 3214"
