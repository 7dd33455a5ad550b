"""Nominations in the browser: province A nominates a commune for the year's festival and sees it in
the list; V05 finds it by a search typed without diacritics and pins it in."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from phongtrao.festival.models import Nomination
from tests.festival.conftest import make_campaign

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "phongtrao" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
FRAGMENT = ROOT / "phongtrao" / "locale_fragments" / "festival_campaigns.po"


@pytest.fixture
def vietnamese(settings, tmp_path):
    """Until festival_campaigns.po is merged into the catalogue, serve a merged copy."""
    with translation.override("vi"):
        merged = translation.gettext("Nominate a site") != "Nominate a site"
    if not merged:
        target = tmp_path / "vi" / "LC_MESSAGES"
        target.mkdir(parents=True)
        msgcat, msgfmt = shutil.which("msgcat"), shutil.which("msgfmt")
        assert msgcat and msgfmt, "gettext is installed by make setup"
        merged_po = target / "django.po"
        subprocess.run([msgcat, "--use-first", "-o", str(merged_po), str(CATALOGUE), str(FRAGMENT)], check=True)  # noqa: S603
        subprocess.run([msgfmt, "-o", str(target / "django.mo"), str(merged_po)], check=True)  # noqa: S603
        settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def _no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_province_nominates_and_v05_pins(page, live_server, e2e_world, vietnamese, login, screenshot):
    year = timezone.localdate().year + 1  # nominations still open
    campaign = make_campaign(e2e_world, year=year)

    login("officer_a")
    page.goto(f"{live_server.url}/festival/")
    page.locator(f"#campaigns a[href='/festival/{year}/']").click()
    expect(page.locator("#campaign-dates")).to_contain_text(f"01/07/{year} – 19/08/{year}")
    screenshot("festival-campaign-page")
    page.locator(".pt-festival-tabs a[href$='/nominations/']").click()
    expect(page.locator("#nominations")).to_contain_text("Không có đề xuất nào phù hợp với bộ lọc.")
    page.locator("#nominate").click()

    page.select_option("#id_area", label="Xã Ea Drông")
    page.select_option("#id_kind", "commune")
    page.fill("#id_proposed_date", f"12/08/{year}")
    page.fill("#id_ethnic_minority_share", "68")
    page.check("#id_is_religious")
    page.select_option("#id_security_complexity", "2")
    page.select_option("#id_movement_class", "good")
    page.fill("#id_models_count", "2")
    page.fill("#id_models_text", "Camera an ninh\nTổ tự quản an ninh trật tự buôn làng")
    page.fill("#id_reason", "Xã vùng đồng bào Ê Đê, có nhiều mô hình tự quản hiệu quả.")
    screenshot("festival-nomination-form")
    page.locator("#save-nomination").click()

    nomination = Nomination.objects.get()
    page.wait_for_url(f"{live_server.url}/festival/{year}/nominations/{nomination.pk}/")
    expect(page.locator("h1")).to_have_text("Xã Ea Drông")
    expect(page.locator(".alert-success")).to_contain_text("Đã đề xuất điểm “Xã Ea Drông”.")
    expect(page.locator("#nomination-facts")).to_contain_text("68%")
    expect(page.locator(".pt-history")).to_contain_text("đã đề xuất “Xã Ea Drông” làm điểm tổ chức Ngày hội")
    screenshot("festival-nomination-detail")

    page.goto(f"{live_server.url}/festival/{year}/nominations/")
    row = page.locator(f"#nominations tr[data-nomination='{nomination.pk}']")
    expect(row).to_contain_text("Xã Ea Drông")
    expect(row).to_contain_text(f"12/08/{year}")
    screenshot("festival-nominations-province")
    page.set_viewport_size({"width": 390, "height": 844})
    assert _no_horizontal_overflow(page)
    screenshot("festival-nominations-phone")
    page.set_viewport_size({"width": 1280, "height": 860})

    # V05 searches without diacritics and pins the site in.
    page.context.clear_cookies()
    login("central")
    page.goto(f"{live_server.url}/festival/")
    expect(page.locator(f"#campaigns tr[data-campaign='{year}']")).to_contain_text("1")
    expect(page.locator("#new-campaign #id_year")).to_have_value(str(year + 1))
    screenshot("festival-home-organiser")
    page.goto(f"{live_server.url}/festival/{year}/nominations/")
    page.fill("#id_q", "ea drong")
    page.locator("#nomination-filters button[type=submit]").click()
    expect(page.locator("#nominations tbody tr")).to_have_count(1)
    page.locator(f"#nominations a[href='/festival/{year}/nominations/{nomination.pk}/']").click()
    page.check("#pin input[value=in]")
    page.fill("#id_pin_reason", "Địa bàn trọng điểm Tây Nguyên")
    page.locator("#save-pin").click()
    expect(page.locator("#nomination-pin")).to_have_attribute("data-pin", "in")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu việc ghim điểm.")
    screenshot("festival-nomination-pinned")
    nomination.refresh_from_db()
    assert (nomination.pin, nomination.pin_reason) == ("in", "Địa bàn trọng điểm Tây Nguyên")
    assert campaign.window_start <= nomination.proposed_date == datetime.date(year, 8, 12)
