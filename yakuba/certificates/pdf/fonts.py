"""The Japanese fonts of certificate PDFs: IPAex明朝 (values, title) and IPAexゴシック (labels).

IPAex are TrueType-outline fonts, which ReportLab embeds as subsets (Noto CJK's CFF outlines
it cannot embed). Registered once per process, on first use (~70 ms).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MINCHO = "IPAexMincho"
GOTHIC = "IPAexGothic"
FONT_FILES = {
    MINCHO: "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    GOTHIC: "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register both fonts with ReportLab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, path in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, path))
        _registered = True


def text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (character-wise, as Japanese
    text wraps; an explicit newline starts a new line; 。、）」 are not put first on a line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for character in paragraph:
            if line and text_width(line + character, font, size) > width:
                if character in "。、，．）」』】":
                    line, character = line[:-1], line[-1] + character
                lines.append(line)
                line = character
            else:
                line += character
        lines.append(line)
    return lines


def fit(
    text: str, font: str, size: float, width: float, *, max_lines: int = 3
) -> tuple[float, list[str]]:
    """A size and lines for ``text`` in ``width``: one line, shrunk to at most 80 % of
    ``size`` if that suffices; else wrapped (at 90 %), shrinking further until it takes at
    most ``max_lines`` lines."""
    natural = text_width(text, font, size)
    if "\n" not in text and natural <= width:
        return size, [text]
    if "\n" not in text and natural * 0.8 <= width:
        return size * width / natural, [text]
    current = size * 0.9
    while True:
        lines = wrap(text, font, current, width)
        if len(lines) <= max_lines or current < size * 0.5:
            return current, lines
        current *= 0.9
