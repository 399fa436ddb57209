"""The mayor's official seal (公印) drawn as vector: a red square 「<市名>長之印」.

Real 職印 are carved in 篆書; this one is set in IPAex明朝, read in columns from the right
(武蔵村 / 山市長 / 之印), each column's characters stretched to fill its height, inside a
double frame. Drawn semi-opaque over the end of the mayor's name, as a stamped impression.
"""

from __future__ import annotations

import math

from reportlab.pdfgen.canvas import Canvas

from .fonts import MINCHO

SEAL_RED = (0.82, 0.08, 0.10)


def seal_text(municipality_name: str) -> str:
    return f"{municipality_name}長之印"


def columns(text: str) -> list[str]:
    """``text`` split into columns (right to left), the first ones longest: 8 → 3, 3, 2."""
    count = max(2, math.ceil(math.sqrt(len(text))))
    base, extra = divmod(len(text), count)
    result, start = [], 0
    for index in range(count):
        length = base + (1 if index < extra else 0)
        result.append(text[start : start + length])
        start += length
    return [column for column in result if column]


def draw_mayor_seal(
    canvas: Canvas, municipality_name: str, x: float, y: float, size: float
) -> None:
    """The square seal with its lower-left corner at (x, y)."""
    canvas.saveState()
    canvas.setStrokeColorRGB(*SEAL_RED)
    canvas.setFillColorRGB(*SEAL_RED)
    canvas.setFillAlpha(0.88)
    canvas.setStrokeAlpha(0.88)
    outer = size * 0.045
    canvas.setLineWidth(outer)
    canvas.rect(x + outer / 2, y + outer / 2, size - outer, size - outer, stroke=1, fill=0)
    canvas.setLineWidth(size * 0.012)
    gap = size * 0.075
    canvas.rect(x + gap, y + gap, size - 2 * gap, size - 2 * gap, stroke=1, fill=0)
    inner = size - 2 * gap - size * 0.04
    left = x + (size - inner) / 2
    bottom = y + (size - inner) / 2
    parts = columns(seal_text(municipality_name))
    column_width = inner / len(parts)
    for index, column in enumerate(parts):
        center_x = left + inner - column_width * (index + 0.5)
        cell_height = inner / len(column)
        font_size = column_width * 0.96
        stretch = cell_height / column_width
        for row, character in enumerate(column):
            center_y = bottom + inner - cell_height * (row + 0.5)
            canvas.saveState()
            canvas.translate(center_x, center_y)
            canvas.scale(1, stretch)
            canvas.setFont(MINCHO, font_size)
            canvas.drawCentredString(0, -font_size * 0.37, character)
            canvas.restoreState()
    canvas.restoreState()
