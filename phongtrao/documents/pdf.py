"""Render a Document to PDF with WeasyPrint, in the same Decree 30/2020 layout as the DOCX.

The HTML comes from documents/decree30.html (autoescaped); "Times New Roman" resolves through
fontconfig to Liberation Serif, which has the same metrics. Nothing is ever fetched: the fetcher
refuses every URL, so text that looks like markup or a link cannot reach a file or the network.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import layout
from .metrics import text_width
from .model import ADDRESSEE_LABEL, MOTTO, NATIONAL_NAME, RECIPIENTS_LABEL, Document, Section, Table

# Word's single line spacing for Times New Roman is about 1.15 em; CSS line-height counts in em.
_SINGLE_LINE_EM = 1.15


class RefusingFetcher(URLFetcher):
    """A URL fetcher that fetches nothing."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        raise ValueError(f"Documents never load external resources: {url}")


def render_pdf(document: Document) -> bytes:
    return HTML(string=render_html(document), url_fetcher=RefusingFetcher()).write_pdf()


def render_html(document: Document) -> str:
    return unicodedata.normalize("NFC", render_to_string("documents/decree30.html", _context(document)))


def _context(document: Document) -> dict[str, Any]:
    parent_body, parent_size = layout.masthead_name(document.parent_body_text, layout.PARENT_BODY_PT, bold=False)
    issuing_body, issuing_size = layout.masthead_name(document.issuing_body_text, layout.ISSUING_BODY_PT, bold=True)
    return {
        "doc": document,
        "parent_body": parent_body,
        "parent_body_size": parent_size,
        "issuing_body": issuing_body,
        "issuing_body_size": issuing_size,
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "addressee_label": ADDRESSEE_LABEL,
        "recipients_label": RECIPIENTS_LABEL,
        "date_size": layout.date_size(document.date_line),
        "sections": [_section(section) for section in document.sections],
        **_addressees(document),
        **_measurements(),
    }


def _measurements() -> dict[str, Any]:
    return {
        "page": {
            "top": layout.MARGIN_TOP_MM,
            "right": layout.MARGIN_RIGHT_MM,
            "bottom": layout.MARGIN_BOTTOM_MM,
            "left": layout.MARGIN_LEFT_MM,
        },
        "masthead": {"left": layout.MASTHEAD_LEFT_MM, "right": layout.MASTHEAD_RIGHT_MM},
        "closing": {"left": layout.CLOSING_LEFT_MM, "right": layout.CLOSING_RIGHT_MM},
        "size": {
            "nation": layout.NATIONAL_NAME_PT,
            "motto": layout.MOTTO_PT,
            "number": layout.NUMBER_PT,
            "stamp": layout.STAMP_PT,
            "title": layout.TITLE_PT,
            "summary": layout.SUMMARY_PT,
            "addressee": layout.ADDRESSEE_PT,
            "body": layout.BODY_PT,
            "table": layout.TABLE_PT,
            "signature": layout.SIGNATURE_PT,
            "recipients_label": layout.RECIPIENTS_LABEL_PT,
            "recipients": layout.RECIPIENTS_PT,
            "page_number": layout.PAGE_NUMBER_PT,
        },
        "rule_percent": round(layout.SHORT_RULE_RATIO * 100),
        "indent": layout.FIRST_LINE_INDENT_MM,
        "after": layout.PARAGRAPH_AFTER_PT,
        "line_height": round(layout.LINE_SPACING * _SINGLE_LINE_EM, 3),
        "signature_space": layout.SIGNATURE_SPACE_PT,
    }


def _addressees(document: Document) -> dict[str, Any]:
    """Several addressees: a block centred on the page, dashes aligned under the colon."""
    items = document.addressee_items()
    size = layout.ADDRESSEE_PT
    to_colon = text_width(ADDRESSEE_LABEL.rstrip(":"), size)
    widest = max((text_width(item, size) for item in items), default=0.0)
    left = max(0.0, (layout.mm_to_pt(layout.TEXT_WIDTH_MM) - to_colon - widest) / 2)
    return {"addressees": items, "addressee_left": round(left, 2), "addressee_indent": round(to_colon, 2)}


def _section(section: Section) -> dict[str, Any]:
    return {"heading": section.heading, "blocks": [_block(block) for block in section.blocks]}


def _block(block: str | Table) -> dict[str, Any]:
    if not isinstance(block, Table):
        return {"text": block}
    aligns = [str(column.align) for column in block.columns]
    return {
        "table": block,
        "widths": [round(fraction * 100, 3) for fraction in block.fractions()],
        "rows": [list(zip(row, aligns, strict=True)) for row in block.rows],
    }
