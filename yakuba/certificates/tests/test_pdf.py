"""The certificate PDF: every kind renders, pages break, copies repeat, fonts are embedded,
the text is extractable, and the drawn QR symbol is the one for the verification URL."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import pytest
from PIL import Image

from yakuba.certificates.content.document import Item, PersonEntry
from yakuba.certificates.pdf import render_certificate_pdf, samples
from yakuba.certificates.pdf.page import QR_POSITION, QR_SIZE, grouped_serial
from yakuba.certificates.pdf.qr import QUIET_ZONE, qr_matrix
from yakuba.certificates.pdf.seal import columns

KINDS = ("residence", "residence_items", "seal", "tax")
TITLES = {
    "residence": "住民票の写し",
    "residence_items": "住民票記載事項証明書",
    "seal": "印鑑登録証明書",
    "tax": "課税・所得証明書",
}


def _tool(name: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [name, *args, str(path), *(["-"] if name == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def page_count(pdf: bytes, tmp_path) -> int:
    info = _tool("pdfinfo", pdf, tmp_path)
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def text_of(pdf: bytes, tmp_path) -> str:
    return _tool("pdftotext", pdf, tmp_path, "-layout")


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_one_page_for_one_person(kind, tmp_path):
    pdf = render_certificate_pdf(samples.document(kind), samples.stamp())

    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf, tmp_path) == 1
    text = text_of(pdf, tmp_path)
    assert TITLES[kind].replace("・", "") in text.replace(" ", "").replace("・", "")
    assert "7K3M-9QXD-2HB5-TRWA" in text
    assert "村山 太郎" in text
    assert "以下余白" in text
    assert "1/1通目" in text
    assert "令和8年5月1日 10時23分" in text
    assert "武蔵村山市長　山田 一郎" in text or "武蔵村山市長 山田 一郎" in text


@pytest.mark.parametrize("kind", KINDS)
def test_three_copies_hold_three_page_sets(kind, tmp_path):
    document = samples.document(kind, 6)
    single = page_count(render_certificate_pdf(document, samples.stamp()), tmp_path)

    pdf = render_certificate_pdf(document, samples.stamp(copies=3))

    assert page_count(pdf, tmp_path) == 3 * single
    text = text_of(pdf, tmp_path)
    for copy in (1, 2, 3):
        assert text.count(f"{copy}/3通目") == single
    assert text.count("以下余白") == 3


def test_a_household_breaks_over_pages_with_page_numbers(tmp_path):
    document = samples.residence(25)

    pdf = render_certificate_pdf(document, samples.stamp())

    pages = page_count(pdf, tmp_path)
    assert pages >= 5
    text = text_of(pdf, tmp_path)
    for page in range(1, pages + 1):
        assert f"{page}/{pages}頁" in text
    for person in document.people:
        assert person.value("name") in text
    assert text.count("以下余白") == 1
    # The blank-remainder mark follows the last person; the attestation closes the set.
    last = document.people[-1].value("name")
    assert text.index(last) < text.index("以下余白") < text.rindex("相違ないことを証明する")


def test_residence_shows_the_people_in_a_numbered_table(tmp_path):
    pdf = render_certificate_pdf(samples.residence(2), samples.stamp())

    text = text_of(pdf, tmp_path)
    for label in (
        "住所",
        "世帯主",
        "氏名",
        "生年月日",
        "続柄",
        "住民となった日",
        "前住所",
        "本籍",
        "筆頭者",
    ):
        assert label in text, label
    assert "ムラヤマ ハナコ" in text and "昭和57年11月23日" in text


def test_items_absent_from_an_entry_are_not_drawn_and_omissions_are_noted(tmp_path):
    document = samples.residence(1, omitted=("本籍・筆頭者", "個人番号"))
    person = PersonEntry(
        tuple(
            item
            for item in document.people[0].items
            if item.key not in ("registered_domicile", "domicile_head", "resident_code")
        )
    )
    document = dataclasses.replace(document, people=(person,))

    text = text_of(render_certificate_pdf(document, samples.stamp()), tmp_path)

    assert "住民票コード" not in text
    assert "12345678900" not in text
    assert "筆頭者" not in text.split("備考")[0]
    assert "請求者の申出により、次の事項の記載を省略しています" in text.replace("\n", "")
    assert "本籍・筆頭者、個人番号" in text


def test_unknown_items_and_long_values_are_still_drawn(tmp_path):
    long_address = "東京都武蔵村山市" + "大字中藤" * 20 + "1番地"
    person = PersonEntry(
        (
            Item("name", "氏名", "長い 住所"),
            Item("previous_address", "前住所", long_address),
            Item("note", "記載事由", "令和7年4月1日 転居"),
        )
    )
    document = dataclasses.replace(samples.residence(1), people=(person,))

    text = text_of(render_certificate_pdf(document, samples.stamp()), tmp_path)

    assert "記載事由" in text and "令和7年4月1日 転居" in text
    assert "1番地" in text and "長い 住所" in text


def test_fonts_are_embedded_subsets_of_ipaex_only(tmp_path):
    pdf = render_certificate_pdf(samples.residence(3), samples.stamp())

    rows = _tool("pdffonts", pdf, tmp_path).splitlines()[2:]

    assert rows
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert names == {"IPAexMincho", "IPAexGothic"}
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes)\s+(yes)\s", row), row  # emb sub uni


def test_metadata_title_names_the_certificate_and_serial(tmp_path):
    pdf = render_certificate_pdf(samples.tax(), samples.stamp())

    info = _tool("pdfinfo", pdf, tmp_path)

    assert re.search(r"^Title:\s+課税・所得証明書（7K3M-9QXD-2HB5-TRWA）$", info, re.MULTILINE)
    assert re.search(r"^Author:\s+武蔵村山市$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+595.276 x 841.89 pts \(A4\)$", info, re.MULTILINE)


def test_the_seal_certificate_shows_the_registered_impression(tmp_path):
    document = samples.seal()
    with_image = render_certificate_pdf(document, samples.stamp())
    without = render_certificate_pdf(
        dataclasses.replace(document, seal_image_png=None), samples.stamp()
    )
    broken = render_certificate_pdf(
        dataclasses.replace(document, seal_image_png=b"not a png"), samples.stamp()
    )

    assert b"/Subtype /Image" in with_image
    assert b"/Subtype /Image" not in without
    assert "印影なし" in text_of(without, tmp_path)
    assert "印影なし" in text_of(broken, tmp_path)
    text = text_of(with_image, tmp_path)
    for value in ("登録番号", "0001234", "昭和55年4月2日", "サンプルハイツ101号"):
        assert value in text


def test_the_tax_certificate_lists_the_amounts(tmp_path):
    text = text_of(render_certificate_pdf(samples.tax(), samples.stamp()), tmp_path)

    assert re.search(r"給与収入\s+5,200,000円", text)
    assert re.search(r"市民税・都民税 均等割\s+5,000円", text)
    assert "令和8年度" in text and "納税義務者" in text


def test_the_seal_reads_in_columns_from_the_right():
    assert columns("武蔵村山市長之印") == ["武蔵村", "山市長", "之印"]
    assert columns("府中市長之印") == ["府中", "市長", "之印"]
    assert "".join(columns("さいたま市長之印")) == "さいたま市長之印"


def test_the_serial_is_printed_in_groups_of_four():
    assert grouped_serial("7K3M9QXD2HB5TRWA") == "7K3M-9QXD-2HB5-TRWA"


def test_the_drawn_qr_code_is_the_symbol_of_the_verification_url(tmp_path):
    stamp = samples.stamp()
    pdf = render_certificate_pdf(samples.residence(), stamp)
    (tmp_path / "c.pdf").write_bytes(pdf)
    dpi = 600
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            "-singlefile",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("L")
    matrix = qr_matrix(stamp.verify_url)
    modules = len(matrix) + 2 * QUIET_ZONE
    module = QR_SIZE / modules
    x0, y0 = QR_POSITION
    page_height = 841.89
    scale = dpi / 72

    sampled = []
    for row in range(len(matrix)):
        line = []
        for column in range(len(matrix)):
            x = (x0 + (QUIET_ZONE + column + 0.5) * module) * scale
            y = (page_height - (y0 + QR_SIZE - (QUIET_ZONE + row + 0.5) * module)) * scale
            line.append(image.getpixel((int(x), int(y))) < 128)
        sampled.append(tuple(line))

    import segno

    expected = tuple(
        tuple(bool(value) for value in row)
        for row in segno.make(stamp.verify_url, error="m").matrix
    )
    assert tuple(sampled) == expected == matrix
    # The quiet zone around it is white (no background pattern under the symbol).
    quiet_x = int((x0 + module) * scale)
    assert all(
        image.getpixel((quiet_x, int((page_height - y0 - QR_SIZE / 2 + offset) * scale))) > 240
        for offset in (-20, 0, 20)
    )
