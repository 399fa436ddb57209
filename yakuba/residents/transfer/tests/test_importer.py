"""Loading a register CSV: the register-wide rules, all or nothing, dry run, idempotency."""

from __future__ import annotations

import datetime

import pytest

from yakuba.residents import history
from yakuba.residents.models import Household, HouseholdVersion, Movement, Person, PersonVersion
from yakuba.residents.transfer import importer
from yakuba.residents.transfer.importer import AlreadyImportedError, load_register

from .helpers import csv_bytes, family, row

pytestmark = pytest.mark.django_db

KEY = "a" * 64


def load(rows, *, dry_run=False, key=KEY, **kwargs):
    return load_register([csv_bytes(rows)], dry_run=dry_run, external_id=key, **kwargs)


def problems(outcome):
    return [(problem.line, problem.column, problem.code) for problem in outcome.problems]


def nothing_written():
    return (
        Person.objects.count(),
        Household.objects.count(),
        PersonVersion.objects.count(),
        Movement.objects.count(),
    ) == (0, 0, 0, 0)


def test_loads_households_people_and_their_history(areas):
    outcome = load(
        family() + family("101", 30000000011, 町字コード="0004002", 町丁目名="本町二丁目")
    )

    assert (outcome.ok, outcome.people, outcome.households, outcome.lines) == (True, 6, 2, 6)
    movement = outcome.movement
    assert (movement.kind, movement.source, movement.external_id) == ("initial", "import", KEY)
    head = Person.objects.get(resident_code="30000000001")
    assert (head.full_name, head.full_name_kana, head.household.household_number) == (
        "山田 太郎",
        "ヤマダ タロウ",
        "100",
    )
    assert head.household.address == "本町一丁目1番地の1"
    assert head.name_search_key == "山田太郎|ヤマダタロウ"
    version = history.version_as_of(head.pk, datetime.date(2000, 4, 1))
    assert (version.valid_from, version.movement_id, version.town_area.code) == (
        datetime.date(2000, 4, 1),
        movement.pk,
        "0004001",
    )
    assert history.version_as_of(head.pk, datetime.date(2000, 3, 31)) is None
    household = HouseholdVersion.objects.get(household__household_number="100")
    assert household.valid_from == datetime.date(2000, 4, 1)


def test_normalises_kana_like_the_counter(areas):
    load([row(**{"氏（カナ）": "やまだ", "名（カナ）": "ﾀﾛｳ"})])

    person = Person.objects.get()
    assert (person.family_name_kana, person.given_name_kana) == ("ヤマダ", "タロウ")


def test_an_error_on_the_last_line_leaves_nothing_written(areas):
    rows = (
        family()
        + family("101", 30000000011)
        + [row(住民票コード="30000000021", 世帯番号="102", 性別="?")]
    )

    outcome = load(rows)

    assert not outcome.ok
    assert problems(outcome) == [(8, "性別", "invalid_choice")]
    assert outcome.movement is None
    assert nothing_written()


def test_dry_run_checks_everything_and_writes_nothing(areas):
    outcome = load(family(), dry_run=True)

    assert (outcome.ok, outcome.people, outcome.households) == (True, 3, 1)
    assert nothing_written()


def test_goes_on_checking_after_the_first_problem(areas):
    rows = [row(性別="x"), row(住民票コード="30000000002", 世帯番号="101", 氏="")]

    outcome = load(rows)

    assert problems(outcome) == [(2, "性別", "invalid_choice"), (3, "氏", "required")]
    assert outcome.problem_count == 2


def test_the_same_file_twice_is_refused(areas):
    first = load(family())
    assert first.ok

    with pytest.raises(AlreadyImportedError) as caught:
        load(family())

    assert caught.value.movement == first.movement
    assert Person.objects.count() == 3


def test_a_dry_run_does_not_use_up_the_file(areas):
    load(family(), dry_run=True)

    assert load(family()).ok


def test_refuses_a_duplicate_resident_code_in_the_file(areas):
    rows = family() + [row(世帯番号="101")]

    assert problems(load(rows)) == [(5, "住民票コード", "duplicate_in_file")]
    assert nothing_written()


def test_refuses_a_household_whose_rows_are_not_together(areas):
    rows = [family()[0], row(住民票コード="30000000011", 世帯番号="101"), family()[1]]

    assert problems(load(rows)) == [(4, "世帯番号", "household_not_consecutive")]


def test_refuses_members_at_different_addresses(areas):
    rows = family()
    rows[2] = {**rows[2], "番地": "2番地"}

    assert problems(load(rows)) == [(4, "番地", "household_address_conflict")]


def test_refuses_a_household_without_a_head(areas):
    rows = family()[1:]

    outcome = load(rows)

    assert problems(outcome) == [(2, "続柄", "one_head")]
    assert outcome.problems[0].params == {"heads": 0}


def test_refuses_a_household_with_two_heads(areas):
    rows = family()
    rows[1] = {**rows[1], "続柄": "世帯主"}

    assert problems(load(rows)) == [(2, "続柄", "one_head")]


def test_a_removed_head_does_not_count(areas):
    rows = family()
    rows.insert(
        0,
        row(住民票コード="30000000009", 名="一", 状態="除票", 消除日="2010-01-01", 消除事由="死亡"),
    )

    outcome = load(rows)

    assert outcome.ok
    dead = Person.objects.get(resident_code="30000000009")
    assert (dead.status, dead.removed_on, dead.removal_reason) == (
        "removed",
        datetime.date(2010, 1, 1),
        "death",
    )
    assert [version.status for version in dead.versions.order_by("valid_from")] == [
        "resident",
        "removed",
    ]


def test_a_household_of_removed_people_only_is_dissolved(areas):
    rows = [row(状態="除票", 消除日="2020-04-01", 消除事由="転出", 転出先="東京都立川市")]

    outcome = load(rows)

    assert outcome.ok
    household = Household.objects.get()
    assert household.dissolved_on == datetime.date(2020, 4, 1)
    assert list(household.versions.order_by("valid_from").values_list("dissolved", flat=True)) == [
        False,
        True,
    ]


def test_refuses_people_already_in_the_register(areas):
    assert load(family()).ok

    outcome = load(family("200"), key="b" * 64)

    assert problems(outcome) == [
        (2, "住民票コード", "code_taken"),
        (3, "住民票コード", "code_taken"),
        (4, "住民票コード", "code_taken"),
    ]
    assert Person.objects.count() == 3


def test_refuses_a_household_number_already_in_the_register(areas):
    assert load(family()).ok

    outcome = load(family("100", 30000000011), key="b" * 64)

    assert problems(outcome) == [(2, "世帯番号", "household_number_taken")]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"氏（カナ）": "Yamada"}, [("氏（カナ）", "not_kana")]),
        (
            {"生年月日": "2099-01-01"},
            [("生年月日", "future_birth_date"), ("住民となった年月日", "dates_ordered")],
        ),
        ({"住民となった年月日": "1960-01-01"}, [("住民となった年月日", "dates_ordered")]),
        ({"住所を定めた年月日": "1999-01-01"}, [("住所を定めた年月日", "dates_ordered")]),
        (
            {"住民となった年月日": "2099-01-01", "住所を定めた年月日": "2099-01-01"},
            [("住所を定めた年月日", "future_date")],
        ),
    ],
)
def test_applies_the_counter_rules(areas, values, expected):
    assert problems(load([row(**values)])) == [(2, *item) for item in expected]


def test_a_file_with_a_header_only_has_nothing_to_load(areas):
    outcome = load([])

    assert problems(outcome) == [(0, "", "no_records")]
    assert nothing_written()


def test_an_unreadable_file_is_one_problem(areas):
    outcome = load_register([b"\xff\xfe\x00"], dry_run=False, external_id=KEY)

    assert problems(outcome) == [(0, "", "unsupported_encoding")]
    assert nothing_written()


def test_writes_in_batches(areas, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_HOUSEHOLDS", 2)
    rows = [
        row(住民票コード=f"{30000000001 + index:011d}", 世帯番号=str(100 + index))
        for index in range(5)
    ]

    outcome = load(rows)

    assert (outcome.ok, outcome.households, Person.objects.count()) == (True, 5, 5)


def test_keeps_at_most_max_problems_but_counts_all(areas, monkeypatch):
    monkeypatch.setattr(importer, "MAX_PROBLEMS", 3)
    rows = [
        row(住民票コード=f"{30000000001 + index:011d}", 世帯番号=str(100 + index), 性別="x")
        for index in range(5)
    ]

    outcome = load(rows)

    assert (len(outcome.problems), outcome.problem_count) == (3, 5)


def test_reports_progress(areas):
    seen = []

    load(family(), progress=lambda done, lines: seen.append((done, lines)))

    assert seen[-1][1] == 3
    assert seen[-1][0] == len(csv_bytes(family()))
