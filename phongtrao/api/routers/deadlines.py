"""The deadline reader: Vietnamese deadline expressions in a text, as dates relative to a base date.

Any authenticated user may call it (it reads nothing from the database but the holiday
calendar); the rules are those of phongtrao.common.deadlines.
"""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from phongtrao.common.calendar import MAX_YEAR, MIN_YEAR
from phongtrao.common.deadlines import Deadline, find_deadlines

from ..errors import InvalidParameter
from ..schemas import ERRORS_WITH_VALIDATION, ErrorOut
from ..schemas_deadlines import DeadlineParseIn, DeadlineParseOut

router = Router(tags=["deadlines"])

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")

DESCRIPTION = """Reads every deadline expression of a Vietnamese text ("đúng ngày 15/6", "trước ngày 30/9/2023",
"ngay trong tuần này", "trong quý III", "từ nay đến cuối năm", "trong 10 ngày làm việc",
"hằng tháng, trước ngày 20" …), with or without diacritics, relative to `base_date`.

- `kind`: `point` (a day), `range_end` (the last day of a period or count), `recurrence` (the first
  occurrence on or after the base date; `recurrence` and `day_of_period` say which).
- Working days follow the holiday calendar; a date without a year falls within the year that
  starts 60 days before the base date.
- Past report sentences, a document's own date ("Kết luận số 44-KL/TW ngày 22/01/2019") and
  numbers that are not dates are not read.

`first` is the first deadline of the text, or null."""


def _base_date(value: str | None) -> datetime.date:
    """YYYY-MM-DD or dd/mm/yyyy; today when absent."""
    if value is None or not value.strip():
        return timezone.localdate()
    iso, dmy = _ISO.match(value), _DMY.match(value)
    parts = (iso[1], iso[2], iso[3]) if iso else (dmy[3], dmy[2], dmy[1]) if dmy else None
    try:
        day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2])) if parts else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidParameter("base_date", _("“base_date” must be a date written YYYY-MM-DD or dd/mm/yyyy."))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidParameter(
            "base_date", _("Choose a date between %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        )
    return day


def _out(deadline: Deadline) -> dict:
    return {
        "date": deadline.date,
        "date_display": f"{deadline.date:%d/%m/%Y}",
        "phrase": deadline.phrase,
        "kind": deadline.kind,
        "start": deadline.start,
        "end": deadline.end,
        "recurrence": deadline.recurrence,
        "day_of_period": deadline.day_of_period,
    }


@router.post(
    "/deadlines/parse",
    response={200: DeadlineParseOut, **ERRORS_WITH_VALIDATION, 403: ErrorOut},
    summary="Read the deadlines of a Vietnamese text",
    description=DESCRIPTION,
    url_name="deadlines_parse",
)
def deadlines_parse(request, payload: DeadlineParseIn):
    if not payload.text.strip():
        raise InvalidParameter("text", _("Enter the text to read deadlines from."))
    base = _base_date(payload.base_date)
    deadlines = [_out(deadline) for deadline in find_deadlines(payload.text, base)]
    return {"base_date": base, "deadlines": deadlines, "first": deadlines[0] if deadlines else None}
