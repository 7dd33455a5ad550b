"""Render the PDF and read it back with poppler's tools."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from django.utils import translation

from phongtrao.documents.pdf import RefusingFetcher, render_html, render_pdf

from .samples import ALL_TONES, sample_document


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(render_pdf(sample_document()))
    return path


def poppler(tool, *args) -> str:
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout  # noqa: S603


def page_text(path, page) -> str:
    return poppler("pdftotext", "-f", page, "-l", page, "-layout", path, "-")


def test_it_is_a_pdf_of_a4_pages(pdf_path):
    assert pdf_path.read_bytes().startswith(b"%PDF")
    info = poppler("pdfinfo", pdf_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_liberation_serif_is_embedded(pdf_path):
    fonts = [line.split() for line in poppler("pdffonts", pdf_path).splitlines()[2:]]
    embedded = {row[0].split("+")[-1] for row in fonts if row[-5] == "yes"}
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic", "Liberation-Serif-Bold-Italic"} <= embedded
    assert all(row[-5] == "yes" for row in fonts)


def test_vietnamese_text_survives_with_its_diacritics(pdf_path):
    text = unicodedata.normalize("NFC", poppler("pdftotext", pdf_path, "-"))
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CỤC XÂY DỰNG PHONG TRÀO",
        "Số: 05/BC-BCA-V05",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Lưu: VT, V05.",
        "KT. CỤC TRƯỞNG",
        "Đại tá Nguyễn Thế Chi",
        ALL_TONES,
    ):
        assert expected in flat


def test_page_number_is_on_top_of_page_two_but_not_page_one(pdf_path):
    assert page_text(pdf_path, 1).split()[0] != "1"
    assert page_text(pdf_path, 2).split()[0] == "2"


def test_decomposed_input_renders_as_composed_text(tmp_path):
    summary = unicodedata.normalize("NFD", "Về tình hình an ninh trật tự ở Đắk Lắk")
    path = tmp_path / "nfd.pdf"
    path.write_bytes(render_pdf(sample_document(summary=summary, sections=())))
    assert "Về tình hình an ninh trật tự ở Đắk Lắk" in unicodedata.normalize("NFC", poppler("pdftotext", path, "-"))


def test_markup_in_text_is_printed_not_fetched(tmp_path):
    summary = 'Báo cáo <img src="file:///etc/passwd"> <link rel="stylesheet" href="http://example.com/x.css">'
    html = render_html(sample_document(summary=summary))
    assert "<img" not in html and "&lt;img" in html
    path = tmp_path / "markup.pdf"
    path.write_bytes(render_pdf(sample_document(summary=summary, sections=())))
    assert '<img src="file:///etc/passwd">' in " ".join(poppler("pdftotext", path, "-").split())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/font.ttf", "data:text/css,p{}"])
def test_the_fetcher_refuses_every_url(url):
    with pytest.raises(ValueError, match="never load external resources"):
        RefusingFetcher().fetch(url)


def test_css_numbers_are_not_localised_in_vietnamese():
    with translation.override("vi"):
        html = render_html(sample_document())
    assert "text-indent: 12.7mm" in html
    assert not re.search(r"\d,\d+ ?(pt|mm|%)", html)
