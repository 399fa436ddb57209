"""clean_options: defaults like the copiers', yes/no parsing, Japanese errors per field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation

from yakuba.certificates.content import clean_options, default_options, toggles_for


def errors(kind, raw, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        clean_options(kind, raw, **kwargs)
    return caught.value.message_dict


def test_residence_defaults_are_the_copiers():
    assert clean_options("residence", {}) == {
        "scope": "self",
        "relationship": True,
        "domicile": False,
        "resident_code": False,
        "my_number": False,
    }


def test_items_defaults():
    assert default_options("residence_items") == {
        "scope": "self",
        "birth_date": True,
        "sex": True,
        "relationship": True,
        "became_resident_on": False,
        "address_set_on": False,
        "previous_address": False,
        "domicile": False,
    }
    assert default_options("seal") == {} and default_options("tax") == {}


def test_hidden_zero_then_checkbox_the_last_value_wins():
    checked = QueryDict(
        "scope=household&domicile=0&domicile=1&relationship=0&csrfmiddlewaretoken=x"
    )
    cleaned = clean_options("residence", checked)
    assert cleaned["scope"] == "household"
    assert cleaned["domicile"] is True and cleaned["relationship"] is False
    assert "csrfmiddlewaretoken" not in cleaned


@pytest.mark.parametrize("value", ["1", "on", "TRUE", "yes", "１", True])
def test_yes_values(value):
    assert clean_options("residence", {"my_number": value})["my_number"] is True


@pytest.mark.parametrize("value", ["0", "off", "false", "No", "", False])
def test_no_values(value):
    assert clean_options("residence", {"relationship": value})["relationship"] is False


def test_cleaning_is_idempotent():
    once = clean_options("residence_items", {"scope": "household", "sex": "0"})
    assert clean_options("residence_items", once) == once
    year = clean_options("tax", {"fiscal_year": "2025"}, available_years=[2025])
    assert clean_options("tax", year, available_years=[2025]) == year == {"fiscal_year": 2025}


def test_bad_choices_get_japanese_messages_per_field():
    found = errors("residence", {"scope": "everyone", "domicile": "maybe"})
    assert found == {
        "scope": ["証明書に記載する人を「本人のみ」か「世帯全員」から選んでください。"],
        "domicile": ["「本籍と筆頭者」は、記載するか記載しないかを選んでください。"],
    }


def test_english_messages_on_an_english_page():
    with translation.override("en"):
        found = errors("residence", {"scope": "everyone"})
    assert list(found) == ["scope"]


def test_unknown_kind():
    assert errors("passport", {}) == {"kind": ["証明書の種類を選んでください。"]}


def test_tax_year_defaults_to_the_latest_available():
    assert clean_options("tax", {}, available_years=[2023, 2025, 2024]) == {"fiscal_year": 2025}
    assert clean_options("tax", {"fiscal_year": "２０２４年度"}, available_years=[2024]) == {
        "fiscal_year": 2024
    }


def test_tax_year_errors():
    assert errors("tax", {}) == {"fiscal_year": ["年度を選んでください。"]}
    assert errors("tax", {}, available_years=[]) == {
        "fiscal_year": ["証明できる年度がありません。市役所の窓口でお問い合わせください。"]
    }
    assert errors("tax", {"fiscal_year": "R7"}) == {
        "fiscal_year": ["年度は西暦4桁の数字で選んでください（例: 2025）。"]
    }
    assert errors("tax", {"fiscal_year": "2020"}, available_years=[2025, 2024]) == {
        "fiscal_year": ["2020年度は選べません。選べる年度: 2025、2024"]
    }
    assert errors("tax", {"fiscal_year": "1900"}) == {
        "fiscal_year": ["年度は西暦4桁の数字で選んでください（例: 2025）。"]
    }


def test_toggles_for_each_kind():
    assert [t.key for t in toggles_for("residence")] == [
        "relationship",
        "domicile",
        "resident_code",
        "my_number",
    ]
    assert len(toggles_for("residence_items")) == 7
    assert toggles_for("seal") == () and toggles_for("tax") == ()
