"""The working-day calendar page: everyone logged in reads it; editors add and remove exceptions.

Editors are superusers and holders of the permission common.change_calendarday. For anyone
else the two POST endpoints answer 404, like everything a user may not touch.
"""

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from . import calendar
from .forms_calendar import CalendarDayForm, YearForm
from .models import CalendarDay, CalendarDayKind
from .views import submit

_WEEKDAY_SHORT = (
    pgettext_lazy("weekday abbreviation", "Mon"),
    pgettext_lazy("weekday abbreviation", "Tue"),
    pgettext_lazy("weekday abbreviation", "Wed"),
    pgettext_lazy("weekday abbreviation", "Thu"),
    pgettext_lazy("weekday abbreviation", "Fri"),
    pgettext_lazy("weekday abbreviation", "Sat"),
    pgettext_lazy("weekday abbreviation", "Sun"),
)
_MONTHS = (
    pgettext_lazy("month", "January"),
    pgettext_lazy("month", "February"),
    pgettext_lazy("month", "March"),
    pgettext_lazy("month", "April"),
    pgettext_lazy("month", "May"),
    pgettext_lazy("month", "June"),
    pgettext_lazy("month", "July"),
    pgettext_lazy("month", "August"),
    pgettext_lazy("month", "September"),
    pgettext_lazy("month", "October"),
    pgettext_lazy("month", "November"),
    pgettext_lazy("month", "December"),
)

# Bootstrap classes of the month grid (no inline style: strict CSP).
CSS_HOLIDAY = "text-bg-danger"
CSS_EXCEPTION_OFF = "text-bg-warning"
CSS_MAKE_UP = "text-bg-success"
CSS_WEEKEND = "bg-body-secondary text-body-secondary"


@dataclass
class SpecialDay:
    """One listed date: its statutory names, its exception row, and whether it is worked."""

    date: date
    weekday: str
    working: bool
    names: list[str] = field(default_factory=list)
    statutory: bool = False
    exception: CalendarDay | None = None

    @property
    def css(self) -> str:
        if self.working:
            return CSS_MAKE_UP
        return CSS_HOLIDAY if self.statutory else CSS_EXCEPTION_OFF


@dataclass
class Cell:
    date: date
    css: str
    title: str


# --- named reads of the page ---------------------------------------------------------------------


def special_days(year: int) -> list[SpecialDay]:
    """Statutory days off and make-up days of the year, with the exception rows (read from the
    database, so a row is listed with its delete button as soon as it exists)."""
    by_date: dict[date, SpecialDay] = {}

    def entry(day: date) -> SpecialDay:
        if day not in by_date:
            by_date[day] = SpecialDay(day, calendar.weekday_name(day), calendar.is_working_day(day))
        return by_date[day]

    statutory = [*calendar.holidays_in(year), *calendar.make_up_days_in(year)]
    for item in statutory:
        if item.source == calendar.Source.STATUTORY:
            special = entry(item.date)
            special.names.append(item.name)
            special.statutory = True
    for row in CalendarDay.objects.filter(date__year=year):
        special = entry(row.date)
        special.exception = row
        special.working = row.kind == CalendarDayKind.WORKING
    return sorted(by_date.values(), key=lambda special: special.date)


def month_grid(year: int, specials: list[SpecialDay]) -> list[dict]:
    """Twelve months of weeks (Monday first); days of other months are None."""
    by_date = {special.date: special for special in specials}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells: list[Cell | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                special = by_date.get(day)
                if special is not None:
                    names = [*special.names, *([special.exception.name] if special.exception else [])]
                    cells.append(Cell(day, special.css, "; ".join(names)))
                elif not calendar.is_working_day(day):
                    cells.append(Cell(day, CSS_WEEKEND, calendar.weekday_name(day)))
                else:
                    cells.append(Cell(day, "", ""))
            weeks.append(cells)
        months.append({"name": _MONTHS[month - 1], "weeks": weeks})
    return months


# --- pages -----------------------------------------------------------------------------------------


def _page(request: HttpRequest, year: int, *, form: CalendarDayForm | None = None, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    can_edit = calendar.can_edit_calendar(request.user)
    specials = special_days(year)
    tet = calendar.tet_break(year)
    context = {
        "year": year,
        "years": range(min(year, today.year - 5), max(year, today.year + 2) + 1),
        "previous_year": year - 1 if year > calendar.MIN_YEAR else None,
        "next_year": year + 1 if year < calendar.MAX_YEAR else None,
        "specials": specials,
        "months": month_grid(year, specials),
        "weekday_headers": _WEEKDAY_SHORT,
        "working_days": calendar.working_days_in_year(year),
        "weekdays_off": sum(1 for s in specials if not s.working and s.date.weekday() < 5),
        "tet": {"first": tet[0], "last": tet[1], "days": (tet[1] - tet[0]).days + 1} if tet else None,
        "can_edit": can_edit,
        "form": (form or CalendarDayForm()) if can_edit else None,
        "css": {"holiday": CSS_HOLIDAY, "exception": CSS_EXCEPTION_OFF, "make_up": CSS_MAKE_UP, "weekend": CSS_WEEKEND},
    }
    return render(request, "common/calendar.html", context, status=status)


def _calendar_url(year: int) -> str:
    return f"{reverse('common:calendar')}?year={year}"


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    year = YearForm(request.GET).year_or(timezone.localdate().year)
    return _page(request, year)


@login_required
@require_POST
def calendar_day_create(request: HttpRequest) -> HttpResponse:
    if not calendar.can_edit_calendar(request.user):
        raise Http404
    form = CalendarDayForm(request.POST)
    created: list[CalendarDay] = []

    def action(data: dict) -> None:
        created.append(
            calendar.calendar_day_create(
                actor=request.user, day=data["date"], kind=data["kind"], name=data["name"], note=data["note"]
            )
        )

    if submit(form, action):
        row = created[0]
        messages.success(request, _("Added “%(name)s” on %(date)s.") % {"name": row.name, "date": f"{row.date:%d/%m/%Y}"})
        return redirect(_calendar_url(row.date.year))
    entered = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
    year = entered.year if entered and calendar.MIN_YEAR <= entered.year <= calendar.MAX_YEAR else None
    return _page(request, year or YearForm(request.POST).year_or(timezone.localdate().year), form=form, status=400)


@login_required
@require_POST
def calendar_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not calendar.can_edit_calendar(request.user):
        raise Http404
    row = get_object_or_404(CalendarDay, pk=pk)
    try:
        calendar.calendar_day_delete(actor=request.user, calendar_day=row)
    except PermissionDenied as exc:  # the check above already refused; kept for the action's own check
        raise Http404 from exc
    messages.success(request, _("Removed the exception on %(date)s.") % {"date": f"{row.date:%d/%m/%Y}"})
    return redirect(_calendar_url(row.date.year))
