"""Every state change of a scheme. Each action checks who may act, locks the scheme, checks the rules
below, and writes its audit entry (on the scheme, so the scheme's history shows every phase).

Rules:
* Who: the officers, leaders and administrators of the scheme's owner unit (or an ancestor) plan the
  scheme (create, move a deadline, cancel); they and those of a phase's responsible unit work on the
  phase (start, attach documents, pass the gate).
* Order, no overlap: a phase starts only when every earlier phase is done.
* Gate: a phase in progress is completed (its gate passed) only when each of its required document
  kinds has at least one document attached; the refusal names the missing kinds.
* Completing the last phase approves the scheme. Nothing changes on an approved or cancelled scheme.
* A deadline moves with a reason; the original deadline stays on the phase, each move in the audit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.org.enums import Branch
from phongtrao.org.models import Unit, User
from phongtrao.org.queries import acts_for, units_directed_by

from . import schedule
from .enums import OTHER_DOCUMENT, PhaseStatus, SchemeState
from .models import Phase, PhaseDocument, Scheme
from .standard import PhaseTemplate, standard_phases

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".jpg", ".jpeg", ".png"})
MAX_DURATION = 365


@dataclass(frozen=True)
class PhasePlan:
    name: str
    owner_unit: Unit
    planned_start: datetime.date
    deadline: datetime.date
    gate_description: str = ""
    required_documents: tuple[str, ...] = ()
    owner_person: User | None = None


def _today() -> datetime.date:
    return timezone.localdate()


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def can_plan(user, scheme: Scheme) -> bool:
    return acts_for(user, scheme.owner)


def can_work_on(user, phase: Phase) -> bool:
    return acts_for(user, phase.scheme.owner) or acts_for(user, phase.owner_unit)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _audit(actor, scheme: Scheme, code: str, old: dict | None = None, new: dict | None = None) -> None:
    auditing.record(actor=actor, obj=scheme, code=code, unit=scheme.owner, old=old, new=new)


def _lock(phase: Phase) -> tuple[Scheme, Phase]:
    """Lock the scheme (so order and state checks hold) and reload the phase."""
    scheme = Scheme.objects.select_for_update().select_related("owner").get(pk=phase.scheme_id)
    phase = Phase.objects.select_related("owner_unit").get(pk=phase.pk)
    phase.scheme = scheme
    return scheme, phase


def _check_open(scheme: Scheme) -> None:
    if not scheme.is_active:
        raise ValidationError(
            _("This scheme is “%(state)s”: its phases can no longer change.") % {"state": scheme.get_state_display()},
            code="scheme_closed",
        )


def _clean_kinds(kinds, index: int) -> list[str]:
    cleaned: list[str] = []
    for kind in kinds:
        name = " ".join(str(kind).split())
        if not name or len(name) > 255:
            raise ValidationError({"phases": _("Phase %(number)s: a required document has no name.") % {"number": index}})
        if name not in cleaned:
            cleaned.append(name)
    return cleaned


@transaction.atomic
def scheme_create(
    *,
    actor,
    owner: Unit,
    lead: Unit,
    title: str,
    phases: list[PhasePlan],
    basis: str = "",
    description: str = "",
) -> Scheme:
    """A scheme with its phases in the given order (planned dates as given, back to back or not)."""
    _require(acts_for(actor, owner) and owner.branch == Branch.POLICE and owner.is_active)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Enter the title of the scheme.")
    if not units_directed_by(owner).filter(pk=lead.pk).exists():
        errors["lead"] = _("%(unit)s cannot lead a scheme of %(owner)s.") % {"unit": lead, "owner": owner}
    if not phases:
        errors["phases"] = _("A scheme needs at least one phase.")
    if errors:
        raise ValidationError(errors)
    previous: PhasePlan | None = None
    for index, plan in enumerate(phases, start=1):
        if not plan.name.strip():
            raise ValidationError({"phases": _("Phase %(number)s has no name.") % {"number": index}})
        if plan.deadline < plan.planned_start:
            raise ValidationError({"phases": _("Phase %(number)s: the deadline cannot be before the start.") % {"number": index}})
        if previous is not None and plan.planned_start <= previous.deadline:
            raise ValidationError(
                {
                    "phases": _("Phase %(number)s cannot start before phase %(previous)s's deadline (%(date)s).")
                    % {"number": index, "previous": index - 1, "date": _date(previous.deadline)}
                }
            )
        if not plan.owner_unit.is_active:
            raise ValidationError(
                {"phases": _("Phase %(number)s: %(unit)s is no longer active.") % {"number": index, "unit": plan.owner_unit}}
            )
        previous = plan
    scheme = Scheme.objects.create(
        owner=owner,
        lead=lead,
        title=title.strip(),
        basis=basis.strip(),
        description=description.strip(),
        created_by=actor,
    )
    for index, plan in enumerate(phases, start=1):
        Phase.objects.create(
            scheme=scheme,
            order=index,
            name=plan.name.strip(),
            owner_unit=plan.owner_unit,
            owner_person=plan.owner_person,
            planned_start=plan.planned_start,
            deadline=plan.deadline,
            original_deadline=plan.deadline,
            gate_description=plan.gate_description.strip(),
            required_documents=_clean_kinds(plan.required_documents, index),
        )
    _audit(
        actor,
        scheme,
        "schemes.scheme.created",
        new={
            "title": scheme.title,
            "basis": scheme.basis,
            "lead": lead.name,
            "phases": [f"{p.name} ({_date(p.planned_start)} – {_date(p.deadline)})" for p in phases],
        },
    )
    return scheme


def plan_from_template(
    *,
    start: datetime.date,
    lead: Unit,
    durations: list[int] | None = None,
    owners: list[Unit | None] | None = None,
    templates: tuple[PhaseTemplate, ...] | None = None,
    is_working_day: schedule.Predicate | None = None,
) -> list[PhasePlan]:
    """The standard phases placed back to back from `start`, each lasting its duration (working days
    when the calendar exists); a phase without an owner is the lead unit's."""
    templates = templates or standard_phases()
    durations = durations or [t.duration for t in templates]
    owners = owners or [None] * len(templates)
    if len(durations) != len(templates) or len(owners) != len(templates):
        raise ValidationError(_("Give a duration and an owner for each phase."))
    for index, duration in enumerate(durations, start=1):
        if not 1 <= duration <= MAX_DURATION:
            raise ValidationError(
                {
                    "phases": _("Phase %(number)s: the duration must be between 1 and %(max)s days.")
                    % {"number": index, "max": MAX_DURATION}
                }
            )
    predicate = is_working_day or schedule.default_calendar()[0]
    dates = schedule.plan_phases(start, durations, is_working_day=predicate)
    return [
        PhasePlan(
            name=template.name,
            owner_unit=owner or lead,
            planned_start=first,
            deadline=last,
            gate_description=template.gate_description,
            required_documents=template.required_documents,
        )
        for template, owner, (first, last) in zip(templates, owners, dates, strict=True)
    ]


def scheme_create_from_template(
    *,
    actor,
    owner: Unit,
    lead: Unit,
    title: str,
    start: datetime.date,
    durations: list[int] | None = None,
    owners: list[Unit | None] | None = None,
    basis: str = "",
    description: str = "",
) -> Scheme:
    """A scheme with the standard five phases (standard.py), dates filled from `start` and durations."""
    _require(acts_for(actor, owner))
    plans = plan_from_template(start=start, lead=lead, durations=durations, owners=owners)
    return scheme_create(actor=actor, owner=owner, lead=lead, title=title, phases=plans, basis=basis, description=description)


def _check_day(day: datetime.date, field: str) -> None:
    if day > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def phase_start(*, actor, phase: Phase, on: datetime.date | None = None) -> Phase:
    """Start a phase. Every earlier phase must be done (phases do not overlap)."""
    scheme, phase = _lock(phase)
    _require(can_work_on(actor, phase))
    _check_open(scheme)
    day = on or _today()
    _check_day(day, "on")
    if phase.status != PhaseStatus.NOT_STARTED:
        raise ValidationError(_("This phase has already been started."), code="already_started")
    open_before = list(scheme.phases.filter(order__lt=phase.order).exclude(status=PhaseStatus.DONE).order_by("order"))
    if open_before:
        raise ValidationError(
            _("Phase “%(phase)s” must be done first: phases are done in order.") % {"phase": open_before[0]},
            code="out_of_order",
        )
    previous = scheme.phases.filter(order__lt=phase.order).order_by("-order").first()
    if previous is not None and previous.completed_on and day < previous.completed_on:
        raise ValidationError(
            {
                "on": _("A phase cannot start before the previous one was done (%(date)s).")
                % {"date": _date(previous.completed_on)}
            }
        )
    phase.status = PhaseStatus.IN_PROGRESS
    phase.actual_start = day
    phase.save(update_fields=["status", "actual_start"])
    _audit(
        actor,
        scheme,
        "schemes.phase.started",
        old={"phase_status": PhaseStatus.NOT_STARTED},
        new={"phase": str(phase), "phase_status": phase.status, "actual_start": day.isoformat()},
    )
    return phase


@transaction.atomic
def phase_complete(*, actor, phase: Phase, on: datetime.date | None = None, note: str = "") -> Phase:
    """Pass the phase's gate: only with every required document attached. The last gate approves the scheme."""
    scheme, phase = _lock(phase)
    _require(can_work_on(actor, phase))
    _check_open(scheme)
    if phase.status != PhaseStatus.IN_PROGRESS:
        raise ValidationError(_("Only a phase in progress can be completed: start it first."), code="not_in_progress")
    missing = phase.missing_documents()
    if missing:
        raise ValidationError(
            _("The gate cannot be passed: attach %(documents)s first.")
            % {"documents": ", ".join(f"“{kind}”" for kind in missing)},
            code="documents_missing",
        )
    day = on or _today()
    _check_day(day, "on")
    if phase.actual_start and day < phase.actual_start:
        raise ValidationError(
            {"on": _("A phase cannot be done before it started (%(date)s).") % {"date": _date(phase.actual_start)}}
        )
    phase.status = PhaseStatus.DONE
    phase.completed_on = day
    phase.save(update_fields=["status", "completed_on"])
    new: dict[str, object] = {"phase": str(phase), "phase_status": phase.status, "completed_on": day.isoformat()}
    if day > phase.deadline:
        new["late_days"] = schedule.WorkingDays(schedule.default_calendar()[0]).late_by(phase.deadline, day)
    if note.strip():
        new["note"] = note.strip()
    _audit(actor, scheme, "schemes.phase.completed", old={"phase_status": PhaseStatus.IN_PROGRESS}, new=new)
    if not scheme.phases.exclude(status=PhaseStatus.DONE).exists():
        scheme.state = SchemeState.APPROVED
        scheme.approved_on = day
        scheme.save(update_fields=["state", "approved_on", "updated_at"])
        _audit(
            actor,
            scheme,
            "schemes.scheme.approved",
            old={"scheme_state": SchemeState.ACTIVE},
            new={"scheme_state": SchemeState.APPROVED, "approved_on": day.isoformat()},
        )
    return phase


@transaction.atomic
def phase_move_deadline(*, actor, phase: Phase, deadline: datetime.date, reason: str) -> Phase:
    """Move a phase's deadline (later or earlier). Its original deadline is kept; later phases keep
    their planned dates, and the projection shows the effect on them."""
    scheme, phase = _lock(phase)
    _require(can_plan(actor, scheme))
    _check_open(scheme)
    if phase.is_done:
        raise ValidationError(_("This phase is done: its deadline can no longer move."), code="phase_done")
    if deadline == phase.deadline:
        raise ValidationError({"deadline": _("This is already the deadline.")})
    if deadline < phase.planned_start:
        raise ValidationError(
            {
                "deadline": _("The deadline cannot be before the phase's planned start (%(date)s).")
                % {"date": _date(phase.planned_start)}
            }
        )
    if phase.actual_start and deadline < phase.actual_start:
        raise ValidationError(
            {"deadline": _("The deadline cannot be before the phase started (%(date)s).") % {"date": _date(phase.actual_start)}}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for moving the deadline.")})
    old = phase.deadline
    phase.deadline = deadline
    phase.save(update_fields=["deadline"])
    _audit(
        actor,
        scheme,
        "schemes.phase.deadline_moved",
        old={"phase_deadline": old.isoformat()},
        new={
            "phase": str(phase),
            "phase_deadline": deadline.isoformat(),
            "original_deadline": phase.original_deadline.isoformat(),
            "reason": reason.strip(),
        },
    )
    return phase


@transaction.atomic
def document_attach(*, actor, phase: Phase, kind: str, file, title: str = "") -> PhaseDocument:
    """Attach a document to a phase not yet done: one of its required kinds, or another one ("")."""
    scheme, phase = _lock(phase)
    _require(can_work_on(actor, phase))
    _check_open(scheme)
    if phase.is_done:
        raise ValidationError(_("This phase is done: its documents can no longer change."), code="phase_done")
    if kind not in phase.document_kinds():
        raise ValidationError({"kind": _("Choose one of the phase's document kinds.")})
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    name = PurePath(file.name or "").name[:255]
    if not file.size:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("“%(name)s” is larger than 20 MB.") % {"name": name}})
    if PurePath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("“%(name)s” is not a document this system keeps (allowed: %(extensions)s).")
                % {"name": name, "extensions": ", ".join(sorted(ALLOWED_EXTENSIONS))}
            }
        )
    document = PhaseDocument(
        phase=phase,
        kind=kind,
        title=" ".join(title.split())[:255] or (kind if kind != OTHER_DOCUMENT else name),
        name=name,
        size=file.size,
        uploaded_by=actor,
    )
    document.file.save(name, file, save=False)
    document.save()
    _audit(
        actor,
        scheme,
        "schemes.document.attached",
        new={"phase": str(phase), "document_kind": kind or _("Other document"), "document": document.title, "file_name": name},
    )
    return document


@transaction.atomic
def scheme_cancel(*, actor, scheme: Scheme, reason: str) -> Scheme:
    scheme = Scheme.objects.select_for_update().select_related("owner").get(pk=scheme.pk)
    _require(acts_for(actor, scheme.owner))
    if not scheme.is_active:
        raise ValidationError(_("Only a scheme in progress can be cancelled."), code="scheme_closed")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    scheme.state = SchemeState.CANCELLED
    scheme.cancel_reason = reason.strip()
    scheme.save(update_fields=["state", "cancel_reason", "updated_at"])
    _audit(
        actor,
        scheme,
        "schemes.scheme.cancelled",
        old={"scheme_state": SchemeState.ACTIVE},
        new={"scheme_state": SchemeState.CANCELLED, "reason": scheme.cancel_reason},
    )
    return scheme
