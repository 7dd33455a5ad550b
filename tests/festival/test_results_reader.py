"""The fast worksheet reader gives the same values as openpyxl's read-only reader (the reference),
and a sheet it does not read is read by openpyxl instead."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
import xlsxwriter
from openpyxl import Workbook

from phongtrao.festival.models import ResultRow
from phongtrao.festival.results.importer import import_bytes
from phongtrao.festival.results.reader import LayoutError, read_rows, read_rows_fast

from .test_results_import import headers, row, xlsx


def _trimmed(rows) -> list[tuple]:
    out = []
    for cells in rows:
        values = list(cells)
        while values and values[-1] is None:
            values.pop()
        out.append(tuple(values))
    while out and not out[-1]:
        out.pop()
    return out


def same_as_openpyxl(data: bytes) -> list[tuple]:
    fast = _trimmed(read_rows_fast(io.BytesIO(data)))
    assert fast == _trimmed(read_rows(io.BytesIO(data)))
    return fast


@pytest.mark.parametrize("options", [{}, {"constant_memory": True}, {"date_1904": True}])
def test_xlsxwriter_files(options):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": not options.get("constant_memory"), **options})
    sheet = book.add_worksheet("Kết quả")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    bold = book.add_format({"bold": True})
    sheet.write_string(0, 0, "Mã xã")
    sheet.write_string(0, 1, "Tên điểm & <ghi chú> \"trích\" 'dẫn'")
    sheet.write_number(0, 2, 12)
    sheet.write_number(0, 3, -3.25)
    sheet.write_number(0, 4, 1e20)
    sheet.write_boolean(0, 5, True)
    sheet.write_datetime(0, 6, datetime.datetime(2023, 8, 14), day)
    sheet.write_datetime(0, 7, datetime.datetime(2023, 8, 14, 9, 30), moment)
    sheet.write_formula(0, 8, "=C1*2", None, 24)
    sheet.write_formula(0, 9, '="a"&"b"', None, "ab")
    sheet.write_rich_string(0, 10, "Thôn ", bold, "Ea", " Drông")
    sheet.write_string(0, 27, "cột AB")  # beyond Z
    sheet.write_string(3, 1, "after two empty rows")  # rows 2 and 3 are missing from the XML
    sheet.write_blank(4, 2, None, bold)  # a styled empty cell
    sheet.write_number(5, 0, 0)
    sheet.write_string(5, 1, "  giữ khoảng trắng  ")
    book.close()
    rows = same_as_openpyxl(buffer.getvalue())
    assert rows[0][:11] == (
        "Mã xã",
        "Tên điểm & <ghi chú> \"trích\" 'dẫn'",
        12,
        -3.25,
        1e20,
        True,
        datetime.datetime(2023, 8, 14),
        datetime.datetime(2023, 8, 14, 9, 30),
        24,
        "ab",
        "Thôn Ea Drông",
    )
    assert rows[0][27] == "cột AB"
    assert rows[1] == rows[2] == () and rows[3] == (None, "after two empty rows")
    assert rows[5] == (0, "  giữ khoảng trắng  ")


def test_openpyxl_files_with_inline_strings_and_gaps():
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã xã", "Tên điểm", "Ngày"])
    sheet.append(["24305", "Tổ dân phố 1", datetime.datetime(2023, 8, 14)])
    sheet["A5"] = "sau khoảng trống"
    sheet["E5"] = 7.5
    buffer = io.BytesIO()
    book.save(buffer)
    rows = same_as_openpyxl(buffer.getvalue())
    assert rows[1] == ("24305", "Tổ dân phố 1", datetime.datetime(2023, 8, 14))
    assert rows[4] == ("sau khoảng trống", None, None, None, 7.5)


def test_the_template_rows(world, campaign):
    data = xlsx([row(site="A", participants=1), row(site="B", gifts_value=15_000_000, held="14/08/2023")], headers(campaign))
    assert same_as_openpyxl(data)[1][:3] == ("24305", "Phường Buôn Hồ", "A")


def _reordered(data: bytes) -> bytes:
    """The same workbook with each cell's attributes in another order (s before r), as some
    writers do: the fast reader declines it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c r="([A-Z]+\d+)" s="(\d+)"', rb'<c s="\2" r="\1"', content)
            target.writestr(item, content)
    return out.getvalue()


def test_a_sheet_the_fast_reader_declines_is_read_by_openpyxl(world, campaign):
    data = _reordered(xlsx([row(site="A", held=datetime.date(2023, 8, 14))], headers(campaign)))
    assert b'<c s="' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    with pytest.raises(LayoutError):
        list(read_rows_fast(io.BytesIO(data)))
    outcome = import_bytes(data, campaign=campaign, unit=world.province_a, actor=world.officer_a)
    assert outcome.ok, outcome.errors
    assert ResultRow.objects.get().held_on == datetime.date(2023, 8, 14)


def _with_sheet_data(sheet_data: bytes, dimension: bytes = b"A1:XFD9") -> bytes:
    """A workbook whose first sheet's <sheetData> is the given markup (and <dimension> says so:
    openpyxl's read-only mode reads no further)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write_number(0, 0, 1)
    book.close()
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                replacement = b"<sheetData>" + sheet_data + b"</sheetData>"
                content = re.sub(rb"<sheetData>.*</sheetData>", replacement, content, flags=re.S)
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + dimension + b'"/>', content)
            target.writestr(item, content)
    return out.getvalue()


def test_unusual_cells_as_openpyxl_reads_them():
    data = _with_sheet_data(
        (
            '<row r="1"><c r="A1" t="str"><f>A2</f><v xml:space="preserve"> x </v></c>'
            '<c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="d"><v>2023-08-14T00:00:00</v></c>'
            '<c r="D1" t="inlineStr"><is><r><t>Thôn </t></r><r><t xml:space="preserve">Ea &amp; Drông</t></r></is></c>'
            '<c r="XFD1"><v>5</v></c></row>'
            '<row r="3" spans="1:1"/><row r="4"><c r="B4" t="b"><v>0</v></c></row>'
        ).encode(),
        b"A1:XFD4",
    )
    rows = same_as_openpyxl(data)
    assert rows[0][:4] == (" x ", "#N/A", datetime.datetime(2023, 8, 14), "Thôn Ea & Drông")
    assert rows[0][16383] == 5
    assert rows[3] == (None, False)


@pytest.mark.parametrize(
    "markup",
    [
        b'<row r="1"><c><v>1</v></c></row>',  # a cell without its reference
        b'<row r="1"><c t="n" r="A1"><v>1</v></c></row>',  # the reference not first
        b'<row spans="1:1" r="1"><c r="A1"><v>1</v></c></row>',
        b'<row r="1"><c r="AAAA1"><v>1</v></c></row>',
    ],
)
def test_markup_the_fast_reader_does_not_expect_is_declined(markup):
    with pytest.raises(LayoutError):
        list(read_rows_fast(io.BytesIO(_with_sheet_data(markup))))
