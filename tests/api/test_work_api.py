"""The work endpoints for every persona: what each may list, open, create and report; validation
(422 naming the field, nothing written); CSRF for sessions, tokens for integrations; the figures."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phongtrao.audit.models import AuditEntry
from phongtrao.work import actions
from phongtrao.work.enums import Execution, Verification
from phongtrao.work.metrics import METRIC_KEYS, Period, drill_down, unit_metrics
from phongtrao.work.models import Assignment, ProgressReport
from tests.work.test_metrics import build_scenario, days

from .conftest import API, bearer, ids

PROVINCE_A_ITEMS = {
    "not_started", "in_progress", "overdue", "overdue_unmarked", "done_on_time", "done_late", "refused",
    "recalled", "due_today", "future_start", "old_in_progress", "done_before", "v_task", "v_child",
}  # fmt: skip
VISIBLE = {
    "central": PROVINCE_A_ITEMS | {"v_own", "v_division", "b_overdue", "b_done"},
    "superuser": PROVINCE_A_ITEMS | {"v_own", "v_division", "b_overdue", "b_done"},
    "officer_a": PROVINCE_A_ITEMS,
    "officer_b": {"b_overdue", "b_done"},
    "commune_officer_a": {"not_started", "overdue", "done_on_time", "refused", "due_today", "done_before", "v_child"},
    "partner_user": set(),
}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def scenario(world, today):
    return build_scenario(world, today)


def post(user, path, payload, **extra):
    return (
        Client().post(f"{API}{path}", payload, content_type="application/json", **extra)
        if user is None
        else _session(user).post(f"{API}{path}", payload, content_type="application/json", **extra)
    )


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fields(response) -> list[str]:
    """The fields named by a 422; ninja names body fields after the parameter ("payload.title")."""
    return [problem["field"].removeprefix("payload.") for problem in response.json()["errors"]]


def new_assignment(scenario, world, **changes) -> dict:
    today = scenario.today
    payload = {
        "programme": scenario.programmes["a"].pk,
        "title": "Xây dựng mô hình camera an ninh",
        "lead": world.commune_a.pk,
        "start_date": f"{today}",
        "due_date": f"{today + days(30)}",
    }
    return {**payload, **changes}


# --- list and detail ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_each_persona_lists_exactly_what_they_may_see(world, scenario, api_get, persona):
    response = api_get(getattr(world, persona), "/assignments", limit=200)
    assert ids(response) == {scenario.items[name].pk for name in VISIBLE[persona]}
    assert response.json()["count"] == len(VISIBLE[persona])


@pytest.mark.parametrize("persona", list(VISIBLE))
def test_each_persona_opens_exactly_what_they_may_see(world, scenario, api_get, persona):
    user = getattr(world, persona)
    for name, assignment in scenario.items.items():
        response = api_get(user, f"/assignments/{assignment.pk}")
        assert response.status_code == (200 if name in VISIBLE[persona] else 404), (persona, name)


def test_officer_a_never_sees_province_b_whatever_the_filter(world, scenario, api_get):
    b_pks = {scenario.b_overdue.pk, scenario.b_done.pk}
    for params in ({}, {"lead": world.commune_b.pk}, {"programme": scenario.programmes["b"].pk}, {"q": "b_overdue"}):
        assert not ids(api_get(world.officer_a, "/assignments", **params)) & b_pks


def test_the_detail(world, scenario, api_get):
    data = api_get(world.officer_a, f"/assignments/{scenario.v_child.pk}").json()
    assert data["code"] == scenario.v_child.code
    assert data["lead"] == {"id": world.commune_a.pk, "name": world.commune_a.name, "code": "CAX24305"}
    assert data["assigner"]["id"] == world.province_a.pk
    assert data["parent_id"] == scenario.v_task.pk
    assert data["programme_title"] == "CTCT V05"
    assert data["execution"] == Execution.NOT_STARTED
    assert data["due_date"] == f"{scenario.v_child.due_date}"
    assert data["coordinators"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"execution": "overdue"}, {"overdue"}),
        ({"verification": "waiting"}, {"done_on_time", "done_late", "done_before"}),
        ({"lead": "province_a"}, {"overdue_unmarked", "recalled", "v_task"}),
        ({"programme": "v05"}, {"v_task", "v_child"}),
        ({"due_from": -5, "due_to": 0}, {"overdue", "overdue_unmarked", "done_late", "recalled", "due_today"}),
        ({"q": "nhiệm vụ OLD_IN"}, {"old_in_progress"}),
        ({"q": "TT1"}, {"not_started"}),
    ],
)
def test_filters(world, scenario, api_get, params, expected):
    def resolve(key, value):
        if key == "lead":
            return getattr(world, value).pk
        if key == "programme":
            return scenario.programmes[value].pk
        if key.startswith("due_"):
            return f"{scenario.today + days(value)}"
        return value

    resolved = {key: resolve(key, value) for key, value in params.items()}
    assert scenario.names(Assignment.objects.filter(pk__in=ids(api_get(world.officer_a, "/assignments", **resolved)))) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"due_from": "31/12/2026"}, "due_from"),
        ({"due_to": "2026-02-30"}, "due_to"),
        ({"due_from": "2026-06-01", "due_to": "2026-05-01"}, "due_to"),
        ({"execution": "finished"}, "execution"),
        ({"programme": "x"}, "programme"),
        ({"limit": 1000}, "limit"),
    ],
)
def test_invalid_filters_are_422_naming_the_field(world, api_get, params, field):
    response = api_get(world.officer_a, "/assignments", **params)
    assert response.status_code == 422
    assert [problem["field"] for problem in response.json()["errors"]] == [field]
    assert response.json()["detail"]


def test_pagination(world, scenario, api_get):
    first = api_get(world.officer_a, "/assignments", limit=5, offset=0).json()
    second = api_get(world.officer_a, "/assignments", limit=5, offset=5).json()
    assert first["count"] == second["count"] == len(PROVINCE_A_ITEMS)
    assert len(first["items"]) == len(second["items"]) == 5
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    dues = [i["due_date"] for i in first["items"] + second["items"]]
    assert dues == sorted(dues)


@pytest.mark.parametrize("path", ["/assignments", "/assignments/1", "/assignments/1/progress", "/metrics"])
def test_anonymous_gets_401(world, client, path):
    assert client.get(f"{API}{path}").status_code == 401


@pytest.mark.parametrize("path", ["/assignments", "/assignments/1/progress", "/assignments/1/complete"])
def test_anonymous_cannot_post(world, path):
    assert Client().post(f"{API}{path}", {}, content_type="application/json").status_code == 401


# --- create ------------------------------------------------------------------------------------


def test_officer_a_gives_an_assignment_to_a_commune(world, scenario):
    before = Assignment.objects.count()
    payload = new_assignment(
        scenario,
        world,
        coordinators=[{"unit": world.commune_a2.pk, "due_date": f"{scenario.today + days(20)}"}],
        category="key_task",
        priority=3,
    )
    response = post(world.officer_a, "/assignments", payload)
    assert response.status_code == 201, response.content
    data = response.json()
    assert Assignment.objects.count() == before + 1
    created = Assignment.objects.get(pk=data["id"])
    assert (created.lead, created.assigner, created.created_by) == (world.commune_a, world.province_a, world.officer_a)
    assert data["code"] == "TT2" and data["category"] == "key_task" and data["priority"] == 3
    assert data["coordinators"][0]["unit"]["id"] == world.commune_a2.pk
    assert AuditEntry.objects.filter(code="work.assignment.created", object_id=str(created.pk)).exists()


def test_a_sub_assignment_through_the_parent(world, scenario):
    payload = new_assignment(
        scenario, world, programme=scenario.programmes["v05"].pk, parent=scenario.v_task.pk, lead=world.commune_a2.pk
    )
    response = post(world.officer_a, "/assignments", payload)
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == scenario.v_task.pk
    assert response.json()["assigner"]["id"] == world.province_a.pk


@pytest.mark.parametrize(
    ("persona", "programme", "status"),
    [
        ("officer_a", "b", 404),  # not theirs to see
        ("officer_b", "a", 404),
        ("commune_officer_a", "a", 404),  # the province's programme is above the commune
        ("partner_user", "a", 404),
        ("central", "a", 403),  # V05 sees province A's programme but does not act for the province
        ("officer_a", "v05", 404),
    ],
)
def test_a_non_member_cannot_create_and_nothing_is_written(world, scenario, persona, programme, status):
    before = (Assignment.objects.count(), AuditEntry.objects.count())
    payload = new_assignment(scenario, world, programme=scenario.programmes[programme].pk)
    response = post(getattr(world, persona), "/assignments", payload)
    assert response.status_code == status
    assert response.json()["detail"]
    assert (Assignment.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"start_date": "26/11/2026"}, "start_date"),
        ({"start_date": "+30", "due_date": "+1"}, "due_date"),  # the deadline before the start
        ({"start_date": "-1500"}, "start_date"),  # years away from the programme
        ({"title": "   "}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"lead": "province_b"}, "lead"),  # a unit the province does not direct
        ({"lead": 999999}, "lead"),
        ({"coordinators": [{"unit": 999999}]}, "coordinators"),
        ({"coordinators": [{"unit": "commune_a"}]}, "coordinators"),  # the lead itself
        ({"coordinators": [{"unit": "commune_a2"}, {"unit": "commune_a2"}]}, "coordinators"),
        ({"category": "epic"}, "category"),
        ({"parent": "v_task"}, "parent"),  # the parent is in another programme
    ],
)
def test_invalid_input_is_422_naming_the_field_and_nothing_is_written(world, scenario, changes, field):
    def resolve(key, value):
        if key in ("start_date", "due_date") and isinstance(value, str) and value[:1] in "+-":
            return f"{scenario.today + days(int(value))}"
        if key == "lead" and isinstance(value, str):
            return getattr(world, value).pk
        if key == "parent":
            return scenario.items[value].pk
        if key == "coordinators":
            return [{"unit": getattr(world, c["unit"]).pk if isinstance(c["unit"], str) else c["unit"]} for c in value]
        return value

    resolved = {key: resolve(key, value) for key, value in changes.items()}
    before = Assignment.objects.count()
    response = post(world.officer_a, "/assignments", new_assignment(scenario, world, **resolved))
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert Assignment.objects.count() == before


def test_session_posts_need_the_csrf_token_and_tokens_do_not(world, scenario, issue_token):
    payload = new_assignment(scenario, world)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.officer_a)
    before = Assignment.objects.count()
    assert strict.post(f"{API}/assignments", payload, content_type="application/json").status_code == 403
    assert Assignment.objects.count() == before
    strict.get("/")  # the page sets the CSRF cookie, as in the browser
    token = strict.cookies["csrftoken"].value
    response = strict.post(f"{API}/assignments", payload, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201
    _, secret = issue_token(world.officer_a)
    response = bearer(secret).post(f"{API}/assignments", payload, content_type="application/json")
    assert response.status_code == 201
    assert Assignment.objects.count() == before + 2


# --- progress and completion -------------------------------------------------------------------


def test_the_lead_reports_progress_and_reads_the_reports(world, scenario, api_get):
    path = f"/assignments/{scenario.not_started.pk}/progress"
    response = post(world.commune_officer_a, path, {"progress": 35, "text": "Đã họp triển khai"})
    assert response.status_code == 201, response.content
    assert response.json()["progress"] == 35
    assert response.json()["unit"]["id"] == world.commune_a.pk
    assert response.json()["reported_on"] == f"{scenario.today}"
    scenario.not_started.refresh_from_db()
    assert (scenario.not_started.progress, scenario.not_started.execution) == (35, Execution.IN_PROGRESS)
    listed = api_get(world.officer_a, path).json()
    assert listed["count"] == 1 and listed["items"][0]["text"] == "Đã họp triển khai"
    assert listed["items"][0]["reported_by"] == world.commune_officer_a.full_name


def test_a_coordinating_unit_reports_its_own_part(world, scenario):
    assignment = actions.assignment_create(
        actor=world.officer_a,
        programme=scenario.programmes["a"],
        title="Phối hợp",
        lead=world.commune_a,
        start_date=scenario.today,
        due_date=scenario.today + days(10),
        coordinators=[(world.commune_a2, None)],
    )
    path = f"/assignments/{assignment.pk}/progress"
    response = post(world.officer_a, path, {"progress": 60, "text": "Phần của xã", "unit": world.commune_a2.pk})
    assert response.status_code == 201
    assert assignment.coordinators.get().progress == 60
    assert post(world.officer_a, path, {"progress": 60, "text": "x", "unit": 999999}).status_code == 422


@pytest.mark.parametrize(
    ("persona", "item", "status"),
    [
        ("officer_b", "in_progress", 404),  # not visible
        ("commune_officer_a", "in_progress", 404),  # led by the other commune: not visible to commune A
        ("central", "in_progress", 403),  # visible (overseen), but V05 is not the lead
        ("officer_a", "done_on_time", 422),  # done: no more progress reports
        ("officer_a", "refused", 422),
    ],
)
def test_who_may_report_progress(world, scenario, persona, item, status):
    before = ProgressReport.objects.count()
    response = post(getattr(world, persona), f"/assignments/{scenario.items[item].pk}/progress", {"progress": 50, "text": "x"})
    assert response.status_code == status, response.content
    assert ProgressReport.objects.count() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"progress": 150, "text": "x"}, "progress"), ({"progress": 10}, "text"), ({"progress": 10, "text": " "}, "text")],
)
def test_invalid_progress_is_422(world, scenario, payload, field):
    response = post(world.officer_a, f"/assignments/{scenario.in_progress.pk}/progress", payload)
    assert response.status_code == 422
    assert field in fields(response)


def test_the_lead_completes(world, scenario):
    path = f"/assignments/{scenario.due_today.pk}/complete"
    response = post(world.commune_officer_a, path, {"text": "Đã hoàn thành"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["execution"], data["verification"], data["progress"]) == (Execution.DONE_ON_TIME, Verification.WAITING, 100)
    assert data["completed_on"] == f"{scenario.today}"
    again = post(world.commune_officer_a, path, {})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "__all__"


def test_completing_late_and_who_may_complete(world, scenario):
    assert post(world.officer_b, f"/assignments/{scenario.overdue.pk}/complete", {}).status_code == 404
    assert post(world.central, f"/assignments/{scenario.overdue.pk}/complete", {}).status_code == 403
    response = post(world.officer_a, f"/assignments/{scenario.overdue.pk}/complete", {})
    assert response.json()["execution"] == Execution.DONE_LATE
    parent = post(world.officer_a, f"/assignments/{scenario.v_task.pk}/complete", {})  # its sub-assignment is open
    assert parent.status_code == 422


# --- figures -----------------------------------------------------------------------------------


def test_the_figures_and_the_drill_down(world, scenario, api_get):
    period = scenario.period
    response = api_get(
        world.officer_a, "/metrics", unit=world.province_a.pk, **{"from": f"{period.start}", "to": f"{period.end}"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    figures = unit_metrics(world.officer_a, world.province_a, period)
    assert data["unit"]["id"] == world.province_a.pk
    assert data["period"] == {"start": f"{period.start}", "end": f"{period.end}", "cutoff": f"{period.cutoff}"}
    assert data["metrics"] == figures.as_dict()
    rows = drill_down(world.officer_a, world.province_a, period)
    assert [(r["unit"]["id"], r["own"]) for r in data["rows"]] == [(r.unit.pk, r.own) for r in rows]
    for key in METRIC_KEYS:
        assert sum(r["metrics"][key] for r in data["rows"]) == data["metrics"][key]


def test_the_figures_default_to_the_callers_unit_and_this_year(world, scenario, api_get):
    data = api_get(world.central, "/metrics").json()
    assert data["unit"]["id"] == world.ministry.pk
    this_year = Period.this_year()
    assert data["period"]["start"] == f"{this_year.start}" and data["period"]["end"] == f"{this_year.end}"
    assert data["metrics"] == unit_metrics(world.central, world.ministry, this_year).as_dict()
    assert [r["unit"]["code"] for r in data["rows"]] == ["BCA", "CAT66", "CAT14", "V05"]


@pytest.mark.parametrize(
    ("persona", "unit"), [("officer_a", "province_b"), ("officer_a", "ministry"), ("commune_officer_a", "province_a")]
)
def test_figures_of_a_unit_outside_the_scope_are_404(world, api_get, persona, unit):
    assert api_get(getattr(world, persona), "/metrics", unit=getattr(world, unit).pk).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "31/12/2026"}, "from"),
        ({"to": "2026-13-01"}, "to"),
        ({"from": "2026-06-01", "to": "2026-05-01"}, "to"),
        ({"unit": "x"}, "unit"),
    ],
)
def test_invalid_figure_parameters_are_422_naming_the_field(world, api_get, params, field):
    response = api_get(world.officer_a, "/metrics", **params)
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["errors"]] == [field]


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/assignments", "/metrics", "/assignments/{id}/progress"])
def test_query_count_does_not_grow(world, today, path):
    programme = actions.programme_create(actor=world.officer_a, owner=world.province_a, year=today.year, title="CTCT")
    client = _session(world.officer_a)
    first = None

    def give(i):
        nonlocal first
        assignment = actions.assignment_create(
            actor=world.officer_a,
            programme=programme,
            title=f"Việc {i}",
            lead=[world.province_a, world.commune_a, world.commune_a2][i % 3],
            start_date=today,
            due_date=today + datetime.timedelta(days=i),
        )
        first = first or assignment
        actions.progress_report_submit(actor=world.officer_a, assignment=first, progress=10 * i, text="x")

    def count() -> int:
        url = f"{API}{path.format(id=first.pk)}"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    give(1)
    small = count()
    give(2)
    give(3)
    assert count() == small


def test_progress_reports_of_an_invisible_assignment_are_404(world, scenario, api_get):
    assert api_get(world.officer_b, f"/assignments/{scenario.in_progress.pk}/progress").status_code == 404
    assert api_get(world.officer_a, f"/assignments/{scenario.b_done.pk}/progress").status_code == 404
    assert api_get(world.central, f"/assignments/{scenario.in_progress.pk}/progress").json()["count"] == 1
