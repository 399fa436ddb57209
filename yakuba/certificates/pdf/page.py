"""The page frame of every certificate page (title, serial, copy and page marks, footer with
the QR code) and the paginator that places blocks on A4 pages."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from yakuba.core.japanese import format_wareki

from ..content.document import CertificateDocument, IssueStamp
from .background import draw_background
from .blocks import Block, paragraph, right_fitting
from .fonts import GOTHIC, MINCHO, fit
from .qr import draw_qr
from .seal import draw_mayor_seal

WIDTH, HEIGHT = A4
LEFT = 44.0
RIGHT = WIDTH - 44.0
CONTENT_WIDTH = RIGHT - LEFT
CONTENT_TOP = HEIGHT - 104.0
FOOTER_TOP = 124.0
CONTENT_BOTTOM = FOOTER_TOP + 10.0
QR_SIZE = 78.0
QR_POSITION = (RIGHT - QR_SIZE + 6, FOOTER_TOP - QR_SIZE - 4)
QR_FORM_NAME = "yakubaCertificateQr"
SEAL_SIZE = 60.0


def grouped_serial(serial: str) -> str:
    """ABCD-EFGH-JKMN-PQRS: the serial in groups of four, as printed."""
    return "-".join(serial[index : index + 4] for index in range(0, len(serial), 4))


def local_issue_time(stamp: IssueStamp) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(stamp.issued_at_iso)
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def issue_date_text(stamp: IssueStamp) -> str:
    return format_wareki(local_issue_time(stamp).date())


def issue_time_text(stamp: IssueStamp) -> str:
    moment = local_issue_time(stamp)
    return f"{format_wareki(moment.date())} {moment.hour}時{moment.minute:02d}分"


@dataclass
class Placed:
    block: Block
    top: float


def paginate(blocks: Sequence[Block], closing: Block) -> list[list[Placed]]:
    """Blocks top-down on pages; ``closing`` (attestation, mayor, seal) at the foot of the
    last page's content area, on a page of its own if it does not fit below the last block."""
    pages: list[list[Placed]] = [[]]
    y = CONTENT_TOP
    for index, block in enumerate(blocks):
        needed = block.height
        if block.keep_with_next and index + 1 < len(blocks):
            needed += blocks[index + 1].height
        if y - needed < CONTENT_BOTTOM and pages[-1]:
            pages.append([])
            y = CONTENT_TOP
        pages[-1].append(Placed(block, y))
        y -= block.height
    if y - closing.height < CONTENT_BOTTOM:
        pages.append([])
    pages[-1].append(Placed(closing, CONTENT_BOTTOM + closing.height))
    return pages


def closing_block(document: CertificateDocument, stamp: IssueStamp) -> Block:
    """備考 (remarks, omitted items), the attestation, the issue date, the mayor and the seal."""
    notes = list(document.remarks)
    if document.omitted:
        notes.append(
            "請求者の申出により、次の事項の記載を省略しています：" + "、".join(document.omitted)
        )
    note_blocks = [paragraph(note, CONTENT_WIDTH - 60, size=9.0) for note in notes]
    notes_height = sum(block.height for block in note_blocks) + 10 if note_blocks else 0.0
    attestation = paragraph(document.attestation, CONTENT_WIDTH - 20, size=11.0)
    height = notes_height + 8 + attestation.height + 22 + SEAL_SIZE + 4

    def draw(canvas: Canvas, x: float, top: float) -> None:
        y = top
        if note_blocks:
            canvas.setStrokeColorRGB(0.25, 0.25, 0.25)
            canvas.setLineWidth(0.5)
            canvas.rect(x, y - notes_height + 4, CONTENT_WIDTH, notes_height - 4, stroke=1, fill=0)
            canvas.setFont(GOTHIC, 8.5)
            canvas.drawString(x + 6, y - 14, "備考")
            inner = y - 5
            for block in note_blocks:
                block.draw(canvas, x + 50, inner)
                inner -= block.height
            y -= notes_height
        y -= 8
        attestation.draw(canvas, x + 10, y)
        y -= attestation.height + 4
        canvas.setFont(MINCHO, 11)
        canvas.drawString(x + 24, y - 12, issue_date_text(stamp))
        name_size = right_fitting(stamp.mayor_line, MINCHO, 15, CONTENT_WIDTH - 60)
        canvas.setFont(MINCHO, name_size)
        baseline = y - 22 - SEAL_SIZE / 2 - 4
        # The seal is stamped over the end of the name, as on the printed forms.
        name_right = x + CONTENT_WIDTH - SEAL_SIZE + 10
        canvas.drawRightString(name_right, baseline, stamp.mayor_line)
        draw_mayor_seal(
            canvas,
            document.municipality_name,
            name_right - name_size * 0.6,
            baseline - SEAL_SIZE / 2 + name_size * 0.35,
            SEAL_SIZE,
        )

    return Block(height, draw)


def define_qr(canvas: Canvas, stamp: IssueStamp) -> None:
    """The verification QR code as a form (once per PDF; every page shows it)."""
    canvas.beginForm(QR_FORM_NAME)
    draw_qr(canvas, stamp.verify_url, *QR_POSITION, QR_SIZE)
    canvas.endForm()


def draw_page_frame(
    canvas: Canvas,
    document: CertificateDocument,
    stamp: IssueStamp,
    *,
    page: int,
    pages: int,
    copy: int,
) -> None:
    draw_background(canvas)
    serial = grouped_serial(stamp.serial)
    canvas.setFillColorRGB(0, 0, 0)
    # Marks above the title.
    canvas.setFont(GOTHIC, 8.5)
    canvas.drawString(LEFT, HEIGHT - 46, f"{document.municipality_name}　コンビニ交付")
    canvas.drawRightString(RIGHT, HEIGHT - 46, f"{copy}/{stamp.copies}通目　{page}/{pages}頁")
    canvas.drawRightString(RIGHT, HEIGHT - 58, f"証明書番号 {serial}")
    # Title, spaced out as on the printed forms.
    size = right_fitting(document.title, MINCHO, 21, CONTENT_WIDTH - 120)
    spacing = 6.0 if len(document.title) <= 8 else 2.0
    text = canvas.beginText()
    text.setFont(MINCHO, size)
    text.setCharSpace(spacing)
    title_width = canvas.stringWidth(document.title, MINCHO, size) + spacing * (
        len(document.title) - 1
    )
    text.setTextOrigin((WIDTH - title_width) / 2, HEIGHT - 84)
    text.textOut(document.title)
    text.setCharSpace(0)
    canvas.drawText(text)
    # Footer: serial, issue time, verification, QR.
    canvas.setStrokeColorRGB(0.25, 0.25, 0.25)
    canvas.setLineWidth(0.6)
    canvas.line(LEFT, FOOTER_TOP, RIGHT, FOOTER_TOP)
    qr_x, qr_y = QR_POSITION
    canvas.doForm(QR_FORM_NAME)
    text_width = qr_x - LEFT - 8
    canvas.setFont(GOTHIC, 9.5)
    canvas.drawString(LEFT, FOOTER_TOP - 16, f"証明書番号　{serial}")
    canvas.setFont(GOTHIC, 8.5)
    canvas.drawString(LEFT, FOOTER_TOP - 30, f"交付日時　{issue_time_text(stamp)}")
    canvas.setFont(MINCHO, 7.5)
    lines = [
        "この証明書の内容と真正性は、右のQRコードまたは次のURLで確認できます。",
    ]
    y = FOOTER_TOP - 44
    for line in lines:
        canvas.drawString(LEFT, y, line)
        y -= 10
    url_size, url_lines = fit(stamp.verify_url, GOTHIC, 7.0, text_width, max_lines=2)
    canvas.setFont(GOTHIC, url_size)
    for line in url_lines:
        canvas.drawString(LEFT, y, line)
        y -= url_size * 1.3
    canvas.setFont(MINCHO, 6.5)
    canvas.drawString(
        LEFT,
        46,
        "この証明書には市長の電子署名（PAdES）が付されています。電子署名はPDFの検証機能で確認できます。",
    )
    canvas.drawString(
        LEFT,
        37,
        "偽造防止：用紙の地紋は複写すると「複写」の文字が現れる処理を模したものです（模擬）。",
    )
