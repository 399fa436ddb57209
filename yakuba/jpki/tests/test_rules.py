"""PIN rules, validity to the 5th birthday after issue, no signing certificate under 15 (STANDARDS §4)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from yakuba.jpki.models import CertificateKind
from yakuba.jpki.rules import (
    age_on,
    fifth_birthday_after,
    may_hold_signing_certificate,
    normalize_pin,
    validate_new_pin,
    validity_end,
)

AUTH = CertificateKind.AUTHENTICATION
SIGN = CertificateKind.SIGNING


@pytest.mark.parametrize(
    ("typed", "pin"), [("1234", "1234"), ("１２３４", "1234"), (" 0000 ", "0000")]
)
def test_authentication_pin_is_four_digits(typed, pin):
    assert validate_new_pin(AUTH, typed) == pin


@pytest.mark.parametrize("typed", ["123", "12345", "12a4", "", "１２３"])
def test_authentication_pin_refuses_anything_but_four_digits(typed):
    with pytest.raises(ValidationError) as caught:
        validate_new_pin(AUTH, typed)

    assert caught.value.code == "auth_pin_format"
    assert caught.value.messages == ["利用者証明用の暗証番号は、数字4桁で入力してください。"]


@pytest.mark.parametrize(
    ("typed", "pin"),
    [
        ("ABC123", "ABC123"),
        ("abc123", "ABC123"),
        ("A1B2C3D4E5F6G7H8", "A1B2C3D4E5F6G7H8"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_signing_pin_is_six_to_sixteen_letters_and_digits(typed, pin):
    assert validate_new_pin(SIGN, typed) == pin


@pytest.mark.parametrize(
    ("typed", "code"), [("AB123", "sign_pin_length"), ("A1B2C3D4E5F6G7H8I", "sign_pin_length")]
)
def test_signing_pin_length_is_checked(typed, code):
    with pytest.raises(ValidationError) as caught:
        validate_new_pin(SIGN, typed)

    assert caught.value.code == code
    assert caught.value.messages == ["署名用の暗証番号は、6文字以上16文字以下で入力してください。"]


@pytest.mark.parametrize("typed", ["ABCDEF", "123456", "ABC-123", "ABC12あ"])
def test_signing_pin_needs_a_letter_and_a_digit_and_nothing_else(typed):
    with pytest.raises(ValidationError) as caught:
        validate_new_pin(SIGN, typed)

    assert caught.value.code == "sign_pin_format"


def test_pin_input_is_cut_before_normalising():
    assert normalize_pin("1" * 100) == "1" * 32


@pytest.mark.parametrize(
    ("issued", "birth", "fifth"),
    [
        # Next birthday later this year: it is the first of five.
        (datetime.date(2026, 4, 1), datetime.date(1980, 4, 2), datetime.date(2030, 4, 2)),
        # Birthday already passed this year.
        (datetime.date(2026, 4, 3), datetime.date(1980, 4, 2), datetime.date(2031, 4, 2)),
        # Issued on the birthday: that day does not count ("after issuance").
        (datetime.date(2026, 4, 2), datetime.date(1980, 4, 2), datetime.date(2031, 4, 2)),
        # 29 February: 28 February in common years.
        (datetime.date(2026, 1, 10), datetime.date(2000, 2, 29), datetime.date(2030, 2, 28)),
        (datetime.date(2026, 3, 1), datetime.date(2000, 2, 29), datetime.date(2031, 2, 28)),
        (datetime.date(2027, 3, 1), datetime.date(2000, 2, 29), datetime.date(2032, 2, 29)),
    ],
)
def test_validity_runs_to_the_fifth_birthday_after_issue(issued, birth, fifth):
    assert fifth_birthday_after(issued, birth) == fifth


def test_validity_ends_at_the_end_of_that_day_in_japan():
    end = validity_end(datetime.date(2026, 4, 1), datetime.date(1980, 4, 2))

    assert end.isoformat() == "2030-04-02T23:59:59+09:00"


@pytest.mark.parametrize(
    ("birth", "day", "age", "signing"),
    [
        (datetime.date(2011, 4, 2), datetime.date(2026, 4, 1), 14, False),
        (datetime.date(2011, 4, 2), datetime.date(2026, 4, 2), 15, True),
        (datetime.date(1980, 4, 2), datetime.date(2026, 4, 1), 45, True),
    ],
)
def test_signing_certificate_from_fifteen(birth, day, age, signing):
    assert age_on(birth, day) == age
    assert may_hold_signing_certificate(birth, day) is signing
