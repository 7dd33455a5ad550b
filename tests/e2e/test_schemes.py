"""A scheme from the standard template: the first gate refuses without its document, then passes."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from phongtrao.schemes import actions

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "phongtrao" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
FRAGMENT = ROOT / "phongtrao" / "locale_fragments" / "schemes.po"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def vietnamese(settings, tmp_path):
    """Until schemes.po is merged into the catalogue, serve the merged catalogue from a temporary path."""
    with translation.override("vi"):
        merged = translation.gettext("New scheme") != "New scheme"
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


def test_scheme_from_template_gate_refused_then_passed(page, live_server, e2e_world, vietnamese, login, screenshot):
    # A late scheme beside ours, so the list shows the red mark.
    late = actions.scheme_create_from_template(
        actor=e2e_world.officer_a,
        owner=e2e_world.province_a,
        lead=e2e_world.province_a,
        title="Đề án thành phần: Xây dựng phong trào toàn dân bảo vệ ANTQ trong tình hình mới",
        basis="Nghị quyết 12-NQ/TW",
        start=timezone.localdate() - datetime.timedelta(days=40),
    )
    actions.phase_start(actor=e2e_world.officer_a, phase=late.phases.get(order=1))

    login("officer_a")
    page.locator("nav").get_by_role("link", name="Đề án").click()
    expect(page.locator("h1")).to_have_text("Đề án")
    page.get_by_role("link", name="Đề án mới").click()
    page.fill("#id_title", "Đề án thành phần số 3 thực hiện Nghị quyết 12-NQ/TW")
    page.fill("#id_basis", "Nghị quyết 12-NQ/TW")
    expect(page.locator("#id_start")).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))
    screenshot("schemes-new")
    page.get_by_role("button", name="Tạo đề án").click()

    expect(page.locator("h1")).to_have_text("Đề án thành phần số 3 thực hiện Nghị quyết 12-NQ/TW")
    first = page.locator("#phase-1")
    expect(first).to_contain_text("Xây dựng dự thảo")
    expect(page.locator("#phase-5")).to_contain_text("Ban Thường vụ Đảng ủy CATW phê duyệt")
    first.get_by_role("button", name="Bắt đầu giai đoạn").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã bắt đầu giai đoạn “Xây dựng dự thảo”")

    page.locator("#phase-1").get_by_role("button", name="Hoàn thành giai đoạn").click()
    refusal = page.locator("#phase-1 .alert-danger")
    expect(refusal).to_have_text("Chưa thể hoàn thành giai đoạn: cần đính kèm “Dự thảo đề án”.")
    refusal.scroll_into_view_if_needed()
    screenshot("schemes-gate-refused")

    first = page.locator("#phase-1")
    first.get_by_label("Tên tài liệu (không bắt buộc)").fill("Dự thảo đề án lần 1")
    first.locator("input[type=file]").set_input_files({"name": "du-thao-de-an.pdf", "mimeType": "application/pdf", "buffer": PDF})
    first.get_by_role("button", name="Tải lên").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đính kèm tài liệu")
    expect(page.locator("#phase-1")).to_contain_text("Dự thảo đề án lần 1")

    page.locator("#phase-1").get_by_role("button", name="Hoàn thành giai đoạn").click()
    expect(page.locator(".alert-success")).to_contain_text("Giai đoạn “Xây dựng dự thảo” đã hoàn thành.")
    expect(page.locator("#phase-1 .badge").first).to_have_text("Đã hoàn thành")
    expect(page.locator("#phase-2")).to_contain_text("Bắt đầu giai đoạn")
    expect(page.locator(".pt-history")).to_contain_text("đã xác nhận hoàn thành giai đoạn “1. Xây dựng dự thảo”")
    screenshot("schemes-detail-gate-passed")

    page.set_viewport_size({"width": 390, "height": 844})
    assert _no_horizontal_overflow(page)
    screenshot("schemes-detail-phone")
    page.goto(f"{live_server.url}/schemes/")
    expect(page.locator("tr.table-danger")).to_contain_text("Đề án thành phần: Xây dựng phong trào")
    assert _no_horizontal_overflow(page)
    screenshot("schemes-list-phone")
    page.goto(f"{live_server.url}/schemes/new/")
    assert _no_horizontal_overflow(page)
    screenshot("schemes-new-phone")
    page.set_viewport_size({"width": 1280, "height": 860})
    screenshot("schemes-list")
    page.goto(f"{live_server.url}/schemes/{late.pk}/")
    expect(page.locator(".alert-danger").first).to_contain_text("Chậm tiến độ")
    screenshot("schemes-detail-late")
    page.goto(f"{live_server.url}/")
    expect(page.locator("body")).to_contain_text("Đề án chậm tiến độ")
    screenshot("schemes-home-card")
