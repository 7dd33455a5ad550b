import re

from playwright.sync_api import expect


def test_login_and_home(page, live_server, e2e_world, login, screenshot):
    login("officer_a")
    expect(page.locator("h1")).to_contain_text("Y Bhơ Niê")
    expect(page.locator("nav")).to_contain_text("Công tác")
    screenshot("home-officer-a")


def test_wrong_password_then_lockout(page, live_server, e2e_world, password, screenshot):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer_b")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger")).to_be_visible()
    screenshot("login-wrong-password")
    for _ in range(4):
        page.fill("#id_username", "officer_b")
        page.fill("#id_password", "sai-mat-khau")
        page.click("button[type=submit]")
    # Locked: even the right password is refused now.
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer_b")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("tạm khóa")
    screenshot("login-locked-out")
    assert not page.url.rstrip("/").endswith(live_server.url.rstrip("/"))


def test_search_ignores_diacritics(page, live_server, e2e_world, login, screenshot):
    login("central")
    page.fill("nav input[type=search]", "dak lak")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?q=dak\+lak"))
    expect(page.get_by_role("link", name="Tỉnh Đắk Lắk", exact=True)).to_be_visible()
    screenshot("search-dak-lak")
    page.fill("main input[type=search]", "tay nguyen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Tây Nguyên", exact=True)).to_be_visible()
    page.get_by_role("link", name="Tây Nguyên", exact=True).click()
    expect(page.get_by_role("link", name="Tỉnh Đắk Lắk", exact=True)).to_be_visible()
    screenshot("areas-tay-nguyen")


def test_phone_layout_has_collapsible_menu(page, live_server, e2e_world, login, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    login("commune_a")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    page.get_by_role("button", name="Tra cứu").or_(page.get_by_role("link", name="Tra cứu")).click()
    expect(page.get_by_role("link", name="Địa bàn")).to_be_visible()
    page.get_by_role("link", name="Địa bàn").click()
    expect(page.get_by_role("link", name="Phường Buôn Hồ")).to_be_visible()
    screenshot("phone-areas")
    # Nothing overflows horizontally on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
