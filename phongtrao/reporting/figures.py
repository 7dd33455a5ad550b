"""Figures (numbers) as Vietnamese offices type and write them: "1.234" groups thousands with a
dot, "2,5" marks decimals with a comma. Stored in JSON as int when whole, else float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_FIGURE = Decimal(10) ** 15

_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234 and 1.234,5
_COMMA = re.compile(r"^-?\d+(,\d+)?$")  # 1234 and 12,5
_POINT = re.compile(r"^-?\d+\.\d+$")  # 2.5, when the dot cannot group thousands


def parse_number(value) -> int | float | None:
    """A figure as stored; None when empty; ValueError when it is not a number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    else:
        text = re.sub(r"\s", "", str(value or ""))
        if not text:
            return None
        if _GROUPED.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _COMMA.match(text):
            text = text.replace(",", ".")
        elif not _POINT.match(text):
            raise ValueError(value)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite() or abs(number) >= MAX_FIGURE:
        raise ValueError(value)
    return int(number) if number == number.to_integral_value() else float(number)


def vn_figure(value) -> str:
    """1234 -> "1.234", 2.5 -> "2,5"; None -> ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    whole, _sep, fraction = f"{value:,.6f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + (f",{fraction}" if fraction else "")
