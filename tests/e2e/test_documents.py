import io
import zipfile

from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect


def test_download_unit_report_docx_and_area_export(page, live_server, e2e_world, login, screenshot, tmp_path):
    login("officer_a")
    page.goto(f"{live_server.url}/org/units/{e2e_world.province_a.pk}/")
    expect(page.locator("h1")).to_have_text("Công an tỉnh Đắk Lắk")
    screenshot("unit-detail-province-a")
    with page.expect_download() as info:
        page.get_by_role("link", name="Báo cáo (DOCX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert zipfile.is_zipfile(path)
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "BÁO CÁO" in text
    assert "Độc lập - Tự do - Hạnh phúc" in "\n".join(
        p.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    )

    page.goto(f"{live_server.url}/org/areas/?level=commune")
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Excel").click()
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert names == ["Phường Buôn Hồ", "Xã Ea Drông"]
