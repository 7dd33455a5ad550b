import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from phongtrao.org.enums import AreaLevel, DivisionType, Role, UnitKind
from phongtrao.org.models import Area, Membership, Unit, User
from tests.world import area as make_area

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = [("unit_report_docx", DOCX_TYPE, b"PK"), ("unit_report_pdf", "application/pdf", b"%PDF")]
REPORT_NAMES = [name for name, _type, _magic in REPORTS]
HEADERS = ["STT", "Tên", "Loại", "Mã", "Thuộc", "Nhãn"]


def report_url(name, unit):
    return reverse(f"documents:{name}", kwargs={"pk": unit.pk})


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("name", "content_type", "magic"), REPORTS)
def test_a_visible_unit_downloads(world, client_for, name, content_type, magic):
    response = client_for(world.officer_a).get(report_url(name, world.province_a))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    assert "bao-cao-to-chuc-luc-luong-cat66" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert content(response).startswith(magic)


@pytest.mark.parametrize("name", REPORT_NAMES)
@pytest.mark.parametrize("unit", ["province_b", "commune_b", "v05", "ministry"])
def test_a_unit_outside_the_scope_is_not_found(world, client_for, name, unit):
    response = client_for(world.officer_a).get(report_url(name, getattr(world, unit)))
    assert response.status_code == 404


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_missing_unit_is_not_found(world, client_for, name):
    assert client_for(world.superuser).get(reverse(f"documents:{name}", kwargs={"pk": 999999})).status_code == 404


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_anonymous_users_are_sent_to_log_in(world, client_for, name):
    response = client_for(None).get(report_url(name, world.province_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_users_cannot_export_areas(world, client_for):
    response = client_for(None).get(reverse("documents:area_list_xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_downloads_only_answer_get(world, client_for):
    client = client_for(world.officer_a)
    assert client.post(report_url("unit_report_pdf", world.province_a)).status_code == 405
    assert client.post(reverse("documents:area_list_xlsx")).status_code == 405


def test_the_report_is_issued_by_the_unit_to_its_parent(world, client_for):
    Membership.objects.create(
        user=User.objects.create_user("cat66_head", full_name="Lê Văn Giám", rank="Đại tá", position="Giám đốc"),
        unit=world.province_a,
        role=Role.LEADER,
    )
    response = client_for(world.officer_a).get(report_url("unit_report_docx", world.province_a))
    report = docx.Document(io.BytesIO(content(response)))
    masthead = report.tables[0]
    assert [p.text for p in masthead.cell(0, 0).paragraphs[:2]] == ["BỘ CÔNG AN", "CÔNG AN TỈNH ĐẮK LẮK"]
    assert masthead.cell(1, 0).paragraphs[0].text == "Số:      /BC-CAT66"
    assert masthead.cell(1, 1).paragraphs[0].text.startswith("Đắk Lắk, ngày ")
    texts = [p.text for p in report.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kính gửi: Bộ Công an" in texts
    table = report.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Tên đơn vị", "Mã", "Số đơn vị trực thuộc", "Số tài khoản"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    # Phường Buôn Hồ holds commune_officer_a; Xã Ea Drông has nobody yet.
    assert rows == [
        ["1", "Công an phường Buôn Hồ", "CAX24305", "0", "1"],
        ["2", "Công an xã Ea Drông", "CAX24310", "0", "0"],
        ["", "Tổng cộng", "", "0", "1"],
    ]
    recipients = [p.text for p in report.tables[-1].cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, CAT66."]
    signature = [p.text for p in report.tables[-1].cell(0, 1).paragraphs]
    assert signature == ["GIÁM ĐỐC", "Đại tá Lê Văn Giám"]


def test_a_unit_without_subordinates_says_so(world, client_for):
    response = client_for(world.commune_officer_a).get(report_url("unit_report_docx", world.commune_a))
    report = docx.Document(io.BytesIO(content(response)))
    assert report.tables[0].cell(1, 1).paragraphs[0].text.startswith("Buôn Hồ, ngày ")
    assert len(report.tables) == 2  # the masthead and the closing: no table of subordinate units


def test_the_report_query_count_does_not_grow_with_subordinate_units(world, client_for):
    parent = Unit.objects.create(name="Phòng PV05", code="PV05-66", kind=UnitKind.DIVISION, parent=world.province_a)
    client = client_for(world.officer_a)
    url = report_url("unit_report_docx", parent)

    def add_subordinate(index):
        child = Unit.objects.create(name=f"Đội {index}", code=f"PV05-66-{index}", kind=UnitKind.DIVISION, parent=parent)
        Unit.objects.create(name=f"Tổ {index}", code=f"PV05-66-{index}-T", kind=UnitKind.DIVISION, parent=child)
        Membership.objects.create(user=User.objects.create_user(f"doi{index}"), unit=child)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_subordinate(1)
    with_one = queries()
    add_subordinate(2)
    add_subordinate(3)
    assert queries() == with_one


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_area_export_is_a_real_spreadsheet(world, client_for):
    response = client_for(world.officer_a).get(reverse("documents:area_list_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="don-vi-hanh-chinh.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(content(response)))
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == 1 and sheet["A2"].data_type == "n"
    assert sheet["D2"].data_type == "s"


def test_officer_a_exports_only_province_a(world, client_for):
    rows = xlsx_rows(client_for(world.officer_a).get(reverse("documents:area_list_xlsx")))[1:]
    names = {row[1] for row in rows}
    assert names == set(Area.objects.visible_to(world.officer_a).values_list("name", flat=True))
    assert names == {"Tỉnh Đắk Lắk", "Phường Buôn Hồ", "Xã Ea Drông", "Buôn Kdun"}
    assert [row[0] for row in rows] == [1, 2, 3, 4]
    buon_ho = next(row for row in rows if row[1] == "Phường Buôn Hồ")
    assert (buon_ho[3], buon_ho[4], buon_ho[5]) == ("24305", "Tỉnh Đắk Lắk", "Tây Nguyên")


@pytest.mark.parametrize(
    ("user", "query", "expected"),
    [
        ("officer_a", "level=commune", {"Phường Buôn Hồ", "Xã Ea Drông"}),
        ("officer_a", "q=buon", {"Phường Buôn Hồ", "Buôn Kdun"}),
        ("officer_a", "tag=tay-nguyen", {"Tỉnh Đắk Lắk", "Phường Buôn Hồ"}),
        ("officer_a", "q=ta+xua", set()),
        ("central", "province={area_b}", {"Tỉnh Sơn La", "Xã Tà Xùa", "Bản Tà Xùa"}),
        ("central", "province={area_b}&level=residential_area", {"Bản Tà Xùa"}),
    ],
)
def test_the_area_export_honours_the_area_list_filters(world, client_for, user, query, expected):
    """Same rows, same order as the area list page shows for the same query string."""
    client = client_for(getattr(world, user))
    query = query.format(area_b=world.area_b.pk)
    rows = xlsx_rows(client.get(f"{reverse('documents:area_list_xlsx')}?{query}"))[1:]
    assert {row[1] for row in rows} == expected
    page = client.get(f"{reverse('org:area_list')}?{query}")
    assert [row[1] for row in rows] == [area.name for area in page.context["page_obj"]]


def test_a_province_outside_the_scope_is_ignored_like_on_the_page(world, client_for):
    client = client_for(world.officer_a)
    rows = xlsx_rows(client.get(f"{reverse('documents:area_list_xlsx')}?province={world.area_b.pk}"))[1:]
    assert {row[1] for row in rows} == {"Tỉnh Đắk Lắk", "Phường Buôn Hồ", "Xã Ea Drông", "Buôn Kdun"}


def test_the_area_export_query_count_does_not_grow_with_areas(world, client_for):
    client = client_for(world.officer_a)
    url = reverse("documents:area_list_xlsx")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for index in range(3):
        make_area(f"Thôn {index}", AreaLevel.RESIDENTIAL_AREA, DivisionType.VILLAGE, "", world.area_commune_a2).tags.add(
            world.region
        )
    assert queries() == before
