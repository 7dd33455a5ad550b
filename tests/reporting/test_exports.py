"""Consolidation: the sheet's totals are the sum of its rows; the Decree 30 DOCX opens and adds up."""

import io

import docx
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from phongtrao.documents import registry
from phongtrao.reporting import actions
from phongtrao.reporting.enums import TargetStatus

from .conftest import days, draft, send, submit

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def labels(*statuses) -> list[str]:
    """Status labels as the exports write them (always in Vietnamese)."""
    with translation.override("vi"):
        return [str(TargetStatus(status).label) for status in statuses]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def national_request(world):
    """V05 asks both provinces and the communes of A; A and commune A submit, B is returned, A2 drafts."""
    from tests.world import user

    a2 = user("commune_a2", world.commune_a2, full_name="Nguyễn Thị Lan")
    request = send(world.central, world.v05, [world.province_a, world.province_b, world.commune_a, world.commune_a2])
    targets = {t.unit_id: t for t in request.targets.all()}
    submit(world.officer_a, targets[world.province_a.pk], figures={"f1": "4", "f2": "1.250"}, text="Đắk Lắk: kết quả.\nDòng hai.")
    submit(world.commune_officer_a, targets[world.commune_a.pk], figures={"f1": "2,5", "f2": "10"}, text="Buôn Hồ: kết quả.")
    returned = submit(world.officer_b, targets[world.province_b.pk], figures={"f1": "100", "f2": "100"}, text="Sơn La")
    actions.submission_return(actor=world.central, submission=returned, reason="Số liệu chưa khớp.")
    draft(a2, targets[world.commune_a2.pk], figures={"f1": "50", "f2": "50"})
    return request


def test_consolidated_sheet_totals_equal_the_sum_of_the_rows(world, client_for):
    request = national_request(world)
    response = client_for(world.central).get(reverse("reporting:consolidated_xlsx", args=[request.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data, total = rows[0], rows[1:-1], rows[-1]
    assert header == (
        "STT",
        "Đơn vị",
        "Mã đơn vị",
        "Trạng thái",
        "Thời điểm nộp",
        "Phiên bản",
        "Số mô hình mới",
        "Số buổi tuyên truyền",
    )
    assert [row[2] for row in data] == ["CAT66", "CAX24305", "CAX24310", "CAT14"]  # unit-tree order
    assert [row[3] for row in data] == labels("submitted", "submitted", "draft", "returned")
    assert total[1] == "Tổng cộng"
    for column in (6, 7):
        assert total[column] == sum(row[column] or 0 for row in data)
    assert (total[6], total[7]) == (6.5, 1260)  # the returned and the draft figures do not count


def test_consolidated_docx_has_the_decree_30_header_and_totals(world, client_for):
    request = national_request(world)
    response = client_for(world.central).get(reverse("reporting:consolidated_docx", args=[request.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    document = docx.Document(io.BytesIO(body(response)))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    figures = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    table = [[cell.text for cell in row.cells] for row in figures.rows]
    assert table[0] == ["STT", "Đơn vị", "Số mô hình mới", "Số buổi tuyên truyền"]
    assert table[1:] == [
        ["1", "Công an tỉnh Đắk Lắk", "4", "1.250"],
        ["2", "Công an phường Buôn Hồ", "2,5", "10"],
        ["", "Tổng cộng", "6,5", "1.260"],
    ]
    assert "Đắk Lắk: kết quả." in text and "Dòng hai." in text and "Buôn Hồ: kết quả." in text
    assert "Sơn La" not in text.replace("Công an tỉnh Sơn La", "")  # the returned text is not consolidated


def test_exports_are_registered(world):
    for key in ("reporting.request_list", "reporting.consolidated_sheet", "reporting.consolidated_report"):
        assert registry.get(key).key == key


def test_a_reporting_unit_cannot_download_the_consolidation(world, client_for):
    request = national_request(world)
    for user in (world.officer_a, world.officer_b, world.commune_officer_a, world.partner_user):
        for name in ("reporting:consolidated_xlsx", "reporting:consolidated_docx"):
            assert client_for(user).get(reverse(name, args=[request.pk])).status_code == 404


def test_list_export_keeps_the_filters_and_counts(world, client_for):
    national_request(world)
    send(world.central, world.v05, [world.province_a], title="Báo cáo năm", kind="annual", fields=[])
    client = client_for(world.central)
    response = client.get(reverse("reporting:list_xlsx"), {"kind": "six_month"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["Tiêu đề"], row["Số đơn vị"], row["Hạn nộp"].date()) == ("Báo cáo sơ kết 6 tháng", 4, days(10))
    submitted, drafting, returned, not_started = labels("submitted", "draft", "returned", "not_started")
    assert (row[submitted], row[drafting], row[returned], row[not_started]) == (2, 1, 1, 0)
