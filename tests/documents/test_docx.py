"""Read the DOCX back with python-docx and check it against Decree 30/2020, Phụ lục I."""

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from phongtrao.documents.docx import render_docx
from phongtrao.documents.metrics import longest_line_width, text_width

from .samples import BODY, sample_document

EMU_PER_MM = 36000
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


@pytest.fixture(scope="module")
def rendered():
    return docx.Document(io.BytesIO(render_docx(sample_document())))


def mm(length) -> float:
    return length / EMU_PER_MM


def style_of(paragraph) -> tuple[float, bool, bool]:
    """(size in pt, bold, italic), identical for every run of the paragraph."""
    styles = {(run.font.size.pt, bool(run.font.bold), bool(run.font.italic)) for run in paragraph.runs}
    assert len(styles) == 1, (paragraph.text, styles)
    return styles.pop()


def paragraph_with(paragraphs, text):
    matches = [p for p in paragraphs if p.text == text]
    assert matches, f"no paragraph reads {text!r}"
    return matches[0]


def following(paragraphs, paragraph):
    return paragraphs[[p._p for p in paragraphs].index(paragraph._p) + 1]


def border(paragraph, side="bottom"):
    ppr = paragraph._p.pPr
    borders = ppr.find(qn("w:pBdr")) if ppr is not None else None
    edge = borders.find(qn(f"w:{side}")) if borders is not None else None
    return None if edge is None else edge.get(qn("w:val"))


def rule_length(paragraph, available_emu) -> float:
    """Points between a rule paragraph's indents."""
    fmt = paragraph.paragraph_format
    return (available_emu - (fmt.left_indent or 0) - (fmt.right_indent or 0)) / 12700


def test_page_is_a4_portrait_with_decree_margins(rendered):
    section = rendered.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width) == pytest.approx(210, abs=0.1)
    assert mm(section.page_height) == pytest.approx(297, abs=0.1)
    assert 20 <= round(mm(section.top_margin), 1) <= 25
    assert 20 <= round(mm(section.bottom_margin), 1) <= 25
    assert 30 <= round(mm(section.left_margin), 1) <= 35
    assert 15 <= round(mm(section.right_margin), 1) <= 20


def test_every_run_is_times_new_roman_in_every_script_slot(rendered):
    section = rendered.sections[0]
    parts = [rendered.element, section.header._element, section.first_page_header._element]
    runs = [run for part in parts for run in part.iter(qn("w:r"))]
    assert len(runs) > 100
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(slot)) for slot in FONT_SLOTS} == {"Times New Roman"}
    normal_fonts = rendered.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {normal_fonts.get(qn(slot)) for slot in FONT_SLOTS} == {"Times New Roman"}


def test_masthead_is_a_borderless_two_column_table(rendered):
    masthead = rendered.tables[0]
    assert [round(mm(column.width)) for column in masthead.columns] == [65, 100]
    borders = masthead._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_parent_and_issuing_bodies(rendered):
    cell = rendered.tables[0].cell(0, 0)
    parent, issuing, rule = cell.paragraphs
    assert parent.text == "BỘ CÔNG AN"
    assert style_of(parent) == (13, False, False)
    assert issuing.text == "CỤC XÂY DỰNG PHONG TRÀO\nBẢO VỆ AN NINH TỔ QUỐC"
    size, bold, italic = style_of(issuing)
    assert 12 <= size <= 13 and bold and not italic
    assert {parent.alignment, issuing.alignment} == {WD_ALIGN_PARAGRAPH.CENTER}
    assert border(rule) == "single"
    ratio = rule_length(rule, cell.width) / longest_line_width(issuing.text, size, bold=True)
    assert 1 / 3 <= ratio <= 1 / 2


def test_national_name_and_motto(rendered):
    cell = rendered.tables[0].cell(0, 1)
    national, motto, rule = cell.paragraphs
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    size, bold, italic = style_of(national)
    assert 12 <= size <= 13 and bold and not italic
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    size, bold, italic = style_of(motto)
    assert 13 <= size <= 14 and bold and not italic
    assert border(rule) == "single"
    assert rule_length(rule, cell.width) == pytest.approx(text_width(motto.text, size, bold=True), abs=2)


def test_number_stamps_and_date(rendered):
    number_cell, date_cell = rendered.tables[0].rows[1].cells
    number, secrecy, urgency = number_cell.paragraphs
    assert number.text == "Số: 05/BC-BCA-V05"
    assert style_of(number) == (13, False, False)
    for stamp, text in ((secrecy, "MẬT"), (urgency, "KHẨN")):
        assert stamp.text == text
        assert style_of(stamp)[1] is True
        assert all(border(stamp, side) == "single" for side in ("top", "left", "bottom", "right"))
    date_line = date_cell.paragraphs[0]
    assert date_line.text == "Hà Nội, ngày 05 tháng 01 năm 2026"
    size, bold, italic = style_of(date_line)
    assert 13 <= size <= 14 and italic and not bold
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_blank_number_leaves_room_for_the_records_office():
    rendered = docx.Document(io.BytesIO(render_docx(sample_document(number=None))))
    assert rendered.tables[0].cell(1, 0).paragraphs[0].text == "Số:      /BC-BCA-V05"


def test_title_and_summary(rendered):
    paragraphs = rendered.paragraphs
    title = paragraph_with(paragraphs, "BÁO CÁO")
    size, bold, italic = style_of(title)
    assert 13 <= size <= 14 and bold and not italic
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = following(paragraphs, title)
    assert summary.text == "Kết quả thực hiện phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2025"
    size, bold, italic = style_of(summary)
    assert 13 <= size <= 14 and bold and not italic
    assert summary.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = following(paragraphs, summary)
    assert border(rule) == "single"
    text_area = rendered.sections[0].page_width - rendered.sections[0].left_margin - rendered.sections[0].right_margin
    ratio = rule_length(rule, text_area) / text_width(summary.text, size, bold=True)
    assert 1 / 3 <= ratio <= 1 / 2


def test_addressees_have_dashes_aligned_under_the_colon(rendered):
    paragraphs = rendered.paragraphs
    label = paragraph_with(paragraphs, "Kính gửi:")
    first = following(paragraphs, label)
    second = following(paragraphs, first)
    assert (first.text, second.text) == ("- Đồng chí Bộ trưởng Bộ Công an;", "- Ban Chỉ đạo phong trào.")
    offset = (first.paragraph_format.left_indent - label.paragraph_format.left_indent) / 12700
    assert offset == pytest.approx(text_width("Kính gửi", 14), abs=0.5)
    assert style_of(label)[0] in (13, 14)


def test_a_single_addressee_shares_the_line():
    rendered = docx.Document(io.BytesIO(render_docx(sample_document(addressees=("Bộ Công an",)))))
    assert paragraph_with(rendered.paragraphs, "Kính gửi: Bộ Công an").alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_legal_bases_are_italic_and_punctuated(rendered):
    first = paragraph_with(rendered.paragraphs, "Căn cứ Luật Công an nhân dân năm 2018;")
    last = paragraph_with(rendered.paragraphs, "Căn cứ Nghị định số 30/2020/NĐ-CP.")
    for basis in (first, last):
        assert style_of(basis)[2] is True
        assert basis.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_body_paragraphs(rendered):
    body = paragraph_with(rendered.paragraphs, BODY)
    size, bold, italic = style_of(body)
    assert 13 <= size <= 14 and not bold and not italic
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(mm(fmt.first_line_indent), 1) in (10.0, 12.7)
    assert fmt.space_after.pt >= 6
    assert isinstance(fmt.line_spacing, float) and 1.0 <= fmt.line_spacing <= 1.5
    heading = paragraph_with(rendered.paragraphs, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    assert style_of(heading)[1] is True
    assert heading.paragraph_format.keep_with_next


def test_page_numbers_start_on_page_two(rendered):
    section = rendered.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header._element
    assert not first.findall(".//" + qn("w:fldSimple")) and not first.findall(".//" + qn("w:instrText"))
    assert all(not p.text for p in section.first_page_header.paragraphs)
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert [field.get(qn("w:instr")).strip() for field in fields] == ["PAGE"]
    number_paragraph = fields[0].getparent()
    assert number_paragraph.pPr.jc_val == WD_ALIGN_PARAGRAPH.CENTER
    size = int(fields[0].find(qn("w:r")).find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val"))) / 2
    assert 13 <= size <= 14


def test_body_table_has_borders_and_a_repeated_bold_header(rendered):
    table = rendered.tables[1]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in rows)
    assert [cell.text for cell in header.cells] == ["STT", "Tên đơn vị", "Số tài khoản"]
    assert all(style_of(cell.paragraphs[0])[1] for cell in header.cells)
    assert not any(style_of(cell.paragraphs[0])[1] for cell in rows[0].cells)
    assert len(rows) == 40
    assert rows[0].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rows[0].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_recipients(rendered):
    cell = rendered.tables[-1].cell(0, 0)
    label, *lines = cell.paragraphs
    assert label.text == "Nơi nhận:"
    assert style_of(label) == (12, True, True)
    assert [line.text for line in lines] == ["- Như trên;", "- Đồng chí Thứ trưởng (để báo cáo);", "- Lưu: VT, V05."]
    assert {style_of(line) for line in lines} == {(11, False, False)}
    assert lines[-1].text.startswith("- Lưu: VT")


def test_signature_block(rendered):
    authority, position, signer = rendered.tables[-1].cell(0, 1).paragraphs
    assert (authority.text, position.text, signer.text) == ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Đại tá Nguyễn Thế Chi")
    for paragraph in (authority, position, signer):
        size, bold, _italic = style_of(paragraph)
        assert 13 <= size <= 14 and bold
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert signer.paragraph_format.space_before.pt >= 48
