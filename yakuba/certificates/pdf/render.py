"""``render_certificate_pdf``: a :class:`CertificateDocument` on A4, one page set per copy."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from ..content.document import CertificateDocument, IssueStamp
from .background import define_background
from .fonts import GOTHIC, register_fonts
from .kinds import body_blocks
from .page import (
    HEIGHT,
    LEFT,
    WIDTH,
    closing_block,
    define_qr,
    draw_page_frame,
    grouped_serial,
    paginate,
)

# Streams are Flate-compressed only: ReportLab's ASCII85 step (pure Python without the
# optional rl_accel C extension) doubled the rendering time for no benefit in a binary PDF.
rl_config.useA85 = 0


def render_certificate_pdf(document: CertificateDocument, stamp: IssueStamp) -> bytes:
    """The unsigned PDF: fonts embedded as subsets, metadata title, ``stamp.copies`` page
    sets each marked 「n/N通目」, pages 「n/N頁」 within a set."""
    register_fonts()
    pages = paginate(body_blocks(document), closing_block(document, stamp))
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=(WIDTH, HEIGHT),
        pageCompression=1,
        initialFontName=GOTHIC,
        initialFontSize=10,
    )
    canvas.setTitle(f"{document.title}（{grouped_serial(stamp.serial)}）")
    canvas.setAuthor(document.municipality_name)
    canvas.setSubject(document.title)
    canvas.setCreator("yakuba")
    canvas.setKeywords(f"serial={stamp.serial} content={document.content_hash()}")
    define_background(canvas, document.municipality_name)
    define_qr(canvas, stamp)
    for copy in range(1, stamp.copies + 1):
        for number, placed_blocks in enumerate(pages, start=1):
            draw_page_frame(canvas, document, stamp, page=number, pages=len(pages), copy=copy)
            for placed in placed_blocks:
                canvas.saveState()
                canvas.setFillColorRGB(0, 0, 0)
                placed.block.draw(canvas, LEFT, placed.top)
                canvas.restoreState()
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()
