"""The progress report of a programme ("Báo cáo kết quả, tiến độ thực hiện nhiệm vụ"): a Decree 30
DOCX (and PDF) and a workbook with the same four sections; scoped, registered, and with a query
count that does not grow with the number of assignments."""

from __future__ import annotations

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from openpyxl import load_workbook

from phongtrao.documents import registry
from phongtrao.org.enums import Role
from phongtrao.org.models import Membership, User
from phongtrao.work import actions
from phongtrao.work.apps_dashboard import register_dashboard
from phongtrao.work.enums import Category, ProposalKind
from phongtrao.work.exporters import DashboardTable, MetricList, ProgrammeReport, percent, programme_period
from phongtrao.work.metrics import METRIC_KEYS, metric_set
from phongtrao.work.models import Assignment
from tests.documents.test_docx import FONT_SLOTS, border, mm, style_of

from .test_metrics import build_scenario, days

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = [
    ("work:programme_report_docx", DOCX_TYPE, b"PK"),
    ("work:programme_report_xlsx", XLSX_TYPE, b"PK"),
    ("work:programme_report_pdf", "application/pdf", b"%PDF"),
]
REPORT_NAMES = [name for name, _type, _magic in REPORTS]


@pytest.fixture(autouse=True)
def _registered():
    register_dashboard()


@pytest.fixture
def scenario(world, today):
    s = build_scenario(world, today)
    actions.proposal_raise(
        actor=world.officer_a,
        unit=world.province_a,
        kind=ProposalKind.OBSTACLE,
        title="Thiếu kinh phí tổ chức Ngày hội",
        text="Đề nghị Ban Chỉ đạo hỗ trợ kinh phí.",
        raised_to=world.leader_a,
        assignment=s.overdue,
    )
    actions.extension_request(
        actor=world.officer_a, assignment=s.in_progress, proposed_due_date=today + days(20), reason="Chờ số liệu của xã"
    )
    extension = actions.extension_request(
        actor=world.officer_a, assignment=s.not_started, proposed_due_date=today + days(25), reason="Mưa lũ"
    )
    actions.extension_decide(actor=world.officer_a, extension=extension, approve=True)
    s.not_started.refresh_from_db()
    return s


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def report_url(name, programme) -> str:
    return reverse(name, kwargs={"pk": programme.pk})


def check_decree30(docx_bytes: bytes, *, issuing_body: str, symbol: str, kind: str = "BÁO CÁO") -> docx.Document:
    """The Decree 30/2020 (Phụ lục I) checks of tests/documents/test_docx.py, on any rendered document."""
    document = docx.Document(io.BytesIO(docx_bytes))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(mm(section.page_width)), round(mm(section.page_height))) == (210, 297)
    assert 20 <= round(mm(section.top_margin), 1) <= 25 and 20 <= round(mm(section.bottom_margin), 1) <= 25
    assert 30 <= round(mm(section.left_margin), 1) <= 35 and 15 <= round(mm(section.right_margin), 1) <= 20
    for run in document.element.iter(qn("w:r")):
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(slot)) for slot in FONT_SLOTS} == {"Times New Roman"}
    masthead = document.tables[0]
    bodies = [p.text for p in masthead.cell(0, 0).paragraphs]
    assert bodies[1].replace("\n", " ") == issuing_body.upper()
    assert border(masthead.cell(0, 0).paragraphs[-1]) == "single"
    assert [p.text for p in masthead.cell(0, 1).paragraphs[:2]] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert masthead.cell(1, 0).paragraphs[0].text == f"Số:      /{symbol}"
    date_line = masthead.cell(1, 1).paragraphs[0]
    assert ", ngày " in date_line.text and style_of(date_line)[2]  # italic
    texts = [p.text for p in document.paragraphs]
    title = document.paragraphs[texts.index(kind)]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and style_of(title)[1]
    for paragraph in document.paragraphs:
        if paragraph.runs and paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY:
            assert 13 <= style_of(paragraph)[0] <= 14
    for table in document.tables[1:-1]:  # body tables: bordered, header repeated on each page
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    recipients = [p.text for p in document.tables[-1].cell(0, 0).paragraphs]
    assert recipients[0] == "Nơi nhận:" and recipients[-1].startswith("- Lưu: VT")
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert [field.get(qn("w:instr")).strip() for field in fields] == ["PAGE"]
    return document


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content_type", "magic"), REPORTS)
def test_a_visible_programme_downloads(world, scenario, client_for, name, content_type, magic):
    response = client_for(world.officer_a).get(report_url(name, scenario.programmes["a"]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f"bao-cao-tien-do-nhiem-vu-cat66-{scenario.today.year}" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert content(response).startswith(magic)


@pytest.mark.parametrize("name", REPORT_NAMES)
@pytest.mark.parametrize(
    ("persona", "programme"), [("officer_a", "b"), ("officer_a", "v05"), ("officer_b", "a"), ("commune_officer_a", "a")]
)
def test_a_programme_outside_the_scope_is_not_found(world, scenario, client_for, name, persona, programme):
    response = client_for(getattr(world, persona)).get(report_url(name, scenario.programmes[programme]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_missing_programme_is_not_found_and_anonymous_must_log_in(world, client_for, name):
    assert client_for(world.superuser).get(reverse(name, kwargs={"pk": 999999})).status_code == 404
    response = client_for(None).get(reverse(name, kwargs={"pk": 1}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client_for(world.officer_a).post(reverse(name, kwargs={"pk": 1})).status_code == 405


def test_the_exporters_are_registered(world):
    assert registry.get("work.programme_report") is ProgrammeReport
    assert registry.get("work.metric_list") is MetricList
    assert registry.get("work.dashboard_table") is DashboardTable


# --- the DOCX ---------------------------------------------------------------------------------


def test_the_docx_is_a_decree_30_report_by_the_programmes_unit(world, scenario, client_for):
    Membership.objects.create(
        user=User.objects.create_user("cat66_head", full_name="Lê Văn Giám", rank="Đại tá", position="Giám đốc"),
        unit=world.province_a,
        role=Role.LEADER,
    )
    response = client_for(world.officer_a).get(report_url("work:programme_report_docx", scenario.programmes["a"]))
    document = check_decree30(content(response), issuing_body="Công an tỉnh Đắk Lắk", symbol="BC-CAT66")
    masthead = document.tables[0]
    assert masthead.cell(0, 0).paragraphs[0].text == "BỘ CÔNG AN"
    assert masthead.cell(1, 1).paragraphs[0].text.startswith("Đắk Lắk, ngày ")
    texts = [p.text for p in document.paragraphs]
    summary = texts[texts.index("BÁO CÁO") + 1]
    assert summary.endswith("Chương trình công tác năm của Công an tỉnh Đắk Lắk")
    assert "Kính gửi: Bộ Công an" in texts
    assert [p.text for p in document.tables[-1].cell(0, 1).paragraphs] == ["GIÁM ĐỐC", "Đại tá Lê Văn Giám"]


def _body_tables(document) -> list:
    return document.tables[1:-1]


def test_the_docx_sections_carry_the_programmes_figures_and_lists(world, scenario, client_for):
    programme = scenario.programmes["a"]
    response = client_for(world.officer_a).get(report_url("work:programme_report_docx", programme))
    document = docx.Document(io.BytesIO(content(response)))
    texts = [p.text for p in document.paragraphs]
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.")]
    assert len(headings) == 4  # I. general results, II. each key task, III. pending, IV. overdue
    tables = _body_tables(document)
    # I. the metric set of the programme, then the on-time rate.
    figures = metric_set(Assignment.objects.filter(programme=programme), programme_period(programme))
    general = [[c.text for c in row.cells] for row in tables[0].rows]
    assert general[0] == ["STT", "Chỉ tiêu", "Số lượng"]
    assert [row[2] for row in general[1:]] == [*(str(figures.value(k)) for k in METRIC_KEYS), percent(figures.on_time_rate)]
    # II. the key task "not_started" with its own table, then the other assignments in one table.
    assignments = list(Assignment.objects.filter(programme=programme).order_by("path"))
    task_tables = tables[1:-1]
    assert len(task_tables) == 2
    key_task = [[c.text for c in row.cells] for row in task_tables[0].rows]
    assert key_task[0] == ["Số hiệu", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Tình trạng"]
    assert key_task[1][0] == scenario.not_started.code
    deadline = key_task[1][3].split("\n")
    assert deadline[0] == f"{scenario.not_started.due_date:%d/%m/%Y}"  # extended ...
    assert f"{scenario.not_started.original_due_date:%d/%m/%Y}" in deadline[1]  # ... from the original deadline
    listed = [row.cells[0].text for table in task_tables for row in table.rows[1:]]
    assert sorted(listed) == sorted(a.code for a in assignments)
    # III. the obstacle and the pending extension request (not the approved one).
    pending = [t for t in texts if t.startswith("- ")]
    assert any("Thiếu kinh phí tổ chức Ngày hội" in t for t in pending)
    assert any("Chờ số liệu của xã" in t for t in pending)
    assert not any("Mưa lũ" in t for t in pending)
    # IV. the overdue list.
    overdue = [[c.text for c in row.cells] for row in tables[-1].rows]
    assert overdue[0][:3] == ["STT", "Số hiệu", "Nội dung nhiệm vụ"]
    assert {row[1] for row in overdue[1:]} == {scenario.overdue.code, scenario.overdue_unmarked.code}
    assert len(overdue) - 1 == figures.overdue
    days_late = {row[1]: row[5] for row in overdue[1:]}
    assert days_late[scenario.overdue.code] == "5"


def test_a_programme_without_assignments_still_reports(world, client_for, today):
    programme = actions.programme_create(actor=world.officer_b, owner=world.province_b, year=today.year, title="CTCT trống")
    response = client_for(world.officer_b).get(report_url("work:programme_report_docx", programme))
    document = check_decree30(content(response), issuing_body="Công an tỉnh Sơn La", symbol="BC-CAT14")
    assert len(_body_tables(document)) == 1  # only the figures: no task table, no overdue table


def test_the_v05_report_shows_the_forwarded_sub_assignment_indented(world, scenario, client_for):
    response = client_for(world.central).get(report_url("work:programme_report_docx", scenario.programmes["v05"]))
    document = check_decree30(content(response), issuing_body="Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc", symbol="BC-V05")
    rows = [[c.text for c in row.cells] for row in _body_tables(document)[1].rows]
    assert [row[0] for row in rows[1:3]] == [scenario.v_task.code, scenario.v_child.code]
    assert rows[2][1] == f"- {scenario.v_child.title}"
    assert rows[2][2] == "Công an phường Buôn Hồ"


# --- the workbook -----------------------------------------------------------------------------


def test_the_workbook_has_the_four_sections_and_their_totals(world, scenario, client_for):
    programme = scenario.programmes["a"]
    response = client_for(world.officer_a).get(report_url("work:programme_report_xlsx", programme))
    book = load_workbook(io.BytesIO(content(response)))
    assert book.sheetnames == ["I. Kết quả chung", "II. Nhiệm vụ", "III. Khó khăn, đề xuất", "IV. Quá hạn"]
    figures = metric_set(Assignment.objects.filter(programme=programme), programme_period(programme))
    general = list(book["I. Kết quả chung"].iter_rows(min_row=2, values_only=True))
    assert [value for _label, value in general] == [*(figures.value(k) for k in METRIC_KEYS), figures.on_time_rate]
    tasks = list(book["II. Nhiệm vụ"].iter_rows(min_row=2, values_only=True))
    assert len(tasks) == Assignment.objects.filter(programme=programme).count() == figures.assigned  # the whole programme
    assert [row[0] for row in tasks] == list(range(1, len(tasks) + 1))
    pending = list(book["III. Khó khăn, đề xuất"].iter_rows(min_row=2, values_only=True))
    assert len(pending) == 2
    overdue = list(book["IV. Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert len(overdue) == figures.overdue == 2
    assert {row[1] for row in overdue} == {scenario.overdue.code, scenario.overdue_unmarked.code}
    assert all(isinstance(row[6], int) and row[6] > 0 for row in overdue)


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORT_NAMES[:2])
def test_the_report_query_count_does_not_grow_with_assignments(world, client_for, today, name):
    programme = actions.programme_create(actor=world.officer_a, owner=world.province_a, year=today.year, title="CTCT")
    client = client_for(world.officer_a)
    url = report_url(name, programme)

    def give(i):
        top = actions.assignment_create(
            actor=world.officer_a,
            programme=programme,
            title=f"Mặt công tác {i}",
            lead=world.province_a,
            category=Category.WORK_AREA,
            start_date=today - days(30),
            due_date=today - days(i),
        )
        actions.assignment_create(
            actor=world.officer_a,
            programme=programme,
            parent=top,
            title=f"Việc {i}",
            lead=world.commune_a,
            start_date=today - days(30),
            due_date=today - days(i + 1),
        )
        actions.extension_request(actor=world.officer_a, assignment=top, proposed_due_date=today + days(9), reason="x")
        actions.proposal_raise(
            actor=world.officer_a,
            unit=world.province_a,
            kind=ProposalKind.PROPOSAL,
            title=f"Đề xuất {i}",
            text="…",
            raised_to=world.leader_a,
            assignment=top,
        )

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            content(response)
        assert response.status_code == 200
        return len(captured)

    give(1)
    with_one = queries()
    give(2)
    give(3)
    assert queries() == with_one


def test_the_workbook_keeps_the_tree_indented(world, scenario, client_for):
    response = client_for(world.central).get(report_url("work:programme_report_xlsx", scenario.programmes["v05"]))
    sheet = load_workbook(io.BytesIO(content(response)))["II. Nhiệm vụ"]
    titles = {row[1].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert titles[scenario.v_task.code].alignment.indent == 0
    assert titles[scenario.v_child.code].alignment.indent == 1
    assert titles[scenario.v_child.code].value == scenario.v_child.title
