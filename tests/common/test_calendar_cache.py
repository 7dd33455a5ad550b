"""The calendar cache: no query once warm, and never stale after a change, a commit or a rollback."""

import time
from datetime import date, timedelta

import pytest
from django.db import transaction

from phongtrao.common import calendar
from phongtrao.common.calendar import add_working_days, calendar_day_create, calendar_day_delete, is_working_day
from phongtrao.common.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db

DAY = date(2025, 12, 31)  # a Wednesday


def make_day_off():
    return calendar_day_create(actor=None, day=DAY, kind=CalendarDayKind.HOLIDAY, name="Nghỉ thêm cuối năm")


def test_one_query_then_none(django_assert_num_queries):
    with django_assert_num_queries(1):
        is_working_day(DAY)
    with django_assert_num_queries(0):
        for offset in range(2000):
            day = date(2023, 1, 1) + timedelta(days=offset)
            is_working_day(day)
            add_working_days(day, 15)
            calendar.working_days_between(day, DAY)
            calendar.holidays_in(day.year)


def test_adding_and_deleting_an_exception_is_seen_at_once():
    assert is_working_day(DAY)
    row = make_day_off()
    assert not is_working_day(DAY)
    assert add_working_days(date(2025, 12, 30), 1) == date(2026, 1, 2)
    calendar_day_delete(actor=None, calendar_day=row)
    assert is_working_day(DAY)
    assert add_working_days(date(2025, 12, 30), 1) == DAY


def test_a_committed_change_is_cached_again(django_capture_on_commit_callbacks, django_assert_num_queries):
    with django_capture_on_commit_callbacks(execute=True):
        make_day_off()
    assert not is_working_day(DAY)
    with django_assert_num_queries(0):
        assert not is_working_day(DAY)


def test_a_rolled_back_change_is_forgotten():
    class Abort(Exception):
        pass

    assert is_working_day(DAY)
    with pytest.raises(Abort), transaction.atomic():
        make_day_off()
        assert not is_working_day(DAY)  # seen inside its own transaction
        raise Abort
    assert not CalendarDay.objects.exists()
    assert is_working_day(DAY)  # and gone after the rollback


def test_rows_written_by_another_process_are_seen_after_the_ttl(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(calendar, "_clock", lambda: now[0])
    assert is_working_day(DAY)
    # bulk_create sends no signal: what another server process's change looks like from here.
    CalendarDay.objects.bulk_create([CalendarDay(date=DAY, kind=CalendarDayKind.HOLIDAY, name="Nghỉ")])
    assert is_working_day(DAY)
    now[0] += calendar.EXCEPTIONS_TTL + 1
    assert not is_working_day(DAY)


def test_bulk_use_is_fast():
    """Deadlines of 50,000 assignments: well under a second once warm."""
    start = date(2023, 1, 2)
    add_working_days(start, 10)
    begin = time.perf_counter()
    for i in range(50_000):
        add_working_days(start + timedelta(days=i % 1400), 1 + i % 45)
    assert time.perf_counter() - begin < 2.0


@pytest.mark.django_db(transaction=True)
def test_real_commits_and_rollbacks_of_the_outermost_transaction(django_assert_num_queries):
    """As in production (autocommit between requests): a committed change is cached again at
    once; a change whose outermost transaction rolls back never outlives it."""
    assert is_working_day(DAY)
    row = make_day_off()  # its own transaction, committed
    assert not is_working_day(DAY)
    with django_assert_num_queries(0):
        assert not is_working_day(DAY)
    pk = row.pk
    with transaction.atomic():
        calendar_day_delete(actor=None, calendar_day=row)
        assert is_working_day(DAY)
        transaction.set_rollback(True)
    assert CalendarDay.objects.filter(pk=pk).exists()
    assert not is_working_day(DAY)  # the rollback is noticed on the next call
    calendar_day_delete(actor=None, calendar_day=CalendarDay.objects.get(pk=pk))
    assert is_working_day(DAY)
