"""Named reads of schemes: scoped fetches that answer 404, and schemes with their projected schedule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from . import schedule
from .models import Phase, PhaseDocument, Scheme


def get_scheme_for(user, pk) -> Scheme:
    return get_object_or_404(Scheme.objects.visible_to(user).select_related("owner", "lead", "created_by"), pk=pk)


def get_phase_for(user, pk) -> Phase:
    return get_object_or_404(
        Phase.objects.filter(scheme__in=Scheme.objects.visible_to(user)).select_related("scheme__owner", "owner_unit"), pk=pk
    )


def get_document_for(user, pk) -> PhaseDocument:
    return get_object_or_404(
        PhaseDocument.objects.filter(phase__scheme__in=Scheme.objects.visible_to(user)).select_related("phase"), pk=pk
    )


@dataclass(frozen=True)
class SchemeRow:
    scheme: Scheme
    summary: schedule.SchemeSummary

    @property
    def slipping(self) -> bool:
        return self.scheme.is_active and self.summary.slipping


def with_phases(queryset):
    return queryset.select_related("owner", "lead").prefetch_related(
        Prefetch("phases", queryset=Phase.objects.select_related("owner_unit").order_by("order"))
    )


def summarise(schemes, today: datetime.date | None = None) -> list[SchemeRow]:
    """Each scheme (phases prefetched) with its projected schedule as of today (3 queries for any number)."""
    today = today or timezone.localdate()
    predicate, _real = schedule.default_calendar()
    return [
        SchemeRow(s, schedule.summarise(schedule.projected_schedule(list(s.phases.all()), today, is_working_day=predicate)))
        for s in schemes
    ]


def schemes_for(user, state: str = ""):
    schemes = Scheme.objects.visible_to(user)
    if state:
        schemes = schemes.filter(state=state)
    return with_phases(schemes)


def slipping_schemes(user, today: datetime.date | None = None) -> tuple[int, list[SchemeRow]]:
    """Active schemes the user may see, and those of them with a phase projected past its deadline.

    Schemes are few (tens per unit), so the projection is computed for all active ones in Python."""
    rows = summarise(with_phases(Scheme.objects.visible_to(user).active()), today)
    return len(rows), [row for row in rows if row.slipping]


@dataclass(frozen=True)
class PhaseView:
    projection: schedule.Projection
    documents: list[PhaseDocument]
    required: list[tuple[str, list[PhaseDocument]]]  # each required kind with its documents
    others: list[PhaseDocument]

    @property
    def phase(self) -> Phase:
        return self.projection.phase

    @property
    def missing(self) -> list[str]:
        return [kind for kind, docs in self.required if not docs]


def scheme_phases(scheme: Scheme, today: datetime.date | None = None) -> tuple[list[PhaseView], schedule.SchemeSummary, bool]:
    """The scheme's phases with their projection and documents (2 queries), the summary, and whether
    durations are counted in working days (True) or plain days."""
    today = today or timezone.localdate()
    predicate, working_days = schedule.default_calendar()
    phases = list(
        scheme.phases.select_related("owner_unit", "owner_person")
        .prefetch_related(Prefetch("documents", queryset=PhaseDocument.objects.select_related("uploaded_by")))
        .order_by("order")
    )
    for phase in phases:
        phase.scheme = scheme
    projections = schedule.projected_schedule(phases, today, is_working_day=predicate)
    views = []
    for projection in projections:
        documents = list(projection.phase.documents.all())
        required = [(kind, [d for d in documents if d.kind == kind]) for kind in projection.phase.required_documents]
        known = set(projection.phase.required_documents)
        views.append(PhaseView(projection, documents, required, [d for d in documents if d.kind not in known]))
    return views, schedule.summarise(projections), working_days
