import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.org.models import Unit
from phongtrao.org.permissions import EDITING_ROLES
from phongtrao.org.queries import scope_of

from .models import Attendee, Meeting


def _check_can_record(actor, owner: Unit) -> None:
    scope = scope_of(actor)
    if scope.is_everything:
        return
    if not any(m.role in EDITING_ROLES and owner.path.startswith(m.unit.path) for m in scope.memberships):
        raise PermissionDenied


@transaction.atomic
def meeting_create(
    *, actor, owner: Unit, title: str, kind: str, date: datetime.date, place: str = "", chair_name: str = "", summary: str = ""
) -> Meeting:
    _check_can_record(actor, owner)
    if not title.strip():
        raise ValidationError({"title": _("Enter the title of the meeting.")})
    meeting = Meeting.objects.create(
        owner=owner,
        title=title.strip(),
        kind=kind,
        date=date,
        place=place,
        chair_name=chair_name,
        summary=summary,
        created_by=actor,
    )
    auditing.record(
        actor=actor,
        obj=meeting,
        code="meetings.meeting.created",
        unit=owner,
        new={"title": meeting.title, "date": date.isoformat(), "kind": kind},
    )
    return meeting


@transaction.atomic
def attendee_add(
    *, actor, meeting: Meeting, full_name: str, rank: str = "", position: str = "", unit: Unit | None = None
) -> Attendee:
    _check_can_record(actor, meeting.owner)
    attendee = Attendee.objects.create(
        meeting=meeting, full_name=full_name, rank=rank, position=position, unit=unit, order=meeting.attendees.count()
    )
    auditing.record(
        actor=actor,
        obj=meeting,
        code="meetings.attendee.added",
        unit=meeting.owner,
        new={"attendee": attendee.full_name, "position": position},
    )
    return attendee
