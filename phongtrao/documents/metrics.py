"""Text widths in Times New Roman, for rules "as long as the text" and lines that must fit.

Liberation Serif is metric-compatible with Times New Roman (identical advance widths), so its
tables give the widths Word lays out with. Kerning is ignored, as Word does by default.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
_STYLE_NAMES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
# Without the font files (a developer machine), an average advance that errs on the wide side.
FALLBACK_ADVANCE_EM = 0.62


@cache
def _advances(bold: bool, italic: bool) -> dict[str, float] | None:
    """Advance width of each character in em, or None when the font is not installed."""
    name = f"LiberationSerif-{_STYLE_NAMES[bold, italic]}.ttf"
    for directory in FONT_DIRS:
        path = directory / name
        if path.is_file():
            font = TTFont(path, lazy=True)
            units = font["head"].unitsPerEm
            metrics = font["hmtx"].metrics
            return {chr(code): metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return None


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of one line of text set at `size` points."""
    text = unicodedata.normalize("NFC", text)
    advances = _advances(bold, italic)
    if advances is None:
        return len(text) * FALLBACK_ADVANCE_EM * size
    return sum(advances.get(char, FALLBACK_ADVANCE_EM) for char in text) * size


def longest_line_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    return max(text_width(line, size, bold=bold, italic=italic) for line in text.split("\n"))


def fitting_size(text: str, sizes: tuple[float, ...], width: float, *, bold: bool = False, italic: bool = False) -> float:
    """The first of `sizes` (largest first) at which the text fits on one line of `width` points."""
    for size in sizes:
        if text_width(text, size, bold=bold, italic=italic) <= width:
            return size
    return sizes[-1]


def fit_lines(text: str, sizes: tuple[float, ...], width: float, *, bold: bool = False) -> tuple[str, float]:
    """Lay a name out for a narrow column, as records offices do by hand.

    Explicit line breaks are kept. Otherwise the text stays on one line if it fits, else it is
    split into the two most balanced lines; the largest of `sizes` at which that fits wins. When
    nothing fits, the text is left to wrap by itself at the smallest size.
    """
    candidates = [text] if "\n" in text else [text, _balanced_split(text, bold=bold)]
    for size in sizes:
        for candidate in candidates:
            if longest_line_width(candidate, size, bold=bold) <= width:
                return candidate, size
    return text, sizes[-1]


def _balanced_split(text: str, *, bold: bool) -> str:
    """The two-line split at a space whose longer line is the shortest."""
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return text
    first, second = min(splits, key=lambda pair: max(text_width(line, 1, bold=bold) for line in pair))
    return f"{first}\n{second}"
