"""Reading uploaded XLSX files for all-or-nothing imports, with errors by row and column.

An import reads every row, collects every problem with its row number and column, and only
when the list is empty hands the clean rows to the action that writes them in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .text import fold, normalize

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Vietnamese header as shown in the template
    required: bool = True
    aliases: tuple[str, ...] = ()


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return str(self.message)


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


class ImportRejected(Exception):
    """Raised by import actions: nothing was written; .errors says why, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def read_sheet(uploaded, columns: list[Column], *, max_rows: int = 20000) -> Sheet:
    """Parse the first worksheet. Header row is the first row that names a required column."""
    sheet = Sheet()
    data = uploaded.read(MAX_IMPORT_BYTES + 1) if hasattr(uploaded, "read") else uploaded
    if len(data) > MAX_IMPORT_BYTES:
        sheet.error(0, "", _("The file is larger than 10 MB."))
        return sheet
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        sheet.error(0, "", _("The file is not an Excel workbook (.xlsx). Please use the template provided."))
        return sheet
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        sheet.error(0, "", _("The file is not an Excel workbook (.xlsx). Please use the template provided."))
        return sheet
    try:
        worksheet = workbook.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        wanted = {fold(c.header): c for c in columns}
        for c in columns:
            for alias in c.aliases:
                wanted[fold(alias)] = c
        positions: dict[str, int] = {}
        header_row = 0
        for index, values in enumerate(rows, start=1):
            found = {i: wanted[fold(str(v))] for i, v in enumerate(values) if v is not None and fold(str(v)) in wanted}
            if any(c.required for c in found.values()):
                positions = {c.key: i for i, c in found.items()}
                header_row = index
                break
            if index >= 10:
                break
        if not header_row:
            sheet.error(0, "", _("No header row was found. The first rows must contain the column names of the template."))
            return sheet
        missing = [c.header for c in columns if c.required and c.key not in positions]
        for header in missing:
            sheet.error(header_row, header, _("This column is missing from the header row."))
        if missing:
            return sheet
        for index, values in enumerate(rows, start=header_row + 1):
            record = {}
            for key, pos in positions.items():
                value = values[pos] if pos < len(values) else None
                record[key] = "" if value is None else normalize(str(value))
            if not any(record.values()):
                continue
            if len(sheet.rows) >= max_rows:
                sheet.error(index, "", _("The file has more than %(max)s rows.") % {"max": max_rows})
                break
            for c in columns:
                if c.required and not record.get(c.key):
                    sheet.error(index, c.header, _("This field is required."))
            sheet.rows.append((index, record))
        if not sheet.rows and not sheet.errors:
            sheet.error(0, "", _("The file contains no data rows."))
    finally:
        workbook.close()
    return sheet


def template_workbook(columns: list[Column], *, title: str, example_rows: list[list[str]] | None = None) -> bytes:
    """An XLSX template with the Vietnamese headers (and optional example rows)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    for col, column in enumerate(columns):
        sheet.write(0, col, column.header, bold)
        sheet.set_column(col, col, max(14, len(column.header) + 4))
    for r, row in enumerate(example_rows or [], start=1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
