"""The measurements of Decree 30/2020, Phụ lục I, shared by the DOCX and the PDF renderer.

Where the Decree allows a range, the value chosen is noted beside the range.
"""

from .metrics import fit_lines, fitting_size

FONT = "Times New Roman"

PAGE_WIDTH_MM = 210  # A4 portrait
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20  # 20-25
MARGIN_BOTTOM_MM = 20  # 20-25
MARGIN_LEFT_MM = 30  # 30-35
MARGIN_RIGHT_MM = 15  # 15-20
HEADER_DISTANCE_MM = 10  # the page number sits in the top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# The masthead is two columns: issuing body and number on the left, Quốc hiệu and date on the right.
MASTHEAD_LEFT_MM = 65
MASTHEAD_RIGHT_MM = TEXT_WIDTH_MM - MASTHEAD_LEFT_MM
# The closing is two columns: "Nơi nhận" on the left, the signature on the right.
CLOSING_LEFT_MM = 75
CLOSING_RIGHT_MM = TEXT_WIDTH_MM - CLOSING_LEFT_MM

# Font sizes in points.
PARENT_BODY_PT = 13  # 12-13, upright
ISSUING_BODY_PT = 13  # 12-13, bold
BODY_NAME_MIN_PT = 12  # a long parent or issuing body name drops to 12 rather than wrap onto a third line
NATIONAL_NAME_PT = 13  # 12-13, bold
MOTTO_PT = 14  # 13-14, bold
NUMBER_PT = 13  # 13
DATE_PT = 14  # 13-14, italic; 13 when a long place name would not fit on one line
DATE_MIN_PT = 13
STAMP_PT = 13  # 13-14, bold, boxed
TITLE_PT = 14  # 13-14, bold capitals
SUMMARY_PT = 14  # 13-14, bold
ADDRESSEE_PT = 14  # 13-14
BODY_PT = 14  # 13-14
TABLE_PT = 13
SIGNATURE_PT = 14  # 13-14, bold
RECIPIENTS_LABEL_PT = 12  # 12, bold italic
RECIPIENTS_PT = 11  # 11, upright
PAGE_NUMBER_PT = 13  # 13-14, upright

FIRST_LINE_INDENT_MM = 12.7  # 10 or 12.7
PARAGRAPH_AFTER_PT = 6  # at least 6
LINE_SPACING = 1.15  # single to 1.5 lines
SHORT_RULE_RATIO = 0.4  # rules under the issuing body and the summary: 1/3 to 1/2 of the line
SIGNATURE_SPACE_PT = 72  # room for the handwritten signature and the seal
FIT_SLACK_PT = 2  # lines measured to fit are given this much room to spare against rounding

MM_PER_PT = 25.4 / 72


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_PT


def masthead_name(text: str, size: float, *, bold: bool) -> tuple[str, float]:
    """A parent or issuing body name broken into lines (and sized) for the masthead's left column."""
    width = mm_to_pt(MASTHEAD_LEFT_MM) - FIT_SLACK_PT
    return fit_lines(text, (size, BODY_NAME_MIN_PT), width, bold=bold)


def date_size(date_line: str) -> float:
    width = mm_to_pt(MASTHEAD_RIGHT_MM) - FIT_SLACK_PT
    return fitting_size(date_line, (DATE_PT, DATE_MIN_PT), width, italic=True)
