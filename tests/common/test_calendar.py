"""The working-day calendar: weekends, statutory holidays from `holidays`, exceptions, counting."""

from datetime import date, timedelta

import pytest
from django.utils.translation import pgettext

from phongtrao.common.calendar import (
    Source,
    add_working_days,
    calendar_day_create,
    holidays_in,
    is_working_day,
    make_up_days_in,
    next_working_day,
    tet_break,
    weekday_name,
    working_days_between,
    working_days_in_year,
)
from phongtrao.common.models import CalendarDayKind

pytestmark = pytest.mark.django_db


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def add_exception(day: date, kind: str, name: str = "Ngoại lệ thử"):
    return calendar_day_create(actor=None, day=day, kind=kind, name=name)


# --- weekends and statutory holidays ---------------------------------------------------------------


def test_weekends_are_days_off_and_weekdays_are_working():
    assert not is_working_day(date(2025, 1, 4))  # Saturday
    assert not is_working_day(date(2025, 1, 5))  # Sunday
    assert all(is_working_day(d) for d in days(date(2025, 1, 6), date(2025, 1, 10)))  # Monday–Friday


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),  # Tết Dương lịch
        date(2025, 4, 7),  # Giỗ Tổ Hùng Vương, 10/3 Ất Tỵ
        date(2025, 4, 30),  # Ngày Chiến thắng
        date(2025, 5, 1),  # Quốc tế Lao động
        date(2025, 9, 1),  # the day before Quốc khánh
        date(2025, 9, 2),  # Quốc khánh
        date(2026, 1, 1),
        date(2024, 4, 18),  # Giỗ Tổ 2024
        date(2024, 9, 3),  # the day after Quốc khánh 2024
        date(2023, 1, 2),  # nghỉ bù: 1/1/2023 was a Sunday
        date(2023, 5, 2),  # nghỉ bù: Giỗ Tổ 29/4/2023 was a Saturday
        date(2023, 5, 3),  # nghỉ bù: 30/4/2023 was a Sunday
        date(2023, 9, 4),  # nghỉ bù: 2/9/2023 was a Saturday
        date(2026, 4, 27),  # nghỉ bù: Giỗ Tổ 26/4/2026 is a Sunday
    ],
)
def test_statutory_holidays_are_days_off(day):
    assert not is_working_day(day)


def test_ordinary_days_next_to_holidays_are_working():
    for day in (date(2025, 4, 29), date(2025, 5, 5), date(2025, 9, 3), date(2025, 1, 2), date(2025, 4, 8)):
        assert is_working_day(day), day


@pytest.mark.parametrize(
    ("year", "first", "last"),
    [
        (2023, date(2023, 1, 20), date(2023, 1, 26)),  # 7 days, as announced
        (2024, date(2024, 2, 8), date(2024, 2, 14)),  # 7 days
        (2025, date(2025, 1, 25), date(2025, 2, 2)),  # 9 days: 27–31/1 off, weekends on both sides
        (2026, date(2026, 2, 14), date(2026, 2, 22)),  # 9 days: 16–20/2 off, weekends on both sides
    ],
)
def test_tet_nguyen_dan_per_the_library(year, first, last):
    assert tet_break(year) == (first, last)
    assert not any(is_working_day(d) for d in days(first, last))
    assert is_working_day(first - timedelta(days=1))
    assert is_working_day(last + timedelta(days=1))


def test_tet_2025_has_no_make_up_saturday():
    """The 9 days of Tết Ất Tỵ needed no swap (27/1 is the nghỉ bù of mùng 4 on Saturday 1/2)."""
    assert not is_working_day(date(2025, 1, 27))
    assert not is_working_day(date(2025, 2, 8))
    assert [d for d in make_up_days_in(2025) if d.date.month < 3] == []


def test_swaps_known_to_the_library():
    # 2024: Monday 29/4 off, made up on Saturday 4/5. 2025: Friday 2/5 off, made up on Saturday 26/4.
    assert not is_working_day(date(2024, 4, 29))
    assert is_working_day(date(2024, 5, 4))
    assert not is_working_day(date(2025, 5, 2))
    assert is_working_day(date(2025, 4, 26))
    assert [(e.date, e.source) for e in make_up_days_in(2025)] == [(date(2025, 4, 26), Source.STATUTORY)]


def test_tet_duong_lich_2026_swap_is_not_in_the_library():
    """The 2/1/2026 ↔ 10/1/2026 swap (12729/VPCP-KGVX) comes from the shipped exceptions only."""
    assert is_working_day(date(2026, 1, 2))
    assert not is_working_day(date(2026, 1, 10))


def test_holidays_in_lists_vietnamese_names_by_date():
    entries = holidays_in(2025)
    assert entries == sorted(entries, key=lambda e: e.date)
    by_date = {e.date: e for e in entries}
    assert by_date[date(2025, 4, 30)] == (date(2025, 4, 30), "Ngày Chiến thắng", Source.STATUTORY)
    assert by_date[date(2025, 1, 1)].name == "Tết Dương lịch"
    assert by_date[date(2025, 1, 29)].name == "Tết Nguyên Đán"
    assert "Giỗ Tổ Hùng Vương" in by_date[date(2025, 4, 7)].name
    assert all(e.source == "statutory" for e in entries)
    # Holidays on a weekend are listed too (2/9/2023 was a Saturday).
    assert date(2023, 9, 2) in {e.date for e in holidays_in(2023)}


# --- exceptions --------------------------------------------------------------------------------------


def test_holiday_exception_makes_a_weekday_a_day_off():
    day = date(2025, 12, 31)  # a Wednesday
    assert is_working_day(day)
    add_exception(day, CalendarDayKind.HOLIDAY, "Nghỉ thêm cuối năm")
    assert not is_working_day(day)
    assert (day, "Nghỉ thêm cuối năm", Source.EXCEPTION) in holidays_in(2025)


def test_working_exception_makes_a_weekend_day_a_working_day():
    day = date(2025, 12, 27)  # a Saturday
    assert not is_working_day(day)
    add_exception(day, CalendarDayKind.WORKING, "Làm bù cho ngày 31/12/2025")
    assert is_working_day(day)
    assert (day, "Làm bù cho ngày 31/12/2025", Source.EXCEPTION) in make_up_days_in(2025)
    assert day not in {e.date for e in holidays_in(2025)}


def test_shipped_exceptions_apply(shipped_exceptions):
    assert not is_working_day(date(2026, 1, 2))
    assert is_working_day(date(2026, 1, 10))
    assert tet_break(2026) == (date(2026, 2, 14), date(2026, 2, 22))
    # Entries that repeat a library swap change nothing.
    assert not is_working_day(date(2025, 5, 2))
    assert is_working_day(date(2025, 4, 26))


# --- counting ----------------------------------------------------------------------------------------


def test_from_friday_one_working_day_is_monday():
    assert add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 17)
    assert add_working_days(date(2025, 3, 14), 5) == date(2025, 3, 21)


def test_start_day_is_not_counted_even_when_it_is_a_day_off():
    assert add_working_days(date(2025, 3, 15), 1) == date(2025, 3, 17)  # from a Saturday
    assert add_working_days(date(2025, 3, 17), 1) == date(2025, 3, 18)


def test_zero_days_is_the_start_day_and_negative_is_refused():
    assert add_working_days(date(2025, 3, 15), 0) == date(2025, 3, 15)
    with pytest.raises(ValueError, match="forward only"):
        add_working_days(date(2025, 3, 15), -1)


def test_add_working_days_over_a_tet_week():
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    assert add_working_days(date(2025, 1, 20), 10) == date(2025, 2, 10)  # 21–24/1 (4), 3–7/2 (9), Monday 10/2
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_add_working_days_over_the_30_4_swap():
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # the make-up Saturday
    assert add_working_days(date(2025, 4, 25), 2) == date(2025, 4, 28)


def test_add_working_days_across_the_new_year(shipped_exceptions):
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)  # 1/1 holiday, 2/1 swapped, weekend
    assert add_working_days(date(2025, 12, 31), 5) == date(2026, 1, 9)
    assert add_working_days(date(2025, 12, 31), 6) == date(2026, 1, 10)  # the make-up Saturday
    assert add_working_days(date(2024, 1, 1), 300).year == 2025


def test_next_working_day():
    assert next_working_day(date(2025, 3, 17)) == date(2025, 3, 17)
    assert next_working_day(date(2025, 3, 15)) == date(2025, 3, 17)
    assert next_working_day(date(2025, 4, 30)) == date(2025, 5, 5)
    assert next_working_day(date(2025, 1, 25)) == date(2025, 2, 3)


def test_working_days_between_edges():
    friday, monday = date(2025, 3, 14), date(2025, 3, 17)
    assert working_days_between(friday, friday) == 0
    assert working_days_between(friday, monday) == 1
    assert working_days_between(monday, friday) == -1
    assert working_days_between(date(2025, 3, 15), date(2025, 3, 16)) == 0  # a weekend
    assert working_days_between(monday, date(2025, 3, 21)) == 4  # Monday not counted, Friday counted
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1  # over Tết


def test_working_days_between_is_antisymmetric_and_additive():
    a, b, c = date(2023, 11, 3), date(2024, 6, 9), date(2026, 2, 1)
    assert working_days_between(b, a) == -working_days_between(a, b)
    assert working_days_between(a, b) + working_days_between(b, c) == working_days_between(a, c)


def test_working_days_in_a_year():
    assert working_days_in_year(2025) == working_days_between(date(2024, 12, 31), date(2025, 12, 31))
    all_days = days(date(2025, 1, 1), date(2025, 12, 31))
    assert working_days_in_year(2025) == sum(is_working_day(d) for d in all_days)
    # 261 weekdays in 2025, minus the weekdays off (1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9), plus Saturday 26/4.
    assert working_days_in_year(2025) == 261 - 12 + 1


def test_years_the_library_does_not_cover_have_weekends_only():
    assert is_working_day(date(2150, 1, 1))
    assert not is_working_day(date(2150, 1, 3))  # a Saturday
    assert tet_break(2150) is None


def test_weekday_names():
    assert weekday_name(date(2025, 3, 17)) == pgettext("weekday", "Monday")
    assert weekday_name(date(2025, 3, 23)) == pgettext("weekday", "Sunday")
