"""The dashboard's figures on hand-built data covering every state (built through the actions):
each definition, the list behind each number, the drill-down adding up, the trend, the scope.

The scenario is imported by the dashboard, export and API tests: `build_scenario(world, today)`.
Dates are relative to today; a past day is reached by running the action "on" that day.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from phongtrao.work import actions
from phongtrao.work.enums import Category, Execution
from phongtrao.work.metrics import (
    EMPTY,
    METRIC_KEYS,
    METRICS,
    MetricSet,
    Period,
    child_units,
    dashboard_root,
    dashboard_units,
    default_dashboard_unit,
    drill_down,
    get_dashboard_unit_for,
    may_see_dashboard,
    metric_assignments,
    metric_set,
    months_ending,
    subtree_assignments,
    total,
    trend,
    unit_metrics,
)
from phongtrao.work.models import Assignment, Programme


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@contextmanager
def on_day(day: datetime.date):
    """Run actions as if today were `day` (completion dates, report dates)."""
    with mock.patch.object(actions, "_today", return_value=day):
        yield


@dataclass
class Scenario:
    today: datetime.date
    programmes: dict[str, Programme] = field(default_factory=dict)
    items: dict[str, Assignment] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Assignment:
        try:
            return self.__dict__["items"][name]
        except KeyError:
            raise AttributeError(name) from None

    def names(self, assignments) -> set[str]:
        by_pk = {a.pk: name for name, a in self.items.items()}
        return {by_pk.get(a.pk, f"?{a.pk}") for a in assignments}

    @property
    def period(self) -> Period:
        """The current period of the tests: 60 days back to 30 days ahead (cut-off today)."""
        return Period(self.today - days(60), self.today + days(30), self.today)

    @property
    def past_period(self) -> Period:
        """A period that ended four days ago (cut-off then)."""
        return Period(self.today - days(120), self.today - days(4), self.today)


def build_scenario(world, today: datetime.date) -> Scenario:
    """Assignments in every state, in province A (both communes and the province itself), in
    province B and in V05. The comments give each one's figures over `period`."""
    s = Scenario(today)
    year = today.year
    s.programmes["v05"] = v05 = actions.programme_create(actor=world.central, owner=world.v05, year=year, title="CTCT V05")
    s.programmes["a"] = prog_a = actions.programme_create(
        actor=world.officer_a, owner=world.province_a, year=year, title="Chương trình công tác năm của Công an tỉnh Đắk Lắk"
    )
    s.programmes["b"] = prog_b = actions.programme_create(
        actor=world.officer_b, owner=world.province_b, year=year, title="CTCT B"
    )

    def give(name, programme, actor, lead, start, due, **extra):
        s.items[name] = actions.assignment_create(
            actor=actor,
            programme=programme,
            title=extra.pop("title", f"Nhiệm vụ {name}"),
            lead=lead,
            start_date=today + days(start),
            due_date=today + days(due),
            **extra,
        )
        return s.items[name]

    def report(name, progress, actor=world.officer_a):
        actions.progress_report_submit(actor=actor, assignment=s.items[name], progress=progress, text="Đã triển khai")

    def refresh():
        for item in s.items.values():
            item.refresh_from_db()

    a, a2, pa = world.commune_a, world.commune_a2, world.province_a
    # Province A's programme, given by the province.
    give("not_started", prog_a, world.officer_a, a, -10, 20, category=Category.KEY_TASK)  # assigned, not started
    give("in_progress", prog_a, world.officer_a, a2, -30, 10)  # assigned, in progress
    report("in_progress", 40)
    give("overdue", prog_a, world.officer_a, a, -40, -5)  # assigned, due, overdue (marked by the nightly job)
    report("overdue", 20)
    give("overdue_unmarked", prog_a, world.officer_a, pa, -20, -1)  # assigned, due, overdue (job not run yet)
    give("done_on_time", prog_a, world.officer_a, a, -20, 5)  # assigned, done on time (today)
    give("done_late", prog_a, world.officer_a, a2, -50, -3)  # assigned, due, done late (today)
    give("refused", prog_a, world.officer_a, a, -15, 15)  # assigned only
    give("recalled", prog_a, world.officer_a, pa, -12, -2)  # assigned only: recalled work is not due
    give("due_today", prog_a, world.officer_a, a, -5, 0)  # assigned, due, not started (not overdue on its day)
    give("future_start", prog_a, world.officer_a, a2, 5, 25)  # assigned, not started
    give("old_in_progress", prog_a, world.officer_a, a2, -200, 10)  # in progress (given before the period)
    report("old_in_progress", 70)
    give("done_before", prog_a, world.officer_a, a, -150, -100)  # nothing in the period (completed before it)
    with on_day(today - days(110)):
        actions.assignment_complete(actor=world.officer_a, assignment=s.done_before)
    # V05's programme: a task for province A, forwarded by the province to commune A.
    give("v_task", v05, world.central, pa, -30, 30, category=Category.WORK_AREA)  # assigned, in progress
    report("v_task", 50)
    give("v_child", v05, world.officer_a, a, -20, 25, parent=s.v_task)  # assigned, not started
    give("v_own", v05, world.central, world.v05, -10, 10)  # V05's own: assigned, not started
    give("v_division", v05, world.central, world.v05_division, -10, -1)  # V05's division: assigned, due, overdue
    # Province B.
    give("b_overdue", prog_b, world.officer_b, world.commune_b, -20, -6)  # assigned, due, overdue
    give("b_done", prog_b, world.officer_b, world.province_b, -20, 5)  # assigned, done on time

    actions.mark_overdue(on=today - days(4))  # marks "overdue" and "b_overdue" only
    actions.assignment_complete(actor=world.officer_a, assignment=s.done_on_time)
    actions.assignment_complete(actor=world.officer_a, assignment=s.done_late)
    actions.assignment_complete(actor=world.officer_b, assignment=s.b_done)
    actions.assignment_refuse(actor=world.leader_a, assignment=s.refused, reason="Không thuộc chức năng")
    actions.assignment_recall(actor=world.officer_a, assignment=s.recalled, reason="Thay đổi kế hoạch")
    refresh()
    return s


# Over the current period, by name (the specification of each figure, written out).
PROVINCE_A = {
    "assigned": {
        "not_started", "in_progress", "overdue", "overdue_unmarked", "done_on_time", "done_late", "refused",
        "recalled", "due_today", "future_start", "v_task", "v_child",
    },
    "due": {"overdue", "overdue_unmarked", "done_late", "due_today"},
    "done_on_time": {"done_on_time"},
    "done_late": {"done_late"},
    "overdue": {"overdue", "overdue_unmarked"},
    "in_progress": {"in_progress", "v_task", "old_in_progress"},
    "not_started": {"not_started", "due_today", "future_start", "v_child"},
}  # fmt: skip
# Over the period that ended four days ago: the state as it was then.
PROVINCE_A_PAST = {
    "assigned": {
        "not_started", "in_progress", "overdue", "overdue_unmarked", "done_on_time", "done_late", "refused",
        "recalled", "due_today", "v_task", "v_child",
    },
    "due": {"overdue", "done_before"},
    "done_on_time": {"done_before"},
    "done_late": set(),
    "overdue": {"overdue"},
    # completed since: they were being worked on at the cut-off
    "in_progress": {"in_progress", "done_on_time", "done_late", "v_task", "old_in_progress"},
    # due yesterday: not overdue yet four days ago
    "not_started": {"not_started", "overdue_unmarked", "due_today", "v_child"},
}  # fmt: skip


@pytest.fixture
def scenario(world, today):
    return build_scenario(world, today)


def test_the_scenario_reached_every_state(scenario):
    states = {a.execution for a in scenario.items.values()}
    assert states == set(Execution.values)
    assert scenario.overdue.execution == Execution.OVERDUE
    assert scenario.overdue_unmarked.execution == Execution.NOT_STARTED
    assert scenario.done_before.completed_on == scenario.today - days(110)


@pytest.mark.parametrize("key", METRIC_KEYS)
def test_each_figure_counts_exactly_its_definition(world, scenario, key):
    unit, period = world.province_a, scenario.period
    listed = metric_assignments(world.officer_a, unit, key, period)
    assert scenario.names(listed) == PROVINCE_A[key]
    assert unit_metrics(world.officer_a, unit, period).value(key) == len(listed) == len(PROVINCE_A[key])


@pytest.mark.parametrize("key", METRIC_KEYS)
def test_a_past_period_shows_the_state_at_its_end(world, scenario, key):
    unit, period = world.province_a, scenario.past_period
    assert period.cutoff == scenario.today - days(4)
    listed = metric_assignments(world.officer_a, unit, key, period)
    assert scenario.names(listed) == PROVINCE_A_PAST[key]
    assert unit_metrics(world.officer_a, unit, period).value(key) == len(listed)


def test_the_on_time_rate(world, scenario):
    figures = unit_metrics(world.officer_a, world.province_a, scenario.period)
    assert (figures.done, figures.on_time_rate) == (2, 50.0)
    assert unit_metrics(world.officer_b, world.province_b, scenario.period).on_time_rate == 100.0
    assert unit_metrics(world.officer_a, world.commune_a2, scenario.past_period).on_time_rate is None
    assert MetricSet(done_on_time=2501, done_late=222).on_time_rate == 91.8


def test_open_work_is_split_without_overlap(world, scenario):
    """in progress + not started + overdue = what is open at the cut-off (refused and recalled are not)."""
    for period in (scenario.period, scenario.past_period):
        figures = unit_metrics(world.central, world.ministry, period)
        sets = [
            set(metric_assignments(world.central, world.ministry, k, period)) for k in ("in_progress", "not_started", "overdue")
        ]
        assert sum(len(s) for s in sets) == len(set.union(*sets))
        assert figures.in_progress + figures.not_started + figures.overdue == len(set.union(*sets))


def test_the_whole_set_is_one_query(world, scenario, django_assert_num_queries):
    assignments = subtree_assignments(world.officer_a, world.province_a)
    with django_assert_num_queries(1):
        metric_set(assignments, scenario.period)


# --- the list behind every number, for every unit and every persona ---------------------------

PERSONA_UNITS = {
    "central": ["ministry", "v05", "v05_division", "province_a", "province_b", "commune_a", "commune_a2", "commune_b"],
    "officer_a": ["province_a", "commune_a", "commune_a2"],
    "officer_b": ["province_b", "commune_b"],
    "commune_officer_a": ["commune_a"],
    "superuser": ["ministry", "v05", "province_a", "province_b", "commune_a", "commune_b", "partner"],
}


@pytest.mark.parametrize("persona", list(PERSONA_UNITS))
def test_every_number_is_the_length_of_its_list(world, scenario, persona):
    user = getattr(world, persona)
    for period in (scenario.period, scenario.past_period):
        for unit_name in PERSONA_UNITS[persona]:
            unit = getattr(world, unit_name)
            figures = unit_metrics(user, unit, period)
            for key in METRIC_KEYS:
                assert figures.value(key) == len(metric_assignments(user, unit, key, period)), (persona, unit_name, key)
            for row in drill_down(user, unit, period):
                for key in METRIC_KEYS:
                    listed = metric_assignments(user, row.unit, key, period, own=row.own)
                    assert row.metrics.value(key) == len(listed), (persona, unit_name, row.unit.code, row.own, key)


@pytest.mark.parametrize("persona", list(PERSONA_UNITS))
def test_drill_down_rows_add_up_to_the_unit(world, scenario, persona):
    user = getattr(world, persona)
    for unit_name in PERSONA_UNITS[persona]:
        unit = getattr(world, unit_name)
        rows = drill_down(user, unit, scenario.period)
        assert rows[0].own and rows[0].unit == unit
        assert total(rows) == unit_metrics(user, unit, scenario.period), (persona, unit_name)
        for row in rows[1:]:  # a child's row is that child's own dashboard
            assert row.metrics == unit_metrics(user, row.unit, scenario.period)


def test_province_a_drill_down(world, scenario):
    rows = drill_down(world.officer_a, world.province_a, scenario.period)
    assert [(r.unit.code, r.own) for r in rows] == [("CAT66", True), ("CAX24305", False), ("CAX24310", False)]
    own, commune_a, commune_a2 = (r.metrics for r in rows)
    assert own == MetricSet(assigned=3, due=1, overdue=1, in_progress=1)  # overdue_unmarked, recalled, v_task
    assert commune_a == MetricSet(assigned=6, due=2, done_on_time=1, overdue=1, not_started=3)
    assert commune_a2 == MetricSet(assigned=3, due=1, done_late=1, in_progress=2, not_started=1)
    assert scenario.names(metric_assignments(world.officer_a, world.province_a, "assigned", scenario.period, own=True)) == {
        "overdue_unmarked",
        "recalled",
        "v_task",
    }


def test_the_nation_for_v05_is_the_ministry_with_its_children_in_scope(world, scenario):
    assert default_dashboard_unit(world.central) == world.ministry
    assert dashboard_root(world.central) == world.ministry
    rows = drill_down(world.central, world.ministry, scenario.period)
    assert [r.unit.code for r in rows] == ["BCA", "CAT66", "CAT14", "V05"]  # Vietnamese order: C before V
    figures = unit_metrics(world.central, world.ministry, scenario.period)
    assert figures.assigned == 12 + 2 + 2  # province A, province B, V05's two
    assert figures == unit_metrics(world.superuser, world.ministry, scenario.period)


def test_the_ministry_only_counts_what_lies_in_v05s_scope(world, scenario):
    """A department V05 does not oversee: its work does not appear on V05's national figures."""
    from phongtrao.org.enums import UnitKind
    from phongtrao.org.models import Unit

    other = Unit.objects.create(name="Cục Tổ chức cán bộ", code="X01", kind=UnitKind.DEPARTMENT, parent=world.ministry)
    Assignment.objects.filter(pk=scenario.v_own.pk).update(lead=other)  # as if V05 had given it to X01
    rows = drill_down(world.central, world.ministry, scenario.period)
    assert "X01" not in [r.unit.code for r in rows]
    assert total(rows) == unit_metrics(world.central, world.ministry, scenario.period)
    assert unit_metrics(world.central, world.ministry, scenario.period).assigned == 15
    assert "X01" in [r.unit.code for r in drill_down(world.superuser, world.ministry, scenario.period)]


def test_an_inactive_child_with_work_keeps_its_row(world, scenario):
    world.commune_a2.is_active = False
    world.commune_a2.save()
    rows = drill_down(world.officer_a, world.province_a, scenario.period)
    assert world.commune_a2 in [r.unit for r in rows]
    assert total(rows) == unit_metrics(world.officer_a, world.province_a, scenario.period)


# --- scope ------------------------------------------------------------------------------------


def test_default_units(world):
    assert default_dashboard_unit(world.officer_a) == world.province_a
    assert default_dashboard_unit(world.commune_officer_a) == world.commune_a
    assert default_dashboard_unit(world.partner_user) == world.partner
    assert default_dashboard_unit(world.central) == world.ministry
    assert default_dashboard_unit(world.superuser) == world.ministry


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("central", {"ministry", "v05", "v05_division", "province_a", "province_b", "commune_a", "commune_a2", "commune_b"}),
        ("officer_a", {"province_a", "commune_a", "commune_a2"}),
        ("officer_b", {"province_b", "commune_b"}),
        ("commune_officer_a", {"commune_a"}),
        ("partner_user", {"partner"}),
    ],
)
def test_whose_dashboards_each_persona_may_open(world, persona, allowed):
    user = getattr(world, persona)
    names = ["ministry", "v05", "v05_division", "province_a", "province_b", "commune_a", "commune_a2", "commune_b", "partner"]
    units = {name: getattr(world, name) for name in names}
    assert {name for name, unit in units.items() if may_see_dashboard(user, unit)} == allowed
    assert set(dashboard_units(user)) == {units[name] for name in allowed}
    for name, unit in units.items():
        if name in allowed:
            assert get_dashboard_unit_for(user, unit.pk) == unit
        else:
            with pytest.raises(Http404):
                get_dashboard_unit_for(user, unit.pk)


def test_officer_a_never_counts_province_b(world, scenario):
    for unit in (world.province_a, world.commune_a):
        for key in METRIC_KEYS:
            listed = metric_assignments(world.officer_a, unit, key, scenario.period)
            assert not any(a.lead.path.startswith(world.province_b.path) for a in listed)


def test_children_listed_for_a_joining_unit_are_only_those_in_scope(world):
    assert list(child_units(world.central, world.ministry)) == [world.province_a, world.province_b, world.v05]
    assert list(child_units(world.superuser, world.ministry)) == [world.province_a, world.province_b, world.v05]


# --- trend ------------------------------------------------------------------------------------


def test_months_ending():
    months = months_ending(datetime.date(2026, 2, 14), 3, today=datetime.date(2026, 2, 14))
    assert [(m.start, m.end) for m in months] == [
        (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)),
        (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
    ]


def test_the_trend_is_one_query_and_each_month_is_that_months_figures(world, scenario, django_assert_num_queries):
    unit = world.province_a
    months = months_ending(scenario.today, 8, today=scenario.today)
    unit_metrics(world.officer_a, unit, scenario.period)  # warm the scope
    with django_assert_num_queries(1):
        points = trend(world.officer_a, unit, months)
    assert [p.period for p in points] == months
    for point in points:
        assert point.metrics == unit_metrics(world.officer_a, unit, point.period)
        for key in METRIC_KEYS:
            assert point.metrics.value(key) == len(metric_assignments(world.officer_a, unit, key, point.period))
    by_month = {p.period.start: p.metrics for p in points}
    completed_before = scenario.done_before.completed_on
    assert by_month[completed_before.replace(day=1)].done_on_time == 1
    assert by_month[scenario.today.replace(day=1)].done_on_time + by_month[scenario.today.replace(day=1)].done_late == 2


# --- definitions, one by one ------------------------------------------------------------------


def test_period_rules():
    today = datetime.date(2026, 6, 15)
    assert Period.this_year(today) == Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), today)
    assert Period.this_year(today).cutoff == today
    assert Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), today).cutoff == datetime.date(2025, 12, 31)
    with pytest.raises(ValueError, match="before it starts"):
        Period(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1), today)


def test_the_metrics_registry_matches_the_metric_set():
    assert tuple(METRICS) == METRIC_KEYS == tuple(f for f in MetricSet.__dataclass_fields__)
    assert MetricSet() == EMPTY
    assert MetricSet(1, 2, 3, 4, 5, 6, 7) + MetricSet(1, 1, 1, 1, 1, 1, 1) == MetricSet(2, 3, 4, 5, 6, 7, 8)


def test_a_deadline_extended_past_the_cutoff_is_no_longer_overdue(world, scenario):
    extension = actions.extension_request(
        actor=world.officer_a,
        assignment=scenario.overdue,
        proposed_due_date=scenario.today + days(10),
        reason="Chờ số liệu",
    )
    actions.extension_decide(actor=world.officer_a, extension=extension, approve=True)
    names = scenario.names(metric_assignments(world.officer_a, world.province_a, "overdue", scenario.period))
    assert names == {"overdue_unmarked"}
    assert "overdue" in scenario.names(metric_assignments(world.officer_a, world.province_a, "in_progress", scenario.period))


def test_returned_work_is_open_again(world, scenario):
    actions.assignment_return(actor=world.officer_a, assignment=scenario.done_late, reason="Thiếu số liệu")
    period = scenario.period
    assert "done_late" in scenario.names(metric_assignments(world.officer_a, world.province_a, "overdue", period))
    assert unit_metrics(world.officer_a, world.province_a, period).done_late == 0


def test_query_count_does_not_grow_with_the_data(world, scenario):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            unit_metrics(world.central, world.ministry, scenario.period)
            drill_down(world.central, world.ministry, scenario.period)
            trend(world.central, world.ministry, months_ending(scenario.today, 12, today=scenario.today))
        return len(ctx)

    small = count()
    for i in range(5):
        actions.assignment_create(
            actor=world.central,
            programme=scenario.programmes["v05"],
            title=f"Thêm {i}",
            lead=world.province_b,
            start_date=scenario.today,
            due_date=scenario.today + days(3),
        )
    assert count() == small
