"""The verification QR code, drawn as vector modules (segno builds the matrix).

The renderer draws it once per PDF into a form XObject that every page reuses."""

from __future__ import annotations

import functools

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the symbol (ISO/IEC 18004)


@functools.lru_cache(maxsize=32)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The symbol's modules, dark = True, without the quiet zone (error correction M)."""
    code = segno.make(data, error="m", micro=False, boost_error=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


def draw_qr(
    canvas: Canvas, data: str, x: float, y: float, size: float
) -> tuple[tuple[bool, ...], ...]:
    """Draw the symbol (quiet zone included) in the square at (x, y) of side ``size``;
    return its matrix. Dark runs of each row are one rectangle each."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET_ZONE
    module = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (QUIET_ZONE + row_index) * module
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(
                x + (QUIET_ZONE + start) * module, top - module, (column - start) * module, module
            )
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return matrix
