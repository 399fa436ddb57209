"""The sync adapter: extracts from a directory, change detection, idempotency, the report."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from yakuba.residents import history
from yakuba.residents.models import Household, Movement, Person
from yakuba.residents.transfer.models import SyncSource, TransferJob
from yakuba.residents.transfer.sync.adapter import Extract, RegistrySource
from yakuba.residents.transfer.sync.directory import DirectoryExtractSource
from yakuba.residents.transfer.sync.services import configure_source, run_sync
from yakuba.residents.transfer.tasks import sync_registry_task

from .helpers import HEADERS, csv_bytes, family, row

pytestmark = pytest.mark.django_db

EXTRACT_HEADERS = [*HEADERS, "異動日"]


@pytest.fixture
def extracts(tmp_path):
    directory = tmp_path / "extracts"
    directory.mkdir()

    def write(name: str, rows, encoding="utf-8-sig"):
        (directory / name).write_bytes(csv_bytes(rows, headers=EXTRACT_HEADERS, encoding=encoding))

    write.directory = directory
    return write


@pytest.fixture
def source(extracts, areas):
    return configure_source(key="juki", name="住民記録システム", directory=str(extracts.directory))


def base_register():
    """Households 100 (山田: head, wife, child), 101 (佐藤: a couple), 102 (鈴木), 106 (田中) and
    107 (伊藤), the last three one person each."""
    singles = [
        ("30000000021", "102", "鈴木", "スズキ"),
        ("30000000061", "106", "田中", "タナカ"),
        ("30000000071", "107", "伊藤", "イトウ"),
    ]
    return (
        family("100")
        + [
            row(住民票コード="30000000011", 世帯番号="101", 氏="佐藤", **{"氏（カナ）": "サトウ"}),
            row(
                住民票コード="30000000012",
                世帯番号="101",
                氏="佐藤",
                名="花子",
                **{"氏（カナ）": "サトウ", "名（カナ）": "ハナコ"},
                性別="女",
                続柄="妻",
            ),
        ]
        + [
            row(住民票コード=code, 世帯番号=number, 氏=name, **{"氏（カナ）": kana}, 番地="9番地")
            for code, number, name, kana in singles
        ]
    )


def by_code(rows):
    return {item["住民票コード"]: item for item in rows}


def sync(source):
    return run_sync(source.pk)


def test_the_protocol_is_met_by_the_directory_source(source):
    adapter = DirectoryExtractSource(source.directory)

    assert isinstance(adapter, RegistrySource)


def test_first_full_extract_into_an_empty_register_is_a_bulk_load(extracts, source):
    extracts("20250101000000_full.csv", base_register())

    outcome = sync(source)

    job = outcome.jobs[0]
    assert (job.status, job.counts, job.people, job.households) == (
        "succeeded",
        {"initial": 8},
        8,
        5,
    )
    assert Movement.objects.get().source == "sync"
    source.refresh_from_db()
    assert (source.cursor, source.running_since) == ("20250101000000_full.csv", None)
    assert Person.objects.count() == 8


def test_running_twice_changes_nothing_the_second_time(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    state = list(Person.objects.order_by("pk").values())
    movements = Movement.objects.count()

    again = sync(source)

    assert (again.jobs, again.summary) == ([], "nothing new")
    assert list(Person.objects.order_by("pk").values()) == state
    assert Movement.objects.count() == movements


def test_reading_the_same_extract_again_finds_nothing_changed(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    rows = by_code(base_register())
    rows["30000000021"]["番地"] = "10番地"
    rows["30000000021"]["住所を定めた年月日"] = "2024-10-01"
    extracts("20250201000000_diff.csv", [rows["30000000021"]])
    assert sync(source).jobs[0].counts["move_within"] == 1
    movements = Movement.objects.count()

    SyncSource.objects.filter(pk=source.pk).update(cursor="20250101000000_full.csv")
    replay = sync(source)

    assert replay.jobs[0].counts == {"unchanged": 1}
    assert Movement.objects.count() == movements


def test_detects_each_kind_of_change(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    rows = by_code(base_register())
    # 100: the head died; the wife became head (no date of her own); a baby was born before.
    rows["30000000001"].update(状態="除票", 消除日="2024-05-01", 消除事由="死亡")
    rows["30000000002"]["続柄"] = "世帯主"
    baby = row(
        住民票コード="30000000004",
        世帯番号="100",
        名="二郎",
        **{"名（カナ）": "ジロウ"},
        生年月日="2024-03-03",
        続柄="子",
        住民となった年月日="2024-03-03",
        住所を定めた年月日="2024-03-03",
        従前の住所="",
    )
    # 101: moved within the city; and the wife changed her name (with its own date).
    for code in ("30000000011", "30000000012"):
        rows[code].update(
            町字コード="0012000",
            町丁目名="緑が丘",
            番地="1460番地",
            方書="12号棟305号室",
            住所を定めた年月日="2024-06-01",
        )
    # 102: moved out.
    rows["30000000021"].update(
        状態="除票", 消除日="2024-07-31", 消除事由="転出", 転出先="埼玉県所沢市"
    )
    # a new household moved in.
    newcomer = row(
        住民票コード="30000000031",
        世帯番号="103",
        氏="高橋",
        **{"氏（カナ）": "タカハシ"},
        住民となった年月日="2024-08-01",
        住所を定めた年月日="2024-08-01",
        町字コード="0004002",
        町丁目名="本町二丁目",
    )
    # 田中 changed name on 2024-09-09; 伊藤's 本籍 was corrected (no date: the extract's day).
    rows["30000000061"].update(**{"氏": "中田", "氏（カナ）": "ナカタ", "異動日": "2024-09-09"})
    rows["30000000071"]["本籍"] = "東京都武蔵村山市本町一丁目1番地"
    extracts("20250201000000_diff.csv", [*rows.values(), baby, newcomer])

    job = sync(source).jobs[0]

    assert job.status == "succeeded", [problem.text for problem in job.problems.all()]
    assert {key: value for key, value in job.counts.items() if key != "unchanged"} == {
        "death": 1,
        "household_change": 1,
        "birth": 1,
        "move_within": 2,
        "name_change": 1,
        "move_out": 1,
        "move_in": 1,
        "correction": 1,
        "movements": 7,
    }
    kinds = {
        (movement.kind, movement.effective_on)
        for movement in Movement.objects.filter(source="sync").exclude(kind="initial")
    }
    assert kinds == {
        ("birth", datetime.date(2024, 3, 3)),
        ("death", datetime.date(2024, 5, 1)),
        ("move_within", datetime.date(2024, 6, 1)),
        ("move_out", datetime.date(2024, 7, 31)),
        ("move_in", datetime.date(2024, 8, 1)),
        ("name_change", datetime.date(2024, 9, 9)),
        ("correction", datetime.date(2025, 2, 1)),
    }
    widow = Person.objects.get(resident_code="30000000002")
    assert widow.relationship == "head"
    assert Person.objects.get(resident_code="30000000001").status == "removed"
    baby_person = Person.objects.get(resident_code="30000000004")
    assert history.version_as_of(baby_person.pk, datetime.date(2024, 3, 3)) is not None
    moved = Person.objects.get(resident_code="30000000011")
    assert moved.household.address == "緑が丘1460番地 12号棟305号室"
    assert history.version_as_of(moved.pk, datetime.date(2024, 5, 31)).town_area.code == "0004001"
    assert Person.objects.get(resident_code="30000000061").full_name == "中田 太郎"
    assert Person.objects.get(resident_code="30000000071").registered_domicile.startswith("東京都")
    gone = Person.objects.get(resident_code="30000000021")
    assert (gone.status, gone.removal_reason, gone.next_address) == (
        "removed",
        "move_out",
        "埼玉県所沢市",
    )
    assert Household.objects.get(household_number="102").dissolved_on == datetime.date(2024, 7, 31)
    assert Person.objects.get(resident_code="30000000031").household.household_number == "103"


def test_normalised_values_are_no_change(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    rows = base_register()
    rows[0].update(**{"氏（カナ）": "やまだ", "名（カナ）": "ﾀﾛｳ", "生年月日": "昭和45年3月1日"})
    extracts("20250201000000_diff.csv", rows[:1], encoding="cp932")

    job = sync(source).jobs[0]

    assert job.counts == {"unchanged": 1}


def test_a_full_extract_reports_missing_residents_without_removing_them(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    extracts(
        "20250201000000_full.csv", [item for item in base_register() if item["世帯番号"] != "102"]
    )

    job = sync(source).jobs[0]

    assert (job.status, job.counts) == ("succeeded", {"unchanged": 7, "missing": 1})
    assert "全件データにない住民が 1 人います" in job.message_text
    assert Person.objects.get(resident_code="30000000021").status == "resident"


def test_an_extract_with_problems_is_read_again_and_later_ones_wait(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    rows = by_code(base_register())
    rows["30000000021"].update(番地="10番地", 住所を定めた年月日="2024-10-01")
    broken = row(住民票コード="30000000041", 世帯番号="104", 性別="?")
    extracts("20250201000000_diff.csv", [rows["30000000021"], broken])
    extracts(
        "20250301000000_diff.csv",
        [
            row(
                住民票コード="30000000051",
                世帯番号="105",
                住民となった年月日="2024-01-01",
                住所を定めた年月日="2024-01-01",
            )
        ],
    )

    outcome = sync(source)

    assert [job.status for job in outcome.jobs] == ["invalid"]
    job = outcome.jobs[0]
    assert [(problem.line, problem.column, problem.code) for problem in job.problems.all()] == [
        (3, "性別", "invalid_choice")
    ]
    assert job.counts == {"move_within": 1, "movements": 1}
    source.refresh_from_db()
    assert source.cursor == "20250101000000_full.csv"
    assert not Person.objects.filter(resident_code="30000000051").exists()

    second = sync(source)
    assert [job.status for job in second.jobs] == ["invalid"]
    assert second.jobs[0].counts == {"unchanged": 1}


def test_a_household_left_without_a_head_is_reported(extracts, source):
    extracts("20250101000000_full.csv", base_register())
    sync(source)
    rows = by_code(base_register())
    rows["30000000011"].update(状態="除票", 消除日="2024-05-01", 消除事由="死亡")
    extracts("20250201000000_diff.csv", [rows["30000000011"]])

    job = sync(source).jobs[0]

    assert [(problem.line, problem.code) for problem in job.problems.all()] == [
        (2, "head_required")
    ]
    assert Person.objects.get(resident_code="30000000011").status == "resident"


def test_a_second_run_while_one_is_running_does_nothing(extracts, source):
    from django.utils import timezone

    extracts("20250101000000_full.csv", base_register())
    SyncSource.objects.filter(pk=source.pk).update(running_since=timezone.now())

    assert sync(source).busy
    assert Person.objects.count() == 0


def test_directory_source_ignores_other_files_and_starts_at_the_newest_full(extracts, source):
    for name in (
        "20250101000000_full.csv",
        "20250115000000_diff.csv",
        "20250201000000_full.csv",
        "20250215000000_diff.csv",
        "20250301000000_diff.csv.part",
        "notes.txt",
        "2025_full.csv",
    ):
        (extracts.directory / name).write_bytes(b"x")
    adapter = DirectoryExtractSource(extracts.directory)

    assert [extract.name for extract in adapter.changes_since("")] == [
        "20250201000000_full.csv",
        "20250215000000_diff.csv",
    ]
    assert [extract.name for extract in adapter.changes_since("20250115000000_diff.csv")] == [
        "20250201000000_full.csv",
        "20250215000000_diff.csv",
    ]
    assert adapter.snapshot().name == "20250201000000_full.csv"
    extract = adapter.snapshot()
    assert isinstance(extract, Extract)
    assert (extract.full, extract.size, extract.taken_at.date()) == (
        True,
        1,
        datetime.date(2025, 2, 1),
    )


def test_the_task_runs_the_sync(extracts, source):
    extracts("20250101000000_full.csv", base_register())

    result = sync_registry_task.enqueue(source.pk)

    assert result.return_value == "20250101000000_full.csv: succeeded"
    assert TransferJob.objects.get().sync_source == source


def test_the_command_configures_and_runs(extracts, areas, tmp_path):
    extracts("20250101000000_full.csv", base_register())
    out = io.StringIO()

    call_command(
        "registry_sync", "--configure", "juki", "--directory", str(extracts.directory), stdout=out
    )
    call_command("registry_sync", "juki", stdout=out)
    call_command("registry_sync", "juki", stdout=out)

    assert "20250101000000_full.csv: succeeded (initial=8)" in out.getvalue()
    assert out.getvalue().rstrip().endswith("nothing new")
