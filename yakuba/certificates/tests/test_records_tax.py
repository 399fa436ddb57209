"""課税・所得: the CSV import (encodings, full-width digits, all or nothing, upsert), the
correction, the command; access records."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from yakuba.audit.models import AccessRecord
from yakuba.certificates.models import TaxAssessment
from yakuba.certificates.services.records import correct_tax_assessment, import_tax_assessments

from . import test_records_helpers as helpers
from .test_records_helpers import HEADER, csv_bytes

pytestmark = pytest.mark.django_db
other_person = helpers.other_person
person = helpers.person
viewer_a = helpers.viewer_a
viewer_b = helpers.viewer_b

LINE_A = "12345678901,2026,4500000,3060000,1200000,1860000,111600,3500,74400,1500,1"
LINE_B = "12345678902,令和8年度,０,０,４３０，０００,０,０,０,０,０,０"


def _values(assessment: TaxAssessment) -> tuple:
    return (
        assessment.fiscal_year,
        assessment.salary_income,
        assessment.total_income,
        assessment.deductions_total,
        assessment.taxable_income,
        assessment.municipal_income_levy,
        assessment.municipal_per_capita,
        assessment.prefectural_income_levy,
        assessment.prefectural_per_capita,
        assessment.dependants,
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_imports_utf8_with_or_without_bom_and_cp932_with_full_width_digits(
    person, other_person, clerk_b, encoding
):
    data = csv_bytes(
        LINE_A, LINE_B, '12345678903,2025,"１，２００，０００円",0,0,0,0,0,0,0,0', encoding=encoding
    )
    from yakuba.residents.tests.factories import PersonFactory

    third = PersonFactory(
        resident_code="12345678903", household=person.household, relationship="child"
    )

    report = import_tax_assessments(clerk_b, SimpleUploadedFile("tax.csv", data, "text/csv"))

    assert report.errors == []
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert report.encoding == encoding.replace("utf-8-sig", "utf-8-sig")
    assert report.fiscal_years == [2025, 2026]
    assert _values(TaxAssessment.objects.get(person=person)) == (
        2026,
        4500000,
        3060000,
        1200000,
        1860000,
        111600,
        3500,
        74400,
        1500,
        1,
    )
    assert _values(TaxAssessment.objects.get(person=other_person)) == (
        2026,
        0,
        0,
        430000,
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert TaxAssessment.objects.get(person=third).salary_income == 1200000
    assert TaxAssessment.objects.get(person=person).resident_code == "12345678901"
    records = AccessRecord.objects.filter(record_kind="certificates.tax_assessment")
    assert sorted(records.values_list("subject_id", "action", "purpose")) == sorted(
        [(str(p.pk), "create", "tax_certificate") for p in (person, other_person, third)]
    )


def test_a_second_import_updates_and_counts_unchanged_lines(person, other_person, clerk_b):
    import_tax_assessments(clerk_b, csv_bytes(LINE_A, LINE_B))
    changed = LINE_A.replace("4500000", "4600000")

    report = import_tax_assessments(clerk_b, csv_bytes(changed, LINE_B))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert TaxAssessment.objects.get(person=person).salary_income == 4600000
    assert TaxAssessment.objects.count() == 2
    updates = AccessRecord.objects.filter(
        record_kind="certificates.tax_assessment", action="update"
    )
    assert list(updates.values_list("subject_id", flat=True)) == [str(person.pk)]


def test_every_problem_is_reported_by_line_and_nothing_is_saved(person, other_person, clerk_b):
    import_tax_assessments(clerk_b, csv_bytes(LINE_A))
    before = (TaxAssessment.objects.count(), AccessRecord.objects.count())
    data = csv_bytes(
        LINE_A.replace("4500000", "1"),  # would be an update: must not happen
        "99999999999,2026,0,0,0,0,0,0,0,0,0",
        "12345678902,2026,12a,0,0,0,0,0,0,0,0",
        "12345678902,2026,-5,0,0,0,0,0,0,0,0",
        "1234,2026,0,0,0,0,0,0,0,0,0",
        LINE_A,
        "12345678902,昭和50,0,0,0,0,0,0,0,0,0",
        "12345678902,2026,0,0",
    )

    report = import_tax_assessments(clerk_b, data)

    assert not report.ok
    assert [(error.line, error.column) for error in report.errors] == [
        (3, "住民票コード"),
        (4, "給与収入"),
        (5, "給与収入"),
        (6, "住民票コード"),
        (7, ""),
        (8, "年度"),
        (9, ""),
    ]
    messages = [str(error.message) for error in report.errors]
    assert messages[0] == "住民記録にない住民票コードです（「99999999999」）。"
    assert messages[1] == "数字で入力してください（「12a」）。"
    assert messages[2] == "負の金額は取り込めません（「-5」）。"
    assert messages[4] == "2行目と同じ人・同じ年度の行です。"
    assert messages[6] == "列の数が見出し行より少なくなっています。"
    assert (TaxAssessment.objects.count(), AccessRecord.objects.count()) == before
    assert TaxAssessment.objects.get(person=person).salary_income == 4500000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "ファイルが空です。"),
        (HEADER.encode() + b"\r\n", "取り込む行がありません（見出し行だけです）。"),
        (
            b"\xff\xfe\x00\x00\x81",
            "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。",
        ),
        (
            "住民票コード,給与収入\r\n12345678901,1\r\n".encode(),
            "見出し行に次の列がありません: 年度、合計所得金額、所得控除額合計、課税標準額、"
            "市民税所得割額、市民税均等割額、都民税所得割額、都民税均等割額、扶養人数",
        ),
    ],
)
def test_file_level_problems(person, clerk_b, data, message):
    report = import_tax_assessments(clerk_b, data)

    assert [str(error.message) for error in report.errors] == [message]
    assert TaxAssessment.objects.count() == 0


def test_the_year_may_come_from_the_import_and_must_match_the_column(person, clerk_b):
    without_year = HEADER.replace("年度,", "")
    line = LINE_A.replace(",2026,", ",")

    report = import_tax_assessments(clerk_b, csv_bytes(line, header=without_year), fiscal_year=2025)
    assert report.ok and TaxAssessment.objects.get().fiscal_year == 2025

    mismatch = import_tax_assessments(clerk_b, csv_bytes(LINE_A), fiscal_year=2025)
    assert [str(error.message) for error in mismatch.errors] == [
        "取り込む年度（2025年度）と違います（「2026」）。"
    ]


def test_extra_columns_are_ignored_and_listed(person, clerk_b):
    report = import_tax_assessments(
        clerk_b, csv_bytes(LINE_A + ",村山 花子", header=HEADER + ",氏名")
    )

    assert report.ok
    assert report.ignored_columns == ["氏名"]


@pytest.mark.parametrize("who", ["viewer_b", "clerk_a", "system_admin"])
def test_only_kazei_operators_import(person, who, request):
    with pytest.raises(PermissionDenied):
        import_tax_assessments(request.getfixturevalue(who), csv_bytes(LINE_A))

    assert TaxAssessment.objects.count() == 0


def test_corrects_changed_amounts_only_and_records_them(person, clerk_b):
    import_tax_assessments(clerk_b, csv_bytes(LINE_A))
    assessment = TaxAssessment.objects.get()

    correct_tax_assessment(
        clerk_b, assessment.pk, changes={"salary_income": 4400000, "dependants": 1}
    )

    assessment.refresh_from_db()
    assert (assessment.salary_income, assessment.source, assessment.updated_by) == (
        4400000,
        "staff",
        clerk_b,
    )
    record = AccessRecord.objects.filter(record_kind="certificates.tax_assessment").latest(
        "sequence"
    )
    assert (record.action, record.fields) == ("update", ["給与収入"])


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"salary_income": -1}, "invalid"),
        ({"salary_income": "12"}, "invalid"),
        ({"fiscal_year": 2020}, "not_correctable"),
        ({"salary_income": 4500000}, "no_change"),
    ],
)
def test_correction_errors_change_nothing(person, clerk_b, changes, code):
    import_tax_assessments(clerk_b, csv_bytes(LINE_A))
    assessment = TaxAssessment.objects.get()
    records = AccessRecord.objects.count()

    with pytest.raises(ValidationError) as raised:
        correct_tax_assessment(clerk_b, assessment.pk, changes=changes)

    codes = (
        {e.code for errors in raised.value.error_dict.values() for e in errors}
        if hasattr(raised.value, "error_dict")
        else {e.code for e in raised.value.error_list}
    )
    assert codes == {code}
    assessment.refresh_from_db()
    assert _values(assessment)[1] == 4500000
    assert AccessRecord.objects.count() == records


def test_viewers_may_not_correct(person, clerk_b, viewer_b):
    import_tax_assessments(clerk_b, csv_bytes(LINE_A))

    with pytest.raises(PermissionDenied):
        correct_tax_assessment(
            viewer_b, TaxAssessment.objects.get().pk, changes={"salary_income": 1}
        )


def test_the_command_imports_and_names_itself(person, tmp_path):
    path = tmp_path / "tax.csv"
    path.write_bytes(csv_bytes(LINE_A, encoding="cp932"))
    out = io.StringIO()

    call_command("certificates_import_tax", str(path), stdout=out)

    assert "新規 1件" in out.getvalue()
    record = AccessRecord.objects.get(record_kind="certificates.tax_assessment")
    assert (record.actor_id, record.actor_display) == (None, "certificates_import_tax")


def test_the_command_fails_with_the_lines_and_saves_nothing(person, tmp_path):
    path = tmp_path / "tax.csv"
    path.write_bytes(csv_bytes("99999999999,2026,0,0,0,0,0,0,0,0,0"))
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("certificates_import_tax", str(path), stderr=err)

    assert raised.value.returncode == 1
    assert "2行目 住民票コード: 住民記録にない住民票コードです" in err.getvalue()
    assert TaxAssessment.objects.count() == 0
