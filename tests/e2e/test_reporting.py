"""Periodic reporting in the browser: V05 asks provinces A and B, province A drafts and submits,
V05 sees the report in and downloads the consolidation.

The status badge is compared with the Vietnamese label of the status computed here ("Đã nộp"
once the reporting catalogue fragment is merged), so the test does not depend on the merge.
"""

import datetime
import io

from django.utils import timezone, translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from phongtrao.reporting.enums import TargetStatus
from phongtrao.reporting.models import ReportRequest


def _date(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _log_in_as(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_request_draft_submit_and_consolidate(page, live_server, e2e_world, login, screenshot):
    with translation.override("vi"):
        submitted_label = str(TargetStatus.SUBMITTED.label)

    # V05 asks the two provinces it oversees for a six-month report with two figures.
    _log_in_as(page, login, "central")
    page.goto(f"{live_server.url}/reporting/new/")
    page.fill("#id_title", "Báo cáo sơ kết 6 tháng đầu năm")
    page.select_option("#id_kind", "six_month")
    page.fill("#id_period_start", _date(-60))
    page.fill("#id_period_end", _date(-1))
    page.fill("#id_cutoff", _date(-1))
    page.fill("#id_due_date", _date(10))
    page.fill("#id_instructions", "Báo cáo kết quả 6 tháng theo đề cương gửi kèm; nêu rõ khó khăn, vướng mắc và đề xuất.")
    page.fill("#id_fields_text", "Số mô hình mới\nSố buổi tuyên truyền")
    page.select_option("#id_target_units", label=["Công an tỉnh Đắk Lắk", "Công an tỉnh Sơn La"])
    screenshot("reporting-1-create")
    page.locator("#send-request").click()
    request = ReportRequest.objects.get()
    page.wait_for_url(f"{live_server.url}/reporting/{request.pk}/")
    expect(page.locator("#targets tbody tr")).to_have_count(2)
    screenshot("reporting-2-requester-detail")

    # Province A writes its draft, saves it, then reviews and submits it.
    _log_in_as(page, login, "officer_a")
    page.goto(f"{live_server.url}/reporting/")
    screenshot("reporting-3-reporter-list")
    page.locator(f"#requests a[href='/reporting/{request.pk}/']").click()
    page.fill("#id_text", "Sáu tháng đầu năm, Công an tỉnh xây dựng mới 4 mô hình tự quản về an ninh, trật tự.")
    page.fill("#id_figure_f1", "4")
    page.fill("#id_figure_f2", "1.250")
    page.locator("button[name=intent][value=save]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#id_figure_f2")).to_have_value("1.250")
    screenshot("reporting-4-reporter-draft")
    page.locator("button[name=intent][value=review]").click()
    expect(page.locator("#confirm-submit")).to_be_visible()
    screenshot("reporting-5-review")
    page.locator("#confirm-submit button").click()
    page.wait_for_url(f"{live_server.url}/reporting/{request.pk}/")
    expect(page.locator("#my-report [data-status]").first).to_have_attribute("data-status", "submitted")
    screenshot("reporting-6-reporter-submitted")

    # V05 sees province A's report in ("Đã nộp") and downloads the consolidated sheet.
    _log_in_as(page, login, "central")
    page.goto(f"{live_server.url}/reporting/{request.pk}/")
    row_a = page.locator("#targets tr", has_text="Công an tỉnh Đắk Lắk")
    expect(row_a.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    expect(row_a.locator("[data-status]")).to_have_text(submitted_label)
    screenshot("reporting-7-requester-sees-submitted")
    with page.expect_download() as info:
        page.locator(f"a[href='/reporting/{request.pk}/consolidated.xlsx']").click()
    rows = list(load_workbook(io.BytesIO(info.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Công an tỉnh Đắk Lắk", "Công an tỉnh Sơn La", "Tổng cộng"]
    assert rows[1][6:] == (4, 1250) and rows[-1][6:] == (4, 1250)

    page.goto(f"{live_server.url}/reporting/targets/{request.targets.get(unit=e2e_world.province_a).pk}/")
    expect(page.locator("[data-version='1']")).to_be_visible()
    screenshot("reporting-8-requester-target")
    page.goto(f"{live_server.url}/")
    screenshot("reporting-9-home")
    page.goto(f"{live_server.url}/reporting/")
    expect(page.locator(f"#requests [data-request='{request.pk}']")).to_contain_text("1/2")
    screenshot("reporting-10-requester-list")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reporting/{request.pk}/")
    screenshot("reporting-11-requester-detail-phone")
