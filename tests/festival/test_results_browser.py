"""The results flow in a real browser: a province uploads a file with a bad row and sees the error
by row and column with nothing imported, uploads the corrected file, reports one more site by
form, then V05 drills down the roll-up from the region to the communes."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARGS, CHROMIUM, SCREENSHOTS
from tests.world import build_world

from .conftest import make_campaign
from .test_results_import import headers, row, vietnamese, xlsx  # noqa: F401  (vietnamese: fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True, "viewport": {"width": 1280, "height": 860}}


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.usefixtures("vietnamese")
def test_import_rejected_then_accepted_then_rolled_up(page, live_server, transactional_db, password, screenshot, tmp_path):
    world = build_world()
    campaign = make_campaign(world)
    bad = tmp_path / "ket-qua-sai.xlsx"
    good = tmp_path / "ket-qua.xlsx"
    rows = [row(site="Tổ dân phố 1", participants=120), row(code="24310", site="Thôn 2", participants=300)]
    bad.write_bytes(xlsx([*rows, row(site="Thôn 3", kind="Chợ")], headers(campaign)))
    good.write_bytes(xlsx([*rows, row(site="Thôn 3", kind="Khu dân cư", participants=75)], headers(campaign)))

    _login(page, live_server, "officer_a", password)
    page.goto(f"{live_server.url}/festival/2023/results/")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.locator("#pt-import-errors")
    expect(errors).to_contain_text("Chưa nhập dữ liệu nào")
    expect(errors.locator('tr[data-row="4"]')).to_contain_text("Loại điểm")
    screenshot("festival-results-import-rejected")

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator("#pt-import-status")).to_contain_text("Đã nhập 3 dòng.")
    page.get_by_role("link", name="Quay lại danh sách kết quả").click()
    expect(page.locator("#pt-results tbody tr")).to_have_count(3)

    page.get_by_role("link", name="Báo cáo kết quả điểm").click()
    page.select_option("#id_commune", label="Xã Ea Drông")
    page.fill("#id_site_name", "Trường THCS Ea Drông")
    page.select_option("#id_site_kind", value="school")
    page.fill("#id_held_on", "15/08/2023")
    page.fill("#id_value_participants", "450")
    screenshot("festival-results-form")
    page.locator("#pt-result-form button[value=list]").click()
    expect(page.locator("#pt-results tbody tr")).to_have_count(4)
    screenshot("festival-results-list")
    page.context.clear_cookies()
    _login(page, live_server, "central", password)
    page.goto(f"{live_server.url}/festival/2023/results/summary/")
    expect(page.locator('[data-total="sites"]')).to_have_text("4")
    expect(page.locator('[data-total="participants"]')).to_have_text("945")
    expect(page.locator("#pt-chart rect")).to_have_count(1)
    screenshot("festival-results-rollup-region")
    page.locator("#pt-rollup").get_by_role("link", name="Tây Nguyên").click()
    expect(page.locator("#pt-drill")).to_contain_text("Tây Nguyên")
    page.locator("#pt-rollup").get_by_role("link", name="Tỉnh Đắk Lắk").click()
    expect(page.locator("#pt-rollup tbody tr")).to_have_count(2)
    page.select_option("#pt-chart-field", label="Giá trị quà tặng (đồng)")
    expect(page).to_have_url(re.compile(r"field=gifts_value"))
    screenshot("festival-results-rollup-communes")
    assert campaign.result_rows.count() == 4
