"""The full cycle of an assignment in the browser, as three people do it."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from phongtrao.work import actions
from phongtrao.work.models import Assignment
from tests.e2e.conftest import SCREENSHOTS


def _session(browser, live_server, username, password):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _submit(page, action_url_part, fields=None, button=None):
    form = page.locator(f"form[action*='{action_url_part}']")
    for name, value in (fields or {}).items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").first.click() if button is None else form.get_by_role("button", name=button).click()


def test_assign_forward_progress_overdue_extension_late_returned_accepted(browser, live_server, e2e_world, password):
    w = e2e_world
    today = timezone.localdate()
    programme = actions.programme_create(actor=w.central, owner=w.v05, year=today.year, title="Chương trình công tác năm")
    central = _session(browser, live_server, "central", password)
    province = _session(browser, live_server, "officer_a", password)
    commune = _session(browser, live_server, "commune_a", password)

    # V05 assigns to province A, due in three days.
    central.goto(f"{live_server.url}/work/programmes/{programme.pk}/assign/")
    central.fill("#id_title", "Tổ chức Ngày hội toàn dân bảo vệ ANTQ tại cơ sở")
    central.select_option("#id_lead", str(w.province_a.pk))
    central.fill("#id_start_date", (today - datetime.timedelta(days=10)).strftime("%d/%m/%Y"))
    central.fill("#id_due_date", (today + datetime.timedelta(days=3)).strftime("%d/%m/%Y"))
    central.click("main button[type=submit]")
    expect(central.locator("h1")).to_contain_text("Tổ chức Ngày hội")
    parent = Assignment.objects.get(title="Tổ chức Ngày hội toàn dân bảo vệ ANTQ tại cơ sở")

    # The province forwards it to its two communes.
    province.goto(f"{live_server.url}/work/assignments/{parent.pk}/")
    province.check(f"input[name=leads][value='{w.commune_a.pk}']")
    province.check(f"input[name=leads][value='{w.commune_a2.pk}']")
    _submit(province, "/forward/")
    expect(province.locator(".alert-success")).to_be_visible()
    child = parent.children.get(lead=w.commune_a)

    # The commune reports progress.
    commune.goto(f"{live_server.url}/work/assignments/{child.pk}/")
    _submit(commune, "/progress/", {"progress": "40", "text": "Đã họp dân ở các buôn"})
    expect(commune.get_by_text("Đã họp dân ở các buôn")).to_be_visible()

    # The deadline passes; the nightly job marks the work overdue.
    Assignment.objects.filter(path__startswith=parent.path).update(
        start_date=today - datetime.timedelta(days=10), due_date=today - datetime.timedelta(days=1)
    )
    assert actions.mark_overdue(on=today) == 3
    commune.reload()
    expect(commune.locator(".pt-exec-overdue").first).to_be_visible()
    _shot(commune, "work-commune-overdue")

    # The province asks V05 for more time on the whole assignment; V05 approves.
    province.goto(f"{live_server.url}/work/assignments/{parent.pk}/")
    province.locator("summary").filter(has_text="Xin gia hạn").click()
    new_deadline = (today + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    _submit(province, "/extension/", {"proposed_due_date": new_deadline, "reason": "Mưa lũ chia cắt"})
    expect(province.locator(".alert-success")).to_be_visible()
    central.goto(f"{live_server.url}/work/assignments/{parent.pk}/")
    central.select_option("select[name=approve]", "1")
    _submit(central, "/decide/")
    expect(central.locator(".alert-success")).to_be_visible()
    expect(central.get_by_text(new_deadline).first).to_be_visible()
    _shot(central, "work-extension-approved")

    # The commune finishes: late, decided by the system.
    commune.reload()
    _submit(commune, "/complete/", {"text": "Đã tổ chức xong"})
    expect(commune.locator(".pt-exec-done_late").first).to_be_visible()

    # The province returns it; the commune finishes again; the province accepts.
    province.goto(f"{live_server.url}/work/assignments/{child.pk}/")
    _submit(province, "/return/", {"reason": "Thiếu danh sách khen thưởng"})
    expect(province.locator(".pt-verif-returned").first).to_be_visible()
    commune.reload()
    _submit(commune, "/complete/", {"text": "Bổ sung danh sách"})
    province.reload()
    province.locator("form[action*='/accept/'] button").click()
    expect(province.locator(".pt-verif-accepted").first).to_be_visible()
    _shot(province, "work-province-accepted")

    child.refresh_from_db()
    parent.refresh_from_db()
    assert (child.execution, child.verification) == ("done_late", "accepted")
    assert parent.progress == 50  # one of two communes done: the roll-up
    assert parent.execution == "in_progress"  # back within its extended deadline
    central.goto(f"{live_server.url}/work/assignments/{parent.pk}/")
    expect(central.get_by_text("50%").first).to_be_visible()
    _shot(central, "work-parent-rollup")
