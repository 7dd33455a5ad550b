"""Shared set-up of the reminder tests (no tests here): a 2026 programme of V05 and dated assignments."""

import datetime

from phongtrao.common import calendar
from phongtrao.work import actions
from phongtrao.work.models import Assignment


def d(day: int, month: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def programme_2026(world):
    return actions.programme_create(actor=world.central, owner=world.v05, year=2026, title="Chương trình công tác năm 2026")


def assign(world, programme, due: datetime.date, lead=None, title="Tổ chức Ngày hội toàn dân bảo vệ ANTQ", **extra) -> Assignment:
    return actions.assignment_create(
        actor=extra.pop("actor", world.central),
        programme=programme,
        title=title,
        lead=lead or world.province_a,
        start_date=extra.pop("start_date", d(5, 1)),
        due_date=due,
        **extra,
    )


def check_calendar() -> None:
    """The dates the tests rely on (the statutory calendar of 2026, no exceptions entered)."""
    calendar.clear_cache()
    assert not calendar.is_working_day(d(27, 4))  # nghỉ bù Giỗ Tổ Hùng Vương
    assert not calendar.is_working_day(d(30, 4))
    assert not calendar.is_working_day(d(1, 5))
    assert calendar.is_working_day(d(29, 4))
    assert calendar.working_days_between(d(22, 4), d(4, 5)) == 5
