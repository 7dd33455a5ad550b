"""Importing results from the XLSX template: every row checked, errors by row number and column,
all or nothing; sites already reported are updated; large files run in the background with progress."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.tasks.signals import task_enqueued
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.enums import ImportStatus, ResultSource, SiteKind, SiteLevel
from phongtrao.festival.models import ResultImport, ResultRow
from phongtrao.festival.results import actions, importer
from phongtrao.festival.results.importer import import_bytes, template_columns
from phongtrao.festival.results.queries import fields_of

HELD = datetime.date(2023, 8, 14)
ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "phongtrao" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
FRAGMENT = ROOT / "phongtrao" / "locale_fragments" / "festival_results.po"


@pytest.fixture
def vietnamese(settings, tmp_path):
    """Until festival_results.po is merged into the catalogue, serve the merged catalogue from a temporary path."""
    with translation.override("vi"):
        merged = translation.gettext("Outside the priority regions") != "Outside the priority regions"
    if not merged:
        target = tmp_path / "vi" / "LC_MESSAGES"
        target.mkdir(parents=True)
        msgcat, msgfmt = shutil.which("msgcat"), shutil.which("msgfmt")
        assert msgcat and msgfmt, "gettext is installed by make setup"
        merged_po = target / "django.po"
        subprocess.run([msgcat, "--use-first", "-o", str(merged_po), str(CATALOGUE), str(FRAGMENT)], check=True)  # noqa: S603
        subprocess.run([msgfmt, "-o", str(target / "django.mo"), str(merged_po)], check=True)  # noqa: S603
        settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def headers(campaign) -> list[str]:
    return [column.header for column in template_columns(fields_of(campaign))]


def xlsx(rows: list[list], header: list[str]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Kết quả")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, text in enumerate(header):
        sheet.write_string(0, col, text)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, col, datetime.datetime.combine(value, datetime.time()), day)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, value)
    book.close()
    return buffer.getvalue()


def row(
    code="24305", commune="Phường Buôn Hồ", site="Tổ dân phố 1", kind="Khu dân cư", level="Cấp xã", held="14/08/2023", **figures
):
    """A row of the default template: the fixed columns, then the 17 default figures (participants first)."""
    values = {"participants": 150, **figures}
    from phongtrao.festival.defaults import RESULT_FIELDS

    return [code, commune, site, kind, level, held, *(values.get(key) for key, *_rest in RESULT_FIELDS)]


def upload(data: bytes, name: str = "ket-qua.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def run(world, campaign, rows, *, unit=None, actor=None, header=None):
    data = xlsx(rows, header or headers(campaign))
    return import_bytes(data, campaign=campaign, unit=unit or world.province_a, actor=actor or world.officer_a)


def errors_of(outcome) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in outcome.errors}


# --- all or nothing ------------------------------------------------------------------------------


def test_a_clean_file_is_written_with_the_place_of_each_site(world, campaign):
    outcome = run(
        world,
        campaign,
        [
            row(site="Tổ dân phố 1", participants=120, gifts_value=15_000_000),
            row(code="24310", commune="Xã Ea Drông", site="Trường THCS Ea Drông", kind="Cơ sở giáo dục", participants=300),
            row(code=24305, site="Phường Buôn Hồ", kind="Xã, phường, đặc khu", level="Điểm chỉ đạo của Bộ", held=HELD),
        ],
    )
    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.updated) == (3, 0)
    first = ResultRow.objects.get(site_name="Tổ dân phố 1")
    assert first.commune == world.area_commune_a
    assert first.province == world.area_a
    assert first.region == world.region
    assert first.site_kind == SiteKind.RESIDENTIAL and first.site_level == SiteLevel.COMMUNE
    assert first.values == {"participants": 120, "gifts_value": 15_000_000}
    assert first.source == ResultSource.IMPORT and first.unit == world.province_a
    school = ResultRow.objects.get(site_name="Trường THCS Ea Drông")
    assert school.region == world.region  # through its province's tag
    showcase = ResultRow.objects.get(site_name="Phường Buôn Hồ")
    assert (showcase.site_kind, showcase.site_level, showcase.held_on) == (SiteKind.COMMUNE, SiteLevel.NATIONAL, HELD)


def test_one_bad_row_rejects_the_whole_file_with_its_row_and_column(world, campaign):
    outcome = run(world, campaign, [row(site="A"), row(site="B", participants=-5), row(site="C")])
    assert not outcome.ok
    assert errors_of(outcome) == {(3, "Số người tham dự")}
    assert "âm" in str(outcome.errors[0]) or "negative" in str(outcome.errors[0])
    assert not ResultRow.objects.exists()


def test_the_bad_row_may_be_the_last_of_many(world, campaign):
    rows = [row(site=f"Thôn {i}", participants=i) for i in range(1, 2501)]
    rows.append(row(site="Thôn cuối", held="20/08/2023"))
    outcome = run(world, campaign, rows)
    assert errors_of(outcome) == {(2502, importer.DATE_HEADER)}
    assert not ResultRow.objects.exists()


def test_every_kind_of_error_is_listed_by_row_and_column(world, campaign):
    rows = [
        row(site="Mã sai", code="99999"),
        row(site="Ngoài tỉnh", code="03868"),
        row(site="Loại lạ", kind="Chợ"),
        row(site="Cấp lạ", level="Cấp huyện"),
        row(site="Ngày sai", held="2023-08-14"),
        row(site="Ngày ngoài", held="30/06/2023"),
        row(site="Số lẻ", participants=12.5),
        row(site="Chữ", gifts_count="mười"),
        row(site="Thiếu", participants=None),
        row(site="Trùng"),
        row(site="Trùng"),
        row(site="", participants=1),
    ]
    outcome = run(world, campaign, rows)
    assert errors_of(outcome) == {
        (2, importer.CODE_HEADER),
        (3, importer.CODE_HEADER),
        (4, importer.KIND_HEADER),
        (5, importer.LEVEL_HEADER),
        (6, importer.DATE_HEADER),
        (7, importer.DATE_HEADER),
        (8, "Số người tham dự"),
        (9, "Số suất quà tặng"),
        (10, "Số người tham dự"),
        (12, importer.SITE_HEADER),
        (13, importer.SITE_HEADER),
    }
    by_row = {e.row: e.message for e in outcome.errors}
    assert "99999" in by_row[2]
    assert "Xã Tà Xùa" in by_row[3] and "Công an tỉnh Đắk Lắk" in by_row[3]
    assert "11" in by_row[12]  # the duplicate names the row where the site first appears
    assert not ResultRow.objects.exists()


def test_messages_are_vietnamese_by_default(world, campaign, vietnamese):
    outcome = run(world, campaign, [row(participants=-1)])
    assert str(outcome.errors[0]) == "Dòng 2, cột “Số người tham dự”: Số liệu không được âm."


def test_a_commune_police_imports_only_its_own_commune(world, campaign):
    outcome = run(
        world, campaign, [row(site="A"), row(code="24310", site="B")], unit=world.commune_a, actor=world.commune_officer_a
    )
    assert errors_of(outcome) == {(3, importer.CODE_HEADER)}


def test_missing_columns_and_files_that_are_not_workbooks(world, campaign):
    header = [h for h in headers(campaign) if h != "Số người tham dự"]
    outcome = import_bytes(xlsx([row()[:-1]], header), campaign=campaign, unit=world.province_a, actor=world.officer_a)
    assert errors_of(outcome) == {(1, "Số người tham dự")}
    assert not import_bytes(b"not a workbook", campaign=campaign, unit=world.province_a, actor=world.officer_a).ok
    empty = import_bytes(xlsx([], headers(campaign)), campaign=campaign, unit=world.province_a, actor=world.officer_a)
    assert [e.row for e in empty.errors] == [0]


def test_numbers_written_as_text_and_codes_without_leading_zero(world, campaign):
    outcome = run(
        world,
        campaign,
        [row(site="A", participants="1.250", gifts_value="15 000 000"), row(site="B", code="24310", participants="0")],
    )
    assert outcome.ok, outcome.errors
    assert ResultRow.objects.get(site_name="A").values == {"participants": 1250, "gifts_value": 15_000_000}
    assert ResultRow.objects.get(site_name="B").values == {"participants": 0}


# --- updates of sites already reported -----------------------------------------------------------


def test_a_site_already_reported_is_updated_not_duplicated(world, campaign):
    assert run(world, campaign, [row(site="Thôn 1", participants=100, weapons=2), row(site="Thôn 2")]).ok
    original = ResultRow.objects.get(site_name="Thôn 1")
    outcome = run(world, campaign, [row(site="Thôn 1", participants=180, level="Cấp cơ sở"), row(site="Thôn 3")])
    assert (outcome.created, outcome.updated) == (1, 1)
    assert ResultRow.objects.count() == 3
    updated = ResultRow.objects.get(site_name="Thôn 1")
    assert updated.pk == original.pk
    assert updated.values == {"participants": 180}  # the file's figures replace the old ones
    assert updated.site_level == SiteLevel.GRASSROOTS


def test_a_site_reported_by_a_unit_the_importer_does_not_act_for_is_refused(world, campaign):
    assert run(world, campaign, [row(site="Thôn 1")]).ok  # reported by the province
    outcome = run(world, campaign, [row(site="Thôn 1")], unit=world.commune_a, actor=world.commune_officer_a)
    assert errors_of(outcome) == {(2, importer.SITE_HEADER)}
    assert "Công an tỉnh Đắk Lắk" in outcome.errors[0].message


# --- through the pages ---------------------------------------------------------------------------


def test_the_page_rejects_a_bad_file_and_lists_row_and_column(world, campaign, client_for):
    client = client_for(world.officer_a)
    url = reverse("festival:results_import", args=[2023])
    data = xlsx([row(site="A"), row(site="B", kind="Chợ")], headers(campaign))
    response = client.post(url, {"unit": world.province_a.pk, "file": upload(data)})
    assert response.status_code == 302
    imp = ResultImport.objects.get()
    assert imp.status == ImportStatus.REJECTED
    assert imp.errors == [{"row": 3, "column": "Loại điểm", "message": imp.errors[0]["message"]}]
    page = client.get(response["Location"]).content.decode()
    assert "Loại điểm" in page and 'data-row="3"' in page
    assert not ResultRow.objects.exists()


def test_the_page_imports_a_good_file_and_says_what_was_updated(world, campaign, client_for, vietnamese):
    client = client_for(world.officer_a)
    url = reverse("festival:results_import", args=[2023])
    client.post(url, {"unit": world.province_a.pk, "file": upload(xlsx([row(site="A")], headers(campaign)))})
    response = client.post(
        url, {"unit": world.province_a.pk, "file": upload(xlsx([row(site="A"), row(site="B")], headers(campaign)))}
    )
    last = ResultImport.objects.order_by("-pk").first()
    assert last.status == ImportStatus.DONE and last.rows_written == 2
    assert ResultRow.objects.filter(result_import=last).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "1 điểm đã báo cáo trước đó được cập nhật" in page
    entry = AuditEntry.objects.get(code="festival.results.imported", object_id=str(last.pk))
    assert entry.new["rows_created"] == 1 and entry.new["rows_updated"] == 1


def test_only_xlsx_files_are_accepted(world, campaign, client_for):
    client = client_for(world.officer_a)
    url = reverse("festival:results_import", args=[2023])
    response = client.post(url, {"unit": world.province_a.pk, "file": upload(b"a,b", "ket-qua.csv")})
    assert response.status_code == 400
    assert not ResultImport.objects.exists()


def test_a_large_file_runs_in_the_background_with_progress(world, campaign, client_for, monkeypatch, request):
    """Above SYNC_LIMIT rows the upload is queued as a django.tasks task (ImmediateBackend here);
    the progress goes up while the rows are read and checked."""
    monkeypatch.setattr(importer, "SYNC_LIMIT", 50)
    seen: list[int] = []
    real_update = QuerySet.update

    def recording(queryset, **values):
        if queryset.model is ResultImport and "progress" in values:
            seen.append(values["progress"])
        return real_update(queryset, **values)

    monkeypatch.setattr(QuerySet, "update", recording)
    enqueued = []

    def on_enqueued(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(on_enqueued)
    request.addfinalizer(lambda: task_enqueued.disconnect(on_enqueued))
    rows = [row(site=f"Thôn {i}", participants=i) for i in range(3000)]
    response = client_for(world.officer_a).post(
        reverse("festival:results_import", args=[2023]),
        {"unit": world.province_a.pk, "file": upload(xlsx(rows, headers(campaign)))},
    )
    assert response.status_code == 302
    assert enqueued == ["import_results"]
    imp = ResultImport.objects.get()
    assert imp.status == ImportStatus.DONE and imp.rows_written == 3000
    assert ResultRow.objects.count() == 3000
    assert seen[0] == 0 and seen[-1] == 100 and any(0 < p < 85 for p in seen)
    assert seen == sorted(seen)


def test_the_status_page_polls_while_the_import_runs(world, campaign, client_for):
    imp = ResultImport.objects.create(
        campaign=campaign,
        unit=world.province_a,
        name="lon.xlsx",
        uploaded_by=world.officer_a,
        status=ImportStatus.RUNNING,
        progress=40,
    )
    client = client_for(world.officer_a)
    url = reverse("festival:results_import_status", args=[2023, imp.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<progress class="w-100" max="100" value="40"' in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="pt-import-status"') and "<html" not in fragment
    ResultImport.objects.filter(pk=imp.pk).update(status=ImportStatus.DONE, progress=100)
    assert "hx-trigger" not in client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_the_template_round_trips(world, campaign, client_for):
    """The downloaded template has the fixed columns, one per field, the accepted values; filled
    in, it imports."""
    response = client_for(world.officer_a).get(reverse("festival:results_template", args=[2023]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(content))
    sheet = book["Kết quả"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["Mã xã", "Tên xã", "Tên điểm", "Loại điểm", "Cấp", "Ngày tổ chức (dd/mm/yyyy)"]
    assert header[6:] == [f.label for f in fields_of(campaign)]
    values = book["Giá trị hợp lệ"]
    assert [c.value for c in values["A"][1:6]] == list(importer.KIND_VALUES.values())
    assert [c.value for c in values["B"][1:5]] == list(importer.LEVEL_VALUES.values())
    communes = {row[0].value for row in book["Danh mục xã"].iter_rows(min_row=2)}
    assert communes == {"24305", "24310"}
    sheet.append(["24305", "Phường Buôn Hồ", "Tổ dân phố 5", "Khu dân cư", "Cấp xã", "10/08/2023", 80])
    filled = io.BytesIO()
    book.save(filled)
    outcome = import_bytes(filled.getvalue(), campaign=campaign, unit=world.province_a, actor=world.officer_a)
    assert outcome.ok, outcome.errors
    assert ResultRow.objects.get().values == {"participants": 80}


def test_upload_action_refuses_units_the_user_does_not_act_for(world, campaign):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.import_upload(actor=world.officer_b, campaign=campaign, unit=world.province_a, uploaded=upload(b"x"))
    with pytest.raises(PermissionDenied):
        actions.import_upload(actor=world.central, campaign=campaign, unit=world.v05, uploaded=upload(b"x"))
    assert not ResultImport.objects.exists()


def test_a_background_import_outside_any_transaction_reports_its_progress(transactional_db, monkeypatch):
    """As in the worker: no transaction around the task. The import's rows are written in one
    transaction; on PostgreSQL its progress goes through a second connection meanwhile."""
    from django.db import connection

    from phongtrao.festival.results import importer as module
    from tests.world import build_world

    from .conftest import make_campaign

    world = build_world()
    campaign = make_campaign(world)
    side_reports: list[int] = []
    real_report = module._SideChannel.report

    def report(channel, percent):
        side_reports.append(percent)
        real_report(channel, percent)

    monkeypatch.setattr(module._SideChannel, "report", report)
    monkeypatch.setattr(module, "BATCH_SIZE", 10)  # several write steps
    imp = actions.import_upload(
        actor=world.officer_a,
        campaign=campaign,
        unit=world.province_a,
        uploaded=upload(xlsx([row(site=f"Thôn {i}") for i in range(200)], headers(campaign))),
    )
    done = importer.run_import(imp.pk)
    assert (done.status, done.progress, done.rows_written) == (ImportStatus.DONE, 100, 200)
    assert ResultRow.objects.filter(result_import=imp).count() == 200
    if connection.vendor == "postgresql":
        assert side_reports and side_reports == sorted(side_reports) and side_reports[-1] <= 99


def test_a_site_reported_meanwhile_rejects_the_import_cleanly(world, campaign, monkeypatch):
    """Between the check and the write someone reports one of the file's sites: the unique key
    refuses the write, and the import is rejected with nothing written."""
    from .test_results_entry import report

    original_init = importer.ResultsChecker.__init__

    def blind(checker, **kwargs):  # the check no longer sees the site reported "meanwhile"
        original_init(checker, **kwargs)
        checker.existing = {}

    monkeypatch.setattr(importer.ResultsChecker, "__init__", blind)
    report(world, campaign, name="Thôn 1")
    imp = actions.import_upload(
        actor=world.officer_a,
        campaign=campaign,
        unit=world.province_a,
        uploaded=upload(xlsx([row(site="Thôn 0"), row(site="Thôn 1")], headers(campaign))),
    )
    done = importer.run_import(imp.pk)
    assert done.status == ImportStatus.REJECTED and done.rows_written == 0
    assert done.errors[0]["row"] == 0
    assert list(ResultRow.objects.values_list("site_name", flat=True)) == ["Thôn 1"]
