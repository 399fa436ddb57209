"""The body of each kind of certificate as a list of blocks (the page frame and the closing
are common: see ``page.py``)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from ..content.document import CertificateDocument, Item, PersonEntry
from .blocks import (
    RULE,
    Block,
    Cell,
    cell_row,
    label_value_row,
    section_heading,
    spacer,
    text_line,
)
from .fonts import GOTHIC, MINCHO
from .page import CONTENT_WIDTH

W = CONTENT_WIDTH
NUMBER_WIDTH = 20.0

#: 住民票の写し: which keys share a row of a person's block, and their width shares.
RESIDENCE_ROWS: tuple[tuple[tuple[str, float], ...], ...] = (
    (("name", 0.50), ("birth_date", 0.32), ("sex", 0.18)),
    (("relationship", 0.30), ("became_resident_on", 0.35), ("address_set_on", 0.35)),
    (("previous_address", 1.0),),
    (("registered_domicile", 0.66), ("domicile_head", 0.34)),
    (("resident_code", 0.5), ("my_number", 0.5)),
)
_PLACED_KEYS = {key for row in RESIDENCE_ROWS for key, _ in row} | {"name_kana"}


def stack(blocks: Sequence[Block]) -> Block:
    """Several blocks drawn one below the other, kept on one page."""

    def draw(canvas: Canvas, x: float, top: float) -> None:
        for block in blocks:
            block.draw(canvas, x, top)
            top -= block.height

    return Block(sum(block.height for block in blocks), draw)


def item_rows(items: Sequence[Item], width: float = W, **options: object) -> list[Block]:
    return [label_value_row(item.label, item.value, width, **options) for item in items]  # type: ignore[arg-type]


def blank_remainder() -> Block:
    return text_line("以下余白", W, font=MINCHO, size=10.0, align="center", height=24.0)


def _person_block(number: int, person: PersonEntry) -> Block:
    width = W - NUMBER_WIDTH
    by_key = {item.key: item for item in person.items}
    rows: list[list[Cell]] = []
    for row in RESIDENCE_ROWS:
        present = [(by_key[key], share) for key, share in row if key in by_key]
        if not present:
            continue
        total = sum(share for _, share in present)
        cells = []
        for item, share in present:
            above = (
                by_key["name_kana"].value if item.key == "name" and "name_kana" in by_key else ""
            )
            size = 12.5 if item.key == "name" else 10.5
            cells.append(Cell(item.label, item.value, width * share / total, above, size))
        rows.append(cells)
    others = [item for item in person.items if item.key not in _PLACED_KEYS]
    for index in range(0, len(others), 2):
        pair = others[index : index + 2]
        rows.append([Cell(item.label, item.value, width / len(pair)) for item in pair])
    if "name_kana" in by_key and "name" not in by_key:
        kana = by_key["name_kana"]
        rows.insert(0, [Cell(kana.label, kana.value, width)])
    laid = [cell_row(cells) for cells in rows]
    height = sum(row_height for row_height, _ in laid)

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.5)
        canvas.setFillColorRGB(0.93, 0.95, 0.94)
        canvas.rect(x, top - height, NUMBER_WIDTH, height, stroke=1, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(GOTHIC, 10)
        canvas.drawCentredString(x + NUMBER_WIDTH / 2, top - height / 2 - 3.5, str(number))
        y = top
        for row_height, draw_row in laid:
            draw_row(canvas, x + NUMBER_WIDTH, y)
            y -= row_height
        canvas.setLineWidth(1.2)
        canvas.rect(x, top - height, W, height, stroke=1, fill=0)

    return Block(height, draw)


def _header(document: CertificateDocument) -> list[Block]:
    rows = item_rows(document.header)
    return [stack(rows), spacer(10)] if rows else []


def residence(document: CertificateDocument) -> list[Block]:
    blocks = _header(document)
    for number, person in enumerate(document.people, start=1):
        blocks += [_person_block(number, person), spacer(6)]
    return [*blocks, blank_remainder()]


def residence_items(document: CertificateDocument) -> list[Block]:
    blocks = _header(document)
    blocks.append(section_heading("記載事項", W))
    for person in document.people:
        blocks += [stack(item_rows(person.items)), spacer(6)]
    blocks += item_rows(document.table)
    return [*blocks, blank_remainder()]


SEAL_BOX = 150.0


def _seal_block(document: CertificateDocument) -> Block:
    holder = document.people[0].items if document.people else ()
    rows = item_rows(holder, W - SEAL_BOX - 12, label_width=70.0)
    rows_height = sum(block.height for block in rows)
    height = max(SEAL_BOX, rows_height)
    image = document.seal_image_png

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(1.0)
        canvas.rect(x, top - SEAL_BOX, SEAL_BOX, SEAL_BOX, stroke=1, fill=0)
        canvas.setFont(GOTHIC, 7)
        canvas.drawString(x + 4, top - 10, "印影")
        inner = SEAL_BOX - 30
        if image:
            try:
                reader = ImageReader(io.BytesIO(image))
                width, height_px = reader.getSize()
                scale = inner / max(width, height_px)
                canvas.drawImage(
                    reader,
                    x + (SEAL_BOX - width * scale) / 2,
                    top - SEAL_BOX + (SEAL_BOX - height_px * scale) / 2 - 4,
                    width * scale,
                    height_px * scale,
                    mask="auto",
                )
            except OSError:
                image_missing(canvas, x, top)
        else:
            image_missing(canvas, x, top)
        y = top
        for block in rows:
            block.draw(canvas, x + SEAL_BOX + 12, y)
            y -= block.height

    def image_missing(canvas: Canvas, x: float, top: float) -> None:
        canvas.setFont(MINCHO, 9)
        canvas.drawCentredString(x + SEAL_BOX / 2, top - SEAL_BOX / 2, "（印影なし）")

    return Block(height, draw)


def seal(document: CertificateDocument) -> list[Block]:
    blocks = _header(document)
    blocks += [_seal_block(document), spacer(8)]
    for person in document.people[1:]:
        blocks += [stack(item_rows(person.items)), spacer(6)]
    blocks += item_rows(document.table)
    return [*blocks, blank_remainder()]


def tax(document: CertificateDocument) -> list[Block]:
    blocks = _header(document)
    if document.people:
        blocks += [
            section_heading("納税義務者", W),
            stack(item_rows(document.people[0].items)),
            spacer(10),
        ]
    if document.table:
        blocks.append(section_heading("課税・所得の内容", W))
        blocks.append(
            label_value_row("区分", "金額", W, label_width=260.0, size=9.0, align="right")
        )
        blocks += item_rows(document.table, label_width=260.0, align="right")
        blocks.append(spacer(6))
    for person in document.people[1:]:
        blocks += [stack(item_rows(person.items)), spacer(6)]
    return [*blocks, blank_remainder()]


def generic(document: CertificateDocument) -> list[Block]:
    blocks = _header(document)
    for person in document.people:
        blocks += [stack(item_rows(person.items)), spacer(6)]
    blocks += item_rows(document.table)
    return [*blocks, blank_remainder()]


BODIES = {"residence": residence, "residence_items": residence_items, "seal": seal, "tax": tax}


def body_blocks(document: CertificateDocument) -> list[Block]:
    return BODIES.get(document.kind, generic)(document)
