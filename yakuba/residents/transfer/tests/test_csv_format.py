"""Reading the registry CSV: encodings, headers, and every rule of a single record."""

from __future__ import annotations

import codecs
import datetime

import pytest

from yakuba.residents.transfer.csv_format import (
    FileProblem,
    LineSource,
    RegistryCsvReader,
    detect_encoding,
    header_key,
)

from .helpers import HEADERS, csv_bytes, csv_text, row

TODAY = datetime.date(2026, 11, 25)
AREAS = {"0004001": "本町一丁目", "0004002": "本町二丁目"}


def read(data: bytes, chunk_size: int = 0):
    chunks = (
        [data]
        if not chunk_size
        else [data[i : i + chunk_size] for i in range(0, len(data), chunk_size)]
    )
    reader = RegistryCsvReader(chunks, town_area_names=AREAS, today=TODAY)
    return reader, list(reader)


def problems_of(data: bytes):
    _reader, records = read(data)
    return [
        (problem.line, problem.column, problem.code)
        for record in records
        for problem in record.problems
    ]


def one_row_problems(**values):
    return problems_of(csv_bytes([row(**values)]))


# ------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("cp932", "cp932"), ("shift_jis", "cp932")],
)
def test_reads_each_accepted_encoding(encoding, expected):
    reader, records = read(csv_bytes([row(氏="渡邊")], encoding=encoding))

    assert reader.encoding == expected
    assert [record.row.family_name for record in records] == ["渡邊"]


def test_reads_a_file_split_into_small_chunks_the_same():
    data = csv_bytes(
        [row(), row(住民票コード="30000000002", 続柄="妻", 名="花子")], encoding="cp932"
    )

    _reader, whole = read(data)
    _reader, pieces = read(data, chunk_size=7)

    assert [record.row for record in pieces] == [record.row for record in whole]


def test_refuses_utf16():
    data = codecs.BOM_UTF16_LE + csv_text([row()]).encode("utf-16-le")

    with pytest.raises(FileProblem) as caught:
        read(data)

    assert caught.value.problem.code == "unsupported_encoding"


def test_refuses_bytes_that_are_neither_utf8_nor_cp932():
    with pytest.raises(FileProblem) as caught:
        detect_encoding(b"\x81\x7f\xff\xfe\xfd")

    assert caught.value.problem.code == "unknown_encoding"


def test_reports_a_line_that_breaks_the_detected_encoding():
    rows = [row(住民票コード=f"{30000000001 + index:011d}") for index in range(400)]
    good = csv_text(rows).encode("utf-8")
    assert len(good) > 64 * 1024  # past the part the encoding is detected from
    bad = csv_text([row(住民票コード="39999999999", 氏="YAMADA")]).split("\r\n")[1]
    data = good + bad.encode("utf-8").replace(b"YAMADA", b"\xff\xfe") + b"\r\n"

    assert problems_of(data) == [(402, "", "encoding")]


def test_refuses_an_empty_file():
    with pytest.raises(FileProblem) as caught:
        read(b"  \r\n")

    assert caught.value.problem.code == "empty_file"


def test_line_source_counts_bytes_and_lines():
    source = LineSource([b"a,b\r\n", b"c,", b"d\r\ne"])

    lines = list(source)

    assert lines == ["a,b\n", "c,d\n", "e\n"]
    assert source.bytes_done == 11
    assert source.line_number == 3


# -------------------------------------------------------------------- headers


def test_accepts_columns_in_any_order_and_half_width_parentheses():
    headers = list(reversed(HEADERS))
    headers = [header.replace("（", "(").replace("）", ")") for header in headers]
    text = ",".join(headers) + "\r\n" + ",".join(reversed(list(row().values()))) + "\r\n"

    _reader, records = read(text.encode("utf-8"))

    assert records[0].problems == []
    assert records[0].row.family_name_kana == "ヤマダ"


def test_optional_columns_may_be_left_out():
    required = [
        "住民票コード",
        "世帯番号",
        "氏",
        "名",
        "氏（カナ）",
        "名（カナ）",
        "生年月日",
        "性別",
        "続柄",
        "町字コード",
        "番地",
        "住民となった年月日",
        "住所を定めた年月日",
    ]

    _reader, records = read(csv_bytes([row()], headers=required))

    assert records[0].problems == []
    assert records[0].row.status == "resident"


def test_refuses_a_missing_required_header():
    headers = [header for header in HEADERS if header != "生年月日"]

    with pytest.raises(FileProblem) as caught:
        read(csv_bytes([row()], headers=headers))

    assert caught.value.problem.code == "missing_header"
    assert caught.value.problem.params == {"headers": "生年月日"}


def test_refuses_an_unknown_header_such_as_my_number():
    with pytest.raises(FileProblem) as caught:
        read(csv_bytes([row()], headers=[*HEADERS, "個人番号"]))

    assert caught.value.problem.code == "unknown_header"
    assert caught.value.problem.line == 1


def test_refuses_a_duplicate_header():
    with pytest.raises(FileProblem) as caught:
        read(csv_bytes([row()], headers=[*HEADERS, "氏"]))

    assert caught.value.problem.code == "duplicate_header"


def test_header_key_folds_width_and_spaces():
    assert header_key("\ufeff 氏(カナ) ") == header_key("氏（カナ）")


# -------------------------------------------------------------------- records


def test_normalises_full_width_digits_and_wareki_dates():
    _reader, records = read(
        csv_bytes(
            [
                row(
                    住民票コード="３０００００００００１",
                    世帯番号="１００",
                    生年月日="昭和45年3月1日",
                    住民となった年月日="H12.4.1",
                    住所を定めた年月日="２０００－０４－０１",
                    町字コード="０００４００１",
                )
            ]
        )
    )

    parsed = records[0].row
    assert (parsed.resident_code, parsed.household_number, parsed.town_area_code) == (
        "30000000001",
        "100",
        "0004001",
    )
    assert parsed.birth_date == datetime.date(1970, 3, 1)
    assert parsed.became_resident_on == parsed.address_set_on == datetime.date(2000, 4, 1)


def test_reports_the_starting_line_of_a_record_with_a_quoted_line_break():
    rows = [row(方書="コーポ榎\n203号室"), row(住民票コード="123")]

    assert problems_of(csv_bytes(rows)) == [(4, "住民票コード", "invalid_resident_code")]


def test_skips_blank_lines():
    text = csv_text([row()]) + "\r\n,,,\r\n"

    _reader, records = read(text.encode("utf-8"))

    assert len(records) == 1


def test_reports_a_wrong_number_of_cells():
    text = csv_text([row()]) + "1,2,3\r\n"

    assert problems_of(text.encode("utf-8")) == [(3, "", "column_count")]


@pytest.mark.parametrize(
    "header",
    [
        "住民票コード",
        "世帯番号",
        "氏",
        "名",
        "氏（カナ）",
        "名（カナ）",
        "生年月日",
        "性別",
        "続柄",
        "町字コード",
        "番地",
        "住民となった年月日",
        "住所を定めた年月日",
    ],
)
def test_reports_each_empty_required_cell(header):
    assert one_row_problems(**{header: " "}) == [(2, header, "required")]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"住民票コード": "1234567890"}, ("住民票コード", "invalid_resident_code")),
        ({"住民票コード": "3000000000A"}, ("住民票コード", "not_digits")),
        ({"世帯番号": "1234567890123"}, ("世帯番号", "invalid_household_number")),
        ({"町字コード": "123"}, ("町字コード", "invalid_town_area_code")),
        ({"町字コード": "9999999"}, ("町字コード", "unknown_town_area")),
        ({"町丁目名": "本町三丁目"}, ("町丁目名", "town_area_mismatch")),
        ({"生年月日": "1970-02-30"}, ("生年月日", "invalid_date")),
        ({"生年月日": "平成31年5月1日"}, ("生年月日", "year_out_of_era")),
        ({"生年月日": "慶応3年1月1日"}, ("生年月日", "unknown_era")),
        ({"生年月日": "きのう"}, ("生年月日", "invalid_format")),
        ({"性別": "不明"}, ("性別", "invalid_choice")),
        ({"続柄": "長男"}, ("続柄", "invalid_choice")),
        ({"状態": "転出"}, ("状態", "invalid_choice")),
        ({"氏": "山" * 51}, ("氏", "too_long")),
        ({"番地": "1" * 41}, ("番地", "too_long")),
        ({"方書": "あ" * 101}, ("方書", "too_long")),
        ({"従前の住所": "あ" * 201}, ("従前の住所", "too_long")),
        ({"消除日": "2020-01-01"}, ("消除日", "invalid_removal")),
        ({"転出先": "東京都立川市"}, ("転出先", "invalid_removal")),
        ({"状態": "除票"}, ("消除日", "required")),
        ({"状態": "除票", "消除日": "1999-01-01"}, ("消除日", "dates_ordered")),
        ({"状態": "除票", "消除日": "2099-01-01"}, ("消除日", "future_date")),
        (
            {"状態": "除票", "消除日": "2020-01-01", "消除事由": "行方不明"},
            ("消除事由", "invalid_choice"),
        ),
    ],
)
def test_reports_each_cell_rule(values, expected):
    assert one_row_problems(**values) == [(2, *expected)]


def test_reports_every_problem_of_a_row_at_once():
    assert one_row_problems(性別="x", 続柄="y", 生年月日="z") == [
        (2, "生年月日", "invalid_format"),
        (2, "性別", "invalid_choice"),
        (2, "続柄", "invalid_choice"),
    ]


def test_reads_a_removed_record():
    _reader, records = read(
        csv_bytes([row(状態="除票", 消除日="R2.1.1", 消除事由="転出", 転出先="東京都立川市")])
    )

    parsed = records[0].row
    assert (parsed.status, parsed.removed_on, parsed.removal_reason, parsed.next_address) == (
        "removed",
        datetime.date(2020, 1, 1),
        "move_out",
        "東京都立川市",
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [("男", "male"), ("女", "female"), ("1", "male"), ("2", "female"), ("女性", "female")],
)
def test_accepts_sex_as_label_or_code(cell, value):
    _reader, records = read(csv_bytes([row(性別=cell)]))

    assert records[0].row.sex == value


def test_keeps_the_household_number_of_a_broken_record():
    _reader, records = read(csv_bytes([row(世帯番号="77", 性別="x")]))

    assert (records[0].row, records[0].household_number) == (None, "77")


def test_messages_carry_no_values_of_the_record():
    _reader, records = read(csv_bytes([row(氏="山" * 51, 住民票コード="12345")]))

    texts = [problem.text for record in records for problem in record.problems]
    assert texts and not any("12345" in text or "山山" in text for text in texts)
