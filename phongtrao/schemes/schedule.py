"""Planning and slip of a scheme's phases: pure functions of dates (no database, no clock).

Durations and slips are counted in working days of a calendar given as a predicate
`is_working_day(date) -> bool`; `every_day` (plain calendar days) is the default, and
`default_calendar()` supplies phongtrao.common.calendar.is_working_day when that module exists.

The projection (projected_schedule), exactly:

* A phase's planned duration is the number of working days from its planned start to its
  (current) deadline, both included, at least 1.
* Phases are taken in order. A phase cannot start before the previous one is done (the actions
  enforce it), so in the projection a phase not yet started starts on the first working day that is
  on or after its planned start, after the previous phase's projected finish, and not before today.
* A done phase: projected = actual (started on, completed on).
* A phase in progress: starts on its actual start; finishes `planned duration` working days later
  (its start is day 1), but never before today: an open phase past its deadline is late by the
  working days from its deadline to today, and that slip carries to the later phases.
* A phase not started: finishes `planned duration` working days after its projected start.
* The slip is the number of working days after the deadline up to the projected finish (0 when on
  time). A phase not done whose projected finish is after its deadline carries a warning.
A slip therefore shifts every later phase by the same number of working days, keeping each phase's
planned duration, except where the plan left a gap between two phases (the gap absorbs the slip).
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .enums import PhaseStatus

Predicate = Callable[[datetime.date], bool]
ONE_DAY = datetime.timedelta(days=1)
MAX_SEARCH = 400  # no calendar has a year without a working day


def every_day(day: datetime.date) -> bool:
    return True


def default_calendar() -> tuple[Predicate, bool]:
    """The working-day predicate and whether it is the real calendar (else plain days)."""
    try:
        module = importlib.import_module("phongtrao.common.calendar")
    except ImportError:
        return every_day, False
    predicate = getattr(module, "is_working_day", None)
    return (predicate, True) if callable(predicate) else (every_day, False)


class WorkingDays:
    """Working-day arithmetic over a predicate, with the answers for each day remembered."""

    def __init__(self, is_working_day: Predicate = every_day) -> None:
        self._predicate = is_working_day
        self._known: dict[datetime.date, bool] = {}

    def is_working(self, day: datetime.date) -> bool:
        if day not in self._known:
            self._known[day] = bool(self._predicate(day))
        return self._known[day]

    def on_or_after(self, day: datetime.date) -> datetime.date:
        for _ in range(MAX_SEARCH):
            if self.is_working(day):
                return day
            day += ONE_DAY
        raise ValueError("no working day within a year")

    def count(self, first: datetime.date, last: datetime.date) -> int:
        """Working days from `first` to `last`, both included (0 when last < first)."""
        total, day = 0, first
        while day <= last:
            total += self.is_working(day)
            day += ONE_DAY
        return total

    def finish(self, start: datetime.date, duration: int) -> datetime.date:
        """The `duration`-th working day, counting the first working day on or after `start` as day 1."""
        day = self.on_or_after(start)
        for _ in range(max(duration, 1) - 1):
            day = self.on_or_after(day + ONE_DAY)
        return day

    def late_by(self, deadline: datetime.date, finish: datetime.date) -> int:
        """Working days after `deadline` up to and including `finish` (0 when on time)."""
        return self.count(deadline + ONE_DAY, finish) if finish > deadline else 0


class PhaseLike(Protocol):
    status: str
    planned_start: datetime.date
    deadline: datetime.date
    actual_start: datetime.date | None
    completed_on: datetime.date | None


DONE = PhaseStatus.DONE.value
IN_PROGRESS = PhaseStatus.IN_PROGRESS.value


@dataclass(frozen=True)
class Projection:
    phase: Any
    planned_start: datetime.date
    deadline: datetime.date
    duration: int
    projected_start: datetime.date
    projected_finish: datetime.date
    start_shift: int  # working days the projected start is after the planned start
    slip: int  # working days the projected finish is after the deadline

    @property
    def is_done(self) -> bool:
        return self.phase.status == DONE

    @property
    def warning(self) -> bool:
        """Not done and projected to finish after its deadline."""
        return not self.is_done and self.slip > 0

    @property
    def done_late(self) -> bool:
        return self.is_done and self.slip > 0


def projected_schedule(
    phases: Sequence[PhaseLike], today: datetime.date, *, is_working_day: Predicate = every_day
) -> list[Projection]:
    """Projected start and finish of each phase (given in order) as of `today`; see the module docstring."""
    days = WorkingDays(is_working_day)
    result: list[Projection] = []
    previous_finish: datetime.date | None = None
    for phase in phases:
        duration = max(1, days.count(phase.planned_start, phase.deadline))
        if phase.status == DONE and phase.completed_on is not None:
            start = phase.actual_start or phase.planned_start
            finish = phase.completed_on
        elif phase.status == IN_PROGRESS:
            start = phase.actual_start or phase.planned_start
            finish = max(days.finish(start, duration), days.on_or_after(today))
        else:
            candidates = [phase.planned_start, today]
            if previous_finish is not None:
                candidates.append(previous_finish + ONE_DAY)
            start = days.on_or_after(max(candidates))
            finish = days.finish(start, duration)
        result.append(
            Projection(
                phase=phase,
                planned_start=phase.planned_start,
                deadline=phase.deadline,
                duration=duration,
                projected_start=start,
                projected_finish=finish,
                start_shift=days.late_by(phase.planned_start, start),
                slip=days.late_by(phase.deadline, finish),
            )
        )
        previous_finish = finish
    return result


def plan_phases(
    start: datetime.date, durations: Sequence[int], *, is_working_day: Predicate = every_day
) -> list[tuple[datetime.date, datetime.date]]:
    """Back-to-back (planned start, deadline) pairs: the first phase starts on the first working day on
    or after `start`, each next one on the first working day after the previous deadline."""
    days = WorkingDays(is_working_day)
    plan = []
    day = start
    for duration in durations:
        first = days.on_or_after(day)
        last = days.finish(first, duration)
        plan.append((first, last))
        day = last + ONE_DAY
    return plan


@dataclass(frozen=True)
class SchemeSummary:
    projections: list[Projection]
    current: Projection | None  # the first phase not done
    final_deadline: datetime.date | None
    projected_finish: datetime.date | None
    slip: int  # of the last phase
    slipping: bool  # some phase not done carries a warning


def summarise(projections: list[Projection]) -> SchemeSummary:
    current = next((p for p in projections if not p.is_done), None)
    last = projections[-1] if projections else None
    return SchemeSummary(
        projections=projections,
        current=current,
        final_deadline=last.deadline if last else None,
        projected_finish=last.projected_finish if last else None,
        slip=last.slip if last else 0,
        slipping=any(p.warning for p in projections),
    )


# The timeline drawn on the scheme page: SVG geometry computed here, drawn by the template with
# presentation attributes only (the CSP forbids style attributes).

CHART_WIDTH = 720
COMPACT_WIDTH = 340  # phones: the same chart, narrower, fewer ticks
CHART_LEFT = 30
CHART_MARGIN = 14
AXIS_HEIGHT = 26
ROW_HEIGHT = 34
TICK_SPACING = 70  # at least this many pixels between two tick labels
COLOURS = {"done": "#198754", "in_progress": "#0d6efd", "not_started": "#6c8cbf", "warning": "#dc3545"}


@dataclass(frozen=True)
class Bar:
    number: int
    y: int
    planned_x: float
    planned_width: float
    projected_x: float
    projected_width: float
    deadline_x: float
    colour: str
    projection: Projection


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    bottom: int


def _month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def timeline(projections: list[Projection], today: datetime.date, width: int = CHART_WIDTH) -> Timeline | None:
    """Bars of the planned and projected dates of each phase, a deadline mark, ticks and today's line."""
    if not projections:
        return None
    first = min(min(p.planned_start, p.projected_start) for p in projections)
    last = max(max(p.deadline, p.projected_finish) for p in projections) + ONE_DAY
    span = max((last - first).days, 1)
    right = width - CHART_MARGIN
    scale = (right - CHART_LEFT) / span
    max_ticks = max(2, (right - CHART_LEFT) // TICK_SPACING)

    def x(day: datetime.date) -> float:
        return round(CHART_LEFT + (day - first).days * scale, 1)

    bars = []
    for number, p in enumerate(projections, start=1):
        y = AXIS_HEIGHT + (number - 1) * ROW_HEIGHT
        colour = COLOURS["warning"] if p.warning else COLOURS.get(p.phase.status, COLOURS["not_started"])
        bars.append(
            Bar(
                number=number,
                y=y,
                planned_x=x(p.planned_start),
                planned_width=max(x(p.deadline + ONE_DAY) - x(p.planned_start), 2),
                projected_x=x(p.projected_start),
                projected_width=max(x(p.projected_finish + ONE_DAY) - x(p.projected_start), 2),
                deadline_x=x(p.deadline + ONE_DAY),
                colour=colour,
                projection=p,
            )
        )
    weekly = span <= 62
    ticks_at = [first + datetime.timedelta(days=d) for d in range(0, span + 1, 7)] if weekly else _month_starts(first, last)
    ticks_at = ticks_at[:: -(-len(ticks_at) // max_ticks) or 1]
    label = "%d/%m" if weekly else "%m/%Y"
    ticks = [Tick(x(day), day.strftime(label)) for day in ticks_at]
    bottom = AXIS_HEIGHT + len(projections) * ROW_HEIGHT
    return Timeline(
        width=width,
        height=bottom + 4,
        bars=bars,
        ticks=ticks,
        today_x=x(today) if first <= today <= last else None,
        bottom=bottom,
    )
