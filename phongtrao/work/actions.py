"""Every state change of the work programme. Each action checks who may act, checks the
lifecycle (transitions.py), writes its audit entry and keeps the roll-up of progress true."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.auditing import snapshot
from phongtrao.org.enums import Role
from phongtrao.org.models import Unit, User
from phongtrao.org.queries import acts_for, units_directed_by

from . import transitions
from .enums import (
    CLOSED_STATES,
    DONE_STATES,
    OPEN_STATES,
    RECURRENCE_MONTHS,
    Category,
    Execution,
    ExtensionStatus,
    Priority,
    ProgressMode,
    ProposalKind,
    ProposalStatus,
    Verification,
)
from .models import (
    Assignment,
    AssignmentCoordinator,
    Attachment,
    ExtensionRequest,
    Programme,
    ProgressReport,
    Proposal,
)
from .reminders import notify_assignment_event, notify_proposal_event

LEADERS = frozenset({Role.LEADER, Role.ADMIN})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
TRACKED = ("title", "due_date", "execution", "verification", "progress", "lead")


def _require(user, unit: Unit, roles=None) -> None:
    if not (acts_for(user, unit, roles) if roles else acts_for(user, unit)):
        raise PermissionDenied


def _today() -> datetime.date:
    return timezone.localdate()


def _audit(actor, assignment: Assignment, code: str, old: dict | None = None, new: dict | None = None) -> None:
    auditing.record(actor=actor, obj=assignment, code=code, unit=assignment.lead, old=old, new=new)


@transaction.atomic
def programme_create(*, actor, owner: Unit, year: int, title: str, basis: str = "", max_extensions: int = 2) -> Programme:
    _require(actor, owner)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    if Programme.objects.filter(owner=owner, year=year).exists():
        raise ValidationError({"year": _("This unit already has a work programme for %(year)s.") % {"year": year}})
    if not title.strip():
        raise ValidationError({"title": _("Enter the title of the programme.")})
    programme = Programme.objects.create(
        owner=owner, year=year, title=title.strip(), basis=basis, max_extensions=max_extensions, created_by=actor
    )
    auditing.record(
        actor=actor, obj=programme, code="work.programme.created", unit=owner, new={"title": programme.title, "year": year}
    )
    return programme


def _next_code(programme: Programme, parent: Assignment | None, category: str) -> str:
    if parent is not None:
        return f"{parent.code}.{parent.children.count() + 1}"
    prefixes: dict[str, str] = {Category.KEY_TASK: "TT", Category.WORK_AREA: "MCT"}
    prefix = prefixes.get(category, "NV")
    siblings = programme.assignments.filter(parent__isnull=True, category=category).count()
    return f"{prefix}{siblings + 1}"


def _validate_dates(start: datetime.date, due: datetime.date, parent: Assignment | None, programme: Programme) -> None:
    errors = {}
    if due < start:
        errors["due_date"] = _("The deadline cannot be before the start date.")
    if parent is not None and due > parent.due_date:
        errors["due_date"] = _("A sub-assignment cannot be due after its parent (%(date)s).") % {
            "date": parent.due_date.strftime("%d/%m/%Y")
        }
    if abs(start.year - programme.year) > 1:
        errors["start_date"] = _("The start date must be close to the programme's year %(year)s.") % {"year": programme.year}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(
    *,
    actor,
    programme: Programme,
    title: str,
    lead: Unit,
    start_date: datetime.date,
    due_date: datetime.date,
    parent: Assignment | None = None,
    content: str = "",
    basis: str = "",
    category: str = Category.TASK,
    coordinators: list[tuple[Unit, datetime.date | None]] | None = None,
    priority: int = Priority.NORMAL,
    progress_mode: str = ProgressMode.MANUAL,
    weight: int = 1,
    recurrence: str = "",
    source_proposal: Proposal | None = None,
) -> Assignment:
    """Give an assignment. Top level: by the programme's unit. Sub-assignment (forwarding down the tree,
    or splitting the work): by the parent's lead unit. Either way the lead must be a unit the assigner
    directs: its own subtree or a unit it oversees (V05 → the provincial police → their communes)."""
    assigner = parent.lead if parent is not None else programme.owner
    _require(actor, assigner)
    if parent is not None:
        if parent.programme_id != programme.pk:
            raise ValidationError(_("A sub-assignment belongs to its parent's programme."))
        if not parent.is_open:
            raise ValidationError(_("Work can only be added to an assignment that is still open."))
    reachable = units_directed_by(assigner).filter(pk=lead.pk).exists()
    if not reachable or not lead.is_active:
        raise ValidationError({"lead": _("%(unit)s is not a unit you can assign work to.") % {"unit": lead}})
    if not title.strip():
        raise ValidationError({"title": _("Enter the title of the assignment.")})
    _validate_dates(start_date, due_date, parent, programme)
    if parent is not None:
        category = Category.TASK
    assignment = Assignment.objects.create(
        programme=programme,
        parent=parent,
        code=_next_code(programme, parent, category),
        category=category,
        title=title.strip(),
        content=content,
        basis=basis,
        source_proposal=source_proposal,
        assigner=assigner,
        lead=lead,
        priority=priority,
        start_date=start_date,
        due_date=due_date,
        original_due_date=due_date,
        progress_mode=progress_mode,
        weight=weight,
        recurrence=recurrence,
        created_by=actor,
    )
    assignment.path = f"{parent.path if parent else ''}{assignment.pk:08d}/"
    assignment.save(update_fields=["path"])
    for unit, deadline in coordinators or []:
        if unit.pk == lead.pk:
            raise ValidationError({"coordinators": _("The lead unit cannot also be a coordinating unit.")})
        if deadline is not None and deadline > due_date:
            raise ValidationError({"coordinators": _("A coordinating unit's deadline cannot be after the assignment's.")})
        AssignmentCoordinator.objects.create(assignment=assignment, unit=unit, due_date=deadline)
    _audit(
        actor,
        assignment,
        "work.assignment.created",
        new={**snapshot(assignment, ("title", "due_date")), "lead": lead.name, "assigner": assigner.name},
    )
    notify_assignment_event(assignment, "created", actor)
    if parent is not None:
        _rollup(parent)
    return assignment


@transaction.atomic
def assignment_forward(
    *, actor, assignment: Assignment, leads: list[Unit], due_date: datetime.date | None = None, content: str = ""
) -> list[Assignment]:
    """Split an assignment among subordinate units (a province among its communes): one
    sub-assignment each, and the parent's progress becomes the share of them done."""
    if not leads:
        raise ValidationError({"leads": _("Choose at least one unit.")})
    children = [
        assignment_create(
            actor=actor,
            programme=assignment.programme,
            parent=assignment,
            title=assignment.title,
            content=content or assignment.content,
            basis=_("Forwarded by %(unit)s") % {"unit": assignment.lead.name},
            lead=unit,
            start_date=max(assignment.start_date, _today()) if _today() <= assignment.due_date else assignment.start_date,
            due_date=due_date or assignment.due_date,
            priority=assignment.priority,
        )
        for unit in leads
    ]
    if assignment.progress_mode == ProgressMode.MANUAL:
        assignment.progress_mode = ProgressMode.COUNT
        assignment.save(update_fields=["progress_mode", "updated_at"])
        _rollup(assignment)
    return children


def _store_files(actor, assignment: Assignment, report: ProgressReport | None, files) -> None:
    for uploaded in files or []:
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"files": _("“%(name)s” is larger than 20 MB.") % {"name": uploaded.name}})
        Attachment.objects.create(
            assignment=assignment,
            report=report,
            file=uploaded,
            name=uploaded.name[:255],
            size=uploaded.size,
            uploaded_by=actor,
        )


@transaction.atomic
def progress_report_submit(
    *, actor, assignment: Assignment, progress: int, text: str, unit: Unit | None = None, files=None
) -> ProgressReport:
    """A dated progress report by the lead unit, or by a coordinating unit for its own part."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    unit = unit or assignment.lead
    coordinator = None
    if unit.pk != assignment.lead_id:
        coordinator = assignment.coordinators.filter(unit=unit).first()
        if coordinator is None:
            raise PermissionDenied
    _require(actor, unit)
    transitions.check("report_progress", assignment)
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage between 0 and 100.")})
    if not text.strip():
        raise ValidationError({"text": _("Describe what was done.")})
    if coordinator is None and assignment.progress_mode != ProgressMode.MANUAL:
        raise ValidationError(
            {"progress": _("This assignment's progress is computed from its sub-assignments; report on them instead.")}
        )
    report = ProgressReport.objects.create(
        assignment=assignment, unit=unit, reported_on=_today(), progress=progress, text=text.strip(), reported_by=actor
    )
    _store_files(actor, assignment, report, files)
    if coordinator is not None:
        coordinator.progress = progress
        coordinator.save(update_fields=["progress"])
    else:
        old = snapshot(assignment, ("progress", "execution"))
        assignment.progress = progress
        if assignment.execution == Execution.NOT_STARTED:
            assignment.execution = Execution.IN_PROGRESS
        assignment.save(update_fields=["progress", "execution", "updated_at"])
        _audit(
            actor, assignment, "work.assignment.progress_reported", old=old, new=snapshot(assignment, ("progress", "execution"))
        )
        _rollup(assignment.parent)
    return report


@transaction.atomic
def assignment_complete(*, actor, assignment: Assignment, text: str = "") -> Assignment:
    """The lead reports the work done. On time or late is decided from the deadline, never chosen."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.lead)
    transitions.check("complete", assignment)
    if assignment.children.filter(execution__in=OPEN_STATES).exists():
        raise ValidationError(_("Some sub-assignments are still open: they must be finished, refused or recalled first."))
    old = snapshot(assignment, ("execution", "verification", "progress"))
    today = _today()
    assignment.completed_on = today
    assignment.execution = Execution.DONE_ON_TIME if today <= assignment.due_date else Execution.DONE_LATE
    assignment.verification = Verification.WAITING
    assignment.progress = 100
    if text.strip():
        ProgressReport.objects.create(
            assignment=assignment, unit=assignment.lead, reported_on=today, progress=100, text=text.strip(), reported_by=actor
        )
    assignment.save(update_fields=["completed_on", "execution", "verification", "progress", "updated_at"])
    _audit(
        actor,
        assignment,
        "work.assignment.completed",
        old=old,
        new=snapshot(assignment, ("execution", "verification", "progress")),
    )
    notify_assignment_event(assignment, "completed", actor)
    _create_next_occurrence(actor, assignment)
    _rollup(assignment.parent)
    return assignment


def _has_started(assignment: Assignment) -> bool:
    """Work has begun: progress recorded on it, or on any of its sub-assignments."""
    return bool(
        assignment.progress
        or assignment.reports.exists()
        or assignment.children.exclude(execution=Execution.NOT_STARTED).exists()
    )


def _reopened_state(assignment: Assignment) -> str:
    if assignment.due_date < _today():
        return Execution.OVERDUE
    return Execution.IN_PROGRESS if _has_started(assignment) else Execution.NOT_STARTED


@transaction.atomic
def assignment_accept(*, actor, assignment: Assignment, note: str = "") -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.assigner)
    transitions.check("accept", assignment)
    assignment.verification = Verification.ACCEPTED
    assignment.save(update_fields=["verification", "updated_at"])
    _audit(
        actor,
        assignment,
        "work.assignment.accepted",
        old={"verification": Verification.WAITING},
        new={"verification": Verification.ACCEPTED} | ({"note": note.strip()} if note.strip() else {}),
    )
    notify_assignment_event(assignment, "accepted", actor, note=note)
    return assignment


@transaction.atomic
def assignment_return(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """Returned for more work: execution reopens; finishing again is judged against the deadline again."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.assigner)
    transitions.check("return", assignment)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is missing, so the lead unit knows what to do.")})
    old = snapshot(assignment, ("execution", "verification"))
    assignment.verification = Verification.RETURNED
    assignment.completed_on = None
    assignment.progress = min(assignment.progress, 90)
    assignment.execution = _reopened_state(assignment)
    assignment.save(update_fields=["verification", "completed_on", "progress", "execution", "updated_at"])
    _audit(
        actor,
        assignment,
        "work.assignment.returned",
        old=old,
        new={**snapshot(assignment, ("execution", "verification")), "reason": reason.strip()},
    )
    notify_assignment_event(assignment, "returned", actor, note=reason)
    _rollup(assignment.parent)
    return assignment


@transaction.atomic
def assignment_refuse(*, actor, assignment: Assignment, reason: str) -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.lead, LEADERS)
    transitions.check("refuse", assignment)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    old = snapshot(assignment, ("execution",))
    assignment.execution = Execution.REFUSED
    assignment.closing_reason = reason.strip()
    assignment.save(update_fields=["execution", "closing_reason", "updated_at"])
    _audit(actor, assignment, "work.assignment.refused", old=old, new={"execution": Execution.REFUSED, "reason": reason.strip()})
    notify_assignment_event(assignment, "refused", actor, note=reason)
    _rollup(assignment.parent)
    return assignment


@transaction.atomic
def assignment_recall(*, actor, assignment: Assignment, reason: str) -> Assignment:
    """The assigner takes the work back; its open sub-assignments are recalled with it."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.assigner)
    transitions.check("recall", assignment)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for recalling.")})
    descendants = Assignment.objects.filter(path__startswith=assignment.path, execution__in=OPEN_STATES)
    for item in descendants.select_related("lead"):
        old = snapshot(item, ("execution",))
        item.execution = Execution.RECALLED
        item.closing_reason = reason.strip()
        item.save(update_fields=["execution", "closing_reason", "updated_at"])
        _audit(actor, item, "work.assignment.recalled", old=old, new={"execution": Execution.RECALLED, "reason": reason.strip()})
    assignment.refresh_from_db()
    notify_assignment_event(assignment, "recalled", actor, note=reason)
    _rollup(assignment.parent)
    return assignment


@transaction.atomic
def extension_request(*, actor, assignment: Assignment, proposed_due_date: datetime.date, reason: str) -> ExtensionRequest:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _require(actor, assignment.lead)
    transitions.check("request_extension", assignment)
    if assignment.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request for this assignment is already waiting for a decision."))
    used = assignment.extensions.exclude(status=ExtensionStatus.REJECTED).count()
    limit = assignment.programme.max_extensions
    if used >= limit:
        raise ValidationError(
            _("This assignment has already been extended %(count)s times, the most the programme allows.") % {"count": used}
        )
    if proposed_due_date <= assignment.due_date:
        raise ValidationError({"proposed_due_date": _("The proposed deadline must be later than the current one.")})
    parent = assignment.parent
    if parent is not None and proposed_due_date > parent.due_date:
        raise ValidationError(
            {
                "proposed_due_date": _("The proposed deadline cannot be after the parent assignment's (%(date)s).")
                % {"date": parent.due_date.strftime("%d/%m/%Y")}
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    extension = ExtensionRequest.objects.create(
        assignment=assignment,
        previous_due_date=assignment.due_date,
        proposed_due_date=proposed_due_date,
        reason=reason.strip(),
        requested_by=actor,
    )
    _audit(
        actor, assignment, "work.extension.requested", new={"due_date": proposed_due_date.isoformat(), "reason": reason.strip()}
    )
    notify_assignment_event(assignment, "extension_requested", actor, extension=extension)
    return extension


@transaction.atomic
def extension_decide(*, actor, extension: ExtensionRequest, approve: bool, note: str = "") -> ExtensionRequest:
    extension = ExtensionRequest.objects.select_for_update().select_related("assignment").get(pk=extension.pk)
    assignment = Assignment.objects.select_for_update().get(pk=extension.assignment_id)
    _require(actor, assignment.assigner)
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This extension request has already been decided."))
    if approve:
        transitions.check("approve_extension", assignment)
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the extension is rejected.")})
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        old = snapshot(assignment, ("due_date", "execution"))
        assignment.due_date = extension.proposed_due_date
        if assignment.execution == Execution.OVERDUE and assignment.due_date >= _today():
            assignment.execution = _reopened_state(assignment)
        assignment.save(update_fields=["due_date", "execution", "updated_at"])
        _audit(actor, assignment, "work.extension.approved", old=old, new=snapshot(assignment, ("due_date", "execution")))
    else:
        _audit(actor, assignment, "work.extension.rejected", new={"reason": note.strip()})
    event = "extension_approved" if approve else "extension_rejected"
    notify_assignment_event(assignment, event, actor, extension=extension, note=note)
    return extension


def mark_overdue(*, on: datetime.date | None = None) -> int:
    """The nightly job: open assignments past their deadline become overdue (audited as the system)."""
    day = on or _today()
    count = 0
    rule = transitions.TRANSITIONS["mark_overdue"]
    candidates = Assignment.objects.overdue_on(day).filter(
        execution__in=rule.execution_from, verification__in=rule.verification_from
    )
    for assignment in candidates.select_related("lead"):
        with transaction.atomic():
            old = snapshot(assignment, ("execution",))
            assignment.execution = Execution.OVERDUE
            assignment.save(update_fields=["execution", "updated_at"])
            _audit(None, assignment, "work.assignment.overdue", old=old, new={"execution": Execution.OVERDUE})
        count += 1
    return count


def _rollup(assignment: Assignment | None) -> None:
    """Recompute progress from sub-assignments, then up the chain of parents (None: nothing to do)."""
    node = assignment
    while node is not None:
        if node.progress_mode == ProgressMode.MANUAL or node.is_done:
            break
        children = list(node.children.exclude(execution__in=CLOSED_STATES).values("execution", "progress", "weight"))
        if node.progress_mode == ProgressMode.COUNT:
            done = sum(1 for c in children if c["execution"] in DONE_STATES)
            progress = round(100 * done / len(children)) if children else 0
        else:
            total = sum(c["weight"] for c in children)
            progress = round(sum(c["progress"] * c["weight"] for c in children) / total) if total else 0
        started = node.execution == Execution.NOT_STARTED and (
            progress > 0 or any(c["execution"] != Execution.NOT_STARTED for c in children)
        )
        if progress != node.progress or started:
            node.progress = progress
            if started:
                node.execution = Execution.IN_PROGRESS
            node.save(update_fields=["progress", "execution", "updated_at"])
        node = node.parent if node.parent_id else None


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _occurrence_code(code: str, due: datetime.date) -> str:
    """NV1 → NV1 (T02/2023): a recurring assignment's occurrences are told apart by their month."""
    return f"{code.split(' (T', maxsplit=1)[0]} (T{due:%m/%Y})"


def _create_next_occurrence(actor, assignment: Assignment) -> Assignment | None:
    months = RECURRENCE_MONTHS.get(assignment.recurrence)
    if not months or Assignment.objects.filter(previous_occurrence=assignment).exists():
        return None
    following = Assignment.objects.create(
        programme=assignment.programme,
        parent=assignment.parent,
        code=_occurrence_code(assignment.code, _add_months(assignment.due_date, months)),
        category=assignment.category,
        title=assignment.title,
        content=assignment.content,
        basis=assignment.basis,
        assigner=assignment.assigner,
        lead=assignment.lead,
        priority=assignment.priority,
        start_date=_add_months(assignment.start_date, months),
        due_date=_add_months(assignment.due_date, months),
        original_due_date=_add_months(assignment.due_date, months),
        progress_mode=assignment.progress_mode,
        weight=assignment.weight,
        recurrence=assignment.recurrence,
        previous_occurrence=assignment,
        created_by=actor,
    )
    following.path = f"{assignment.parent.path if assignment.parent else ''}{following.pk:08d}/"
    following.save(update_fields=["path"])
    for coordinator in assignment.coordinators.all():
        AssignmentCoordinator.objects.create(
            assignment=following,
            unit=coordinator.unit,
            due_date=_add_months(coordinator.due_date, months) if coordinator.due_date else None,
        )
    _audit(actor, following, "work.assignment.recurred", new={"due_date": following.due_date.isoformat()})
    notify_assignment_event(following, "recurred", actor)
    return following


@transaction.atomic
def proposal_raise(
    *, actor, unit: Unit, kind: str, title: str, text: str, raised_to: User, assignment: Assignment | None = None
) -> Proposal:
    _require(actor, unit)
    if kind not in ProposalKind.values:
        raise ValidationError({"kind": _("Choose whether this is a difficulty or a proposal.")})
    if not title.strip() or not text.strip():
        raise ValidationError({"title": _("Enter a summary and the details.")})
    if not raised_to.is_active or not raised_to.memberships.filter(role__in=LEADERS).exists():
        raise ValidationError({"raised_to": _("Raise it to an active leader.")})
    proposal = Proposal.objects.create(
        kind=kind,
        unit=unit,
        assignment=assignment,
        title=title.strip(),
        text=text.strip(),
        raised_to=raised_to,
        created_by=actor,
    )
    auditing.record(
        actor=actor,
        obj=proposal,
        code="work.proposal.raised",
        unit=unit,
        new={"title": proposal.title, "raised_to": raised_to.get_full_name()},
    )
    notify_proposal_event(proposal, "raised", actor)
    return proposal


@transaction.atomic
def proposal_decide(*, actor, proposal: Proposal, decision: str, directives: list[dict] | None = None) -> Proposal:
    """The leader it was raised to decides; each directive becomes an assignment linked to the proposal."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.raised_to_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This has already been decided."))
    if not decision.strip():
        raise ValidationError({"decision": _("Write the decision.")})
    proposal.status = ProposalStatus.DECIDED
    proposal.decision = decision.strip()
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decision", "decided_at"])
    for directive in directives or []:
        assignment_create(actor=actor, source_proposal=proposal, **directive)
    auditing.record(
        actor=actor,
        obj=proposal,
        code="work.proposal.decided",
        unit=proposal.unit,
        new={"decision": proposal.decision, "directives": len(directives or [])},
    )
    notify_proposal_event(proposal, "decided", actor)
    return proposal
