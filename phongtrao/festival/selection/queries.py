"""Named reads of the site selection. Runs belong to the campaign's organisers: a run (and every
decision in it) is read only by those who may manage the campaign; anyone else gets a 404, as if
there were no selection at all (provinces see the decision on their own nomination's page)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from phongtrao.org.enums import TagKind
from phongtrao.org.models import Tag

from ..core import get_campaign
from ..enums import FINISHED_RUN_STATES, Pin, SiteKind
from ..models import Campaign, Nomination, SelectionDecision, SelectionRun
from ..permissions import can_manage_campaign
from .explain import CRITERIA, REASONS, reason_text
from .scoring import WEIGHT_KEYS, Settings


def get_campaign_for_selection(user, year: int) -> Campaign:
    """The campaign, for its organisers only (404 otherwise)."""
    campaign = get_campaign(year)
    if not can_manage_campaign(user, campaign):
        raise Http404
    return campaign


def get_run_for(user, campaign: Campaign, pk) -> SelectionRun:
    """One run of this campaign, for its organisers only (404 otherwise, and for another campaign's run)."""
    if not can_manage_campaign(user, campaign):
        raise Http404
    run = SelectionRun.objects.select_related("created_by", "adopted_by").filter(campaign=campaign, pk=pk).first()
    if run is None:
        raise Http404
    run.campaign = campaign
    return run


def latest_run(campaign: Campaign) -> SelectionRun | None:
    run = (
        SelectionRun.objects.select_related("created_by", "adopted_by")
        .filter(campaign=campaign)
        .order_by("-created_at", "-pk")
        .first()
    )
    if run is not None:
        run.campaign = campaign
    return run


def recent_runs(campaign: Campaign, limit: int = 10) -> list[SelectionRun]:
    return list(
        SelectionRun.objects.filter(campaign=campaign).select_related("created_by").order_by("-created_at", "-pk")[:limit]
    )


def pinned_nominations(campaign: Campaign) -> list[Nomination]:
    return list(
        Nomination.objects.filter(campaign=campaign)
        .exclude(pin=Pin.NONE)
        .select_related("province")
        .order_by("pin", "province__sort_key", "site_name", "pk")
    )


def is_finished(run: SelectionRun) -> bool:
    return run.status in FINISHED_RUN_STATES


def parameter_rows(parameters: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The weights and constraints a run used, as (label, value) rows in the reader's language."""
    from .forms import CONSTRAINTS

    try:
        settings = Settings.from_dict(parameters)
    except ValueError:
        return []
    rows: list[tuple[str, Any]] = [(str(CRITERIA[key]), settings.weight(key)) for key in WEIGHT_KEYS]
    rows += [(str(label), getattr(settings, name)) for name, label, *_rest in CONSTRAINTS]
    names = dict(Tag.objects.filter(kind=TagKind.REGION, code__in=settings.priority_regions).values_list("code", "name"))
    rows.append((_("Priority regions"), ", ".join(names.get(code, code) for code in settings.priority_regions) or "—"))
    for kind, label in SiteKind.choices:
        if kind in settings.kind_min:
            rows.append((_("At least this many sites of kind “%(kind)s”") % {"kind": label}, settings.kind_min[kind]))
        if kind in settings.kind_max_share:
            rows.append((_("Maximum share of kind “%(kind)s”") % {"kind": label}, f"{settings.kind_max_share[kind]}%"))
    return rows


# --- the result table ----------------------------------------------------------------------------

SELECTED = "in"
LEFT_OUT = "out"


def decisions_of(run: SelectionRun, filters: Mapping[str, Any] | None = None) -> QuerySet[SelectionDecision]:
    """The run's decisions, selected first then by rank, narrowed by the cleaned filters
    (status "in"/"out", province, reason, nomination)."""
    decisions = SelectionDecision.objects.filter(run=run)
    filters = filters or {}
    if filters.get("status") == SELECTED:
        decisions = decisions.filter(selected=True)
    elif filters.get("status") == LEFT_OUT:
        decisions = decisions.filter(selected=False)
    if filters.get("province"):
        decisions = decisions.filter(nomination__province=filters["province"])
    if filters.get("reason"):
        decisions = decisions.filter(reason=filters["reason"])
    if filters.get("nomination"):
        decisions = decisions.filter(nomination_id=filters["nomination"])
    return decisions.select_related("nomination__province", "nomination__region").order_by("-selected", "rank", "pk")


@dataclass
class DecisionRow:
    decision: SelectionDecision
    sentence: str
    parts: list[tuple[str, int]]
    reason_label: str


def decision_rows(decisions) -> list[DecisionRow]:
    """The rows of one page: the reason's sentence and the parts of the score, in the reader's language."""
    rows = []
    for d in decisions:
        parts = [(str(CRITERIA.get(key, key)), points) for key, points in d.parts.items()]
        rows.append(DecisionRow(d, reason_text(d.reason, d.detail), parts, str(REASONS.get(d.reason, d.reason))))
    return rows


# --- counts against the constraints ---------------------------------------------------------------


@dataclass
class CountRow:
    label: str
    count: int
    minimum: int | None = None
    maximum: int | None = None  # a number of sites
    share: int | None = None  # a maximum share in percent
    priority: bool = False

    @property
    def ok(self) -> bool:
        if self.minimum is not None and self.count < self.minimum:
            return False
        return not (self.maximum is not None and self.count > self.maximum)


@dataclass
class RunCounts:
    total: CountRow
    priority: CountRow
    provinces: list[CountRow] = field(default_factory=list)
    regions: list[CountRow] = field(default_factory=list)
    kinds: list[CountRow] = field(default_factory=list)


def run_counts(run: SelectionRun) -> RunCounts:
    """The selected sites by province, region and kind, beside the constraints the run used. Three
    queries, whatever the size of the run."""
    try:
        settings = Settings.from_dict(run.parameters)
    except ValueError:
        settings = Settings()
    chosen = SelectionDecision.objects.filter(run=run, selected=True).order_by()
    provinces = chosen.values("nomination__province__name", "nomination__province__sort_key").annotate(n=Count("pk"))
    regions = chosen.values("nomination__region__code", "nomination__region__name").annotate(n=Count("pk"))
    kinds = dict(chosen.values_list("nomination__kind").annotate(n=Count("pk")))
    region_rows = [
        CountRow(
            row["nomination__region__name"] or "—",
            row["n"],
            priority=row["nomination__region__code"] in settings.priority_regions,
        )
        for row in sorted(regions, key=lambda row: row["nomination__region__name"] or "\uffff")
    ]
    total = sum(kinds.values())
    return RunCounts(
        total=CountRow("", total, minimum=settings.min_sites, maximum=settings.max_sites),
        priority=CountRow("", sum(r.count for r in region_rows if r.priority), minimum=settings.min_priority),
        provinces=[
            CountRow(row["nomination__province__name"], row["n"], maximum=settings.max_per_province)
            for row in sorted(provinces, key=lambda row: row["nomination__province__sort_key"])
        ],
        regions=region_rows,
        kinds=[
            CountRow(
                str(label),
                kinds.get(kind, 0),
                minimum=settings.kind_min.get(kind) or None,
                share=settings.kind_max_share.get(kind),
                maximum=(settings.kind_max_share[kind] * total // 100) if kind in settings.kind_max_share else None,
            )
            for kind, label in SiteKind.choices
        ],
    )
