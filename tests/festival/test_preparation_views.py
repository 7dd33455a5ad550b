"""Pages of site preparation: the permission matrix over every URL and persona, HTMX marking,
validation messages with nothing written, query counts that do not grow, and the board's sheet."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from phongtrao.festival.core import site_create
from phongtrao.festival.enums import ChecklistPart, SiteKind, SiteLevel
from phongtrao.festival.models import ChecklistTemplateItem, Site, SiteTask
from phongtrao.festival.preparation import actions
from phongtrao.org.enums import AreaLevel, DivisionType, Role, UnitKind
from phongtrao.org.models import Unit
from tests.test_security import EXTERNAL, INLINE_HANDLER, INLINE_SCRIPT, STYLE_ATTR
from tests.world import area, user

from .test_preparation_actions import DAY, _state, make_sites

ALL = {"central", "officer_a", "officer_b", "commune_a", "partner"}


@pytest.fixture
def sites(world, campaign):
    return make_sites(world, campaign)


@pytest.fixture
def custom(world, sites):
    """A step added by hand to province A's site (the only kind that may be deleted)."""
    return actions.task_add(actor=world.officer_a, site=sites.a, part=ChecklistPart.FESTIVAL, title="Giải bóng chuyền nam")


def _first_task(site) -> SiteTask:
    return SiteTask.objects.filter(site=site).order_by("order", "pk").first()


def _step(campaign) -> ChecklistTemplateItem:
    return ChecklistTemplateItem.objects.filter(campaign=campaign).order_by("order").first()


# --- the permission matrix ---------------------------------------------------------------------


def _pages(world, campaign, sites, custom):
    """(url, {persona: status}) for every page; personas not named get 404. Anonymous: to log in."""
    task_a, task_ca = _first_task(sites.a), _first_task(sites.ca)
    step = _step(campaign)
    year = campaign.year
    ok = dict.fromkeys(ALL, 200)
    return [
        (reverse("festival:board", args=[year]), ok),
        (reverse("festival:board", args=[1999]), {}),
        (reverse("festival:board_province", args=[year, world.area_a.pk]), {**ok, "officer_b": 404}),
        (reverse("festival:board_province", args=[year, world.area_b.pk]), {"central": 200, "officer_b": 200, "partner": 200}),
        (reverse("festival:board_province", args=[year, world.area_commune_a.pk]), {}),
        (reverse("festival:board_xlsx", args=[year]), ok),
        (reverse("festival:board_xlsx", args=[year]) + f"?province={world.area_a.pk}", {**ok, "officer_b": 404}),
        (reverse("festival:site_create", args=[year]), {"officer_a": 200, "officer_b": 200, "commune_a": 200}),
        (reverse("festival:site", args=[sites.a.pk]), {"central": 200, "officer_a": 200}),
        (reverse("festival:site", args=[sites.ca.pk]), {"central": 200, "officer_a": 200, "commune_a": 200}),
        (reverse("festival:site", args=[sites.b.pk]), {"central": 200, "officer_b": 200}),
        (reverse("festival:site", args=[999999]), {}),
        (reverse("festival:site_edit", args=[sites.a.pk]), {"central": 200, "officer_a": 200}),
        (reverse("festival:site_edit", args=[sites.ca.pk]), {"central": 200, "officer_a": 200, "commune_a": 200}),
        (reverse("festival:task_edit", args=[task_a.pk]), {"central": 200, "officer_a": 200}),
        (reverse("festival:task_edit", args=[task_ca.pk]), {"central": 200, "officer_a": 200, "commune_a": 200}),
        (reverse("festival:programme", args=[year]), ok),
        (reverse("festival:programme_step_edit", args=[year, step.pk]), {**dict.fromkeys(ALL, 403), "central": 200}),
    ]


def _posts(world, campaign, sites, custom):
    """(url, data, {persona: status}) for every change; the personas not named get 404."""
    task_a = _first_task(sites.a)
    step = _step(campaign)
    year = campaign.year
    organisers = {**dict.fromkeys(ALL, 403), "central": 302}
    return [
        (reverse("festival:task_toggle", args=[task_a.pk]), {"done": "1"}, {"central": 302, "officer_a": 302}),
        (
            reverse("festival:task_edit", args=[task_a.pk]),
            {"owner": "", "owner_name": "Chủ tịch UBND xã", "due_date": "01/08/2023", "note": "Ghi chú"},
            {"central": 302, "officer_a": 302},
        ),
        (
            reverse("festival:task_add", args=[sites.a.pk]),
            {"part": "festival", "title": "Kéo co", "due_date": "14/08/2023"},
            {"central": 302, "officer_a": 302},
        ),
        (reverse("festival:task_delete", args=[custom.pk]), {}, {"central": 302, "officer_a": 302}),
        (
            reverse("festival:site_edit", args=[sites.a.pk]),
            {"name": "Xã Ea Drông", "date": "15/08/2023", "address": "Hội trường"},
            {"central": 302, "officer_a": 302},
        ),
        (
            reverse("festival:programme_step_add", args=[year]),
            {"part": "festival", "title": "Thi nấu ăn", "offset_days": "0"},
            organisers,
        ),
        (
            reverse("festival:programme_step_edit", args=[year, step.pk]),
            {"part": step.part, "title": "Ban hành kế hoạch", "offset_days": "-20"},
            organisers,
        ),
        (reverse("festival:programme_step_move", args=[year, step.pk]), {"direction": "down"}, organisers),
        (reverse("festival:programme_step_delete", args=[year, step.pk]), {}, organisers),
    ]


def test_permission_matrix_for_pages(world, campaign, sites, custom, client_for):
    failures = []
    for url, allowed in _pages(world, campaign, sites, custom):
        for name, persona in world.personas.items():
            expected = 302 if persona is None else allowed.get(name, 404)
            status = client_for(persona).get(url).status_code
            if status != expected:
                failures.append(f"{name} GET {url}: {status} != {expected}")
    assert not failures, "\n".join(failures)


def test_permission_matrix_for_changes(world, campaign, sites, custom, client_for):
    failures = []
    for url, data, allowed in _posts(world, campaign, sites, custom):
        for name, persona in world.personas.items():
            expected = 302 if persona is None else allowed.get(name, 404)
            if expected == 302 and persona is not None:
                continue  # allowed: see test_allowed_changes_go_through
            before = _state()
            response = client_for(persona).post(url, data)
            if response.status_code != expected:
                failures.append(f"{name} POST {url}: {response.status_code} != {expected}")
            if _state() != before:
                failures.append(f"{name} POST {url} changed something")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("persona", ["central", "officer_a"])
def test_allowed_changes_go_through(world, campaign, sites, custom, client_for, persona):
    client = client_for(world.personas[persona])
    for url, data, allowed in _posts(world, campaign, sites, custom):
        if allowed.get(persona) != 302:
            continue
        before = _state()
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
        assert _state() != before, url


def test_viewer_sees_the_site_but_gets_403_on_changes(world, campaign, sites, client_for):
    viewer = user("viewer_a", world.province_a, Role.VIEWER)
    client = client_for(viewer)
    assert client.get(reverse("festival:site", args=[sites.a.pk])).status_code == 200
    before = _state()
    task = _first_task(sites.a)
    assert client.post(reverse("festival:task_toggle", args=[task.pk])).status_code == 403
    assert client.get(reverse("festival:task_edit", args=[task.pk])).status_code == 403
    assert client.post(reverse("festival:task_add", args=[sites.a.pk]), {"part": "festival", "title": "X"}).status_code == 403
    assert client.get(reverse("festival:site_edit", args=[sites.a.pk])).status_code == 403
    assert _state() == before


def test_commune_sees_its_own_sites_only(world, campaign, sites, client_for):
    client = client_for(world.commune_officer_a)
    response = client.get(reverse("festival:board", args=[campaign.year]))
    assert [s.pk for s in response.context["page_obj"]] == [sites.ca.pk]
    html = response.content.decode()
    assert "Buôn Kdun" in html and "Ea Drông" not in html and "Tà Xùa" not in html
    assert client.get(reverse("festival:site", args=[sites.a.pk])).status_code == 404


def test_province_officer_sees_its_province_not_the_other(world, campaign, sites, client_for):
    response = client_for(world.officer_a).get(reverse("festival:board", args=[campaign.year]))
    assert response.context["local"] is True
    assert {s.pk for s in response.context["page_obj"]} == {sites.a.pk, sites.ca.pk}
    assert "Tà Xùa" not in response.content.decode()
    assert client_for(world.officer_b).get(reverse("festival:site", args=[sites.a.pk])).status_code == 404


def test_national_board_shows_one_row_per_province(world, campaign, sites, client_for):
    response = client_for(world.central).get(reverse("festival:board", args=[campaign.year]))
    rows = response.context["board"].rows
    assert [(row.name, row.sites) for row in rows] == [("Tỉnh Đắk Lắk", 2), ("Tỉnh Sơn La", 1)]
    html = response.content.decode()
    assert reverse("festival:board_province", args=[campaign.year, world.area_a.pk]) in html
    filtered = client_for(world.central).get(reverse("festival:board", args=[campaign.year]), {"level": "grassroots"})
    assert [(row.name, row.sites) for row in filtered.context["board"].rows] == [("Tỉnh Đắk Lắk", 1)]


def test_step_owner_from_a_commune_sees_the_site_and_marks_the_step(world, campaign, sites, client_for):
    task = _first_task(sites.a)
    actions.task_update(actor=world.officer_a, task=task, owner=world.commune_officer_a)
    client = client_for(world.commune_officer_a)
    assert client.get(reverse("festival:site", args=[sites.a.pk])).status_code == 200
    assert client.post(reverse("festival:task_toggle", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.done_by == world.commune_officer_a
    other = SiteTask.objects.filter(site=sites.a).exclude(pk=task.pk).first()
    assert client.post(reverse("festival:task_toggle", args=[other.pk])).status_code == 403
    assert client.get(reverse("festival:task_edit", args=[task.pk])).status_code == 403


# --- HTMX marking ------------------------------------------------------------------------------


def test_htmx_toggle_answers_the_row_and_the_readiness_bar(world, campaign, sites, client_for):
    client = client_for(world.officer_a)
    task = SiteTask.objects.filter(site=sites.a, optional=False).order_by("order").first()
    url = reverse("festival:task_toggle", args=[task.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="task-{task.pk}"' in html and 'data-done="1"' in html
    assert 'id="site-readiness"' in html and 'hx-swap-oob="true"' in html
    assert 'data-readiness="6"' in html  # 1 of 15 required steps
    again = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-done="0"' in again and 'data-readiness="0"' in again
    task.refresh_from_db()
    assert task.done_at is None


def test_site_page_groups_steps_in_programme_order(world, campaign, sites, client_for):
    response = client_for(world.officer_a).get(reverse("festival:site", args=[sites.a.pk]))
    groups = response.context["groups"]
    assert [g.part for g in groups] == [ChecklistPart.PREPARATION, ChecklistPart.CEREMONY, ChecklistPart.FESTIVAL]
    assert [len(g.tasks) for g in groups] == [7, 9, 4]
    assert groups[1].tasks[1].title == "Chào cờ"
    assert response.context["leader"] is None
    html = response.content.decode()
    assert html.index("Ban hành kế hoạch") < html.index("Chào cờ") < html.index("Thi tìm hiểu pháp luật")


# --- validation through the pages --------------------------------------------------------------


def _vi(message: str) -> str:
    with translation.override("vi"):
        return gettext(message)


def test_task_edit_refuses_a_bad_date_and_an_owner_outside_the_unit(world, campaign, sites, client_for):
    client = client_for(world.officer_a)
    task = _first_task(sites.a)
    url = reverse("festival:task_edit", args=[task.pk])
    before = _state()
    response = client.post(url, {"owner": "", "due_date": "31/02/2023", "note": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["due_date"] == [_vi("Enter the date as dd/mm/yyyy.")]
    response = client.post(url, {"owner": str(world.officer_b.pk), "due_date": "01/08/2023"})
    assert response.status_code == 400
    with translation.override("vi"):
        expected = gettext("Choose a person of %(unit)s or of a unit below it.") % {"unit": world.province_a.name}
    assert response.context["form"].errors["owner"] == [expected]
    assert expected in response.content.decode()
    assert _state() == before


def test_site_create_registers_a_site_with_its_checklist(world, campaign, client_for):
    client = client_for(world.officer_a)
    url = reverse("festival:site_create", args=[campaign.year])
    page = client.get(url, {"unit": world.commune_a.pk})
    assert page.context["unit"] == world.commune_a
    assert [value for value, _label in page.context["form"].fields["level"].choices] == ["commune", "grassroots"]
    before = _state()
    bad = client.post(
        url,
        {
            "unit": world.province_a.pk,
            "level": "national",
            "kind": "commune",
            "name": "Xã Tà Xùa",
            "area": world.area_commune_b.pk,
            "date": "2023-09-01",
        },
    )
    assert bad.status_code == 400
    assert {"level", "area"} <= set(bad.context["form"].errors)  # not among the choices offered
    late = client.post(
        url,
        {
            "unit": world.province_a.pk,
            "level": "province",
            "kind": "commune",
            "name": "Xã Ea Drông",
            "area": world.area_commune_a2.pk,
            "date": "01/09/2023",
        },
    )
    assert late.status_code == 400 and set(late.context["form"].errors) == {"date"}  # outside the window
    assert _state() == before
    response = client.post(
        url,
        {
            "unit": world.province_a.pk,
            "level": "province",
            "kind": "commune",
            "name": "Xã Ea Drông",
            "area": world.area_commune_a2.pk,
            "date": "14/08/2023",
            "address": "Sân vận động xã",
        },
    )
    site = Site.objects.get(name="Xã Ea Drông")
    assert response.status_code == 302 and response["Location"] == reverse("festival:site", args=[site.pk])
    assert (site.unit, site.level, site.date, site.province) == (world.province_a, "province", DAY, world.area_a)
    assert site.tasks.count() == 20


def test_programme_page_reads_for_all_and_edits_for_organisers(world, campaign, client_for):
    url = reverse("festival:programme", args=[campaign.year])
    assert client_for(world.officer_a).get(url).context["form"] is None
    response = client_for(world.central).get(url)
    assert response.context["form"] is not None
    before = _state()
    bad = client_for(world.central).post(
        reverse("festival:programme_step_add", args=[campaign.year]), {"part": "festival", "title": "", "offset_days": "x"}
    )
    assert bad.status_code == 400 and {"title", "offset_days"} <= set(bad.context["form"].errors)
    assert _state() == before


# --- query counts ------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _province(world, campaign, i: int) -> None:
    """One more province overseen by V05, with one site."""
    province_area = area(f"Tỉnh Thử {i}", AreaLevel.PROVINCE, DivisionType.PROVINCE, f"9{i}")
    commune_area = area(f"Xã Thử {i}", AreaLevel.COMMUNE, DivisionType.COMMUNE, f"9{i}001", province_area)
    unit = Unit.objects.create(
        name=f"Công an tỉnh Thử {i}", code=f"CAT9{i}", kind=UnitKind.PROVINCIAL_POLICE, parent=world.ministry, area=province_area
    )
    world.v05.oversees.add(unit)
    site_create(
        actor=world.superuser,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name=f"Xã Thử {i}",
        area=commune_area,
        unit=unit,
        date=DAY,
    )


def _site_in_a(world, campaign, i: int) -> Site:
    residential = area(f"Thôn Thử {i}", AreaLevel.RESIDENTIAL_AREA, DivisionType.VILLAGE, "", world.area_commune_a2)
    site = site_create(
        actor=world.officer_a,
        campaign=campaign,
        level=SiteLevel.GRASSROOTS,
        kind=SiteKind.RESIDENTIAL,
        name=f"Thôn Thử {i}",
        area=residential,
        unit=world.province_a,
        date=DAY,
    )
    actions.task_mark(actor=world.officer_a, task=_first_task(site), done=True)
    return site


def test_national_board_query_count_is_constant(world, campaign, client_for):
    from phongtrao.org.queries import forget_scope

    client = client_for(world.central)
    urls = [reverse("festival:board", args=[campaign.year]), reverse("festival:board_xlsx", args=[campaign.year])]
    _province(world, campaign, 1)
    forget_scope(world.central)
    small = [_count(client, url) for url in urls]
    _province(world, campaign, 2)
    _province(world, campaign, 3)
    assert [_count(client, url) for url in urls] == small
    assert len(client.get(urls[0]).context["board"].rows) == 3


@pytest.mark.parametrize("persona", ["central", "officer_a"])
def test_province_board_query_count_is_constant(world, campaign, client_for, persona):
    client = client_for(world.personas[persona])
    urls = [
        reverse("festival:board", args=[campaign.year]),
        reverse("festival:board_province", args=[campaign.year, world.area_a.pk]),
        reverse("festival:board_province", args=[campaign.year, world.area_a.pk]) + "?below=50&overdue=on&region=",
        reverse("festival:board_xlsx", args=[campaign.year]) + f"?province={world.area_a.pk}",
    ]
    _site_in_a(world, campaign, 1)
    small = [_count(client, url) for url in urls]
    _site_in_a(world, campaign, 2)
    _site_in_a(world, campaign, 3)
    assert [_count(client, url) for url in urls] == small


def test_site_page_query_count_is_constant(world, campaign, sites, client_for):
    client = client_for(world.officer_a)
    url = reverse("festival:site", args=[sites.a.pk])
    actions.task_add(actor=world.officer_a, site=sites.a, part="festival", title="Thêm 1")
    small = _count(client, url)
    for i in (2, 3):
        task = actions.task_add(actor=world.officer_a, site=sites.a, part="ceremony", title=f"Thêm {i}")
        actions.task_update(actor=world.officer_a, task=task, owner=world.leader_a)
        actions.task_mark(actor=world.officer_a, task=task, done=True)
    assert _count(client, url) == small


# --- the sheet ---------------------------------------------------------------------------------


def _sheet(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_board_sheet_has_one_row_per_province_and_a_total(world, campaign, sites, client_for):
    for task in SiteTask.objects.filter(site=sites.b, optional=False).order_by("order")[:3]:
        actions.task_mark(actor=world.officer_b, task=task, done=True)
    response = client_for(world.central).get(reverse("festival:board_xlsx", args=[campaign.year]))
    assert response["Content-Disposition"].endswith('chuan-bi-diem-ngay-hoi-2023.xlsx"')
    sheet = _sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("STT", "Tỉnh, thành phố", "Số điểm")
    body = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(body) == {"Tỉnh Đắk Lắk", "Tỉnh Sơn La", "Tổng cộng"}
    assert body["Tỉnh Sơn La"]["Số điểm"] == 1
    assert body["Tỉnh Sơn La"]["Việc bắt buộc đã xong"] == 3 and body["Tỉnh Sơn La"]["Việc bắt buộc"] == 15
    assert body["Tỉnh Sơn La"]["Mức sẵn sàng (%)"] == 20
    assert body["Tỉnh Đắk Lắk"]["Điểm chưa bắt đầu"] == 2 and body["Tỉnh Sơn La"]["Điểm chưa bắt đầu"] == 0
    assert body["Tổng cộng"]["Số điểm"] == 3 and body["Tổng cộng"]["Việc bắt buộc"] == 45


def test_province_sheet_lists_the_sites_the_user_sees(world, campaign, sites, client_for):
    url = reverse("festival:board_xlsx", args=[campaign.year]) + f"?province={world.area_a.pk}"
    rows = list(_sheet(client_for(world.officer_a).get(url)).iter_rows(min_row=2, values_only=True))
    assert sorted(row[1] for row in rows) == ["Buôn Kdun", "Xã Ea Drông"]
    assert {row[5] for row in rows} == {world.province_a.name, world.commune_a.name}
    assert all(isinstance(row[6], datetime.datetime) for row in rows)
    rows = list(_sheet(client_for(world.commune_officer_a).get(url)).iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows] == ["Buôn Kdun"]


# --- CSP and CSRF ------------------------------------------------------------------------------


def test_pages_have_no_inline_code(world, campaign, sites, custom, client_for):
    for persona in ("central", "officer_a"):
        client = client_for(world.personas[persona])
        for url, allowed in _pages(world, campaign, sites, custom):
            if allowed.get(persona) != 200 or "xlsx" in url:
                continue
            html = client.get(url).content.decode()
            for pattern in (INLINE_SCRIPT, STYLE_ATTR, INLINE_HANDLER, EXTERNAL):
                assert not pattern.search(html), (url, pattern.pattern)


def test_posts_need_a_csrf_token(world, campaign, sites, custom):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.central)
    before = _state()
    for url, data, _allowed in _posts(world, campaign, sites, custom):
        assert client.post(url, data).status_code == 403, url
    assert _state() == before


def test_htmx_delete_answers_only_the_readiness_bar(world, campaign, sites, custom, client_for):
    client = client_for(world.officer_a)
    response = client.post(reverse("festival:task_delete", args=[custom.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="task-{custom.pk}"' not in html and 'id="site-readiness"' in html and 'hx-swap-oob="true"' in html
    assert not SiteTask.objects.filter(pk=custom.pk).exists()
    programme_step = _first_task(sites.a)
    refused = client.post(reverse("festival:task_delete", args=[programme_step.pk]), HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and SiteTask.objects.filter(pk=programme_step.pk).exists()


def test_site_history_tells_what_happened_to_its_steps(world, campaign, sites, client_for):
    from phongtrao.audit.models import AuditEntry

    task = SiteTask.objects.get(site=sites.a, title="Chào cờ")
    actions.task_mark(actor=world.officer_a, task=task, done=True)
    actions.task_update(actor=world.officer_a, task=task, owner_name="Bí thư Đoàn xã", due_date=DAY)
    sentences = [
        entry.sentence for entry in AuditEntry.objects.filter(object_id=str(sites.a.pk), code__startswith="festival.site.step")
    ]
    assert len(sentences) == 2
    assert all("Chào cờ" in s and "Xã Ea Drông" in s and world.officer_a.get_full_name() in s for s in sentences)
    html = client_for(world.central).get(reverse("festival:site", args=[sites.a.pk])).content.decode()
    assert sentences[0] in html and "Bí thư Đoàn xã" in html
