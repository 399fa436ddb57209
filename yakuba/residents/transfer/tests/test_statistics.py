"""Population by town area × 5-year band × sex as of a day, from the history, with suppression."""

from __future__ import annotations

import datetime

import pytest

from yakuba.residents.models import Person
from yakuba.residents.services import Address
from yakuba.residents.services.movements import record_birth, record_death, record_move_within
from yakuba.residents.services.people import NewPerson
from yakuba.residents.transfer.importer import load_register
from yakuba.residents.transfer.statistics import (
    BANDS,
    Line,
    count_population,
    population_table,
    suppress,
    table_csv,
    years_before,
)

from .helpers import csv_bytes, family, row


def load(rows):
    outcome = load_register([csv_bytes(rows)], dry_run=False, external_id="f" * 64)
    assert outcome.ok, [problem.text for problem in outcome.problems]


def band_of(age):
    return min(age // 5, len(BANDS) - 1)


# --------------------------------------------------------------------- bands


def test_bands_follow_the_open_data_columns():
    assert [band.label for band in BANDS][:2] == ["0-4歳", "5-9歳"]
    assert BANDS[-2].label == "80-84歳"
    assert BANDS[-1].label == "85歳以上"
    assert len(BANDS) == 18


def test_years_before_keeps_the_calendar_day():
    assert years_before(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)
    assert years_before(datetime.date(2025, 4, 1), 5) == datetime.date(2020, 4, 1)


# ------------------------------------------------------------------ counting


@pytest.mark.db_guarantees
@pytest.mark.django_db
def test_counts_from_the_history_as_of_a_day(areas):
    """Given a family that moved from 本町一丁目 to 本町二丁目 in 2015, a birth in 2016 and a death
    in 2020, the counts on each day follow the history, not the current rows."""
    honcho1, honcho2, _midorigaoka = areas
    load(family())
    head, wife, child = Person.objects.order_by("resident_code")
    record_move_within(
        None,
        [head, wife, child],
        effective_on=datetime.date(2015, 4, 1),
        address=Address(honcho2, "5番地"),
    )
    head.refresh_from_db()
    record_birth(
        None,
        head.household,
        NewPerson(
            family_name="山田",
            given_name="二郎",
            family_name_kana="ヤマダ",
            given_name_kana="ジロウ",
            birth_date=datetime.date(2016, 8, 8),
            sex="male",
            relationship="child",
        ),
    )
    head.refresh_from_db()
    wife.refresh_from_db()
    record_death(None, head, effective_on=datetime.date(2020, 2, 2), new_head=wife)

    def counts(day):
        raw = count_population(day)
        return {(area, band, sex): n for (area, band, sex), n in raw.people.items()}, raw.households

    people, households = counts(datetime.date(2010, 1, 1))
    assert people == {
        (honcho1.pk, band_of(39), "male"): 1,
        (honcho1.pk, band_of(37), "female"): 1,
        (honcho1.pk, band_of(4), "male"): 1,
    }
    assert households == {honcho1.pk: 1}

    people, households = counts(datetime.date(2017, 1, 1))
    assert sum(people.values()) == 4
    assert all(area == honcho2.pk for area, _band, _sex in people)
    assert people[(honcho2.pk, 0, "male")] == 1  # the baby

    people, _households = counts(datetime.date(2020, 2, 2))
    assert sum(people.values()) == 3  # the head died that day
    assert (honcho2.pk, band_of(49), "male") not in people

    people, _households = counts(datetime.date(1999, 12, 31))
    assert people == {}


@pytest.mark.django_db
def test_age_changes_on_the_birthday(areas):
    load(
        [
            row(
                生年月日="2000-04-01",
                住民となった年月日="2000-04-01",
                住所を定めた年月日="2000-04-01",
            )
        ]
    )
    area = areas[0].pk

    assert count_population(datetime.date(2005, 3, 31)).people == {(area, 0, "male"): 1}
    assert count_population(datetime.date(2005, 4, 1)).people == {(area, 1, "male"): 1}


@pytest.mark.django_db
def test_born_on_29_february_turns_older_on_1_march_in_common_years(areas):
    load(
        [
            row(
                生年月日="2004-02-29",
                住民となった年月日="2004-02-29",
                住所を定めた年月日="2004-02-29",
            )
        ]
    )
    area = areas[0].pk

    assert count_population(datetime.date(2009, 2, 28)).people == {(area, 0, "male"): 1}
    assert count_population(datetime.date(2009, 3, 1)).people == {(area, 1, "male"): 1}


@pytest.mark.django_db
def test_people_of_85_and_over_share_the_top_band(areas):
    load(
        [
            row(
                生年月日="1920-01-01",
                住民となった年月日="1990-01-01",
                住所を定めた年月日="1990-01-01",
            ),
            row(
                住民票コード="30000000002",
                世帯番号="101",
                生年月日="1940-01-01",
                住民となった年月日="1990-01-01",
                住所を定めた年月日="1990-01-01",
            ),
        ]
    )

    assert count_population(datetime.date(2025, 6, 1)).people == {(areas[0].pk, 17, "male"): 2}


@pytest.mark.django_db
def test_known_at_ignores_later_recordings(areas):
    load(family())
    recorded = Person.objects.first().versions.first().recorded_at

    assert (
        count_population(
            datetime.date(2020, 1, 1), known_at=recorded - datetime.timedelta(seconds=1)
        ).people
        == {}
    )
    assert sum(count_population(datetime.date(2020, 1, 1), known_at=recorded).people.values()) == 3


# --------------------------------------------------------------- suppression


def test_primary_suppression_hides_counts_from_1_to_k_and_shows_zero():
    values = {"t": 12, "a": 2, "b": 0, "c": 10}

    assert suppress(values, [], 3) == {"a"}


def test_secondary_suppression_hides_a_second_member_of_each_line():
    values = {"t": 14, "a": 2, "b": 5, "c": 7}

    hidden = suppress(values, [Line("t", ("a", "b", "c"))], 3)

    assert hidden == {"a", "b"}  # the smallest other part, so t − b − c cannot give a


def test_secondary_suppression_hides_the_total_when_the_other_parts_are_zero():
    values = {"t": 2, "a": 2, "b": 0}

    assert suppress(values, [Line("t", ("a", "b"))], 1) == set()
    assert suppress(values, [Line("t", ("a", "b"))], 3) == {"a", "t"}


def test_secondary_suppression_propagates_across_lines():
    # a 2×2 table with row and column totals: one small cell forces a rectangle of four.
    values = {
        "r1": 12,
        "r2": 30,
        "c1": 11,
        "c2": 31,
        "t": 42,
        "a": 1,
        "b": 11,
        "c": 10,
        "d": 20,
    }
    lines = [
        Line("r1", ("a", "b")),
        Line("r2", ("c", "d")),
        Line("c1", ("a", "c")),
        Line("c2", ("b", "d")),
        Line("t", ("r1", "r2")),
        Line("t", ("c1", "c2")),
    ]

    hidden = suppress(values, lines, 3)

    assert hidden == {"a", "b", "c", "d"}
    for line in lines:
        assert sum(1 for key in (line.total, *line.parts) if key in hidden) != 1


def test_threshold_zero_hides_nothing():
    assert suppress({"a": 1}, [Line("t", ("a",))], 0) == set()


@pytest.mark.django_db
def test_no_published_line_has_exactly_one_hidden_member(areas):
    rows = family() + family("101", 30000000011, 町字コード="0004002", 町丁目名="本町二丁目")
    rows += [
        row(
            住民票コード=f"{30000000100 + index:011d}",
            世帯番号=str(300 + index),
            生年月日=f"19{50 + index % 40}-01-01",
            性別="女" if index % 3 else "男",
            町字コード="0012000",
            町丁目名="緑が丘",
            住民となった年月日="2000-01-01",
            住所を定めた年月日="2000-01-01",
        )
        for index in range(40)
    ]
    load(rows)

    table = population_table(datetime.date(2025, 1, 1), threshold=3)

    for area in [*table.areas, table.city]:
        for sex in ("male", "female"):
            members = [area.male if sex == "male" else area.female] + [
                area.cells[(band.index, sex)] for band in BANDS
            ]
            assert sum(1 for cell in members if cell.suppressed) != 1
        assert sum(1 for cell in (area.total, area.male, area.female) if cell.suppressed) != 1
    for band in BANDS:
        for sex in ("male", "female"):
            members = [table.city.cells[(band.index, sex)]] + [
                area.cells[(band.index, sex)] for area in table.areas
            ]
            assert sum(1 for cell in members if cell.suppressed) != 1
    households = [table.city.households] + [area.households for area in table.areas]
    assert sum(1 for cell in households if cell.suppressed) != 1
    visible = [
        cell.value for area in table.areas for cell in area.cells.values() if not cell.suppressed
    ]
    assert all(value == 0 or value > 3 for value in visible)


@pytest.mark.django_db
def test_table_without_suppression_adds_up(areas):
    load(family() + family("101", 30000000011, 町字コード="0004002", 町丁目名="本町二丁目"))

    table = population_table(datetime.date(2025, 1, 1), threshold=0)

    assert [
        (area.code, area.total.value, area.male.value, area.female.value, area.households.value)
        for area in table.areas
    ] == [
        ("0004001", 3, 2, 1, 1),
        ("0004002", 3, 2, 1, 1),
        ("0012000", 0, 0, 0, 0),
    ]
    assert (table.city.total.value, table.city.households.value, table.suppressed) == (6, 2, 0)
    assert table.city.cells[(band_of(19), "male")].value == 2


@pytest.mark.django_db
def test_small_register_is_suppressed_in_the_csv(areas):
    load(family())

    text = table_csv(population_table(datetime.date(2025, 1, 1))).decode("utf-8-sig")
    lines = text.splitlines()

    assert lines[0].startswith(
        "都道府県コード又は市区町村コード,地域コード,都道府県名,市区町村名,調査年月日,地域名,総人口,男性,女性,0-4歳の男性,0-4歳の女性"
    )
    assert lines[0].endswith("85歳以上の男性,85歳以上の女性,世帯数,備考")
    first = lines[1].split(",")
    assert first[1:2] + first[4:9] == ["0004001", "2025-01-01", "本町一丁目", "X", "X", "X"]
    assert first[-1] == "3人以下の区分は秘匿（X）"
    assert len(lines) == 5  # three areas and the city


def test_threshold_out_of_range_is_refused():
    with pytest.raises(ValueError):
        population_table(datetime.date(2025, 1, 1), threshold=21)
