"""The Government's task-tracking figures (domain.md §9) for a unit's subtree over a period.

Which assignments count
    On a unit's dashboard, the assignments whose lead unit lies in the unit's subtree
    (`subtree_assignments`), sub-assignments included: each is a piece of
    work with its own lead, deadline and state. A user whose scope is several subtrees (V05
    oversees every province) may also open the units that join them (the Ministry); there only
    the assignments led inside their scope count (`subtree_assignments`).

The period and its cut-off
    A period is [start, end], both days included; `cutoff` = min(end, today). Figures about the
    state of the work are taken at the cut-off: for this year, today; for a past period, its
    last day. "Open at day d" means open now, or done after d (completed_on > d): completion
    dates are kept, so a past period shows what was open then. Refused and recalled
    assignments have no closing date and are never open.

The figures (each one named Q below, all computed together in one aggregate)
    assigned      start_date in [start, end], whatever its state (what was given in the period;
                  refused and recalled assignments were given too). start_date rather than
                  created_at: it is the date of the assigning document, while created_at is the
                  day somebody typed it in, which may be weeks later or a bulk import.
    due           due_date in [start, cutoff], not refused or recalled: the deadline has come
                  within the period ("đến hạn"); deadlines after today are not due yet.
    done_on_time  execution = done on time, completed_on in [start, end].
    done_late     execution = done late, completed_on in [start, end]. On time or late is what
                  the system decided at completion (completed_on <= due_date).
    overdue       open at the cut-off and due_date < cutoff: the deadline passed and the work
                  was not finished. No lower bound: work overdue since last year still counts.
                  Decided from the dates, not from the stored "overdue" state, so the figure is
                  right before the nightly job (actions.mark_overdue) has run. An assignment
                  due on the cut-off day itself is not overdue yet (as in mark_overdue).
    in_progress   open at the cut-off, not overdue, started by the end of the period
                  (start_date <= end), and begun: its state is not "not started" (an overdue
                  assignment that is no longer overdue at a past cut-off counts as begun when
                  its progress is above 0).
    not_started   the same, but not begun. in_progress + not_started + overdue = the open work.
    on_time_rate  done_on_time / (done_on_time + done_late), in percent; None without
                  completions.

Drill-down
    For a unit, the same figures per child unit (each child's whole subtree) in one query,
    grouped on the child's segment of lead__path, plus one row for the assignments the unit
    leads itself. The rows add up exactly to the unit's figures.

The list behind a number
    `metric_assignments` is the queryset whose length is the number shown, for the unit, a
    drill-down row (a child unit, or `own=True`) or a month of the trend.

Trend
    The figures for each of the last N months (each month a period of its own) in one query of
    conditional counts. TruncMonth cannot do it: the figures group on three different dates and
    the state figures are taken at each month's end, which is not a grouping of rows.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Unit
from phongtrao.org.queries import primary_unit, scope_of, unit_scope_prefixes

from .enums import CLOSED_STATES, DONE_STATES, OPEN_STATES, Execution
from .models import Assignment

SEGMENT = len(Unit.segment(1))  # one level of Unit.path: "0000123/"
TREND_MONTHS = 12


# --- the period ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """[start, end], both days included, seen on `today`."""

    start: datetime.date
    end: datetime.date
    today: datetime.date = field(default_factory=timezone.localdate)

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"A period cannot end ({self.end}) before it starts ({self.start}).")

    @property
    def cutoff(self) -> datetime.date:
        """The day the state figures are taken: the end of the period, or today if it is not over."""
        return min(self.end, self.today)

    @classmethod
    def year(cls, year: int, today: datetime.date | None = None) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), today or timezone.localdate())

    @classmethod
    def this_year(cls, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls.year(today.year, today)

    @classmethod
    def month(cls, year: int, month: int, today: datetime.date | None = None) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last), today or timezone.localdate())


def months_ending(day: datetime.date, count: int = TREND_MONTHS, today: datetime.date | None = None) -> list[Period]:
    """The `count` calendar months ending with the month of `day`, oldest first."""
    today = today or timezone.localdate()
    index = day.year * 12 + day.month - 1
    return [Period.month(i // 12, i % 12 + 1, today) for i in range(index - count + 1, index + 1)]


# --- the figures ---------------------------------------------------------------------------------


def _open_at(day: datetime.date) -> Q:
    """Open on `day`: open now, or completed only after that day."""
    return Q(execution__in=OPEN_STATES) | Q(execution__in=DONE_STATES, completed_on__gt=day)


# Not begun: never started, or (at a past cut-off) overdue now without any progress.
_NOT_BEGUN = Q(execution=Execution.NOT_STARTED) | Q(execution=Execution.OVERDUE, progress=0)


def assigned(period: Period) -> Q:
    return Q(start_date__gte=period.start, start_date__lte=period.end)


def due(period: Period) -> Q:
    return Q(due_date__gte=period.start, due_date__lte=period.cutoff) & ~Q(execution__in=CLOSED_STATES)


def done_on_time(period: Period) -> Q:
    return Q(execution=Execution.DONE_ON_TIME, completed_on__gte=period.start, completed_on__lte=period.end)


def done_late(period: Period) -> Q:
    return Q(execution=Execution.DONE_LATE, completed_on__gte=period.start, completed_on__lte=period.end)


def overdue(period: Period) -> Q:
    return _open_at(period.cutoff) & Q(due_date__lt=period.cutoff)


def _pending(period: Period) -> Q:
    """Open at the cut-off, not overdue, and started by the end of the period."""
    return _open_at(period.cutoff) & Q(due_date__gte=period.cutoff, start_date__lte=period.end)


def in_progress(period: Period) -> Q:
    return _pending(period) & ~_NOT_BEGUN


def not_started(period: Period) -> Q:
    return _pending(period) & _NOT_BEGUN


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    definition: str | Promise  # shown to users beside the figure
    condition: Callable[[Period], Q]


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("assigned", pgettext_lazy("work metric", "Assigned"), _("Start date within the period."), assigned),
        Metric(
            "due",
            pgettext_lazy("work metric", "Due"),
            _("Deadline within the period, up to today; refused and recalled work excluded."),
            due,
        ),
        Metric(
            "done_on_time",
            pgettext_lazy("work metric", "Done on time"),
            _("Completed within the period, on or before the deadline."),
            done_on_time,
        ),
        Metric(
            "done_late",
            pgettext_lazy("work metric", "Done late"),
            _("Completed within the period, after the deadline."),
            done_late,
        ),
        Metric(
            "overdue",
            pgettext_lazy("work metric", "Overdue"),
            _("Not finished and past the deadline at the end of the period (or today)."),
            overdue,
        ),
        Metric(
            "in_progress",
            pgettext_lazy("work metric", "In progress"),
            _("Begun, not finished, not past the deadline."),
            in_progress,
        ),
        Metric(
            "not_started", pgettext_lazy("work metric", "Not started"), _("Not begun yet, not past the deadline."), not_started
        ),
    )
}
METRIC_KEYS = tuple(METRICS)


def counts(period: Period, suffix: str = "") -> dict[str, Count]:
    """One conditional count per figure, to pass to aggregate() or annotate()."""
    return {f"{key}{suffix}": Count("pk", filter=metric.condition(period)) for key, metric in METRICS.items()}


@dataclass(frozen=True)
class MetricSet:
    assigned: int = 0
    due: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Share of the completions that were on time, in percent (one decimal)."""
        return round(100 * self.done_on_time / self.done, 1) if self.done else None

    def __add__(self, other: MetricSet) -> MetricSet:
        return MetricSet(*(getattr(self, key) + getattr(other, key) for key in METRIC_KEYS))

    def as_dict(self) -> dict[str, int | float | None]:
        return {**asdict(self), "on_time_rate": self.on_time_rate}

    def value(self, key: str) -> int:
        return getattr(self, key)


EMPTY = MetricSet()


def metric_set(assignments: QuerySet[Assignment], period: Period) -> MetricSet:
    """All the figures for these assignments over the period: one aggregate query."""
    return MetricSet(**assignments.aggregate(**counts(period)))


# --- whose dashboard -----------------------------------------------------------------------------


def _common_path(paths: list[str]) -> str:
    """The deepest unit path every path starts with ("" when they lie in different trees)."""
    split = [path.split("/")[:-1] for path in paths]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return "".join(f"{part}/" for part in common)


def _joining_paths(prefixes: list[str]) -> set[str]:
    """Paths of the units that join the subtrees of a scope: from their common ancestor down to each."""
    root = _common_path(prefixes)
    if not root or root in prefixes:
        return set()
    joining = {root}
    for prefix in prefixes:
        parts = prefix.split("/")[:-1]
        for depth in range(root.count("/") + 1, len(parts)):
            joining.add("".join(f"{part}/" for part in parts[:depth]))
    return joining


def may_see_dashboard(user, unit: Unit) -> bool:
    """A unit in the user's scope, or one joining the subtrees of it (V05: the Ministry)."""
    prefixes = unit_scope_prefixes(user)
    if prefixes is None:
        return True
    return any(unit.path.startswith(p) for p in prefixes) or unit.path in _joining_paths(prefixes)


def dashboard_units(user) -> QuerySet[Unit]:
    """Every unit whose dashboard the user may open."""
    prefixes = unit_scope_prefixes(user)
    units = Unit.objects.all()
    if prefixes is None:
        return units
    return units.filter(Q(pk__in=Unit.objects.under_any(prefixes).values("pk")) | Q(path__in=_joining_paths(prefixes)))


def get_dashboard_unit_for(user, pk) -> Unit:
    """The unit, or 404 when it is missing or its dashboard is not the user's to see."""
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    if not may_see_dashboard(user, unit):
        raise Http404
    return unit


def dashboard_root(user) -> Unit | None:
    """The top of the user's dashboards: the Ministry for a system administrator and for V05
    (whose scope is its own subtree and every province it oversees), else the user's unit."""
    scope = scope_of(user)
    if scope.is_everything:
        roots = Unit.objects.filter(parent__isnull=True)
        return roots.filter(kind=UnitKind.MINISTRY).order_by("path").first() or roots.order_by("path").first()
    prefixes = scope.unit_prefixes
    root = _common_path(prefixes)
    if not root:
        return primary_unit(user)
    return Unit.objects.select_related("parent").filter(path=root).first()


def default_dashboard_unit(user) -> Unit | None:
    """The user's first unit; the top (the nation) for those who oversee units beyond their own."""
    scope = scope_of(user)
    own = primary_unit(user)
    if scope.is_everything or own is None:
        return dashboard_root(user)
    member_paths = [m.unit.path for m in scope.memberships]
    oversees = any(not any(prefix.startswith(path) for path in member_paths) for prefix in scope.unit_prefixes)
    return dashboard_root(user) if oversees else own


def subtree_assignments(user, unit: Unit) -> QuerySet[Assignment]:
    """The assignments counted on the unit's dashboard for this user (see the module's docstring).

    The lead units are chosen by a subquery on the unit tree (lead_id IN (SELECT id FROM org_unit
    WHERE path LIKE ...)), not by a filter on the joined unit's path: SQLite cannot use the path
    index for LIKE, and with the join it read every assignment of the country to count or list
    one province's (bench/README_bench.md, benchmark b: 15-30 times slower at 50,000 assignments).
    """
    units = Unit.objects.filter(path__startswith=unit.path)
    prefixes = unit_scope_prefixes(user)
    if prefixes is not None and not any(unit.path.startswith(p) for p in prefixes):
        units = units.under_any(prefixes)
    return Assignment.objects.filter(lead__in=units.values("pk"))


def unit_metrics(user, unit: Unit, period: Period) -> MetricSet:
    return metric_set(subtree_assignments(user, unit), period)


# --- drill-down ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillRow:
    unit: Unit
    own: bool  # True: the assignments the unit leads itself; False: the child unit's whole subtree
    metrics: MetricSet


def child_units(user, unit: Unit, *, also: list[str] | None = None) -> QuerySet[Unit]:
    """The units right under `unit` the user may open a dashboard for (and those at the paths
    `also`), in Vietnamese order."""
    condition = Q(parent=unit)
    prefixes = unit_scope_prefixes(user)
    if prefixes is not None and not any(unit.path.startswith(p) for p in prefixes):
        condition &= Q(pk__in=dashboard_units(user).values("pk"))
    if also:
        condition |= Q(path__in=also)
    return Unit.objects.filter(condition).vietnamese_order()


def drill_down(user, unit: Unit, period: Period) -> list[DrillRow]:
    """The unit's own row, then one row per child unit: the figures in one grouped query.

    Rows add up to `unit_metrics(user, unit, period)`: every assignment led in the subtree is
    led by the unit itself or lies under exactly one child.
    """
    width = len(unit.path) + SEGMENT
    grouped = (
        subtree_assignments(user, unit)
        .annotate(branch=Substr("lead__path", 1, width))
        .order_by()
        .values("branch")
        .annotate(**counts(period))
    )
    figures = {row["branch"]: MetricSet(**{key: row[key] for key in METRIC_KEYS}) for row in cast(list[dict[str, Any]], grouped)}
    rows = [DrillRow(unit, True, figures.pop(unit.path, EMPTY))]
    # A child with figures is listed even when inactive, so that the rows always add up.
    children = child_units(user, unit, also=list(figures))
    rows += [DrillRow(child, False, figures.get(child.path, EMPTY)) for child in children]
    return rows


def total(rows: list[DrillRow]) -> MetricSet:
    result = EMPTY
    for row in rows:
        result += row.metrics
    return result


# --- the list behind a number --------------------------------------------------------------------


def metric_assignments(user, unit: Unit, metric: str, period: Period, *, own: bool = False) -> QuerySet[Assignment]:
    """Exactly the assignments counted in one figure: len() of it is the number shown."""
    assignments = subtree_assignments(user, unit)
    if own:
        assignments = assignments.filter(lead=unit)
    return assignments.filter(METRICS[metric].condition(period))


# --- trend ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    metrics: MetricSet


def _may_count_in(months: list[Period]) -> Q:
    """What any figure of these months can count: dated on or after the earliest day involved,
    or open now. Every figure needs a start, deadline or completion within a month, or the work
    open at a month's cut-off (open now, or completed after it); older closed work counts in none,
    so the trend's many conditional counts are not evaluated on it."""
    earliest = min(min(month.start, month.cutoff) for month in months)
    return Q(start_date__gte=earliest) | Q(due_date__gte=earliest) | Q(completed_on__gte=earliest) | Q(execution__in=OPEN_STATES)


def trend(user, unit: Unit, months: list[Period]) -> list[TrendPoint]:
    """The figures of each month (a period of its own) in one query of conditional counts."""
    aggregates: dict[str, Count] = {}
    for index, month in enumerate(months):
        aggregates.update(counts(month, suffix=f"__{index}"))
    row = subtree_assignments(user, unit).filter(_may_count_in(months)).aggregate(**aggregates) if months else {}
    return [
        TrendPoint(month, MetricSet(**{key: row[f"{key}__{index}"] for key in METRIC_KEYS})) for index, month in enumerate(months)
    ]
