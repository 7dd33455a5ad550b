"""Render a Document to DOCX in the Decree 30/2020 format (Phụ lục I) with python-docx.

Layout: A4 portrait; the masthead is a borderless 2 x 2 table (issuing body | Quốc hiệu and
Tiêu ngữ; number | place and date); body paragraphs are justified with a first-line indent; the
closing is a borderless 1 x 2 table ("Nơi nhận" | signature). Page numbers are centred in the top
margin from page 2 on (a different, empty first-page header). Rules under the issuing body, the
Tiêu ngữ and the summary are bottom borders of short paragraphs whose indents give their length.
"""

from __future__ import annotations

import io
import unicodedata
from typing import Protocol, TypedDict, Unpack

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as DocxSection
from docx.shared import Length, Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from . import layout
from .metrics import longest_line_width, text_width
from .model import ADDRESSEE_LABEL, MOTTO, NATIONAL_NAME, RECIPIENTS_LABEL, Align, Document, Section, Table

_ALIGN = {Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT, Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER, Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT}
# Elements that follow w:pBdr in w:pPr, and w:tblBorders / w:tblCellMar in w:tblPr (schema order).
_AFTER_PARAGRAPH_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_CELL_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", *_AFTER_CELL_MARGINS)
_RULE_LINE = Pt(4)  # height of the paragraph that carries a rule, so the rule sits close under the text


class _Container(Protocol):
    """Anything that holds paragraphs: the document body or a table cell."""

    @property
    def paragraphs(self) -> list[Paragraph]: ...

    def add_paragraph(self, text: str = "", style: None = None) -> Paragraph: ...


def render_docx(document: Document) -> bytes:
    out = docx.Document()
    section = out.sections[0]
    _set_up_page(section)
    _set_up_styles(out)
    _page_numbers(section)
    out.core_properties.title = f"{document.title} {document.summary}"
    out.core_properties.author = document.issuing_body
    out.core_properties.language = "vi-VN"
    _masthead(out, document)
    _title(out, document)
    _addressees(out, document)
    for basis in document.legal_basis_lines():
        _run(_body_paragraph(out), basis, layout.BODY_PT, italic=True)
    for body_section in document.sections:
        _section(out, body_section)
    _closing(out, document)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _set_up_page(section: DocxSection) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(layout.PAGE_WIDTH_MM)
    section.page_height = Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.header_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(layout.HEADER_DISTANCE_MM)


def _set_up_styles(out: DocxDocument) -> None:
    normal = out.styles["Normal"]
    normal.font.size = Pt(layout.BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_fonts(rpr)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    rpr.append(language)


def _set_fonts(rpr: BaseOxmlElement) -> None:
    """Times New Roman for every script slot, so Word never substitutes a font for Vietnamese."""
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), layout.FONT)


def _page_numbers(section: DocxSection) -> None:
    """A PAGE field centred in the header, with an empty header on page 1."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = _format(header.paragraphs[0])
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = _run(paragraph, "2", layout.PAGE_NUMBER_PT)
    field.append(run)
    paragraph._p.append(field)


class _Format(TypedDict, total=False):
    align: WD_ALIGN_PARAGRAPH
    before: float
    after: float
    line: float | Length
    left: float
    right: float
    first_line_mm: float
    keep_next: bool


def _paragraph(container: _Container, **options: Unpack[_Format]) -> Paragraph:
    """A new formatted paragraph; a new table cell's own empty paragraph is used first."""
    existing = container.paragraphs
    fresh = len(existing) == 1 and len(existing[0]._p) == 0
    return _format(existing[0] if fresh else container.add_paragraph(), **options)


def _format(
    paragraph: Paragraph,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    line: float | Length = 1.0,
    left: float = 0,
    right: float = 0,
    first_line_mm: float = 0,
    keep_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if left or right:
        fmt.left_indent = Pt(left)
        fmt.right_indent = Pt(right)
    if first_line_mm:
        fmt.first_line_indent = Mm(first_line_mm)
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def _run(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False) -> BaseOxmlElement:
    """Add text ("\\n" becomes a line break) in Times New Roman; returns the w:r element."""
    run = paragraph.add_run(unicodedata.normalize("NFC", text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _set_fonts(run._r.get_or_add_rPr())
    return run._r


def _body_paragraph(container: _Container, *, keep_next: bool = False) -> Paragraph:
    return _paragraph(
        container,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=layout.PARAGRAPH_AFTER_PT,
        line=layout.LINE_SPACING,
        first_line_mm=layout.FIRST_LINE_INDENT_MM,
        keep_next=keep_next,
    )


def _borders(tag: str, value: str, sides: tuple[str, ...]) -> BaseOxmlElement:
    borders = OxmlElement(tag)
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), value)
        if value != "nil":
            edge.set(qn("w:sz"), "6")  # eighths of a point: 0.75 pt
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    return borders


def _rule(container: _Container, length: float, available: float, *, after: float = 0) -> None:
    """A centred horizontal rule `length` points long, drawn under the preceding line."""
    side = max(0.0, (available - length) / 2)
    paragraph = _paragraph(container, line=_RULE_LINE, left=side, right=side, after=after)
    paragraph._p.get_or_add_pPr().insert_element_before(_borders("w:pBdr", "single", ("bottom",)), *_AFTER_PARAGRAPH_BORDER)


def _short_rule(container: _Container, text: str, size: float, available: float, *, after: float = 0) -> None:
    """The rule under the issuing body and the summary: 1/3 to 1/2 of the (longest) line."""
    line = min(longest_line_width(text, size, bold=True), available)
    _rule(container, layout.SHORT_RULE_RATIO * line, available, after=after)


def _boxed(container: _Container, text: str, size: float, available: float) -> None:
    """A stamp (MẬT, KHẨN...): bold capitals in a single-line box as wide as the text."""
    padding = 4.0
    side = max(0.0, (available - text_width(text, size, bold=True)) / 2 - padding)
    paragraph = _paragraph(container, before=6, left=side, right=side)
    paragraph._p.get_or_add_pPr().insert_element_before(
        _borders("w:pBdr", "single", ("top", "left", "bottom", "right")), *_AFTER_PARAGRAPH_BORDER
    )
    _run(paragraph, text, size, bold=True)


def _layout_table(out: DocxDocument, widths_mm: tuple[float, ...], rows: int) -> DocxTable:
    """A borderless table with fixed column widths and no horizontal cell padding."""
    table = out.add_table(rows=rows, cols=len(widths_mm))
    _fix_widths(table, widths_mm)
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert_element_before(
        _borders("w:tblBorders", "nil", ("top", "left", "bottom", "right", "insideH", "insideV")), *_AFTER_TABLE_BORDERS
    )
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.insert_element_before(margins, *_AFTER_CELL_MARGINS)
    return table


def _fix_widths(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _masthead(out: DocxDocument, document: Document) -> None:
    table = _layout_table(out, (layout.MASTHEAD_LEFT_MM, layout.MASTHEAD_RIGHT_MM), rows=2)
    (bodies, nation), (number, place) = table.rows[0].cells, table.rows[1].cells
    left, right = layout.mm_to_pt(layout.MASTHEAD_LEFT_MM), layout.mm_to_pt(layout.MASTHEAD_RIGHT_MM)

    if document.parent_body:
        _run(_paragraph(bodies), *layout.masthead_name(document.parent_body_text, layout.PARENT_BODY_PT, bold=False))
    name, size = layout.masthead_name(document.issuing_body_text, layout.ISSUING_BODY_PT, bold=True)
    _run(_paragraph(bodies), name, size, bold=True)
    _short_rule(bodies, name, size, left)

    _run(_paragraph(nation), NATIONAL_NAME, layout.NATIONAL_NAME_PT, bold=True)
    _run(_paragraph(nation), MOTTO, layout.MOTTO_PT, bold=True)
    _rule(nation, text_width(MOTTO, layout.MOTTO_PT, bold=True), right)

    _run(_paragraph(number, before=6), document.number_line, layout.NUMBER_PT)
    for stamp in document.stamps:
        _boxed(number, stamp, layout.STAMP_PT, left)
    _run(_paragraph(place, before=6), document.date_line, layout.date_size(document.date_line), italic=True)


def _title(out: DocxDocument, document: Document) -> None:
    _run(_paragraph(out, before=18, keep_next=True), document.title, layout.TITLE_PT, bold=True)
    _run(_paragraph(out, keep_next=True), document.summary, layout.SUMMARY_PT, bold=True)
    width = layout.mm_to_pt(layout.TEXT_WIDTH_MM)
    _short_rule(out, document.summary, layout.SUMMARY_PT, width, after=12)


def _addressees(out: DocxDocument, document: Document) -> None:
    """ "Kính gửi: X" on one line, or "Kính gửi:" with one "- X;" line each, dashes under the colon."""
    items = document.addressee_items()
    size = layout.ADDRESSEE_PT
    if len(items) == 1:
        _run(_paragraph(out, after=12), f"{ADDRESSEE_LABEL} {items[0]}", size)
        return
    if not items:
        return
    to_colon = text_width(ADDRESSEE_LABEL.rstrip(":"), size)
    block = to_colon + max(text_width(item, size) for item in items)
    left = max(0.0, (layout.mm_to_pt(layout.TEXT_WIDTH_MM) - block) / 2)
    _run(_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, left=left), ADDRESSEE_LABEL, size)
    for index, item in enumerate(items):
        after = 12 if index == len(items) - 1 else 0
        _run(_paragraph(out, align=WD_ALIGN_PARAGRAPH.LEFT, left=left + to_colon, after=after), item, size)


def _section(out: DocxDocument, section: Section) -> None:
    _run(_body_paragraph(out, keep_next=True), section.heading, layout.BODY_PT, bold=True)
    for block in section.blocks:
        if isinstance(block, Table):
            _table(out, block)
        else:
            _run(_body_paragraph(out), block, layout.BODY_PT)


def _table(out: DocxDocument, table: Table) -> None:
    """A bordered table at full text width; header rows are bold and repeat on each page."""
    widths = tuple(layout.TEXT_WIDTH_MM * fraction for fraction in table.fractions())
    result = out.add_table(rows=0, cols=len(widths))
    _fix_widths(result, widths)
    result._tbl.tblPr.insert_element_before(
        _borders("w:tblBorders", "single", ("top", "left", "bottom", "right", "insideH", "insideV")),
        *_AFTER_TABLE_BORDERS,
    )
    centred = tuple(Align.CENTER for _ in table.columns)
    for values in table.header_rows:
        _table_row(result, values, widths, centred, header=True)
    aligns = tuple(column.align for column in table.columns)
    for values in table.rows:
        _table_row(result, values, widths, aligns, header=False)
    _paragraph(out, after=layout.PARAGRAPH_AFTER_PT)  # keeps a following table from merging into this one


def _table_row(
    table: DocxTable, values: tuple[str, ...], widths: tuple[float, ...], aligns: tuple[Align, ...], *, header: bool
) -> None:
    row = table.add_row()
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))
    for cell, value, width, align in zip(row.cells, values, widths, aligns, strict=True):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _run(_paragraph(cell, align=_ALIGN[align], before=2, after=2), value, layout.TABLE_PT, bold=header)


def _closing(out: DocxDocument, document: Document) -> None:
    table = _layout_table(out, (layout.CLOSING_LEFT_MM, layout.CLOSING_RIGHT_MM), rows=1)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signature = table.rows[0].cells
    left = WD_ALIGN_PARAGRAPH.LEFT
    _run(_paragraph(recipients, align=left, before=6), RECIPIENTS_LABEL, layout.RECIPIENTS_LABEL_PT, bold=True, italic=True)
    for line in document.recipients.lines():
        _run(_paragraph(recipients, align=left), line, layout.RECIPIENTS_PT)
    for index, line in enumerate(document.signature.heading_lines()):
        _run(_paragraph(signature, before=6 if index == 0 else 0), line, layout.SIGNATURE_PT, bold=True)
    signer = _paragraph(signature, before=layout.SIGNATURE_SPACE_PT)
    _run(signer, document.signature.signer, layout.SIGNATURE_PT, bold=True)
