"""Named reads of meetings: scoped fetches (404 for missing and not-yours alike), the meeting
page's data in a fixed number of queries, and the choices the forms offer.

The work app is read only through what it exposes: its queries module and the `visible_to`
query sets of its models, reached through the relations (no import of phongtrao.work.models).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from phongtrao.org.enums import Branch
from phongtrao.org.models import Unit
from phongtrao.org.permissions import EDITING_ROLES
from phongtrao.org.queries import scope_of

from .enums import DirectiveStatus
from .models import Conclusion, Directive, Meeting, MeetingAttachment
from .permissions import can_record


def get_meeting_for(user, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(user).select_related("owner", "owner__parent", "owner__area"), pk=pk)


def get_directive_for(user, pk) -> Directive:
    return get_object_or_404(
        Directive.objects.visible_to(user).select_related("conclusion__meeting__owner", "lead", "assignment"), pk=pk
    )


def get_conclusion_for(user, pk) -> Conclusion:
    return get_object_or_404(
        Conclusion.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related("meeting__owner"), pk=pk
    )


def get_attachment_for(user, pk) -> MeetingAttachment:
    return get_object_or_404(
        MeetingAttachment.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related("meeting"), pk=pk
    )


def _work_model(name: str):
    return apps.get_model("work", name)


def visible_assignment_ids(user, ids) -> set[int]:
    """Which of these assignments the user may open (one query)."""
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(_work_model("Assignment").objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def visible_proposal_ids(user, ids) -> set[int]:
    ids = {i for i in ids if i}
    if not ids:
        return set()
    return set(_work_model("Proposal").objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def programmes_for(user, meeting: Meeting) -> QuerySet:
    """Work programmes a directive of the meeting may be confirmed into: those of units the user acts
    for (officer, leader, administrator), for the meeting's year and the next."""
    programmes = _work_model("Programme").objects.filter(year__in=[meeting.date.year, meeting.date.year + 1])
    scope = scope_of(user)
    if not scope.is_everything:
        paths = [m.unit.path for m in scope.memberships if m.role in EDITING_ROLES]
        if not paths:
            return programmes.none()
        condition = Q()
        for path in paths:
            condition |= Q(owner__path__startswith=path)
        programmes = programmes.filter(condition)
    return programmes.select_related("owner").order_by("-year", "owner__path", "pk")


def default_programme(programmes, meeting: Meeting):
    """The organising unit's programme of the meeting's year, if the user may use it."""
    for programme in programmes:
        if programme.owner_id == meeting.owner_id and programme.year == meeting.date.year:
            return programme
    return programmes[0] if programmes else None


def unit_choices(meeting_owner: Unit) -> QuerySet:
    """Units the meeting forms offer: the Ministry's top levels (departments, provincial police),
    partner bodies, and the organising unit's own units two levels down."""
    return (
        Unit.objects.filter(is_active=True)
        .filter(
            Q(depth__lte=1)
            | Q(branch=Branch.PARTNER)
            | Q(path__startswith=meeting_owner.path, depth__lte=meeting_owner.depth + 2)
        )
        .order_by("depth", "path")
    )


def meetings_for(user) -> QuerySet:
    return Meeting.objects.visible_to(user).select_related("owner")


def owner_units(user) -> QuerySet:
    """Units for which the user may record a meeting."""
    scope = scope_of(user)
    units = Unit.objects.filter(is_active=True)
    if scope.is_everything:
        return units.filter(depth__lte=1).order_by("depth", "path")
    return units.filter(pk__in=[m.unit_id for m in scope.memberships if m.role in EDITING_ROLES]).order_by("path")


@dataclass
class DirectiveRow:
    directive: Directive
    assignment_visible: bool


@dataclass
class ConclusionRow:
    conclusion: Conclusion
    directives: list[DirectiveRow]


def meeting_page(user, meeting: Meeting) -> dict:
    """Everything the meeting page shows, in a number of queries that does not grow with the meeting."""
    directives = Directive.objects.select_related("lead", "assignment").prefetch_related(
        Prefetch("coordinators", queryset=Unit.objects.order_by("path"))
    )
    conclusions = list(
        meeting.conclusions.prefetch_related(Prefetch("directives", queryset=directives.order_by("order", "pk"))).order_by(
            "order", "pk"
        )
    )
    agenda = list(meeting.agenda_items.select_related("assignment", "proposal"))
    all_directives = [d for c in conclusions for d in c.directives.all()]
    visible_assignments = visible_assignment_ids(
        user, [d.assignment_id for d in all_directives] + [a.assignment_id for a in agenda]
    )
    visible_proposals = visible_proposal_ids(user, [a.proposal_id for a in agenda])
    rows = [
        ConclusionRow(c, [DirectiveRow(d, d.assignment_id in visible_assignments) for d in c.directives.all()])
        for c in conclusions
    ]
    counts = dict.fromkeys(DirectiveStatus.values, 0)
    for directive in all_directives:
        counts[directive.status] += 1
    return {
        "attendees": list(meeting.attendees.select_related("unit")),
        "attending_units": list(meeting.attending_units.select_related("unit")),
        "points": list(meeting.points.select_related("unit")),
        "agenda": [(item, item.assignment_id in visible_assignments, item.proposal_id in visible_proposals) for item in agenda],
        "attachments": list(meeting.attachments.all()),
        "conclusions": rows,
        "directive_counts": counts,
        "can_record": can_record(user, meeting.owner),
    }


def notice_conclusions(meeting: Meeting) -> list[tuple[Conclusion, list[Directive]]]:
    """The conclusions that go into the conclusion notice, each with its confirmed directives: a
    conclusion typed without directives, or with at least one confirmed directive. Conclusions whose
    directives are all still proposed or rejected are left out."""
    confirmed = Directive.objects.confirmed().select_related("lead", "assignment").prefetch_related("coordinators")
    result: list[tuple[Conclusion, list[Directive]]] = []
    for conclusion in meeting.conclusions.prefetch_related(
        Prefetch("directives", queryset=Directive.objects.order_by("order", "pk"), to_attr="every_directive"),
        Prefetch("directives", queryset=confirmed.order_by("order", "pk"), to_attr="confirmed_directives"),
    ).order_by("order", "pk"):
        if not conclusion.every_directive or conclusion.confirmed_directives:
            result.append((conclusion, conclusion.confirmed_directives))
    return result
