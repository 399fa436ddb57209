"""The generator: deterministic, and a plausible population on the real town areas."""

from __future__ import annotations

import re

import pytest

from yakuba.demo.population import REFERENCE_DATE, SHOWCASE_RESIDENT_CODE, generate_population
from yakuba.residents.services import read_town_area_csv

KATAKANA = re.compile(r"^[ァ-ヺー-ヾ]+$")
PARENTS = {"head", "wife", "husband"}


@pytest.fixture(scope="module")
def population():
    return generate_population(3000, 7)


def _people(households):
    return [person for household in households for person in household.members]


def test_same_seed_gives_identical_output():
    assert generate_population(500, 42) == generate_population(500, 42)


def test_different_seeds_give_different_output():
    assert generate_population(500, 42) != generate_population(500, 43)


@pytest.mark.parametrize("residents", [1, 2, 3, 4, 57, 3000])
def test_holds_exactly_the_requested_number_of_residents(residents):
    assert len(_people(generate_population(residents, 1))) == residents


def test_refuses_an_empty_population():
    with pytest.raises(ValueError):
        generate_population(0, 1)


def test_every_household_has_exactly_one_head_listed_first(population):
    for household in population:
        relationships = [person.relationship for person in household.members]
        assert relationships.count("head") == 1
        assert relationships[0] == "head"


def test_heads_are_adults(population):
    for household in population:
        head = household.members[0]
        assert (REFERENCE_DATE - head.birth_date).days >= 18 * 365


def test_children_are_younger_than_the_head_and_spouse(population):
    for household in population:
        parents = [person for person in household.members if person.relationship in PARENTS]
        for child in (person for person in household.members if person.relationship == "child"):
            assert all(child.birth_date > parent.birth_date for parent in parents)
        for elder in (
            person for person in household.members if person.relationship in {"father", "mother"}
        ):
            assert elder.birth_date < household.members[0].birth_date


def test_kana_names_are_katakana_and_kanji_names_present(population):
    for person in _people(population):
        assert KATAKANA.match(person.family_name_kana) and KATAKANA.match(person.given_name_kana)
        assert person.family_name and person.given_name


def test_names_come_as_matched_kanji_and_kana_pairs(population):
    from faker.providers.person.ja_JP import Provider

    surnames = {kanji: kana for kanji, kana, _romaji in Provider.last_name_pairs} | {
        "村山": "ムラヤマ"
    }
    given = {kanji: kana for kanji, kana, _romaji in Provider.first_name_pairs} | {
        "太郎": "タロウ",
        "花子": "ハナコ",
        "翔太": "ショウタ",
    }
    for person in _people(population):
        assert surnames[person.family_name] == person.family_name_kana
        assert given[person.given_name] == person.given_name_kana


def test_resident_codes_are_unique_eleven_digits(population):
    codes = [person.resident_code for person in _people(population)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[0-9]{11}", code) for code in codes)


def test_household_numbers_are_unique(population):
    numbers = [household.household_number for household in population]
    assert len(set(numbers)) == len(numbers)


def test_every_address_is_in_a_real_town_area(population):
    areas = {area.code: area for area in read_town_area_csv()}
    used = {household.town_area_code for household in population}
    assert used <= set(areas)
    assert len(used) >= 40  # spread over the city
    assert not {areas[code].name for code in used} & {
        "三ツ木四丁目",
        "岸四丁目",
    }  # no housing there
    for household in population:
        assert household.banchi.endswith("番地") or "番地の" in household.banchi


def test_dates_are_ordered_and_not_after_the_reference_date(population):
    for person in _people(population):
        assert (
            person.birth_date
            <= person.became_resident_on
            <= person.address_set_on
            <= REFERENCE_DATE
        )


def test_age_structure_is_that_of_an_ageing_suburb(population):
    people = _people(population)
    ages = [(REFERENCE_DATE - person.birth_date).days / 365.25 for person in people]
    elderly = sum(age >= 65 for age in ages) / len(ages)
    children = sum(age < 15 for age in ages) / len(ages)
    assert 0.22 <= elderly <= 0.34
    assert 0.08 <= children <= 0.20
    assert 2.0 <= len(people) / len(population) <= 2.6


def test_the_demo_persona_is_always_the_first_household():
    for seed in (1, 2026):
        first = generate_population(10, seed)[0]
        hanako = first.members[1]
        assert (hanako.resident_code, hanako.family_name, hanako.given_name) == (
            SHOWCASE_RESIDENT_CODE,
            "村山",
            "花子",
        )
        assert hanako.birth_date.isoformat() == "1970-03-01"
