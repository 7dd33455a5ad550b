"""Properties of the counting functions, checked against a day-by-day reference, 2023–2026."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phongtrao.common.calendar import add_working_days, is_working_day, next_working_day, working_days_between
from phongtrao.common.models import CalendarDay

pytestmark = pytest.mark.django_db

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
N = st.integers(min_value=0, max_value=60)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def reference_is_working(day: date) -> bool:
    """The rule written out plainly: exception, else statutory holiday, else library make-up day,
    else Monday–Friday."""
    row = CalendarDay.objects.filter(date=day).first()
    if row is not None:
        return row.kind == "working"
    table = holidays.country_holidays("VN", years=range(day.year - 1, day.year + 2))
    if day in table:
        return False
    if day in table.weekend_workdays:
        return True
    return day.weekday() < 5


def reference_add(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= is_working_day(day)
    return day


@PROPERTY
@given(day=DAYS, n=N)
def test_between_undoes_add(shipped_exceptions, day, n):
    later = add_working_days(day, n)
    assert working_days_between(day, later) == n
    assert working_days_between(later, day) == -n
    if n:
        assert is_working_day(later)
        assert working_days_between(day, later - timedelta(days=1)) == n - 1  # the n-th, not a later one
    assert later == reference_add(day, n)


@PROPERTY
@given(a=DAYS, b=DAYS, c=DAYS)
def test_between_is_additive_and_counts_the_half_open_interval(shipped_exceptions, a, b, c):
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)
    first, last = min(a, b), max(a, b)
    expected = sum(is_working_day(first + timedelta(days=i)) for i in range(1, (last - first).days + 1))
    assert working_days_between(first, last) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=DAYS)
def test_is_working_day_matches_the_plain_rule(shipped_exceptions, day):
    assert is_working_day(day) == reference_is_working(day)
    following = next_working_day(day)
    assert is_working_day(following)
    assert following == (day if is_working_day(day) else add_working_days(day, 1))
