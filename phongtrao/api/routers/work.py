"""Endpoints of the work programme: assignments (list, create, read), their progress reports,
completion, and the dashboard's figures.

Scoped exactly like the web interface: lists start from Assignment.objects.visible_to(user),
single objects come from get_*_for(user, id) (404 for missing and not-yours alike). Every change
goes through phongtrao.work.actions: a refusal of the action is 403, its validation errors are
422 with one entry per field, and nothing is written when it fails.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from phongtrao.org.models import Unit
from phongtrao.org.queries import acts_for, units_directed_by
from phongtrao.work import actions
from phongtrao.work.metrics import Period, default_dashboard_unit, drill_down, get_dashboard_unit_for, unit_metrics
from phongtrao.work.models import Assignment
from phongtrao.work.queries import get_assignment_for, get_programme_for

from ..auth import caller
from ..errors import InvalidParameter
from ..schemas import ERRORS, ERRORS_WITH_VALIDATION, ErrorOut
from ..schemas_work import (
    AssignmentDetailOut,
    AssignmentFilters,
    AssignmentIn,
    AssignmentOut,
    CompleteIn,
    MetricsOut,
    MetricsQuery,
    ProgressIn,
    ProgressReportOut,
)

router = Router(tags=["work"])

WRITE_ERRORS = {**ERRORS_WITH_VALIDATION, 403: ErrorOut}
NON_FIELD = "__all__"


def _invalid(exc: DjangoValidationError) -> Status:
    """An action's ValidationError as the API's 422 body: one problem per message, naming its field."""
    fields = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
    problems = [
        {"field": field, "message": message, "type": "invalid"} for field, messages in fields.items() for message in messages
    ]
    return Status(422, {"detail": " ".join(p["message"] for p in problems), "errors": problems})


def _run(action: Callable[[], Any], created: int = 200) -> Status:
    try:
        return Status(created, action())
    except DjangoValidationError as exc:
        return _invalid(exc)


def _detail(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_related("programme", "lead", "assigner").get(pk=assignment.pk)


# --- assignments -------------------------------------------------------------------------------


@router.get("/assignments", response={200: list[AssignmentOut], **ERRORS_WITH_VALIDATION}, summary="Assignments")
@paginate(LimitOffsetPagination)
def assignment_list(request, filters: Query[AssignmentFilters]):
    """The assignments the caller may see, by deadline. `q` matches words of the title or the number."""
    if filters.due_from and filters.due_to and filters.due_from > filters.due_to:
        raise InvalidParameter("due_to", _("“due_to” cannot be before “due_from”."))
    assignments = Assignment.objects.visible_to(caller(request))
    if filters.programme is not None:
        assignments = assignments.filter(programme_id=filters.programme)
    if filters.lead is not None:
        assignments = assignments.filter(lead_id=filters.lead)
    if filters.execution is not None:
        assignments = assignments.filter(execution=filters.execution)
    if filters.verification is not None:
        assignments = assignments.filter(verification=filters.verification)
    if filters.due_from is not None:
        assignments = assignments.filter(due_date__gte=filters.due_from)
    if filters.due_to is not None:
        assignments = assignments.filter(due_date__lte=filters.due_to)
    for word in filters.q.split():
        assignments = assignments.filter(Q(title__icontains=word) | Q(code__iexact=word))
    return assignments.select_related("lead", "assigner").order_by("due_date", "path", "pk")


@router.post("/assignments", response={201: AssignmentDetailOut, **WRITE_ERRORS}, summary="Give an assignment")
def assignment_create(request, payload: AssignmentIn):
    """Top level: given by the programme's unit to a unit it directs. With `parent`: a
    sub-assignment of the same programme, given by the parent's lead unit to a unit under it
    (the programme itself need not be visible then: a province forwards V05's work to its
    communes). 404 when the programme or the parent is not the caller's to see, 403 when the
    caller does not act for the giving unit."""
    user = caller(request)
    if payload.parent is not None:  # forwarding down the tree: the parent decides the programme
        parent = get_assignment_for(user, payload.parent)
        programme = parent.programme
        if parent.programme_id != payload.programme:
            raise InvalidParameter("parent", _("The parent assignment belongs to another programme."))
    else:
        parent = None
        programme = get_programme_for(user, payload.programme)
    assigner = parent.lead if parent is not None else programme.owner
    if not acts_for(user, assigner):
        raise PermissionDenied
    leads = Unit.objects.filter(path__startswith=parent.lead.path) if parent is not None else units_directed_by(assigner)
    lead = leads.filter(pk=payload.lead, is_active=True).first()
    if lead is None:
        raise InvalidParameter("lead", _("There is no unit with this id that you can assign work to."))
    wanted = {c.unit for c in payload.coordinators}
    if len(wanted) != len(payload.coordinators):
        raise InvalidParameter("coordinators", _("A coordinating unit is listed twice."))
    coordinating = {u.pk: u for u in Unit.objects.filter(pk__in=wanted, is_active=True)}
    if missing := sorted(wanted - coordinating.keys()):
        raise InvalidParameter("coordinators", _("No active unit has the id %(ids)s.") % {"ids": ", ".join(map(str, missing))})
    data = payload.model_dump(exclude={"programme", "parent", "lead", "coordinators"})
    return _run(
        lambda: _detail(
            actions.assignment_create(
                actor=user,
                programme=programme,
                parent=parent,
                lead=lead,
                coordinators=[(coordinating[c.unit], c.due_date) for c in payload.coordinators],
                **data,
            )
        ),
        created=201,
    )


@router.get("/assignments/{assignment_id}", response={200: AssignmentDetailOut, **ERRORS}, summary="One assignment")
def assignment_detail(request, assignment_id: int):
    return get_assignment_for(caller(request), assignment_id)


@router.get(
    "/assignments/{assignment_id}/progress",
    response={200: list[ProgressReportOut], **ERRORS_WITH_VALIDATION},
    summary="Progress reports of an assignment",
)
@paginate(LimitOffsetPagination)
def progress_list(request, assignment_id: int):
    """Newest first, by the lead unit and the coordinating units."""
    assignment = get_assignment_for(caller(request), assignment_id)
    return assignment.reports.select_related("unit", "reported_by").order_by("-reported_on", "-pk")


@router.post(
    "/assignments/{assignment_id}/progress",
    response={201: ProgressReportOut, **WRITE_ERRORS},
    summary="Report progress",
)
def progress_create(request, assignment_id: int, payload: ProgressIn):
    """By the lead unit, or by a coordinating unit for its own part (`unit`)."""
    user = caller(request)
    assignment = get_assignment_for(user, assignment_id)
    unit = None
    if payload.unit is not None:
        unit = Unit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise InvalidParameter("unit", _("No unit has the id %(id)s.") % {"id": payload.unit})
    return _run(
        lambda: actions.progress_report_submit(
            actor=user, assignment=assignment, progress=payload.progress, text=payload.text, unit=unit
        ),
        created=201,
    )


@router.post(
    "/assignments/{assignment_id}/complete",
    response={200: AssignmentDetailOut, **WRITE_ERRORS},
    summary="Report an assignment as done",
)
def assignment_complete(request, assignment_id: int, payload: CompleteIn):
    """By the lead unit; on time or late is decided from the deadline."""
    user = caller(request)
    assignment = get_assignment_for(user, assignment_id)
    return _run(lambda: _detail(actions.assignment_complete(actor=user, assignment=assignment, text=payload.text)))


# --- figures -----------------------------------------------------------------------------------

METRICS_DESCRIPTION = """The assignments led by the unit and by the units under it, over the period [from, to]
(this year by default). Figures about the state of the work are taken at cutoff = min(to, today).

- `assigned`: start date within the period, whatever the state.
- `due`: deadline within [from, cutoff], refused and recalled work excluded.
- `done_on_time` / `done_late`: completed within the period, on or before / after the deadline.
- `overdue`: open at the cutoff and the deadline before the cutoff.
- `in_progress` / `not_started`: open at the cutoff, not overdue, started by `to`; begun / not begun.
- `on_time_rate`: done_on_time / (done_on_time + done_late), percent; null without completions.

`rows` are the unit's own assignments (`own: true`), then each child unit's subtree: they add up to `metrics`.
A unit whose dashboard the caller may not see answers 404."""


@router.get(
    "/metrics",
    response={200: MetricsOut, **ERRORS_WITH_VALIDATION},
    summary="The Government's figures for a unit's subtree, with the drill-down to its child units",
    description=METRICS_DESCRIPTION,
)
def metrics(request, query: Query[MetricsQuery]):
    user = caller(request)
    unit = get_dashboard_unit_for(user, query.unit) if query.unit is not None else default_dashboard_unit(user)
    if unit is None:
        raise Http404
    default = Period.this_year()
    start = query.date_from or default.start
    end = query.date_to or (default.end if default.end >= start else start.replace(month=12, day=31))
    if start > end:
        raise InvalidParameter("to", _("“to” cannot be before “from”."))
    period = Period(start, end)
    return {
        "unit": unit,
        "period": {"start": period.start, "end": period.end, "cutoff": period.cutoff},
        "metrics": unit_metrics(user, unit, period).as_dict(),
        "rows": [{"unit": row.unit, "own": row.own, "metrics": row.metrics.as_dict()} for row in drill_down(user, unit, period)],
    }
