"""projected_schedule on hand-computed cases (plain days unless a weekday calendar is given)."""

import datetime
from dataclasses import dataclass

from phongtrao.schemes.schedule import WorkingDays, plan_phases, projected_schedule, summarise, timeline


def d(day: int, month: int = 6) -> datetime.date:
    return datetime.date(2025, month, day)


@dataclass
class P:
    planned_start: datetime.date
    deadline: datetime.date
    status: str = "not_started"
    actual_start: datetime.date | None = None
    completed_on: datetime.date | None = None


def three_phases():
    """1–5/6, 6–10/6, 11–15/6: five days each, back to back."""
    return [P(d(1), d(5)), P(d(6), d(10)), P(d(11), d(15))]


def dates(projections):
    return [(p.projected_start, p.projected_finish, p.slip, p.warning) for p in projections]


def weekdays(day: datetime.date) -> bool:
    return day.weekday() < 5


def test_on_time():
    phases = three_phases()
    phases[0].status, phases[0].actual_start, phases[0].completed_on = "done", d(1), d(5)
    phases[1].status, phases[1].actual_start = "in_progress", d(6)
    result = projected_schedule(phases, d(8))
    assert dates(result) == [(d(1), d(5), 0, False), (d(6), d(10), 0, False), (d(11), d(15), 0, False)]
    assert [p.duration for p in result] == [5, 5, 5]
    summary = summarise(result)
    assert not summary.slipping and summary.current.phase is phases[1] and summary.projected_finish == d(15)


def test_one_late_phase_shifts_the_two_later_ones():
    phases = three_phases()
    phases[0].status, phases[0].actual_start, phases[0].completed_on = "done", d(1), d(8)  # 3 days late
    result = projected_schedule(phases, d(8))
    assert dates(result) == [(d(1), d(8), 3, False), (d(9), d(13), 3, True), (d(14), d(18), 3, True)]
    assert result[0].done_late and not result[0].warning
    assert [p.start_shift for p in result] == [0, 3, 3]
    assert summarise(result).slipping and summarise(result).slip == 3


def test_open_phase_past_its_deadline_slips_as_of_today():
    phases = three_phases()
    phases[0].status, phases[0].actual_start = "in_progress", d(1)
    result = projected_schedule(phases, d(10))  # five days past the deadline of 5/6, still open
    assert dates(result) == [(d(1), d(10), 5, True), (d(11), d(15), 5, True), (d(16), d(20), 5, True)]
    # The next day it is one day worse for every phase.
    assert [p.slip for p in projected_schedule(phases, d(11))] == [6, 6, 6]


def test_late_start_keeps_the_duration():
    phases = three_phases()
    phases[0].status, phases[0].actual_start = "in_progress", d(3)
    result = projected_schedule(phases, d(3))
    assert dates(result)[0] == (d(3), d(7), 2, True)
    assert dates(result)[1] == (d(8), d(12), 2, True)


def test_a_phase_not_started_cannot_start_before_today():
    phases = three_phases()
    phases[0].status, phases[0].actual_start, phases[0].completed_on = "done", d(1), d(5)
    result = projected_schedule(phases, d(8))  # phase 2 should have started on 6/6
    assert dates(result)[1:] == [(d(8), d(12), 2, True), (d(13), d(17), 2, True)]


def test_a_gap_in_the_plan_absorbs_a_slip():
    phases = [P(d(1), d(5)), P(d(10), d(14))]
    phases[0].status, phases[0].actual_start, phases[0].completed_on = "done", d(1), d(7)
    result = projected_schedule(phases, d(7))
    assert dates(result) == [(d(1), d(7), 2, False), (d(10), d(14), 0, False)]


def test_future_scheme_is_as_planned():
    assert dates(projected_schedule(three_phases(), d(20, 5))) == [
        (d(1), d(5), 0, False),
        (d(6), d(10), 0, False),
        (d(11), d(15), 0, False),
    ]


def test_working_days_skip_weekends():
    # Monday 2/6/2025: 2–6/6, 9–13/6, 16–20/6, five working days each.
    phases = [P(d(2), d(6)), P(d(9), d(13)), P(d(16), d(20))]
    phases[0].status, phases[0].actual_start, phases[0].completed_on = "done", d(2), d(10)  # Tuesday: 2 working days late
    result = projected_schedule(phases, d(10), is_working_day=weekdays)
    assert [p.duration for p in result] == [5, 5, 5]
    # 11, 12, 13, 16, 17 and 18, 19, 20, 23, 24.
    assert dates(result) == [(d(2), d(10), 2, False), (d(11), d(17), 2, True), (d(18), d(24), 2, True)]


def test_open_phase_over_a_weekend_counts_working_days():
    phases = [P(d(2), d(6), "in_progress", d(2)), P(d(9), d(13))]
    result = projected_schedule(phases, d(8), is_working_day=weekdays)  # Sunday 8/6: finishes Monday 9/6 at best
    assert dates(result) == [(d(2), d(9), 1, True), (d(10), d(16), 1, True)]


def test_plan_phases_back_to_back():
    assert plan_phases(d(1), [5, 5]) == [(d(1), d(5)), (d(6), d(10))]
    # Sunday 1/6 with weekends off: Monday 2/6 to Friday 6/6, then 9/6 to 11/6.
    assert plan_phases(d(1), [5, 3], is_working_day=weekdays) == [(d(2), d(6)), (d(9), d(11))]


def test_working_day_arithmetic():
    days = WorkingDays(weekdays)
    assert days.count(d(2), d(8)) == 5
    assert days.finish(d(7), 1) == d(9)
    assert days.late_by(d(6), d(9)) == 1
    assert days.late_by(d(9), d(6)) == 0


def test_timeline_geometry():
    phases = three_phases()
    phases[0].status, phases[0].actual_start = "in_progress", d(1)
    projections = projected_schedule(phases, d(10))
    chart = timeline(projections, d(10))
    assert [bar.number for bar in chart.bars] == [1, 2, 3]
    assert all(30 <= bar.projected_x <= 706 and bar.projected_x + bar.projected_width <= 707 for bar in chart.bars)
    assert chart.bars[0].colour == "#dc3545"  # past its deadline
    assert chart.bars[1].projected_x > chart.bars[1].planned_x  # shifted right by the slip
    assert chart.today_x is not None and chart.ticks
    assert timeline([], d(10)) is None
