"""Reading the first worksheet of an XLSX workbook as rows of Python values, streamed.

Two readers with one contract (an iterator of tuples of str, int, float, bool, datetime or None,
one per sheet row, empty rows included so that row numbers hold):

- read_rows: openpyxl in read-only mode, values only. The reference, and the fallback.
- read_rows_fast: the same values several times faster (measured in bench/bench_results_import.py:
  the reading of 100,000 rows dropped from about 11 s to about 2 s). The sheet's XML is
  decompressed in chunks and tokenised with one regular expression; the shared strings, the
  styles (which cells are dates) and the workbook's date system come from their own parts, and
  values are converted with openpyxl's own functions (from_excel, is_date_format...). It declines,
  with LayoutError, a sheet whose markup it does not expect (every row and cell must be matched);
  the importer then reads the file with read_rows. tests/festival/test_results_reader.py checks
  that both readers give the same rows on files written by xlsxwriter and openpyxl.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_SHEET_NAME = re.compile(r"^xl/worksheets/sheet(\d+)\.xml$")


def read_rows(source) -> Iterator[tuple]:
    """The first worksheet's rows as tuples of cell values, streamed (openpyxl read-only mode).

    Kept apart from the checks so that a faster reader can replace it: anything that yields
    tuples of Python values (str, int, float, datetime, None) per row will do."""
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


class LayoutError(ValueError):
    """The worksheet is written in a way the fast reader does not read: use openpyxl instead."""


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# One pass over the XML finds row starts and cells alike: (row number, column letters, the cell's
# other attributes, the text of <v> when that is all the cell holds, else its whole content).
# Every writer we know (Excel, LibreOffice, openpyxl, xlsxwriter) writes r="..." first; anything
# else fails the count check in read_rows_fast and goes to openpyxl.
_TOKENS = re.compile(
    rb'<row r="(\d+)"[^>]*?(?:/>|>)|<c r="([A-Z]{1,3})\d+"([^>]*?)(?:/>|><v>([^<]*)</v></c>|>(.*?)</c>)',
    re.S,
)
_ATTRIBUTE = re.compile(rb'\b([st])="([^"]*)"')
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(.*?)</t>", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_CHUNK = 4 * 1024 * 1024


def _column_numbers() -> dict[bytes, int]:
    letters = [chr(code) for code in range(65, 91)]
    names = letters + [a + b for a in letters for b in letters]
    names += [a + b + c for a in letters for b in letters for c in letters]  # Excel stops at XFD
    return {name.encode(): index for index, name in enumerate(names)}


_COLUMNS = _column_numbers()


_NUMBER, _DATE_NUMBER, _DURATION, _SHARED, _OTHER = range(5)


def _attributes(attributes: bytes) -> tuple[int, bytes]:
    found = dict(_ATTRIBUTE.findall(attributes))
    return int(found.get(b"s", b"0") or 0), found.get(b"t", b"n")


def _cell_kind(attributes: bytes, dates: set[int], durations: set[int]) -> int:
    """How a cell with these attributes is read when it holds only <v>: the common cases fast."""
    style, cell_type = _attributes(attributes)
    if cell_type == b"n":
        if style in durations:
            return _DURATION
        return _DATE_NUMBER if style in dates else _NUMBER
    return _SHARED if cell_type == b"s" else _OTHER


@dataclass(frozen=True)
class _Book:
    """What reading a cell needs from the rest of the workbook."""

    strings: list[str]
    dates: set[int]
    durations: set[int]
    epoch: datetime.datetime


def _cell_value(book: _Book, attributes: bytes, plain: bytes, content: bytes) -> Any:
    """Any other cell: empty, inline string, boolean, error, formula text, ISO date, or a value
    after a formula."""
    style, cell_type = _attributes(attributes)
    if cell_type == b"inlineStr":
        return _xml_text(b"".join(_TEXT.findall(_PHONETIC.sub(b"", content)))) if content else None
    match = None if plain or not content else _VALUE.search(content)
    raw = plain or (match.group(1) if match else b"")
    value: Any = None
    if not raw:
        value = None
    elif cell_type == b"n":
        value = float(raw) if (b"." in raw or b"E" in raw or b"e" in raw) else int(raw)
        if style in book.dates:
            value = from_excel(value, book.epoch, timedelta=style in book.durations)
    elif cell_type == b"s":
        value = book.strings[int(raw)]
    elif cell_type == b"b":
        value = raw == b"1"
    elif cell_type == b"d":
        value = from_ISO8601(raw.decode())
    else:  # str (a formula's text), e (an error such as #N/A)
        value = _xml_text(raw)
    return value


def _xml_text(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return html.unescape(text) if "&" in text else text


_SHARED_ITEM = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_PLAIN_TEXT = re.compile(rb"<t(?: [^>]*)?>([^<]*)</t>|<t/>")


def _shared_strings(archive: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The shared strings: plain ones read with a regular expression, rich text (runs, phonetic
    guides) with lxml; all with lxml if the markup is not as expected."""
    if "xl/sharedStrings.xml" not in names:
        return []
    raw = archive.read("xl/sharedStrings.xml")
    items = _SHARED_ITEM.findall(raw)
    if len(items) != raw.count(b"<si>") + raw.count(b"<si/>"):
        return _shared_strings_lxml(raw)
    strings = []
    for inner in items:
        plain = _PLAIN_TEXT.fullmatch(inner)
        text = (plain.group(1) or b"") if plain is not None else b"".join(_TEXT.findall(_PHONETIC.sub(b"", inner)))
        strings.append(_xml_text(text) if text else "")
    return strings


def _shared_strings_lxml(raw: bytes) -> list[str]:
    strings: list[str] = []
    for _event, item in etree.iterparse(io.BytesIO(raw), tag=f"{_NS_MAIN}si"):
        parts = []
        for child in item:
            if child.tag == f"{_NS_MAIN}t":
                parts.append(child.text or "")
            elif child.tag == f"{_NS_MAIN}r":
                parts.extend(t.text or "" for t in child.iter(f"{_NS_MAIN}t"))
        strings.append("".join(parts))
        item.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, names: set[str]) -> tuple[set[int], set[int]]:
    """Indexes of the cell styles whose number format is a date, and those that are a duration."""
    if "xl/styles.xml" not in names:
        return set(), set()
    root = etree.fromstring(archive.read("xl/styles.xml"))
    formats = dict(BUILTIN_FORMATS)
    for fmt in root.iter(f"{_NS_MAIN}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    dates: set[int] = set()
    durations: set[int] = set()
    cell_xfs = root.find(f"{_NS_MAIN}cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        code = formats.get(int(xf.get("numFmtId", "0")))
        if code and is_date_format(code):
            dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return dates, durations


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """Path of the first worksheet, and whether dates count from 1904."""
    workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    properties = workbook.find(f"{_NS_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
    sheet = workbook.find(f"{_NS_MAIN}sheets/{_NS_MAIN}sheet")
    if sheet is None:
        raise LayoutError("no worksheet")
    rel_id = sheet.get(f"{_NS_REL}id")
    rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return path, date1904
    raise LayoutError("worksheet not found")


def read_rows_fast(source) -> Iterator[tuple]:
    """The first worksheet's rows as tuples of values, like read_rows (openpyxl, values only) but
    several times faster: the sheet's XML is streamed in chunks and read with one regular
    expression, shared strings and styles with lxml; numbers, dates (1900 or 1904), booleans,
    inline and shared strings, formulas' cached values are converted as openpyxl does.

    Raises LayoutError, before yielding anything or at the chunk where it notices, when the sheet
    is written in a way it does not read (another attribute order, namespace prefixes...): the
    caller then reads the file again with read_rows."""
    archive = zipfile.ZipFile(source)
    names = set(archive.namelist())
    path, date1904 = _first_sheet(archive)
    strings = _shared_strings(archive, names)
    dates, durations = _date_styles(archive, names)
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    book = _Book(strings, dates, durations, epoch)
    kinds: dict[bytes, int] = {}
    columns = _COLUMNS
    row_number = 0
    values: list = []
    started = False
    with archive.open(path) as handle:
        rest = b""
        while True:
            block = handle.read(_CHUNK)
            data = rest + block
            if not block:
                cut = len(data)
            else:
                cut = data.rfind(b"</row>")
                if cut < 0:
                    rest = data
                    continue
                cut += len(b"</row>")
            chunk, rest = data[:cut], data[cut:]
            if not started:
                if b"<sheetData" not in chunk and chunk.strip():
                    raise LayoutError("no sheetData element")
                started = True
            tokens = _TOKENS.findall(chunk)
            if len(tokens) != chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<row ") + chunk.count(b"<row>"):
                raise LayoutError("unexpected cell or row markup")  # a row or a cell the expression did not match
            for number, letters, attributes, plain, content in tokens:
                if number:
                    if row_number:
                        yield tuple(values)
                    current = int(number)
                    for _gap in range(row_number + 1, current):
                        yield ()
                    row_number = current
                    values = []
                    continue
                column = columns[letters]
                if column != len(values):
                    values.extend([None] * (column - len(values)))
                kind = kinds.get(attributes)
                if kind is None:
                    kind = kinds[attributes] = _cell_kind(attributes, dates, durations)
                if plain and kind < _OTHER:  # <v>...</v> only: a number, a date or a shared string
                    if kind == _SHARED:
                        values.append(strings[int(plain)])
                        continue
                    try:
                        number_value: int | float = int(plain)
                    except ValueError:
                        number_value = float(plain)
                    values.append(
                        number_value if kind == _NUMBER else from_excel(number_value, epoch, timedelta=kind == _DURATION)
                    )
                    continue
                values.append(_cell_value(book, attributes, plain, content))
            if not block:
                break
    if row_number:
        yield tuple(values)


def row_count_hint(data: bytes) -> int | None:
    """Rows of the first worksheet as its <dimension> says (header included), read without
    parsing the sheet; None when the file does not say."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheets = sorted((int(match.group(1)), name) for name in archive.namelist() if (match := _SHEET_NAME.match(name)))
            if not sheets:
                return None
            with archive.open(sheets[0][1]) as sheet:
                head = sheet.read(4096)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    dimension = _DIMENSION.search(head)
    return int(dimension.group(1)) if dimension else None
