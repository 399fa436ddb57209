"""Building blocks of a certificate page: framed label/value tables, text lines, spacing.

A block knows its height before it is drawn, so the paginator can place it; ``draw``
gets the canvas, the left edge and the top edge (PDF points, y upwards).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .fonts import GOTHIC, MINCHO, fit, text_width

LABEL_FILL = (0.93, 0.95, 0.94)
RULE = (0.25, 0.25, 0.25)
LABEL_SIZE = 7.0
VALUE_SIZE = 10.5
PADDING = 3.5


@dataclass
class Block:
    height: float
    draw: Callable[[Canvas, float, float], None]
    keep_with_next: bool = False


def spacer(height: float) -> Block:
    return Block(height, lambda canvas, x, top: None)


def text_line(
    text: str,
    width: float,
    *,
    font: str = MINCHO,
    size: float = 10.0,
    align: str = "left",
    height: float | None = None,
) -> Block:
    line_height = height or size * 1.6

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setFont(font, size)
        baseline = top - line_height + (line_height - size) / 2 + size * 0.12
        if align == "right":
            canvas.drawRightString(x + width, baseline, text)
        elif align == "center":
            canvas.drawCentredString(x + width / 2, baseline, text)
        else:
            canvas.drawString(x, baseline, text)

    return Block(line_height, draw)


def paragraph(
    text: str, width: float, *, font: str = MINCHO, size: float = 10.5, leading: float = 1.55
) -> Block:
    from .fonts import wrap

    lines = wrap(text, font, size, width)

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setFont(font, size)
        for index, line in enumerate(lines):
            canvas.drawString(x, top - size * leading * index - size, line)

    return Block(size * leading * len(lines) + size * 0.4, draw)


@dataclass(frozen=True)
class Cell:
    """A cell with a small label at its top left and the value below (as the real forms)."""

    label: str
    value: str
    width: float
    above: str = ""  # furigana, drawn small over the value (氏名)
    value_size: float = VALUE_SIZE

    def layout(self) -> tuple[float, list[str]]:
        return fit(self.value, MINCHO, self.value_size, self.width - 2 * PADDING)

    def needed_height(self) -> float:
        size, lines = self.layout()
        extra = LABEL_SIZE + 1.5 if self.above else 0
        return PADDING + LABEL_SIZE + 3 + extra + len(lines) * size * 1.3 + PADDING

    def draw(self, canvas: Canvas, x: float, top: float, height: float) -> None:
        canvas.setFont(GOTHIC, LABEL_SIZE)
        canvas.setFillColorRGB(0.3, 0.3, 0.3)
        canvas.drawString(x + PADDING, top - PADDING - LABEL_SIZE * 0.88, self.label)
        canvas.setFillColorRGB(0, 0, 0)
        y = top - PADDING - LABEL_SIZE - 3
        size, lines = self.layout()
        if self.above:
            canvas.setFont(MINCHO, LABEL_SIZE)
            canvas.drawString(x + PADDING + 2, y - LABEL_SIZE * 0.88, self.above)
            y -= LABEL_SIZE + 1.5
        canvas.setFont(MINCHO, size)
        for line in lines:
            canvas.drawString(x + PADDING + 2, y - size * 0.95, line)
            y -= size * 1.3


def cell_row(
    cells: Sequence[Cell], *, minimum: float = 30.0
) -> tuple[float, Callable[[Canvas, float, float], None]]:
    """A row of framed cells: (height, draw(canvas, x, top))."""
    height = max([minimum, *(cell.needed_height() for cell in cells)])

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.5)
        left = x
        for cell in cells:
            canvas.rect(left, top - height, cell.width, height, stroke=1, fill=0)
            cell.draw(canvas, left, top, height)
            left += cell.width

    return height, draw


def label_value_row(
    label: str,
    value: str,
    width: float,
    *,
    label_width: float = 92.0,
    size: float = VALUE_SIZE,
    align: str = "left",
) -> Block:
    """A framed row: the label in a tinted cell on the left, the value on the right."""
    value_width = width - label_width - 2 * PADDING - 4
    value_size, lines = fit(value, MINCHO, size, value_width)
    label_size, label_lines = fit(label, GOTHIC, 9.0, label_width - 2 * PADDING, max_lines=2)
    height = max(
        22.0,
        len(lines) * value_size * 1.3 + 2 * PADDING + 5,
        len(label_lines) * label_size * 1.25 + 2 * PADDING + 5,
    )

    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.5)
        canvas.setFillColorRGB(*LABEL_FILL)
        canvas.rect(x, top - height, label_width, height, stroke=1, fill=1)
        canvas.rect(x + label_width, top - height, width - label_width, height, stroke=1, fill=0)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(GOTHIC, label_size)
        label_top = top - (height - len(label_lines) * label_size * 1.25) / 2
        for index, line in enumerate(label_lines):
            canvas.drawString(x + PADDING + 1, label_top - label_size * (1.25 * index + 0.95), line)
        canvas.setFont(MINCHO, value_size)
        value_top = top - (height - len(lines) * value_size * 1.3) / 2
        for index, line in enumerate(lines):
            baseline = value_top - value_size * (1.3 * index + 1.0)
            if align == "right":
                canvas.drawRightString(x + width - PADDING - 4, baseline, line)
            else:
                canvas.drawString(x + label_width + PADDING + 4, baseline, line)

    return Block(height, draw)


def section_heading(text: str, width: float) -> Block:
    def draw(canvas: Canvas, x: float, top: float) -> None:
        canvas.setFont(GOTHIC, 9.5)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.drawString(x, top - 12, text)

    block = Block(17.0, draw)
    block.keep_with_next = True
    return block


def right_fitting(text: str, font: str, size: float, width: float) -> float:
    """The size at which ``text`` fits ``width`` (never above ``size``)."""
    natural = text_width(text, font, size)
    return size if natural <= width else size * width / natural
