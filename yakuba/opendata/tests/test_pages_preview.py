"""The CSV table preview: encodings (UTF-8 with and without BOM, cp932), ragged and wide
files, files longer than what is read, and broken files (a message, never an error)."""

from __future__ import annotations

import codecs

import pytest

from yakuba.opendata import preview
from yakuba.opendata.preview import PREVIEW_COLUMNS, PREVIEW_ROWS, parse_preview

HEADER = "名称,住所,緯度,経度\n"
ROWS = (
    "市民会館,東京都武蔵村山市本町一丁目1番地の1,35.754,139.387\n大南公園,大南四丁目,35.74,139.40\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ((HEADER + ROWS).encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + (HEADER + ROWS).encode("utf-8"), "utf-8-sig"),
        ((HEADER + ROWS).encode("cp932"), "cp932"),
        ((HEADER + ROWS).replace("\n", "\r\n").encode("cp932"), "cp932"),
    ],
)
def test_reads_each_encoding(data, encoding):
    shown = parse_preview(data, complete=True)
    assert shown.error == ""
    assert shown.encoding == encoding
    assert shown.header == ["名称", "住所", "緯度", "経度"]
    assert shown.rows == [
        ["市民会館", "東京都武蔵村山市本町一丁目1番地の1", "35.754", "139.387"],
        ["大南公園", "大南四丁目", "35.74", "139.40"],
    ]
    assert shown.more_rows is False


def test_cp932_only_characters_are_not_taken_for_utf8():
    # 「髙」「﨑」 exist in cp932 but not in Shift_JIS proper.
    shown = parse_preview("名称\n髙﨑公園\n".encode("cp932"), complete=True)
    assert (shown.encoding, shown.rows) == ("cp932", [["髙﨑公園"]])
    assert shown.encoding_label == "Shift_JIS（cp932）"


def test_shows_the_first_rows_and_says_more_follow():
    data = "番号,値\n" + "".join(f"{n},{n * 2}\n" for n in range(1, 100))
    shown = parse_preview(data.encode(), complete=True)
    assert len(shown.rows) == PREVIEW_ROWS
    assert shown.rows[0] == ["1", "2"] and shown.rows[-1] == [
        str(PREVIEW_ROWS),
        str(PREVIEW_ROWS * 2),
    ]
    assert shown.more_rows is True


def test_ragged_rows_are_padded_and_blank_headers_kept_blank():
    shown = parse_preview(b"a,,c\n1\n1,2,3,4\n\n", complete=True)
    assert shown.header == ["a", "", "c", ""]
    assert shown.rows == [["1", "", "", ""], ["1", "2", "3", "4"]]


def test_wide_files_are_cut_and_long_cells_shortened():
    header = ",".join(f"c{n}" for n in range(50))
    row = ",".join(["x" * 500] * 50)
    shown = parse_preview(f"{header}\n{row}\n".encode(), complete=True)
    assert len(shown.header) == PREVIEW_COLUMNS
    assert shown.columns_cut == 50
    assert len(shown.rows[0][0]) == preview.CELL_CHARACTERS
    assert shown.rows[0][0].endswith("…")


def test_a_start_of_a_file_cut_inside_a_character_and_a_line():
    text = "名称,説明\n" + "".join(f"施設{n},説明{n}\n" for n in range(5))
    data = text.encode("cp932")
    cut = data[: len(data) - 3]  # inside the last line, maybe inside a character
    shown = parse_preview(cut, complete=False)
    assert shown.error == ""
    assert shown.encoding == "cp932"
    assert shown.rows == [[f"施設{n}", f"説明{n}"] for n in range(4)]
    assert shown.more_rows is True


def test_a_multi_line_cell_cut_at_the_end_of_what_was_read():
    shown = parse_preview('名称,備考\nA館,短い\nB館,"長い\n説明の'.encode(), complete=False)
    assert shown.rows == [["A館", "短い"]]
    assert shown.more_rows is True


def test_multi_line_cells():
    shown = parse_preview('名称,備考\n"A館","1行目\n2行目"\n'.encode(), complete=True)
    assert shown.rows == [["A館", "1行目\n2行目"]]


def test_tab_separated():
    shown = parse_preview(b"a\tb\n1\t2\n", complete=True, delimiter="\t")
    assert (shown.header, shown.rows) == (["a", "b"], [["1", "2"]])


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"a,b\n\x81\x20,\xe3\x81\n", "encoding"),  # neither UTF-8 nor cp932
        (b"a,b\n1,\x002\n", "not_csv"),
        (b'"unclosed,quote\n1,2\n', "not_csv"),
        (b"\n\n  \n", "empty"),
    ],
)
def test_broken_files_give_a_message(data, code):
    shown = parse_preview(data, complete=True)
    assert shown.error_code == code
    assert shown.error
    assert shown.rows == []


def test_what_was_read_before_a_broken_line_is_shown():
    shown = parse_preview(b'a,b\n1,2\n3,"4\n', complete=True)
    assert shown.rows == [["1", "2"]]
    assert shown.more_rows is True
