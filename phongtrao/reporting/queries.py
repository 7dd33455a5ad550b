"""Named reads of periodic reporting: reach, scoped fetches (404), statuses and their counts."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from phongtrao.org.models import Unit
from phongtrao.org.permissions import EDITING_ROLES
from phongtrao.org.queries import scope_of, units_directed_by, units_directly_under

from .enums import AWAITING_STATUSES, TargetStatus
from .forms import RequestFilterForm
from .models import Attachment, ReportRequest, ReportRequestQuerySet, ReportTarget, ReportTargetQuerySet, Submission
from .permissions import can_read_draft, sees_every_target

SOON_DAYS = 7
DASHBOARD_ITEMS = 5


# --- reach: the units a unit may ask reports from ------------------------------------------------


def reachable_units(owner: Unit):
    """Active units the owner may ask for reports: those it directs, without itself."""
    return units_directed_by(owner).exclude(pk=owner.pk)


def direct_units(owner: Unit):
    return units_directly_under(owner)


def units_of_kind(owner: Unit, kind: str, under: Unit | None = None):
    """All reachable units of one kind, optionally only those below one reachable unit."""
    units = reachable_units(owner).filter(kind=kind)
    if under is not None and under.pk != owner.pk:
        units = units.filter(path__startswith=under.path)
    return units


def kind_counts(owner: Unit) -> dict[str, int]:
    """How many reachable units of each kind: one grouped query."""
    rows = reachable_units(owner).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def requesting_units(user):
    """Units the user may send requests for, which have someone to ask: editing roles held there
    (a system administrator: every active unit with a subordinate or an overseen unit)."""
    scope = scope_of(user)
    units = Unit.objects.filter(is_active=True)
    if not scope.is_everything:
        units = units.filter(pk__in=[m.unit_id for m in scope.memberships if m.role in EDITING_ROLES])
    has_someone = Exists(Unit.objects.filter(parent=OuterRef("pk"), is_active=True)) | Exists(
        Unit.objects.filter(overseen_by=OuterRef("pk"), is_active=True)
    )
    return units.filter(has_someone).order_by("path")


# --- scoped fetches ------------------------------------------------------------------------------


def get_request_for(user, pk) -> ReportRequest:
    return get_object_or_404(ReportRequest.objects.visible_to(user).select_related("owner__parent", "created_by"), pk=pk)


def get_target_for(user, pk, on: datetime.date | None = None) -> ReportTarget:
    targets = ReportTarget.objects.visible_to(user).with_status(on).select_related("request__owner", "unit", "draft_saved_by")
    return get_object_or_404(targets, pk=pk)


def get_attachment_for(user, pk) -> Attachment:
    """A file of a visible target: in a submitted version, or in the draft for the unit's members."""
    attachment = get_object_or_404(
        Attachment.objects.filter(target__in=ReportTarget.objects.visible_to(user)).select_related("target"), pk=pk
    )
    if not attachment.submissions.exists() and not can_read_draft(user, attachment.target):
        raise Http404
    return attachment


# --- statuses ------------------------------------------------------------------------------------


def status_counts(targets: ReportTargetQuerySet, on: datetime.date | None = None) -> dict[int, Counter]:
    """{request id: Counter(status -> number of targets)} in one grouped query."""
    rows = targets.with_status(on).order_by().values("request_id", "status").annotate(n=Count("pk"))
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row["request_id"]][row["status"]] = row["n"]
    return counts


@dataclass
class Progress:
    """The statuses of a request's targets (those the reader may see)."""

    counts: Counter = field(default_factory=Counter)
    late_submitted: int = 0  # of the late ones, those with a version in

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def received(self) -> int:
        """Versions in and not returned, on time or late."""
        return self.counts[TargetStatus.SUBMITTED] + self.late_submitted

    def items(self) -> list[tuple[str, str, int]]:
        return [(status.value, str(status.label), self.counts[status]) for status in TargetStatus]


def _received_late(targets: ReportTargetQuerySet, on: datetime.date | None) -> dict[int, int]:
    rows = (
        targets.with_status(on)
        .filter(status=TargetStatus.LATE, latest_submission_id__isnull=False)
        .order_by()
        .values("request_id")
        .annotate(n=Count("pk"))
    )
    return {row["request_id"]: row["n"] for row in rows}


def progress_of(targets: ReportTargetQuerySet, on: datetime.date | None = None) -> dict[int, Progress]:
    """{request id: Progress} for the given targets: two grouped queries."""
    counts = status_counts(targets, on)
    late = _received_late(targets, on)
    return {pk: Progress(counts=counter, late_submitted=late.get(pk, 0)) for pk, counter in counts.items()}


# --- the list of requests ------------------------------------------------------------------------


def filter_requests(user, data: Mapping[str, str] | None) -> tuple[RequestFilterForm, ReportRequestQuerySet]:
    """The requests the user may see, narrowed by the list's filters (state, kind, year, side).

    The year is that of the end of the period (the six months to 14/6/2026 are 2026's).
    Invalid filters are ignored, as on the page.
    """
    visible = ReportRequest.objects.visible_to(user)
    years = [day.year for day in visible.dates("period_end", "year", order="DESC")]
    form = RequestFilterForm(data or None, years=years)
    requests = visible
    if form.is_valid():
        filters = form.cleaned_data
        if filters["state"]:
            requests = requests.filter(state=filters["state"])
        if filters["kind"]:
            requests = requests.filter(kind=filters["kind"])
        if filters["year"]:
            requests = requests.filter(period_end__year=int(filters["year"]))
        if filters["side"] == RequestFilterForm.SENT:
            requests = requests.as_requester(user)
        elif filters["side"] == RequestFilterForm.TO_SUBMIT:
            requests = requests.filter(targets__unit_id__in=member_unit_ids(user)).distinct()
    return form, requests.select_related("owner").order_by("-due_date", "-pk")


def member_unit_ids(user) -> list[int]:
    return [m.unit_id for m in scope_of(user).memberships]


@dataclass
class RequestRow:
    request: ReportRequest
    sees_all: bool
    progress: Progress
    own_targets: list[ReportTarget]


def request_rows(user, requests: Iterable[ReportRequest], on: datetime.date | None = None) -> list[RequestRow]:
    """Each request with what the reader may know of it: the requester's side gets the counts per
    status of every unit; a reporting unit gets its own targets with their status. Three queries."""
    requests = list(requests)
    visible = ReportTarget.objects.visible_to(user).filter(request__in=[r.pk for r in requests])
    progress = progress_of(visible, on)
    reporter_ids = [r.pk for r in requests if not sees_every_target(user, r)]
    own: dict[int, list[ReportTarget]] = defaultdict(list)
    if reporter_ids:
        for target in visible.filter(request__in=reporter_ids).with_status(on).select_related("unit").order_by("unit__path"):
            own[target.request_id].append(target)
    return [RequestRow(r, sees_every_target(user, r), progress.get(r.pk, Progress()), own.get(r.pk, [])) for r in requests]


# --- one request ---------------------------------------------------------------------------------


def targets_of(user, request: ReportRequest, status: str = "", on: datetime.date | None = None) -> ReportTargetQuerySet:
    """The request's targets the user may see, with their status, in unit-tree order."""
    targets = ReportTarget.objects.visible_to(user).filter(request=request).with_status(on).select_related("unit")
    if status:
        targets = targets.filter(status=status)
    return targets.order_by("unit__path")


def reportable_targets(user, request: ReportRequest, on: datetime.date | None = None) -> list[ReportTarget]:
    """The request's targets the user writes: those of units where the user holds an editing role."""
    units = [m.unit_id for m in scope_of(user).memberships if m.role in EDITING_ROLES and m.unit.is_active]
    if not units:
        return []
    targets = ReportTarget.objects.filter(request=request, unit_id__in=units).with_status(on)
    return list(targets.select_related("unit", "request__owner").order_by("unit__path"))


def versions_of(target: ReportTarget) -> list[Submission]:
    """Every submitted version, newest first, with its return and files: three queries."""
    return list(
        target.submissions.select_related("submitted_by", "returned__returned_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("pk")))
        .order_by("-version")
    )


def draft_attachments(target: ReportTarget) -> list[Attachment]:
    return list(target.attachments.filter(in_draft=True).order_by("pk"))


def draft_is_open(target: ReportTarget) -> bool:
    """A unit works on its draft until it submits, and again after the requester returns it."""
    return target.request.is_open and (target.latest_submission_id is None or target.latest_returned)


# --- consolidation -------------------------------------------------------------------------------


@dataclass
class ConsolidatedRow:
    target: ReportTarget
    submission: Submission | None  # the version that counts: the latest, unless it was returned

    @property
    def figures(self) -> dict:
        return self.submission.figures if self.submission is not None else {}


@dataclass
class Consolidation:
    request: ReportRequest
    rows: list[ConsolidatedRow]

    def figure(self, row: ConsolidatedRow, key: str) -> int | float | None:
        value = row.figures.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def total(self, key: str) -> int | float:
        """The sum of the rows' figures (exact: added as decimals)."""
        total = sum((Decimal(str(v)) for row in self.rows if (v := self.figure(row, key)) is not None), Decimal(0))
        return int(total) if total == total.to_integral_value() else float(total)

    def by_status(self, *statuses: str) -> list[ConsolidatedRow]:
        return [row for row in self.rows if row.target.status in statuses]

    @property
    def received(self) -> list[ConsolidatedRow]:
        return [row for row in self.rows if row.submission is not None]

    @property
    def received_late(self) -> list[ConsolidatedRow]:
        return [row for row in self.received if row.target.status == TargetStatus.LATE]

    @property
    def missing(self) -> list[ConsolidatedRow]:
        return [row for row in self.rows if row.submission is None and row.target.status != TargetStatus.RETURNED]

    @property
    def returned(self) -> list[ConsolidatedRow]:
        return self.by_status(TargetStatus.RETURNED)


def consolidation_for(user, pk, on: datetime.date | None = None) -> Consolidation:
    """Every target of a request with the version that counts; only for the requester's side (404)."""
    request = get_request_for(user, pk)
    if not sees_every_target(user, request):
        raise Http404
    targets = list(targets_of(user, request, on=on))
    counting = {t.latest_submission_id for t in targets if t.latest_submission_id is not None and not t.latest_returned}
    submissions = Submission.objects.in_bulk(counting)
    rows = [ConsolidatedRow(t, submissions.get(t.latest_submission_id) if t.latest_submission_id else None) for t in targets]
    return Consolidation(request, rows)


# --- the home dashboard --------------------------------------------------------------------------


def awaiting_targets(user, on: datetime.date | None = None) -> ReportTargetQuerySet:
    """Targets of open requests that the user's units still owe a version of, soonest due first."""
    on = on or timezone.localdate()
    units = [m.unit_id for m in scope_of(user).memberships if m.role in EDITING_ROLES]
    return (
        ReportTarget.objects.filter(unit_id__in=units, request__state="open")
        .with_status(on)
        .filter(Q(status__in=AWAITING_STATUSES) | Q(status=TargetStatus.LATE, latest_submission_id__isnull=True))
        .select_related("request", "unit")
        .order_by("request__due_date", "pk")
    )


def awaiting_summary(user, on: datetime.date | None = None) -> dict:
    on = on or timezone.localdate()
    awaiting = awaiting_targets(user, on)
    counts = awaiting.order_by().aggregate(
        overdue=Count("pk", filter=Q(request__due_date__lt=on)),
        soon=Count("pk", filter=Q(request__due_date__gte=on, request__due_date__lte=on + datetime.timedelta(days=SOON_DAYS))),
    )
    return {"items": list(awaiting[:DASHBOARD_ITEMS]), **counts}


def owned_open_requests(user, on: datetime.date | None = None) -> list[RequestRow]:
    """Open requests sent by the user's own units, soonest due first, with their progress."""
    units = [m.unit_id for m in scope_of(user).memberships if m.role in EDITING_ROLES]
    requests = ReportRequest.objects.open().filter(owner_id__in=units).select_related("owner").order_by("due_date", "pk")
    return request_rows(user, requests[:DASHBOARD_ITEMS], on)
