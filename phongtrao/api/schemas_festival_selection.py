"""Schemas of the site-selection endpoints (routers/festival_selection.py)."""

import datetime

from ninja import Field, Schema

from phongtrao.festival.enums import RunStatus, SiteKind
from phongtrao.festival.selection.scoring import MAX_CAP, MAX_SITES_LIMIT, MAX_WEIGHT


class WeightsIn(Schema):
    """Points per criterion; a criterion left out keeps the campaign's weight."""

    ethnic_minority: int | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Full points at a 100% ethnic-minority share, in proportion below"
    )
    border: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    island: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    religious: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    security: int | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Per level above “stable” (complex 1×, especially complex 2×)"
    )
    movement_excellent: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="Last year's movement rated excellent")
    movement_good: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="Last year's movement rated good")
    models: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="Per model in place, up to constraints.models_cap models")
    priority_region: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    years_since_hosted: int | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Per year since it last hosted national leaders, up to constraints.years_cap years"
    )


class ConstraintsIn(Schema):
    """Constraints; one left out keeps the campaign's value."""

    min_sites: int | None = Field(None, ge=1, le=MAX_SITES_LIMIT)
    max_sites: int | None = Field(None, ge=1, le=MAX_SITES_LIMIT)
    max_per_province: int | None = Field(None, ge=1, le=MAX_SITES_LIMIT, description="K: at most this many sites per province")
    min_priority: int | None = Field(None, ge=0, le=MAX_SITES_LIMIT, description="M: at least this many in the priority regions")
    priority_regions: list[str] | None = Field(None, description="Codes of region tags, e.g. tay-bac, tay-nguyen, tay-nam-bo")
    recent_years: int | None = Field(
        None,
        ge=0,
        le=MAX_CAP,
        description="Y: no site that hosted national leaders in the Y years before the campaign (0: no rule)",
    )
    models_cap: int | None = Field(None, ge=0, le=MAX_CAP)
    years_cap: int | None = Field(None, ge=0, le=MAX_CAP)
    kind_min: dict[SiteKind, int] | None = Field(
        None, description="At least this many sites of each kind (replaces the campaign's)"
    )
    kind_max_share: dict[SiteKind, int] | None = Field(
        None, description="At most this percentage of the selected sites of each kind (replaces the campaign's)"
    )


class SelectionIn(Schema):
    weights: WeightsIn | None = None
    constraints: ConstraintsIn | None = None


class DecisionOut(Schema):
    nomination_id: int
    site_name: str
    province: str
    region: str | None = Field(description="Code of the region tag")
    kind: SiteKind
    rank: int = Field(description="By score, then by nomination id (1 = best)")
    score: int
    parts: dict[str, int] = Field(description="Points per criterion; they add up to the score")
    reason: str = Field(description="Code of the reason")
    reason_text: str = Field(description="The reason in words, in the caller's language")


class ProblemOut(Schema):
    code: str
    message: str


class SelectionRunOut(Schema):
    id: int
    year: int
    status: RunStatus
    progress: int = Field(description="Percent, 0-100")
    candidates: int
    considered: int = Field(description="Candidates given to CP-SAT after the pruning that keeps optimality")
    selected_count: int
    objective: int | None = Field(description="Total score of the selection")
    solve_seconds: float | None
    parameters: dict = Field(description="The weights and constraints used")
    pins: dict = Field(description="Nomination ids pinned in and out when the run started")
    problems: list[ProblemOut] = Field(description="Why no selection meets the constraints (empty otherwise)")
    selected: list[DecisionOut] = Field(description="The selected sites, best ranked first")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    adopted_at: datetime.datetime | None
