import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from phongtrao.work.apps_dashboard import register_dashboard
from tests.work.test_metrics import build_scenario


@pytest.fixture(autouse=True)
def _registered():
    register_dashboard()


def test_nation_to_commune_and_the_list_behind_a_number(page, live_server, e2e_world, login, screenshot):
    scenario = build_scenario(e2e_world, timezone.localdate())
    login("central")
    page.goto(f"{live_server.url}/work/dashboard/")
    expect(page.locator("h1")).to_contain_text("Bộ Công an")
    expect(page.locator("#pt-trend")).to_be_visible()
    screenshot("work-dashboard-nation")

    page.locator("#pt-drilldown a.pt-drill", has_text="Công an tỉnh Đắk Lắk").click()
    expect(page.locator("h1")).to_contain_text("Công an tỉnh Đắk Lắk")
    expect(page.locator(".breadcrumb")).to_contain_text("Bộ Công an")
    screenshot("work-dashboard-province")

    page.locator("#pt-drilldown a.pt-drill", has_text="Công an phường Buôn Hồ").click()
    expect(page.locator("h1")).to_contain_text("Công an phường Buôn Hồ")
    shown = page.locator('#pt-metric-cards a[data-metric="overdue"]').inner_text()
    page.locator('#pt-metric-cards a[data-metric="overdue"]').click()
    expect(page.locator("#pt-metric-list tbody tr")).to_have_count(int(shown))
    expect(page.locator("#pt-metric-list")).to_contain_text(scenario.overdue.title)
    screenshot("work-dashboard-list")

    with page.expect_download() as info:
        page.locator('a[href*="/work/dashboard/list.xlsx"]').click()
    sheet = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [scenario.overdue.code]


def test_the_unit_selector_and_the_period(page, live_server, e2e_world, login, screenshot):
    build_scenario(e2e_world, timezone.localdate())
    login("officer_a")
    page.goto(f"{live_server.url}/work/dashboard/")
    expect(page.locator("h1")).to_contain_text("Công an tỉnh Đắk Lắk")
    page.select_option("#id_unit", label="\u2003Công an xã Ea Drông")
    expect(page.locator("h1")).to_contain_text("Công an xã Ea Drông")
    page.fill("#id_from", "01/01/2020")
    page.fill("#id_to", "31/12/2020")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.locator('#pt-metric-cards a[data-metric="assigned"]')).to_have_text("0")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#card-work-metrics")).to_contain_text("Công an tỉnh Đắk Lắk")
    screenshot("work-home-card")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/work/dashboard/")
    screenshot("work-dashboard-phone")
