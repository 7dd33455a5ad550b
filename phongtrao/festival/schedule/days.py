"""Days written the Vietnamese way: "01/08/2023–05/08/2023, 14/08/2023" (also "1/8–5/8", "14.8").

Parts are separated by commas, semicolons or new lines; a part is one day or a range of days
joined by a dash (–, — or -) or the word "đến". A day without its year takes the year of the
campaign's window.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PARTS = re.compile(r"[,;\n]+")
_RANGE = re.compile(r"\s*(?:–|—|-|\bđến\b|\bden\b)\s*", re.IGNORECASE)
_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}))?$")


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _parse_day(text: str, year: int) -> datetime.date | None:
    match = _DAY.match(text.strip())
    if not match:
        return None
    day, month, year_text = match.groups()
    try:
        return datetime.date(int(year_text or year), int(month), int(day))
    except ValueError:
        return None


def parse_days(text: str, *, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The sorted days the text names; every one must lie in start..end. Errors name the part."""
    days: set[datetime.date] = set()
    errors: list[str] = []
    for part in (p.strip() for p in _PARTS.split(text or "")):
        if not part:
            continue
        ends = _RANGE.split(part)
        if len(ends) > 2:
            ends = []
        parsed = [_parse_day(item, start.year) for item in ends]
        if not parsed or None in parsed:
            errors.append(_("“%(part)s” is not a day or a range of days (dd/mm/yyyy or dd/mm/yyyy–dd/mm/yyyy).") % {"part": part})
            continue
        first, last = parsed[0], parsed[-1]
        if first is None or last is None:  # pragma: no cover - checked above
            continue
        if last < first:
            errors.append(_("The range “%(part)s” ends before it starts.") % {"part": part})
            continue
        if first < start or last > end:
            errors.append(
                _("“%(part)s” lies outside the campaign's window (%(start)s to %(end)s).")
                % {"part": part, "start": _date(start), "end": _date(end)}
            )
            continue
        days.update(first + datetime.timedelta(days=i) for i in range((last - first).days + 1))
    if errors:
        raise ValidationError(errors)
    return sorted(days)


def days_text(days: Iterable[datetime.date]) -> str:
    """Consecutive days joined as ranges: "01/08/2023–05/08/2023, 14/08/2023"."""
    parts: list[str] = []
    run: list[datetime.date] = []
    for day in sorted(set(days)):
        if run and (day - run[-1]).days == 1:
            run.append(day)
            continue
        if run:
            parts.append(_run_text(run))
        run = [day]
    if run:
        parts.append(_run_text(run))
    return ", ".join(parts)


def _run_text(run: list[datetime.date]) -> str:
    return _date(run[0]) if len(run) == 1 else f"{_date(run[0])}–{_date(run[-1])}"
