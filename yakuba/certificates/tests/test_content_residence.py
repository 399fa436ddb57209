"""住民票の写し: exact content as of dates before/after a 転居 and a 氏名変更, option combinations,
個人番号 only when chosen (real digits, the vault access recorded)."""

from __future__ import annotations

import pytest

from yakuba.audit.models import AccessRecord
from yakuba.certificates.content import build_certificate, build_document, printed_person_ids
from yakuba.certificates.content.document import Item
from yakuba.certificates.content.testing import MOVED_ON, RENAMED_ON, D, at, build_register
from yakuba.core.testing import demo_municipality
from yakuba.vault.services import NewNumber, bulk_register_numbers

pytestmark = pytest.mark.django_db

OLD_ADDRESS = "東京都武蔵村山市本町一丁目1番地の1"
NEW_ADDRESS = "東京都武蔵村山市本町二丁目5番地　村山コーポ101号室"
DEFAULT_OMITTED = ("本籍・筆頭者", "住民票コード", "個人番号")


@pytest.fixture
def register(db):
    with demo_municipality():
        yield build_register()


def pairs(entry) -> list[tuple[str, str]]:
    return [(item.key, item.value) for item in entry.items]


def test_self_before_the_move(register):
    document = build_document("residence", register.wife_id, {}, at=at(D(2015, 6, 1)))

    assert document.kind == "residence" and document.title == "住民票の写し"
    assert (document.municipality_name, document.municipality_code) == ("武蔵村山市", "132233")
    assert document.header == (
        Item("address", "住所", OLD_ADDRESS),
        Item("householder", "世帯主", "山田　太郎"),
    )
    assert len(document.people) == 1
    assert pairs(document.people[0]) == [
        ("name", "山田　花子"),
        ("name_kana", "ヤマダ　ハナコ"),
        ("birth_date", "昭和47年5月5日"),
        ("sex", "女"),
        ("relationship", "妻"),
        ("became_resident_on", "平成12年4月1日"),
        ("address_set_on", "平成12年4月1日"),
        ("previous_address", "東京都立川市柴崎町三丁目8番地の2"),
    ]
    assert document.omitted == DEFAULT_OMITTED
    assert document.attestation == "この写しは、個人の一部の住民票の原本と相違ないことを証明する。"
    assert document.as_of == "2015-06-01T10:00:00+09:00"
    assert document.seal_image_png is None and document.table == ()


def test_self_after_the_move_before_the_name_change(register):
    document = build_document("residence", register.wife_id, {}, at=at(MOVED_ON))

    assert document.header[0].value == NEW_ADDRESS
    entry = document.people[0]
    assert entry.value("name") == "山田　花子"
    assert entry.value("former_family_name") == ""
    assert entry.value("address_set_on") == "令和2年4月1日"
    assert entry.value("previous_address") == OLD_ADDRESS


def test_self_after_the_name_change_shows_the_former_family_name(register):
    document = build_document("residence", register.wife_id, {}, at=at(RENAMED_ON))

    assert pairs(document.people[0])[:3] == [
        ("name", "佐藤　花子"),
        ("former_family_name", "山田"),
        ("name_kana", "サトウ　ハナコ"),
    ]
    # the day before the change: still 山田
    before = build_document("residence", register.wife_id, {}, at=at(D(2021, 12, 31)))
    assert before.people[0].value("name") == "山田　花子"


def test_household_shows_every_member_head_first(register):
    built = build_certificate(
        "residence", register.child_id, {"scope": "household"}, at=at(D(2021, 1, 1))
    )
    document = built.document

    assert built.person_ids == (register.head_id, register.wife_id, register.child_id)
    assert [entry.value("name") for entry in document.people] == [
        "山田　太郎",
        "山田　花子",
        "山田　一郎",
    ]
    assert pairs(document.people[2]) == [
        ("name", "山田　一郎"),
        ("name_kana", "ヤマダ　イチロウ"),
        ("birth_date", "平成17年6月10日"),
        ("sex", "男"),
        ("relationship", "子"),
        ("became_resident_on", "平成17年6月10日"),
        ("address_set_on", "令和2年4月1日"),
        ("previous_address", OLD_ADDRESS),
    ]
    assert document.attestation == "この写しは、世帯の一部の住民票の原本と相違ないことを証明する。"
    assert printed_person_ids(built) == [register.head_id, register.wife_id, register.child_id]
    assert printed_person_ids(
        "residence", register.child_id, {"scope": "household"}, at=at(D(2021, 1, 1))
    ) == [register.head_id, register.wife_id, register.child_id]
    assert printed_person_ids("residence", register.child_id, {}, at=at(D(2021, 1, 1))) == [
        register.child_id
    ]


def test_everything_chosen_is_the_whole_record(register):
    options = {
        "scope": "household",
        "relationship": "1",
        "domicile": "1",
        "resident_code": "1",
        "my_number": "1",
    }
    bulk_register_numbers(
        [
            NewNumber(register.head_id, "123456789018", D(2016, 1, 4)),
            NewNumber(register.wife_id, "000000000060", D(2016, 1, 4)),
        ]
    )
    document = build_document("residence", register.head_id, options, at=at(D(2021, 1, 1)))

    assert document.omitted == ()
    assert document.attestation == "この写しは、世帯の全部の住民票の原本と相違ないことを証明する。"
    head = document.people[0]
    assert pairs(head)[-4:] == [
        ("registered_domicile", "東京都武蔵村山市本町一丁目1番地"),
        ("domicile_head", "山田　太郎"),
        ("resident_code", "11111111111"),
        ("my_number", "123456789018"),
    ]
    assert document.people[1].value("my_number") == "000000000060"
    assert document.people[2].value("my_number") == "記載なし"


@pytest.mark.parametrize(
    ("options", "present", "absent", "omitted"),
    [
        (
            {},
            {"relationship"},
            {"registered_domicile", "resident_code", "my_number"},
            DEFAULT_OMITTED,
        ),
        (
            {"relationship": "0"},
            set(),
            {"relationship", "registered_domicile", "resident_code", "my_number"},
            ("世帯主・続柄", *DEFAULT_OMITTED),
        ),
        (
            {"domicile": "on"},
            {"registered_domicile", "domicile_head", "relationship"},
            {"resident_code", "my_number"},
            ("住民票コード", "個人番号"),
        ),
        (
            {"resident_code": "true", "relationship": "false"},
            {"resident_code"},
            {"relationship", "registered_domicile", "my_number"},
            ("世帯主・続柄", "本籍・筆頭者", "個人番号"),
        ),
    ],
)
def test_option_combinations(register, options, present, absent, omitted):
    document = build_document("residence", register.head_id, options, at=at(D(2021, 1, 1)))
    keys = {item.key for item in document.people[0].items}
    header_keys = [item.key for item in document.header]

    assert present <= keys and not (absent & keys)
    assert document.omitted == omitted
    assert header_keys == (["address", "householder"] if "relationship" in keys else ["address"])


def test_my_number_only_when_chosen_and_its_reading_recorded(register):
    bulk_register_numbers([NewNumber(register.head_id, "983205673214", D(2016, 1, 4))])
    vault_reads = AccessRecord.objects.filter(record_kind="vault.mynumber")

    without = build_document("residence", register.head_id, {}, at=at(D(2024, 1, 1)))
    assert "983205673214" not in without.canonical_json().decode()
    assert vault_reads.count() == 0

    chosen = build_document("residence", register.head_id, {"my_number": "1"}, at=at(D(2024, 1, 1)))
    assert chosen.people[0].value("my_number") == "983205673214"
    assert "*" not in chosen.people[0].value("my_number")
    record = vault_reads.get()
    assert (record.subject_kind, record.subject_id) == ("residents.person", str(register.head_id))
    assert (record.purpose, record.fields, record.actor_id) == (
        "mynumber_certificate",
        ["個人番号"],
        None,
    )
    assert record.actor_display == "コンビニ交付（本人の請求）"


def test_household_my_number_records_one_read_per_person_shown(register):
    build_document(
        "residence",
        register.wife_id,
        {"scope": "household", "my_number": "1"},
        at=at(D(2024, 1, 1)),
    )
    subjects = sorted(
        AccessRecord.objects.filter(purpose="mynumber_certificate").values_list(
            "subject_id", flat=True
        )
    )
    assert subjects == sorted(
        str(pk) for pk in (register.head_id, register.wife_id, register.child_id)
    )


def test_content_hash_is_stable_and_follows_every_value(register):
    first = build_document("residence", register.wife_id, {}, at=at(D(2021, 1, 1)))
    again = build_document("residence", register.wife_id, {}, at=at(D(2021, 1, 1)))
    renamed = build_document("residence", register.wife_id, {}, at=at(D(2022, 1, 1), hour=10))
    other_option = build_document(
        "residence", register.wife_id, {"resident_code": "1"}, at=at(D(2021, 1, 1))
    )

    assert first == again
    assert first.canonical_json() == again.canonical_json()
    assert first.content_hash() == again.content_hash()
    assert len(first.content_hash()) == 64
    assert renamed.content_hash() != first.content_hash()
    assert other_option.content_hash() != first.content_hash()
    assert "山田　花子".encode() in first.canonical_json()


def test_query_count_does_not_grow_with_the_household(register, django_assert_num_queries):
    build_document("residence", register.head_id, {}, at=at(D(2024, 1, 1)))  # profile cached
    # person version, household version, member candidates, their versions; support
    # measures of the holder, then of the people shown (the municipality profile is cached)
    with django_assert_num_queries(6):
        build_document("residence", register.head_id, {"scope": "household"}, at=at(D(2024, 1, 1)))
