"""The standard procedures as data: complete, valid forms, valid example answers."""

from __future__ import annotations

import re

import pytest

from yakuba.applications import standard
from yakuba.applications.models import ApplicantKind, IdentityLevel
from yakuba.applications.policies import HANDLING_DEPARTMENTS
from yakuba.applications.schema import FormDefinition, check_definition, validate_answers

REQUIRED = {
    "juminhyo-yuso",
    "kazei-shomei-yuso",
    "gan-kenshin",
    "koho-kokoku",
    "kouza-furikae",
    "inu-toroku",
    "sodai-gomi",
    "jido-teate",
    "event-sanka",
    "shisetsu-shiyo",
    "tenshutsu-yuso",
    "inkan-shomei-yuso",
    "doro-fuguai-tsuho",
    "gomi-calendar",
    "kaigo-nintei",
    "shogai-techo-jusho",
    "shugaku-enjo",
    "bosai-mail-dairi",
    "koen-meigi",
    "shimin-katsudo-dantai",
    "jukyo-hyoji-shomei",
}
KATAKANA = re.compile(r"^[ァ-ヴー・（）　 ]+$")
IDS = [item.code for item in standard.PROCEDURES]


def test_at_least_eighteen_procedures_with_the_required_ones():
    codes = [item.code for item in standard.PROCEDURES]

    assert len(codes) >= 18
    assert len(set(codes)) == len(codes)
    assert REQUIRED <= set(codes)


def test_catalogue_facts_are_complete_and_use_known_codes():
    categories = {category.code for category in standard.CATEGORIES}
    for item in standard.PROCEDURES:
        assert re.fullmatch(r"^[a-z][a-z0-9-]{1,59}$", item.code), item.code
        assert item.department_code in HANDLING_DEPARTMENTS, item.code
        assert item.category in categories, item.code
        assert item.identity_level in IdentityLevel.values, item.code
        assert item.applicant_kind in ApplicantKind.values, item.code
        assert KATAKANA.match(item.title_kana), item.code
        for text in (item.title, item.title_en, item.summary, item.summary_en):
            assert text.strip(), item.code
        assert len(item.title) <= 120 and len(item.summary) <= 300, item.code
        assert len(item.description) > 80 and len(item.description_en) > 80, item.code
        assert item.keywords and item.contact and item.handling_days >= 1, item.code


def test_real_fees():
    fees = {item.code: item.fee_yen for item in standard.PROCEDURES}

    assert fees["juminhyo-yuso"] == 300
    assert fees["kazei-shomei-yuso"] == 300
    assert fees["inu-toroku"] == 3000
    assert fees["kyokenbyo-chusha"] == 550
    assert standard.procedure("sodai-gomi").fee_note.startswith("品目ごとに")


def test_required_identity_levels():
    levels = {item.code: item.identity_level for item in standard.PROCEDURES}

    assert {code for code, level in levels.items() if level == "card"} >= {
        "juminhyo-yuso", "kazei-shomei-yuso", "kouza-furikae", "jido-teate",
        "kaigo-nintei", "shugaku-enjo",
    }  # fmt: skip
    assert levels["event-sanka"] == levels["doro-fuguai-tsuho"] == "none"
    assert levels["gan-kenshin"] == levels["inu-toroku"] == levels["sodai-gomi"] == "account"
    assert standard.procedure("koho-kokoku").applicant_kind == "business"


@pytest.mark.parametrize("item", standard.PROCEDURES, ids=IDS)
def test_every_form_passes_check_definition(item):
    schema, ui_schema = item.definition()

    check_definition(schema, ui_schema)


@pytest.mark.parametrize("item", standard.PROCEDURES, ids=IDS)
def test_every_example_answer_set_is_valid(item):
    schema, ui_schema = item.definition()

    errors = validate_answers(FormDefinition(schema, ui_schema), item.example)

    assert errors == {}


@pytest.mark.parametrize(
    "item", [item for item in standard.PROCEDURES if item.identity_level == "card"], ids=str
)
def test_card_level_forms_prefill_name_kana_birth_date_and_address(item):
    _schema, ui_schema = item.definition()

    prefills = {ui_schema[key].get("ui:prefill") for key in ui_schema["ui:order"]}

    assert {"name", "name_kana", "birth_date", "address"} <= prefills


def test_every_form_ends_with_a_consent_or_is_a_report():
    without = [
        item.code
        for item in standard.PROCEDURES
        if not any(field.widget == "consent" for field in item.form.fields)
    ]

    assert set(without) <= {
        "sodai-gomi",
        "gomi-calendar",
        "doro-fuguai-tsuho",
        "bosai-musen",
        "sogyo-shien-shomei",
    }


def test_long_forms_have_pages_and_conditions():
    paged = [item.code for item in standard.PROCEDURES if item.form.pages]
    conditional = [
        item.code for item in standard.PROCEDURES if any(f.show_if for f in item.form.fields)
    ]

    assert {"juminhyo-yuso", "jido-teate", "kaigo-nintei", "sodai-gomi"} <= set(paged)
    assert {"juminhyo-yuso", "kazei-shomei-yuso", "inu-toroku", "sodai-gomi"} <= set(conditional)


def test_an_example_without_a_required_field_is_refused():
    item = standard.procedure("juminhyo-yuso")
    definition = FormDefinition(*item.definition())
    answers = {**item.example, "delivery": "other"}

    errors = validate_answers(definition, answers)

    assert set(errors) == {"delivery_address", "delivery_reason"}


def test_repeating_groups_of_the_required_forms():
    for code, key in (("sodai-gomi", "items"), ("jido-teate", "children")):
        schema, ui_schema = standard.procedure(code).definition()
        assert ui_schema[key]["ui:widget"] == "group"
        assert schema["properties"][key]["minItems"] == 1


def test_life_events_reference_existing_procedures_in_order():
    codes = {item.code for item in standard.PROCEDURES}
    events = {event.code: event for event in standard.LIFE_EVENTS}

    assert {"hikkoshi", "shussei", "kaigo", "nyugaku", "kaigyo"} <= set(events)
    for event in standard.LIFE_EVENTS:
        steps = [step.procedure for step in event.steps]
        assert steps and set(steps) <= codes, event.code
        assert len(set(steps)) == len(steps), event.code
        assert all(step.note and step.note_en for step in event.steps), event.code
    assert events["shussei"].steps[0].procedure == "jido-teate"
    assert events["hikkoshi"].steps[0].procedure == "tenshutsu-yuso"
