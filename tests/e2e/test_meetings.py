"""Directives from the seed article in the browser: paste, review the proposals, confirm two,
follow them to their assignments; at desktop width and at 390 px."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from phongtrao.meetings import actions
from phongtrao.meetings.enums import DirectiveStatus
from phongtrao.meetings.models import Directive
from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Unit
from phongtrao.work import actions as work_actions

SEED = Path("/work/shared/seed/article-2023-05-23.txt")


def _login(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_paste_the_seed_and_confirm_two_directives(page, live_server, e2e_world, password, screenshot):
    if not SEED.exists():
        pytest.skip(f"The seed article {SEED} is not on this machine.")
    w = e2e_world
    Unit.objects.create(code="V01", name="Văn phòng Bộ Công an", kind=UnitKind.DEPARTMENT, parent=w.ministry)
    programme = work_actions.programme_create(
        actor=w.central, owner=w.v05, year=2023, title="Chương trình công tác năm 2023 của Cục XDPT bảo vệ ANTQ"
    )
    meeting = actions.meeting_create(
        actor=w.central,
        owner=w.v05,
        title="Rà soát tiến độ công tác xây dựng phong trào và chuẩn bị tổ chức Ngày hội toàn dân bảo vệ ANTQ",
        kind="working_session",
        date=datetime.date(2023, 5, 23),
        place="Cục XDPT bảo vệ ANTQ, Hà Nội",
        chair_name="Thứ trưởng Lê Quốc Hùng",
    )
    _login(page, live_server, "central", password)

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Đề xuất ý kiến chỉ đạo từ văn bản").click()
    page.fill("#id_text", SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Phân tích").click()

    proposals = page.locator(".pt-proposal")
    expect(proposals.first).to_be_visible()
    assert 6 <= proposals.count() <= 8
    expect(page.locator("h2").filter(has_text="ý kiến chỉ đạo được đề xuất")).to_be_visible()
    schemes = proposals.filter(has_text="3 đề án thành phần")
    expect(schemes.locator("input[name$='-due_date']")).to_have_value("15/06/2023")
    expect(schemes.locator("select[name$='-lead'] option:checked")).to_have_text("Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc")
    draft = proposals.filter(has_text="Cổng thông tin điện tử").filter(has_text="ngay trong tuần này")
    expect(draft.locator("input[name$='-due_date']")).to_have_value("26/05/2023")
    expect(proposals.filter(has_text="Thời gian qua đã thực hiện rất tốt")).to_have_count(0)
    expect(proposals.filter(has_text="phát biểu tại buổi làm việc")).to_have_count(0)
    screenshot("meetings-extract-proposals")

    # Keep only the schemes and the draft circular selected, then confirm them into the 2023 programme.
    for box in page.locator(".pt-proposal input[name$='-selected']").all():
        box.uncheck()
    schemes.locator("input[name$='-selected']").check()
    draft.locator("input[name$='-selected']").check()
    page.select_option("#id_programme", str(programme.pk))
    page.get_by_role("button", name="Xác nhận các ý kiến đã chọn thành nhiệm vụ").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã xác nhận 2 ý kiến chỉ đạo thành nhiệm vụ")
    directives = list(Directive.objects.order_by("pk"))
    assert [d.status for d in directives] == [DirectiveStatus.CONFIRMED] * 2
    for directive in directives:
        row = page.locator(f"#directive-{directive.pk}")
        expect(row.get_by_role("link", name=directive.assignment.code)).to_be_visible()
        expect(row).to_contain_text("Chưa triển khai")
        expect(row).to_contain_text("Đã xác nhận")
        expect(row).to_contain_text(directive.assignment.due_date.strftime("%d/%m/%Y"))
    screenshot("meetings-detail-confirmed")

    # The assignment's page shows where it came from.
    page.locator(f"#directive-{directives[0].pk}").get_by_role("link", name=directives[0].assignment.code).click()
    expect(page.get_by_text("Kết luận tại Rà soát tiến độ công tác")).to_be_visible()
    expect(page.get_by_text("23/05/2023").first).to_be_visible()
    screenshot("meetings-assignment-from-directive")

    # The same pages at a phone's width: nothing runs off the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in (
        (f"/meetings/{meeting.pk}/", "meetings-detail-390"),
        (f"/meetings/{meeting.pk}/extract/", "meetings-extract-390"),
    ):
        page.goto(f"{live_server.url}{url}")
        if name == "meetings-extract-390":
            page.fill("#id_text", SEED.read_text(encoding="utf-8"))
            page.get_by_role("button", name="Phân tích").click()
            expect(page.locator(".pt-proposal").first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
        screenshot(name)

    # Keep the training directive as proposed: it waits on the meeting page with its buttons.
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/extract/")
    page.fill("#id_text", SEED.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Phân tích").click()
    for box in page.locator(".pt-proposal input[name$='-selected']").all():
        box.uncheck()
    page.locator(".pt-proposal").filter(has_text="tập huấn").locator("input[name$='-selected']").check()
    page.get_by_role("button", name="Lưu các ý kiến đã chọn ở dạng đề xuất").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu 1 ý kiến chỉ đạo ở dạng đề xuất")
    waiting = Directive.objects.get(status=DirectiveStatus.PROPOSED)
    row = page.locator(f"#directive-{waiting.pk}")
    expect(row.get_by_role("button", name="Xác nhận")).to_be_visible()
    expect(row.get_by_role("link", name="Sửa")).to_be_visible()
    expect(row.get_by_role("button", name="Loại")).to_be_visible()
    screenshot("meetings-detail-proposed")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("meetings-detail-proposed-390")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("meetings-edit-390")
