"""Write rows to a real XLSX sheet: bold frozen header, set widths, typed cells.

Dates are Excel dates shown dd/mm/yyyy, numbers are numbers, text is always written as text
(never as a formula, a number or a link, whatever it starts with).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

Cell = str | int | float | Decimal | date | None

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


@dataclass(frozen=True)
class Column:
    header: str  # Vietnamese, as the exported sheet is read by Vietnamese offices
    width: float = 14  # in characters


def render_xlsx(columns: Sequence[Column], rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    sheet = book.add_worksheet(_sheet_name(title))
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#F2F2F2"}
    )
    formats = {date: book.add_format({"num_format": "dd/mm/yyyy"}), datetime: book.add_format({"num_format": "dd/mm/yyyy hh:mm"})}
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column.header, header)
        sheet.set_column(index, index, column.width)
    count = 0
    for count, values in enumerate(rows, start=1):
        for index, value in enumerate(values):
            _write(sheet, count, index, value, formats)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(columns) - 1)
    book.close()
    return buffer.getvalue()


def _write(sheet, row: int, col: int, value: Cell, formats: dict[type[date], object]) -> None:
    if value is None:
        return
    if isinstance(value, datetime):
        naive = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        sheet.write_datetime(row, col, naive, formats[datetime])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, formats[date])
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, col, value)
    else:
        sheet.write_string(row, col, str(value))


def _sheet_name(title: str) -> str:
    return _SHEET_NAME_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet1"
