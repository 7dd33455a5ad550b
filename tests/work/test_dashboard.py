"""The dashboard pages: who sees which unit (404 otherwise), every number leads to a list of that
length, nation → province → commune, the period, the lists and their export, the home card,
"awaiting my decision", the link to what changed, and query counts that do not grow with the data."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from phongtrao.org.models import User
from phongtrao.work import actions
from phongtrao.work.apps_dashboard import register_dashboard
from phongtrao.work.enums import ProposalKind
from phongtrao.work.metrics import METRIC_KEYS, Period, unit_metrics

from .test_metrics import PROVINCE_A, build_scenario, days

DASHBOARD = reverse("work:dashboard")
LIST = reverse("work:metric_list")


@pytest.fixture(autouse=True)
def _registered():
    register_dashboard()


@pytest.fixture
def scenario(world, today):
    return build_scenario(world, today)


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def period_query(period: Period) -> str:
    return f"from={period.start:%d/%m/%Y}&to={period.end:%d/%m/%Y}"


# --- who may open which dashboard -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("central", "ministry"),
        ("superuser", "ministry"),
        ("officer_a", "province_a"),
        ("officer_b", "province_b"),
        ("commune_officer_a", "commune_a"),
        ("partner_user", "partner"),
    ],
)
def test_each_persona_lands_on_their_default_unit(world, client_for, persona, unit):
    response = client_for(getattr(world, persona)).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["unit"] == getattr(world, unit)
    period = response.context["period"]
    assert (period.start, period.end) == (datetime.date(period.today.year, 1, 1), datetime.date(period.today.year, 12, 31))


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("officer_a", "province_b"),
        ("officer_a", "commune_b"),
        ("officer_a", "ministry"),
        ("officer_a", "v05"),
        ("officer_b", "province_a"),
        ("commune_officer_a", "province_a"),
        ("commune_officer_a", "commune_a2"),
        ("partner_user", "ministry"),
        ("central", "partner"),
    ],
)
@pytest.mark.parametrize("name", ["work:dashboard", "work:metric_list", "work:metric_list_xlsx", "work:dashboard_xlsx"])
def test_a_unit_outside_the_scope_is_not_found(world, client_for, persona, unit, name):
    url = f"{reverse(name)}?unit={getattr(world, unit).pk}&metric=overdue"
    assert client_for(getattr(world, persona)).get(url).status_code == 404


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5"])
def test_a_missing_or_malformed_unit_is_not_found(world, client_for, value):
    assert client_for(world.superuser).get(f"{DASHBOARD}?unit={value}").status_code == 404


@pytest.mark.parametrize("name", ["work:dashboard", "work:metric_list", "work:metric_list_xlsx", "work:dashboard_xlsx"])
def test_anonymous_users_are_sent_to_log_in(world, client_for, name):
    response = client_for(None).get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["work:dashboard", "work:metric_list", "work:metric_list_xlsx", "work:dashboard_xlsx"])
def test_pages_only_answer_get(world, client_for, name):
    assert client_for(world.officer_a).post(reverse(name)).status_code == 405


def test_a_user_without_a_unit_has_no_dashboard(world, client_for):
    nobody = User.objects.create_user("nobody", password="x")
    assert client_for(nobody).get(DASHBOARD).status_code == 404
    assert client_for(nobody).get("/").status_code == 200  # and no card on the home page


# --- every number leads to its list ------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit"),
    [("central", "ministry"), ("officer_a", "province_a"), ("superuser", "province_b"), ("commune_officer_a", "commune_a")],
)
def test_every_number_on_the_page_is_the_length_of_its_list(world, scenario, client_for, persona, unit):
    client = client_for(getattr(world, persona))
    response = client.get(f"{DASHBOARD}?unit={getattr(world, unit).pk}&{period_query(scenario.period)}")
    assert response.status_code == 200
    cards = response.context["cards"]
    assert [card["key"] for card in cards] == list(METRIC_KEYS)
    for card in cards:
        assert list_count(client, card["url"]) == card["value"], card["key"]
    rows = response.context["rows"]
    for row in rows:
        for key, cell in zip(METRIC_KEYS, row["cells"], strict=True):
            assert list_count(client, cell.url) == cell.value, (row["unit"].code, row["own"], key)
    for key, cell in zip(METRIC_KEYS, response.context["total_cells"], strict=True):
        assert cell.value == sum(row["cells"][METRIC_KEYS.index(key)].value for row in rows)
        assert list_count(client, cell.url) == cell.value
    for month in response.context["chart"]["months"]:
        for cell in month["cells"]:
            assert list_count(client, cell.url) == cell.value


def test_province_a_figures_on_the_page(world, scenario, client_for):
    response = client_for(world.officer_a).get(f"{DASHBOARD}?{period_query(scenario.period)}")
    values = {card["key"]: card["value"] for card in response.context["cards"]}
    assert values == {key: len(names) for key, names in PROVINCE_A.items()}
    html = response.content.decode()
    for card in response.context["cards"]:
        link = re.search(rf'data-metric="{card["key"]}">([^<]*)<', html)
        assert link and link.group(1) == str(card["value"])
    assert 'data-metric="on_time_rate">50,0%<' in html


def test_nation_province_commune(world, scenario, client_for):
    client = client_for(world.central)
    response = client.get(f"{DASHBOARD}?{period_query(scenario.period)}")
    assert response.context["unit"] == world.ministry
    rows = {row["unit"]: row for row in response.context["rows"]}
    assert list(rows) == [world.ministry, world.province_a, world.province_b, world.v05]
    assert rows[world.ministry]["own"] and rows[world.ministry]["url"] is None

    province = client.get(rows[world.province_a]["url"])
    assert province.context["unit"] == world.province_a
    assert province.context["period"] == response.context["period"]
    assert [u for u, _url in province.context["breadcrumbs"]] == [world.ministry]
    rows = {row["unit"]: row for row in province.context["rows"]}
    assert list(rows) == [world.province_a, world.commune_a, world.commune_a2]

    commune = client.get(rows[world.commune_a]["url"])
    assert commune.context["unit"] == world.commune_a
    assert [u for u, _url in commune.context["breadcrumbs"]] == [world.ministry, world.province_a]
    assert [row["unit"] for row in commune.context["rows"]] == [world.commune_a]  # no units under a commune
    figures = unit_metrics(world.central, world.commune_a, scenario.period)
    assert {c["key"]: c["value"] for c in commune.context["cards"]} == {k: figures.value(k) for k in METRIC_KEYS}


def test_officer_a_sees_no_breadcrumb_above_the_province(world, client_for):
    response = client_for(world.officer_a).get(f"{DASHBOARD}?unit={world.commune_a.pk}")
    assert [u for u, _url in response.context["breadcrumbs"]] == [world.province_a]
    choices = [pk for pk, _label in response.context["unit_choices"]]
    assert world.ministry.pk not in choices and world.province_b.pk not in choices
    assert set(choices) == {world.province_a.pk, world.commune_a.pk, world.commune_a2.pk}


def test_the_unit_selector_of_v05(world, client_for):
    choices = [pk for pk, _label in client_for(world.central).get(DASHBOARD).context["unit_choices"]]
    assert choices == [world.ministry.pk, world.v05.pk, world.province_a.pk, world.province_b.pk]


# --- the period --------------------------------------------------------------------------------


def test_the_period_is_read_as_dd_mm_yyyy(world, client_for):
    response = client_for(world.officer_a).get(f"{DASHBOARD}?from=01/03/2025&to=30/06/2025")
    period = response.context["period"]
    assert (period.start, period.end, period.cutoff) == (
        datetime.date(2025, 3, 1),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 6, 30),
    )
    assert 'value="01/03/2025"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=2025-13-01", "from"), ("from=31/02/2025", "from"), ("from=01/06/2025&to=01/03/2025", "to"), ("to=01/01/1990", "to")],
)
def test_an_invalid_period_is_explained_and_this_year_is_shown(world, client_for, query, field):
    response = client_for(world.officer_a).get(f"{DASHBOARD}?{query}")
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["period"].start == datetime.date(response.context["period"].today.year, 1, 1)


# --- the lists ---------------------------------------------------------------------------------


def test_a_list_shows_the_assignments_behind_the_number(world, scenario, client_for):
    url = f"{LIST}?unit={world.province_a.pk}&metric=overdue&{period_query(scenario.period)}"
    response = client_for(world.officer_a).get(url)
    assert response.status_code == 200
    assert scenario.names(response.context["page_obj"]) == {"overdue", "overdue_unmarked"}
    html = response.content.decode()
    assert scenario.overdue.code in html and scenario.overdue.title in html
    assert world.commune_a.name in html
    assert f"{scenario.overdue.due_date:%d/%m/%Y}" in html
    assert 'data-count="2"' in html


def test_the_own_row_lists_only_what_the_unit_leads_itself(world, scenario, client_for):
    url = f"{LIST}?unit={world.province_a.pk}&metric=assigned&own=1&{period_query(scenario.period)}"
    response = client_for(world.officer_a).get(url)
    assert scenario.names(response.context["page_obj"]) == {"overdue_unmarked", "recalled", "v_task"}


@pytest.mark.parametrize("metric", ["", "everything", "on_time_rate"])
def test_an_unknown_figure_is_not_found(world, client_for, metric):
    assert client_for(world.officer_a).get(f"{LIST}?metric={metric}").status_code == 404


def test_lists_are_paginated_by_50(world, scenario, client_for, today):
    for i in range(51):
        actions.assignment_create(
            actor=world.officer_a,
            programme=scenario.programmes["a"],
            title=f"Rà soát {i}",
            lead=world.commune_a,
            start_date=today,
            due_date=today + days(40),
        )
    client = client_for(world.officer_a)
    url = f"{LIST}?unit={world.commune_a.pk}&metric=not_started&{period_query(scenario.period)}"
    first = client.get(url)
    assert first.context["page_obj"].paginator.count == 51 + 3
    assert len(first.context["page_obj"]) == 50
    assert len(client.get(f"{url}&page=2").context["page_obj"]) == 4


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_list_exports_to_xlsx_with_its_filters(world, scenario, client_for):
    query = f"unit={world.province_a.pk}&metric=overdue&{period_query(scenario.period)}"
    page = client_for(world.officer_a).get(f"{LIST}?{query}")
    assert f"{reverse('work:metric_list_xlsx')}?" in page.content.decode()
    response = client_for(world.officer_a).get(f"{reverse('work:metric_list_xlsx')}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="nhiem-vu-overdue-cat66.xlsx"' in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert header[:4] == ["STT", "Số hiệu", "Nhiệm vụ", "Đơn vị chủ trì"]
    assert len(rows) == 2
    assert {row[1] for row in rows} == {scenario.overdue.code, scenario.overdue_unmarked.code}
    assert all(isinstance(row[6], datetime.datetime) for row in rows)  # deadlines are real dates


def test_the_drill_down_table_exports_with_its_total(world, scenario, client_for):
    query = f"unit={world.province_a.pk}&{period_query(scenario.period)}"
    response = client_for(world.officer_a).get(f"{reverse('work:dashboard_xlsx')}?{query}")
    assert response.status_code == 200
    assert 'filename="tien-do-nhiem-vu-cat66.xlsx"' in response["Content-Disposition"]
    header, *rows, total_row = xlsx_rows(response)
    assert header[:2] == ["STT", "Đơn vị"] and len(header) == 2 + len(METRIC_KEYS) + 1
    assert rows[0][1].startswith("Công an tỉnh Đắk Lắk (")  # the row of what the province leads itself
    assert [row[1] for row in rows[1:]] == ["Công an phường Buôn Hồ", "Công an xã Ea Drông"]
    figures = unit_metrics(world.officer_a, world.province_a, scenario.period)
    assert total_row[2:-1] == [figures.value(key) for key in METRIC_KEYS]
    for index in range(2, 2 + len(METRIC_KEYS)):
        assert sum(row[index] for row in rows) == total_row[index]
    assert total_row[-1] == 50.0


# --- awaiting decisions, what changed, the home card -------------------------------------------


def test_awaiting_my_decision(world, scenario, client_for, today):
    actions.extension_request(
        actor=world.officer_a, assignment=scenario.in_progress, proposed_due_date=today + days(20), reason="Chờ số liệu"
    )
    actions.proposal_raise(
        actor=world.officer_a,
        unit=world.province_a,
        kind=ProposalKind.OBSTACLE,
        title="Thiếu kinh phí tổ chức Ngày hội",
        text="Đề nghị hỗ trợ kinh phí.",
        raised_to=world.leader_a,
        assignment=scenario.overdue,
    )
    officer = {g["key"]: g for g in client_for(world.officer_a).get(DASHBOARD).context["awaiting"]}
    assert officer["proposals"]["count"] == 0
    assert officer["completions"]["count"] == 3  # done_on_time, done_late and done_before, given by province A
    assert officer["extensions"]["count"] == 1
    leader = {g["key"]: g for g in client_for(world.leader_a).get(DASHBOARD).context["awaiting"]}
    assert leader["proposals"]["count"] == 1
    assert leader["proposals"]["items"][0].title == "Thiếu kinh phí tổ chức Ngày hội"
    b = {g["key"]: g for g in client_for(world.officer_b).get(DASHBOARD).context["awaiting"]}
    assert (b["completions"]["count"], b["extensions"]["count"]) == (1, 0)


def test_what_changed_links_to_the_audit_page_for_the_unit(world, scenario, client_for, today):
    response = client_for(world.officer_a).get(f"{DASHBOARD}?unit={world.commune_a.pk}")
    url = response.context["changes"]["url"]
    parts = urlsplit(url)
    assert parts.path == reverse("audit:changes")
    assert parse_qs(parts.query) == {"since": [f"{today - days(7):%d/%m/%Y}"], "unit": ["CAX24305"]}
    changes = client_for(world.officer_a).get(url)
    assert changes.status_code == 200
    assert changes.context["form"].is_valid()
    assert changes.context["page_obj"].paginator.count > 0
    # V05 at the Ministry: the audit page knows only units in scope, so no unit filter there.
    national = client_for(world.central).get(DASHBOARD).context["changes"]
    assert "unit" not in parse_qs(urlsplit(national["url"]).query)


def test_the_home_card(world, scenario, client_for):
    response = client_for(world.officer_a).get("/")
    cards = {card["key"]: card for card in response.context["cards"]}
    card = cards["work.metrics"]["context"]
    assert card["unit"] == world.province_a
    assert card["metrics"] == unit_metrics(world.officer_a, world.province_a, Period.this_year())
    assert card["url"].startswith(DASHBOARD)
    assert 'id="card-work-metrics"' in response.content.decode()
    national = {c["key"]: c for c in client_for(world.central).get("/").context["cards"]}["work.metrics"]["context"]
    assert national["unit"] == world.ministry


def test_the_chart_is_inline_svg_without_style_attributes(world, scenario, client_for):
    response = client_for(world.central).get(DASHBOARD)
    html = response.content.decode()
    assert '<svg viewBox="0 0 720 240"' in html
    assert len(response.context["chart"]["months"]) == 12
    assert " style=" not in html and "<style" not in html and "<script>" not in html
    svg = html[html.index('<svg viewBox="0 0 720 240"') : html.index("</svg>")]
    assert not re.search(r'="\d+,\d+"', svg.replace('points="', "")), "coordinates must not be localised"


def test_the_programmes_of_the_unit_have_their_report_links(world, scenario, client_for):
    html = client_for(world.officer_a).get(DASHBOARD).content.decode()
    programme = scenario.programmes["a"]
    for name in ("work:programme_report_docx", "work:programme_report_xlsx", "work:programme_report_pdf"):
        assert reverse(name, args=[programme.pk]) in html


# --- query counts do not grow with the data (1 assignment vs 3) --------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        content(response)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        "work:dashboard",
        "work:dashboard_xlsx",
        "work:metric_list?metric=assigned",
        "work:metric_list?metric=not_started&own=1",
        "work:metric_list_xlsx?metric=assigned",
        "home",
    ],
)
@pytest.mark.parametrize("persona", ["officer_a", "central"])
def test_query_count_is_constant(world, client_for, today, page, persona):
    name, _sep, query = page.partition("?")
    url = f"{reverse(name)}?{query}"
    client = client_for(getattr(world, persona))
    programme = actions.programme_create(actor=world.officer_a, owner=world.province_a, year=today.year, title="CTCT")

    def give(i, lead):
        assignment = actions.assignment_create(
            actor=world.officer_a,
            programme=programme,
            title=f"Việc {i}",
            lead=lead,
            start_date=today - days(3),
            due_date=today + days(i),
        )
        actions.extension_request(actor=world.officer_a, assignment=assignment, proposed_due_date=today + days(60), reason="x")

    give(1, world.province_a)
    small = _count(client, url)
    give(2, world.commune_a)
    give(3, world.commune_a2)
    assert _count(client, url) == small
