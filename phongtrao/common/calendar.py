"""Vietnamese working days: the one calendar behind every "N working days" rule.

A day is a working day unless it is
  * a Saturday or a Sunday, or
  * a statutory holiday as computed by the `holidays` package for Vietnam (Labour Code 2019,
    art. 112): Tết Dương lịch 1/1; five Tết Nguyên đán days; Giỗ Tổ Hùng Vương 10/3 âm lịch;
    30/4; 1/5; Quốc khánh 2/9 and the day before or after it; Ngày Văn hóa Việt Nam 24/11
    from 2026. The package also gives the compensatory days (nghỉ bù) of holidays that fall on
    a weekend and the Government swaps it knows: the weekday off counts as a holiday, the
    make-up Saturday as a working day.
On top of that, an exception row (CalendarDay) wins over everything: kind "holiday" makes a
weekday a day off, kind "working" makes a weekend day a working day. Rows change only through
`calendar_day_create` / `calendar_day_delete` below, which check permission and audit.

Conventions
-----------
``add_working_days(start, n)`` is the n-th working day strictly AFTER ``start``: the reading
of "trong N ngày làm việc kể từ ngày X". Day X itself is never counted, whether or not it is a
working day, and for n ≥ 1 the result is always a working day. n = 0 returns ``start`` as is.
Examples: from Friday 14/03/2025, 1 working day is Monday 17/03/2025; from Tuesday
29/04/2025, 1 working day is Monday 05/05/2025 (30/4, 1/5, the swapped 2/5 and the weekend
are skipped); from Friday 25/04/2025 it is Saturday 26/04/2025, the make-up day of that swap.

``working_days_between(a, b)`` counts the working days d with a < d ≤ b. It is antisymmetric
(``working_days_between(b, a) == -working_days_between(a, b)``) and additive
(``between(a, b) + between(b, c) == between(a, c)``), and
``working_days_between(d, add_working_days(d, n)) == n`` for every d and n ≥ 0.

``next_working_day(d)`` is d itself when d is a working day, else the first working day after.

Speed
-----
Reminders run over tens of thousands of assignments, so nothing here loops over days. For each
year a table of flags and cumulative counts (one entry per day) is built once per process;
every function is then a lookup or a bisect. Statutory holidays are computed once per year per
process (they depend only on the pinned `holidays` package). The exception rows are read in one
query and kept until
  * a row is saved or deleted in this process (post_save / post_delete signals),
  * the transaction that changed a row commits or rolls back (checked on the next call),
  * ``EXCEPTIONS_TTL`` seconds pass (rows changed by another server process).
``clear_cache()`` drops everything (tests, benchmarks).
"""

from __future__ import annotations

import contextlib
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple

import holidays
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from . import auditing
from .models import NAME_MAX_LENGTH, CalendarDay, CalendarDayKind
from .text import normalize

__all__ = [
    "EXCEPTIONS_TTL",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarEntry",
    "Source",
    "add_working_days",
    "calendar_day_create",
    "calendar_day_delete",
    "can_edit_calendar",
    "clear_cache",
    "exceptions_changed",
    "holidays_in",
    "is_working_day",
    "make_up_days_in",
    "next_working_day",
    "tet_break",
    "weekday_name",
    "working_days_between",
    "working_days_in_year",
]

# Rows changed by another server process are seen after at most this many seconds.
EXCEPTIONS_TTL = 60.0
# Exceptions may be entered for these years (the `holidays` package covers them).
MIN_YEAR = 2000
MAX_YEAR = 2099

_SATURDAY = 5
_HOLIDAY = CalendarDayKind.HOLIDAY.value
_WORKING = CalendarDayKind.WORKING.value
# The package's Vietnamese name of the first day of the lunar year (mùng 1 Tết).
_LUNAR_NEW_YEAR_NAME = "Tết Nguyên Đán"

_WEEKDAYS = (
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
)


class Source(StrEnum):
    STATUTORY = "statutory"  # the `holidays` package: Labour Code holidays, nghỉ bù, known swaps
    EXCEPTION = "exception"  # a CalendarDay row


class CalendarEntry(NamedTuple):
    date: date
    name: str
    source: Source


# --- statutory holidays: computed once per year -------------------------------------------------


@dataclass(frozen=True)
class _Statutory:
    holidays: dict[date, str]  # date -> Vietnamese name ("; " joins two holidays on one day)
    working_weekend_days: frozenset[date]  # make-up Saturdays of the swaps the package knows


@lru_cache(maxsize=256)
def _statutory(year: int) -> _Statutory:
    # A swap may cross the new year (off 02/01, make-up 27/12 of the year before): the package
    # files it under the later year, so the neighbours are computed too and filtered by date.
    years = [y for y in (year - 1, year, year + 1) if 1 <= y <= 9999]
    table = holidays.country_holidays("VN", years=years, language="vi")
    days = {day: str(name) for day, name in table.items() if day.year == year}
    working = frozenset(day for day in table.weekend_workdays if day.year == year and day not in days)
    return _Statutory(days, working)


# --- the cache of exceptions and year tables ------------------------------------------------------


@dataclass(frozen=True)
class _YearTable:
    first: int  # ordinal of 1 January
    flags: bytes  # 1 for a working day, by day of the year (0-based)
    cumulative: list[int]  # cumulative[i]: working days among days 0..i of the year

    @property
    def total(self) -> int:
        return self.cumulative[-1]


@dataclass
class _State:
    exceptions: dict[date, tuple[str, str]]  # date -> (kind, name)
    expires: float
    tables: dict[int, _YearTable] = field(default_factory=dict)


class _Marker:
    """Registered with on_commit by a change made inside a transaction: once it has run (commit)
    or vanished from the connection's pending callbacks (rollback), the cache is reloaded."""

    __slots__ = ("connection", "ran")

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        _invalidate()

    def settled(self) -> bool:
        if self.ran:
            return True
        pending = getattr(self.connection, "run_on_commit", None) or []
        return not any(entry[1] is self for entry in pending)


_clock = time.monotonic
_state: _State | None = None
_generation = 0
_pending: list[_Marker] = []


def _invalidate() -> None:
    global _state, _generation  # noqa: PLW0603  (the process-wide cache)
    _generation += 1
    _state = None


def clear_cache() -> None:
    """Forget the exceptions and year tables (they are reloaded on the next call)."""
    _pending.clear()
    _invalidate()


def exceptions_changed(using: str | None = None) -> None:
    """Called by the CalendarDay signals: drop the cache now and again when the transaction ends."""
    _invalidate()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        marker = _Marker(connection)
        _pending.append(marker)
        transaction.on_commit(marker, using=using)


def _settle_pending() -> None:
    settled = [marker for marker in list(_pending) if marker.settled()]
    if settled:
        for marker in settled:
            with contextlib.suppress(ValueError):  # another thread removed it first
                _pending.remove(marker)
        _invalidate()


def _load() -> _State:
    global _state  # noqa: PLW0603
    generation = _generation
    rows = CalendarDay.objects.values_list("date", "kind", "name")
    state = _State({day: (kind, name) for day, kind, name in rows}, _clock() + EXCEPTIONS_TTL)
    if generation == _generation:  # no change arrived while reading: safe to keep
        _state = state
    return state


def _current() -> _State:
    if _pending:
        _settle_pending()
    state = _state
    if state is None or _clock() >= state.expires:
        state = _load()
    return state


def _build_table(year: int, exceptions: dict[date, tuple[str, str]]) -> _YearTable:
    statutory = _statutory(year)
    first = date(year, 1, 1)
    length = date(year, 12, 31).toordinal() - first.toordinal() + 1
    flags = bytearray(length)
    cumulative = [0] * length
    weekday = first.weekday()
    count = 0
    for index in range(length):
        day = first + timedelta(days=index)
        exception = exceptions.get(day)
        if exception is not None:
            working = exception[0] == _WORKING
        elif day in statutory.holidays:
            working = False
        elif day in statutory.working_weekend_days:
            working = True
        else:
            working = (weekday + index) % 7 < _SATURDAY
        if working:
            flags[index] = 1
            count += 1
        cumulative[index] = count
    return _YearTable(first.toordinal(), bytes(flags), cumulative)


def _table(state: _State, year: int) -> _YearTable:
    table = state.tables.get(year)
    if table is None:
        table = state.tables[year] = _build_table(year, state.exceptions)
    return table


# --- the working-day functions --------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """True unless the day is a weekend day, a statutory holiday or a "holiday" exception
    (a "working" exception makes any day a working day)."""
    table = _table(_current(), day.year)
    return table.flags[day.toordinal() - table.first] == 1


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (n ≥ 0), `start` itself not counted; n = 0 → `start`."""
    if n < 0:
        raise ValueError("add_working_days counts forward only: n must be 0 or more.")
    if n == 0:
        return start
    state = _current()
    table = _table(state, start.year)
    year = start.year
    needed = table.cumulative[start.toordinal() - table.first] + n
    while needed > table.total:
        needed -= table.total
        year += 1
        table = _table(state, year)
    return date.fromordinal(table.first + bisect_left(table.cumulative, needed))


def working_days_between(a: date, b: date) -> int:
    """The number of working days d with a < d ≤ b; negative (−count of (b, a]) when b < a."""
    if b < a:
        return -working_days_between(b, a)
    state = _current()
    first, last = _table(state, a.year), _table(state, b.year)
    before = first.cumulative[a.toordinal() - first.first]
    upto = last.cumulative[b.toordinal() - last.first]
    if a.year == b.year:
        return upto - before
    between = sum(_table(state, year).total for year in range(a.year + 1, b.year))
    return first.total - before + between + upto


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    return day if is_working_day(day) else add_working_days(day, 1)


def working_days_in_year(year: int) -> int:
    return _table(_current(), year).total


def holidays_in(year: int) -> list[CalendarEntry]:
    """Days off of the year other than ordinary weekends: the statutory holidays (also those
    falling on a weekend) and the "holiday" exceptions, by date, statutory first on a shared
    date. A statutory holiday overridden by a "working" exception is left out."""
    exceptions = _current().exceptions
    entries = [
        CalendarEntry(day, name, Source.STATUTORY)
        for day, name in _statutory(year).holidays.items()
        if exceptions.get(day, ("", ""))[0] != _WORKING
    ]
    entries += [
        CalendarEntry(day, name, Source.EXCEPTION)
        for day, (kind, name) in exceptions.items()
        if day.year == year and kind == _HOLIDAY
    ]
    return sorted(entries, key=lambda entry: (entry.date, entry.source != Source.STATUTORY))


def make_up_days_in(year: int) -> list[CalendarEntry]:
    """Weekend days of the year that are working days: the make-up Saturdays of the swaps the
    `holidays` package knows and the "working" exceptions, by date."""
    exceptions = _current().exceptions
    entries = [
        CalendarEntry(day, _make_up_name(day), Source.STATUTORY)
        for day in _statutory(year).working_weekend_days
        if exceptions.get(day, ("", ""))[0] != _HOLIDAY
    ]
    entries += [
        CalendarEntry(day, name, Source.EXCEPTION)
        for day, (kind, name) in exceptions.items()
        if day.year == year and kind == _WORKING
    ]
    return sorted(entries, key=lambda entry: (entry.date, entry.source != Source.STATUTORY))


def _make_up_name(day: date) -> str:
    # The package names the swapped day off "Ngày nghỉ (thay cho ngày 04/05/2024)".
    label = f"{day:%d/%m/%Y}"
    for year in (day.year, day.year + 1, day.year - 1):
        for off, name in _statutory(year).holidays.items():
            if label in name:
                return _("Make-up working day for %(date)s") % {"date": f"{off:%d/%m/%Y}"}
    return _("Make-up working day")


def tet_break(year: int) -> tuple[date, date] | None:
    """The first and last day of the unbroken run of days off around mùng 1 Tết of `year`
    (weekends and exceptions included), or None when the package gives no lunar new year."""
    new_year = next(
        (day for day, name in _statutory(year).holidays.items() if _LUNAR_NEW_YEAR_NAME in name.split("; ")),
        None,
    )
    if new_year is None or is_working_day(new_year):
        return None
    first = last = new_year
    while not is_working_day(first - timedelta(days=1)):
        first -= timedelta(days=1)
    while not is_working_day(last + timedelta(days=1)):
        last += timedelta(days=1)
    return first, last


def weekday_name(day: date) -> str:
    """Thứ Hai … Chủ Nhật."""
    return str(_WEEKDAYS[day.weekday()])


# --- actions: the only way exception rows change ---------------------------------------------------


def can_edit_calendar(user: Any) -> bool:
    """Superusers and holders of the permission common.change_calendarday."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("common.change_calendarday"))
    )


def _require_editor(actor: Any) -> None:
    # actor None is the system itself (the load_calendar command).
    if actor is not None and not can_edit_calendar(actor):
        raise PermissionDenied


def _snapshot(row: CalendarDay) -> dict:
    return auditing.snapshot(row, ("date", "kind", "name", "note"))


def _date_errors(day: date, kind: str) -> list[str]:
    params = {"date": f"{day:%d/%m/%Y}", "weekday": weekday_name(day)}
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return [_("Choose a date between %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}]
    if kind == _WORKING and day.weekday() < _SATURDAY:
        return [_("%(date)s is a %(weekday)s: only a Saturday or a Sunday can be made a working day.") % params]
    if kind == _HOLIDAY and day.weekday() >= _SATURDAY:
        return [_("%(date)s is a %(weekday)s, already a day off: a day off must fall on a weekday.") % params]
    if CalendarDay.objects.filter(date=day).exists():
        return [_duplicate_message(day)]
    return []


def _duplicate_message(day: date) -> str:
    return _("There is already an exception on %(date)s. Remove it first to enter another.") % {"date": f"{day:%d/%m/%Y}"}


def calendar_day_create(*, actor: Any, day: date, kind: str, name: str, note: str = "") -> CalendarDay:
    """Add an exception: a weekday off ("holiday") or a weekend working day ("working").

    Errors are keyed by form field (date, kind, name) and nothing is written. `actor` None is
    the system (the load_calendar command); anyone else needs `can_edit_calendar`.
    """
    _require_editor(actor)
    name = normalize(name)
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in CalendarDayKind.values:
        errors["kind"] = [_("Choose whether the day is a day off or a make-up working day.")]
    else:
        date_errors = _date_errors(day, kind)
        if date_errors:
            errors["date"] = date_errors
    if not name:
        errors["name"] = [_("Enter the name of the day, for example “Nghỉ bù Quốc khánh”.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("The name is too long (at most %(max)s characters).") % {"max": NAME_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            row = CalendarDay.objects.create(date=day, kind=kind, name=name, note=note)
            auditing.record(actor=actor, obj=row, code="common.calendar_day.created", unit=None, old=None, new=_snapshot(row))
    except IntegrityError as exc:  # a concurrent request added the same date
        raise ValidationError({"date": [_duplicate_message(day)]}) from exc
    return row


def calendar_day_delete(*, actor: Any, calendar_day: CalendarDay) -> None:
    """Remove an exception; the day falls back to the statutory calendar."""
    _require_editor(actor)
    with transaction.atomic():
        auditing.record(
            actor=actor, obj=calendar_day, code="common.calendar_day.deleted", unit=None, old=_snapshot(calendar_day), new=None
        )
        calendar_day.delete()
