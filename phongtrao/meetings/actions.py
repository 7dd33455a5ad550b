"""Every state change of a meeting and of its conclusions and directives.

Each action checks that the actor may record for the meeting's organising unit (an officer,
leader or administrator of it or of a unit above it), owns its transaction and writes its audit
entry. Confirming a directive gives the assignment through phongtrao.work.actions, so the work
app's own rules (who may assign to whom, dates) apply and its audit entry is written too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.auditing import diff
from phongtrao.org.models import Unit
from phongtrao.work import actions as work_actions

from .enums import DeadlineKind, DirectiveStatus, MeetingKind
from .models import AgendaItem, Attendee, AttendingUnit, Conclusion, ConnectedPoint, Directive, Meeting, MeetingAttachment
from .permissions import can_record

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MEETING_FIELDS = ("title", "kind", "date", "place", "chair_name", "summary", "minutes")


def _check_can_record(actor, owner: Unit) -> None:
    if not can_record(actor, owner):
        raise PermissionDenied


def _record(actor, meeting: Meeting, code: str, old: dict | None = None, new: dict | None = None) -> None:
    auditing.record(actor=actor, obj=meeting, code=code, unit=meeting.owner, old=old, new=new)


def _values(meeting: Meeting) -> dict:
    """The meeting's fields as audit values ("meeting_kind" so that its code reads as a label)."""
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS if name != "kind"}
    values["date"] = meeting.date.isoformat()
    values["meeting_kind"] = meeting.kind
    return values


@transaction.atomic
def meeting_create(
    *,
    actor,
    owner: Unit,
    title: str,
    kind: str,
    date: datetime.date,
    place: str = "",
    chair_name: str = "",
    summary: str = "",
    minutes: str = "",
) -> Meeting:
    _check_can_record(actor, owner)
    if not title.strip():
        raise ValidationError({"title": _("Enter the title of the meeting.")})
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    meeting = Meeting.objects.create(
        owner=owner,
        title=title.strip(),
        kind=kind,
        date=date,
        place=place.strip(),
        chair_name=chair_name.strip(),
        summary=summary,
        minutes=minutes,
        created_by=actor,
    )
    _record(
        actor, meeting, "meetings.meeting.created", new={"title": meeting.title, "date": date.isoformat(), "meeting_kind": kind}
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **values) -> Meeting:
    """Change the title, kind, date, place, chair, summary or minutes."""
    _check_can_record(actor, meeting.owner)
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update does not change {sorted(unknown)}")
    if "title" in values and not values["title"].strip():
        raise ValidationError({"title": _("Enter the title of the meeting.")})
    if "kind" in values and values["kind"] not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    before = _values(meeting)
    for name, value in values.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) and name not in {"summary", "minutes"} else value)
    meeting.save()
    old, new = diff(before, _values(meeting))
    if new:
        _record(actor, meeting, "meetings.meeting.updated", old=old, new=new)
    return meeting


@transaction.atomic
def attendee_add(
    *, actor, meeting: Meeting, full_name: str, rank: str = "", position: str = "", unit: Unit | None = None
) -> Attendee:
    _check_can_record(actor, meeting.owner)
    if not full_name.strip():
        raise ValidationError({"full_name": _("Enter the attendee's full name.")})
    attendee = Attendee.objects.create(
        meeting=meeting, full_name=full_name, rank=rank, position=position, unit=unit, order=meeting.attendees.count()
    )
    _record(actor, meeting, "meetings.attendee.added", new={"attendee": attendee.full_name, "position": position})
    return attendee


@transaction.atomic
def attending_unit_add(*, actor, meeting: Meeting, unit: Unit, note: str = "") -> AttendingUnit:
    """A unit or partner body that takes part as such."""
    _check_can_record(actor, meeting.owner)
    if meeting.attending_units.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s is already listed.") % {"unit": unit.name}})
    attending = AttendingUnit.objects.create(meeting=meeting, unit=unit, note=note, order=meeting.attending_units.count())
    _record(actor, meeting, "meetings.unit.added", new={"unit": unit.name})
    return attending


@transaction.atomic
def connected_point_add(
    *, actor, meeting: Meeting, unit: Unit, place: str = "", participants: int | None = None
) -> ConnectedPoint:
    """A connected point (điểm cầu) of an online conference, hosted by a unit."""
    _check_can_record(actor, meeting.owner)
    if meeting.kind != MeetingKind.ONLINE_CONFERENCE:
        raise ValidationError(_("Only an online conference has connected points."))
    if meeting.points.filter(unit=unit).exists():
        raise ValidationError({"unit": _("%(unit)s already hosts a connected point.") % {"unit": unit.name}})
    point = ConnectedPoint.objects.create(
        meeting=meeting, unit=unit, place=place.strip(), participants=participants, order=meeting.points.count()
    )
    _record(actor, meeting, "meetings.point.added", new={"unit": unit.name, "place": point.place})
    return point


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, title: str, presenter: str = "", assignment=None, proposal=None) -> AgendaItem:
    """What was presented. The assignment or proposal must have been fetched for the actor through
    phongtrao.work.queries (the caller's scope decides what may be linked)."""
    _check_can_record(actor, meeting.owner)
    if not title.strip():
        raise ValidationError({"title": _("Enter what was presented.")})
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title.strip(),
        presenter=presenter.strip(),
        assignment=assignment,
        proposal=proposal,
        order=meeting.agenda_items.count(),
    )
    new = {"item": item.title}
    if assignment is not None:
        new["assignment"] = assignment.code
    if proposal is not None:
        new["proposal"] = proposal.title
    _record(actor, meeting, "meetings.agenda.added", new=new)
    return item


@transaction.atomic
def attachment_add(*, actor, meeting: Meeting, file) -> MeetingAttachment:
    _check_can_record(actor, meeting.owner)
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("“%(name)s” is larger than 20 MB.") % {"name": file.name}})
    attachment = MeetingAttachment.objects.create(
        meeting=meeting, file=file, name=file.name[:255], size=file.size, uploaded_by=actor
    )
    _record(actor, meeting, "meetings.attachment.added", new={"file": attachment.name})
    return attachment


# --- conclusions and directives ----------------------------------------------------------------


def conclusion_basis(meeting: Meeting) -> str:
    """The basis written on an assignment that comes from the meeting (always Vietnamese: it is data)."""
    return f"Kết luận tại {meeting.title} ngày {meeting.date:%d/%m/%Y}"


@transaction.atomic
def conclusion_create(*, actor, meeting: Meeting, text: str) -> Conclusion:
    _check_can_record(actor, meeting.owner)
    if not text.strip():
        raise ValidationError({"text": _("Enter the conclusion.")})
    order = (meeting.conclusions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    conclusion = Conclusion.objects.create(meeting=meeting, order=order, text=text.strip(), created_by=actor)
    _record(actor, meeting, "meetings.conclusion.created", new={"conclusion": order})
    return conclusion


@dataclass
class DirectiveDraft:
    """What a directive says before it is recorded: from the extraction or typed by an officer."""

    sentence: str
    action: str
    lead: Unit | None = None
    coordinators: list[Unit] = field(default_factory=list)
    due_date: datetime.date | None = None
    deadline_phrase: str = ""
    deadline_kind: str = ""
    recurrence: str = ""
    confidence: int | None = None
    reasons: list[str] = field(default_factory=list)
    conclusion_text: str = ""  # the whole sentence: directives of one sentence share a conclusion


def _validate_draft(draft: DirectiveDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.action.strip():
        errors["action"] = _("Enter what is to be done.")
    elif len(draft.action.strip()) > 500:
        errors["action"] = _("The action may have at most 500 characters; shorten it (the sentence is kept).")
    if draft.deadline_kind not in DeadlineKind.values:
        errors["deadline_kind"] = _("Unknown kind of deadline.")
    if draft.confidence is not None and not 0 <= draft.confidence <= 100:
        errors["confidence"] = _("The confidence is a percentage.")
    return errors


def _create_directive(actor, conclusion: Conclusion, draft: DirectiveDraft, order: int) -> Directive:
    errors = _validate_draft(draft)
    if errors:
        raise ValidationError(errors)
    directive = Directive.objects.create(
        conclusion=conclusion,
        order=order,
        sentence=draft.sentence.strip() or conclusion.text,
        action=draft.action.strip(),
        lead=draft.lead,
        due_date=draft.due_date,
        deadline_phrase=draft.deadline_phrase[:255],
        deadline_kind=draft.deadline_kind,
        recurrence=draft.recurrence[:20],
        basis=conclusion_basis(conclusion.meeting)[:500],
        confidence=draft.confidence,
        reasons=list(draft.reasons),
        created_by=actor,
    )
    coordinators = [unit for unit in draft.coordinators if draft.lead is None or unit.pk != draft.lead.pk]
    directive.coordinators.set(coordinators)
    return directive


@transaction.atomic
def directive_propose(*, actor, conclusion: Conclusion, draft: DirectiveDraft) -> Directive:
    """Record a directive as proposed, to be reviewed and then confirmed or rejected."""
    meeting = conclusion.meeting
    _check_can_record(actor, meeting.owner)
    directive = _create_directive(actor, conclusion, draft, conclusion.directives.count())
    _record(actor, meeting, "meetings.directive.proposed", new={"directive": directive.action[:200]})
    return directive


def _require_proposed(directive: Directive) -> None:
    if directive.status != DirectiveStatus.PROPOSED:
        raise ValidationError(
            _("This directive has already been %(status)s.") % {"status": directive.get_status_display().lower()}
        )


@transaction.atomic
def directive_update(
    *,
    actor,
    directive: Directive,
    action: str,
    lead: Unit | None,
    coordinators: list[Unit],
    due_date: datetime.date | None,
    deadline_phrase: str | None = None,
) -> Directive:
    """Correct a proposed directive before it is confirmed."""
    directive = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("conclusion__meeting__owner", "lead")
        .get(pk=directive.pk)
    )
    meeting = directive.conclusion.meeting
    _check_can_record(actor, meeting.owner)
    _require_proposed(directive)
    if not action.strip():
        raise ValidationError({"action": _("Enter what is to be done.")})
    before = {
        "action": directive.action,
        "lead": directive.lead.name if directive.lead else "",
        "due_date": directive.due_date.isoformat() if directive.due_date else "",
    }
    directive.action = action.strip()[:500]
    directive.lead = lead
    if due_date != directive.due_date:
        # A date typed by the officer replaces the phrase read from the text, unless a phrase comes with it.
        directive.deadline_phrase = (deadline_phrase or "")[:255]
        directive.deadline_kind = DeadlineKind.POINT if due_date else DeadlineKind.NONE
        directive.recurrence = ""
    directive.due_date = due_date
    directive.save()
    directive.coordinators.set([unit for unit in coordinators if lead is None or unit.pk != lead.pk])
    after = {
        "action": directive.action,
        "lead": lead.name if lead else "",
        "due_date": due_date.isoformat() if due_date else "",
    }
    old, new = diff(before, after)
    if new:
        _record(actor, meeting, "meetings.directive.updated", old=old, new=new)
    return directive


def _recurrence_for_work(directive: Directive) -> str:
    """The directive's repetition if the work app knows it (read from the model, not imported)."""
    assignment_model: Any = Directive._meta.get_field("assignment").related_model
    allowed = {value for value, _label in assignment_model._meta.get_field("recurrence").choices or ()}
    return directive.recurrence if directive.recurrence in allowed else ""


@transaction.atomic
def directive_confirm(*, actor, directive: Directive, programme) -> Directive:
    """Confirm a proposed directive: it becomes an assignment of `programme`, given by the programme's
    unit to the directive's lead unit, due on its deadline, with the conclusion as its basis."""
    directive = (
        Directive.objects.select_for_update(of=("self",))
        .select_related("conclusion__meeting__owner", "lead")
        .get(pk=directive.pk)
    )
    meeting = directive.conclusion.meeting
    _check_can_record(actor, meeting.owner)
    _require_proposed(directive)
    errors = {}
    if directive.lead is None:
        errors["lead"] = _("Choose the lead unit before confirming.")
    if directive.due_date is None:
        errors["due_date"] = _("Enter the deadline before confirming.")
    if errors:
        raise ValidationError(errors)
    assert directive.lead is not None and directive.due_date is not None  # noqa: S101  (checked just above)
    start = min(meeting.date, directive.due_date)
    coordinators: list[tuple[Unit, datetime.date | None]] = [
        (unit, None) for unit in directive.coordinators.exclude(pk=directive.lead.pk).order_by("path")
    ]
    assignment = work_actions.assignment_create(
        actor=actor,
        programme=programme,
        title=directive.action,
        lead=directive.lead,
        start_date=start,
        due_date=directive.due_date,
        content=directive.sentence,
        basis=directive.basis or conclusion_basis(meeting),
        coordinators=coordinators,
        recurrence=_recurrence_for_work(directive),
    )
    directive.assignment = assignment
    directive.status = DirectiveStatus.CONFIRMED
    directive.decided_by = actor
    directive.decided_at = timezone.now()
    directive.save(update_fields=["assignment", "status", "decided_by", "decided_at"])
    _record(
        actor,
        meeting,
        "meetings.directive.confirmed",
        new={
            "directive": directive.action[:200],
            "assignment": assignment.code,
            "lead": directive.lead.name,
            "due_date": directive.due_date.isoformat(),
        },
    )
    return directive


@transaction.atomic
def directive_reject(*, actor, directive: Directive, reason: str = "") -> Directive:
    directive = (
        Directive.objects.select_for_update(of=("self",)).select_related("conclusion__meeting__owner").get(pk=directive.pk)
    )
    meeting = directive.conclusion.meeting
    _check_can_record(actor, meeting.owner)
    _require_proposed(directive)
    directive.status = DirectiveStatus.REJECTED
    directive.rejection_reason = reason.strip()
    directive.decided_by = actor
    directive.decided_at = timezone.now()
    directive.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    _record(
        actor,
        meeting,
        "meetings.directive.rejected",
        new={"directive": directive.action[:200], "reason": directive.rejection_reason},
    )
    return directive


@transaction.atomic
def proposals_record(*, actor, meeting: Meeting, drafts: list[DirectiveDraft], programme=None) -> list[Directive]:
    """Record reviewed proposals of the extraction page in one go: one conclusion per sentence (reused
    when the meeting already has it), one directive per draft; with a programme each is confirmed too.

    All or nothing: if one draft cannot be recorded or confirmed, nothing is, and the error names
    its row ("Row 3: …")."""
    _check_can_record(actor, meeting.owner)
    if not drafts:
        raise ValidationError(_("Select at least one proposed directive."))
    existing = {c.text: c for c in meeting.conclusions.all()}
    directives: list[Directive] = []
    row_errors: list[str] = []
    for row, draft in enumerate(drafts, start=1):
        try:
            with transaction.atomic():
                text = (draft.conclusion_text or draft.sentence).strip()
                conclusion = existing.get(text)
                if conclusion is None:
                    conclusion = conclusion_create(actor=actor, meeting=meeting, text=text)
                    existing[text] = conclusion
                directive = directive_propose(actor=actor, conclusion=conclusion, draft=draft)
                if programme is not None:
                    directive = directive_confirm(actor=actor, directive=directive, programme=programme)
                directives.append(directive)
        except ValidationError as exc:
            groups = list(exc.message_dict.values()) if hasattr(exc, "error_dict") else [exc.messages]
            flat = [message for group in groups for message in group]
            row_errors.append(_("Row %(row)s: %(errors)s") % {"row": row, "errors": " ".join(flat)})
    if row_errors:
        raise ValidationError(row_errors)
    return directives
