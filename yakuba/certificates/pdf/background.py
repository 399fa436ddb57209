"""Anti-forgery visuals drawn under every page (one form XObject per PDF, reused by each page).

* 地紋 (background tint): a field of fine dots, 0.45 pt every 2.4 pt.
* Latent 「複写」 mark (emulation of コピー牽制地紋): inside the outlines of large 「複写」
  characters the fine dots are replaced by coarse ones (1.3 pt every 7 pt) of about the
  same ink coverage (≈3.5 %), so on the printed original the characters hardly show; a
  copier drops the fine dots and keeps the coarse ones, and 「複写」 appears. Here it is an
  emulation: the effect depends on the printer and the copier, and a screen (which draws
  hairlines at least one pixel wide) shows the characters faintly.
* Guilloche: a rosette of interlaced hypotrochoids at the centre and waved bands along the
  top and bottom edges, hard to redraw by hand.
* Microtext: the municipality's name in 2 pt along the frame (a copy blurs it).

The geometry is the same for every certificate, so its PDF operators are computed once
per process (``_geometry``) and added as literals; only the text (clip outlines,
microtext) goes through ReportLab's text API, which records the glyphs for the font subset.
"""

from __future__ import annotations

import functools
import math

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from .fonts import GOTHIC

FORM_NAME = "yakubaCertificateBackground"
TINT = (0.70, 0.82, 0.78)
LINE = (0.66, 0.82, 0.76)
FRAME_MARGIN = 22.0
WIDTH, HEIGHT = A4
LATENT_CENTERS = ((WIDTH * 0.5, HEIGHT * 0.70), (WIDTH * 0.5, HEIGHT * 0.30))
LATENT_ANGLE = 18.0


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _polyline(points: list[tuple[float, float]]) -> str:
    first, *rest = points
    parts = [f"{_n(first[0])} {_n(first[1])} m"]
    parts += [f"{_n(x)} {_n(y)} l" for x, y in rest]
    return " ".join(parts) + " S"


def _dots(
    left: float, bottom: float, right: float, top: float, *, dot: float, pitch: float, offset: bool
) -> str:
    """Rows of square dots: dashed horizontal lines (one operator per row)."""
    rows = []
    y = bottom + pitch / 2
    row = 0
    while y < top:
        start = left + (pitch / 2 if offset and row % 2 else 0)
        rows.append(f"{_n(start)} {_n(y)} m {_n(right)} {_n(y)} l")
        y += pitch
        row += 1
    return f"{_n(dot)} w 0 J [{_n(dot)} {_n(pitch - dot)}] 0 d " + " ".join(rows) + " S [] 0 d"


def _rosette(center_x: float, center_y: float, radius: float) -> str:
    big, small, arm = radius * 0.62, radius * 0.62 * 5 / 24, radius * 0.5
    paths = []
    for phase in (0.0, 0.13, 0.26):
        points = []
        steps = 720
        for step in range(steps + 1):
            angle = 2 * math.pi * 5 * step / steps
            turn = (big - small) / small * angle + phase
            points.append(
                (
                    center_x + (big - small) * math.cos(angle) + arm * math.cos(turn),
                    center_y + (big - small) * math.sin(angle) - arm * math.sin(turn),
                )
            )
        paths.append(_polyline(points))
    return "0.3 w " + " ".join(paths)


def _wave_band(left: float, right: float, middle: float, amplitude: float) -> str:
    paths = []
    for index in range(6):
        phase = index * math.pi / 6
        steps = 240
        points = [
            (
                left + (right - left) * step / steps,
                middle
                + amplitude
                * math.sin(2 * math.pi * 14 * step / steps + phase)
                * math.cos(2 * math.pi * 3 * step / steps + phase / 2),
            )
            for step in range(steps + 1)
        ]
        paths.append(_polyline(points))
    return " ".join(paths)


def _rgb(color: tuple[float, float, float], operator: str) -> str:
    return " ".join(_n(component) for component in color) + f" {operator}"


@functools.cache
def _geometry() -> tuple[str, str, str]:
    """(the dot field, the coarse dots of the latent mark, the guilloche and frame)."""
    m = FRAME_MARGIN
    field = (
        _rgb(TINT, "RG")
        + " "
        + _dots(m, m, WIDTH - m, HEIGHT - m, dot=0.45, pitch=2.4, offset=False)
    )
    latent = (
        "1 1 1 rg -140 -70 280 160 re f "
        + _rgb(TINT, "RG")
        + " "
        + _dots(-140, -70, 140, 90, dot=1.3, pitch=7.0, offset=True)
    )
    frame = " ".join(
        [
            _rgb(LINE, "RG"),
            _rosette(WIDTH / 2, HEIGHT / 2 + 20, 150),
            f"0.8 w {_n(m)} {_n(m)} {_n(WIDTH - 2 * m)} {_n(HEIGHT - 2 * m)} re S",
            f"0.3 w {_n(m + 3)} {_n(m + 3)} {_n(WIDTH - 2 * m - 6)} {_n(HEIGHT - 2 * m - 6)} re S",
            "0.25 w",
            _wave_band(m + 3, WIDTH - m - 3, HEIGHT - m - 9, 4.5),
            _wave_band(m + 3, WIDTH - m - 3, m + 9, 4.5),
        ]
    )
    return field, latent, frame


def define_background(canvas: Canvas, municipality_name: str) -> None:
    """Define the background form on ``canvas`` (once per PDF, before the first page)."""
    field, latent, frame = _geometry()
    canvas.beginForm(FORM_NAME, lowerx=0, lowery=0, upperx=WIDTH, uppery=HEIGHT)
    canvas.addLiteral(f"q {field} Q")
    for center_x, center_y in LATENT_CENTERS:
        canvas.saveState()
        canvas.translate(center_x, center_y)
        canvas.rotate(LATENT_ANGLE)
        text = canvas.beginText()
        text.setTextRenderMode(7)  # add the glyph outlines to the clipping path
        text.setFont(GOTHIC, 130)
        text.setTextOrigin(-130, -46)
        text.textOut("複写")
        canvas.drawText(text)
        canvas.addLiteral(latent)
        canvas.restoreState()
    canvas.addLiteral(f"q {frame} Q")
    _microtext(canvas, municipality_name)
    canvas.endForm()


def draw_background(canvas: Canvas) -> None:
    canvas.doForm(FORM_NAME)


def _microtext(canvas: Canvas, municipality_name: str) -> None:
    m = FRAME_MARGIN
    unit = f"{municipality_name}　"
    size = 2.0
    repeat = max(1, int((WIDTH - 2 * m - 2) / max(1.0, canvas.stringWidth(unit, GOTHIC, size))))
    canvas.saveState()
    canvas.setFillColorRGB(*TINT)
    canvas.setFont(GOTHIC, size)
    canvas.drawString(m + 1, m - 2.6, unit * repeat)
    canvas.drawString(m + 1, HEIGHT - m + 0.8, unit * repeat)
    canvas.restoreState()
