"""Named reads of the leaders' schedule: which sites are on it, the schedule as solver data, and
the board the schedule page shows.

Which sites need a leader: every national showcase site (level "national"), and every other site
that asks for a leader's rank (required_rank set). A national site without a rank of its own needs
settings.FESTIVAL_NATIONAL_SITE_RANK (default: rank 2, Deputy Minister or equivalent). A site that
already has an attendance stays on the schedule whatever its level, so nothing scheduled is hidden.

Who sees what: the organisers (permissions.can_manage_campaign) see every site of the schedule with
its clashes and the reasons a site has no leader; anyone else sees the sites of the schedule their
unit tree lets them see (Site.objects.visible_to), with the leader and day, read-only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404

from ..enums import AssignmentSource, LeaderRank, SiteLevel
from ..models import Campaign, Leader, LeaderAssignment, LeaderAvailability, Site
from ..permissions import can_manage_campaign
from .clashes import Clash, clashes_of_site, find_clashes
from .days import days_text
from .solver import LeaderSpec, Placement, Problem, SiteSpec, Uncovered, explain

SITE_RELATED = ("area", "province", "region", "unit", "leader_assignment__leader")


def national_site_rank() -> int:
    return int(getattr(settings, "FESTIVAL_NATIONAL_SITE_RANK", LeaderRank.TIER_2))


def required_rank(site: Site) -> int:
    if site.required_rank:
        return site.required_rank
    return national_site_rank() if site.level == SiteLevel.NATIONAL else LeaderRank.TIER_1


def needs_leader(site: Site) -> bool:
    return site.level == SiteLevel.NATIONAL or site.required_rank is not None


def on_schedule(campaign: Campaign):
    return Site.objects.filter(campaign=campaign).filter(
        Q(level=SiteLevel.NATIONAL) | Q(required_rank__isnull=False) | Q(leader_assignment__isnull=False)
    )


def sites_for(user, campaign: Campaign):
    """The schedule's sites this user may see: all of them for the organisers."""
    sites = on_schedule(campaign)
    return sites if can_manage_campaign(user, campaign) else sites.visible_to(user)


def get_site_for(user, campaign: Campaign, pk) -> Site:
    return get_object_or_404(sites_for(user, campaign).select_related(*SITE_RELATED), pk=pk)


def get_leader(pk) -> Leader:
    return get_object_or_404(Leader, pk=pk)


def availability_of(campaign: Campaign, leader: Leader) -> LeaderAvailability | None:
    return LeaderAvailability.objects.filter(campaign=campaign, leader=leader).first()


def region_key(site: Site) -> tuple[str, str]:
    """The travel region of a site, and its name: the region tag, or the province if it has none."""
    if site.region_id is not None:
        return f"r{site.region_id}", site.region.name  # type: ignore[union-attr]
    return f"p{site.province_id}", site.province.name


def site_spec(site: Site) -> SiteSpec:
    region, region_name = region_key(site)
    return SiteSpec(
        id=site.pk,
        name=site.name,
        region=region,
        region_name=region_name,
        proposed=site.date,
        required_rank=required_rank(site),
        earliest=site.earliest,
        latest=site.latest,
    )


def leader_spec(leader: Leader, availability: LeaderAvailability | None) -> LeaderSpec:
    if availability is None:
        return LeaderSpec(id=leader.pk, name=leader.full_name, rank=leader.rank, max_sites=0, active=leader.is_active)
    return LeaderSpec(
        id=leader.pk,
        name=leader.full_name,
        rank=leader.rank,
        days=frozenset(availability.day_set()),
        max_sites=availability.max_sites,
        preferred_regions=frozenset(f"r{tag.pk}" for tag in availability.preferred_regions.all()),
        preferred_sites=frozenset(site.pk for site in availability.preferred_sites.all()),
        active=leader.is_active,
    )


def placement_of(assignment: LeaderAssignment) -> Placement:
    manual = assignment.source == AssignmentSource.MANUAL
    return Placement(site=assignment.site_id, leader=assignment.leader_id, day=assignment.day, fixed=manual)


def _attendance(site: Site) -> LeaderAssignment | None:
    try:
        return site.leader_assignment
    except LeaderAssignment.DoesNotExist:
        return None


@dataclass
class Schedule:
    """The whole schedule of a campaign as the solver and the clash check see it (five queries)."""

    campaign: Campaign
    sites: list[Site]
    leaders: list[Leader]
    availabilities: dict[int, LeaderAvailability]

    @classmethod
    def load(cls, campaign: Campaign) -> Schedule:
        sites = on_schedule(campaign).select_related(*SITE_RELATED)
        availabilities = LeaderAvailability.objects.filter(campaign=campaign).prefetch_related(
            "preferred_regions", "preferred_sites"
        )
        return cls(
            campaign=campaign,
            sites=list(sites),
            leaders=list(Leader.objects.all()),
            availabilities={a.leader_id: a for a in availabilities},
        )

    def attendance(self, site: Site) -> LeaderAssignment | None:
        return _attendance(site)

    @cached_property
    def assignments(self) -> list[LeaderAssignment]:
        return [a for a in (_attendance(site) for site in self.sites) if a is not None]

    def problem(self, *, time_limit: float = 20.0) -> Problem:
        campaign = self.campaign
        return Problem(
            window_start=campaign.window_start,
            window_end=campaign.window_end,
            travel_days=campaign.travel_days,
            sites=tuple(site_spec(site) for site in self.sites if needs_leader(site) or _attendance(site)),
            leaders=tuple(leader_spec(leader, self.availabilities.get(leader.pk)) for leader in self.leaders),
            fixed=tuple(p for p in self.placements() if p.fixed),
            time_limit=time_limit,
        )

    def placements(self, *, replace: Placement | None = None, without: int | None = None) -> list[Placement]:
        """The current placements; `replace` puts one site's proposed placement in, `without` drops a site."""
        result = [placement_of(a) for a in self.assignments]
        if replace is not None or without is not None:
            dropped = {replace.site if replace else None, without}
            result = [p for p in result if p.site not in dropped]
        if replace is not None:
            result.append(replace)
        return result

    def clashes(self, placements: list[Placement] | None = None) -> list[Clash]:
        return find_clashes(self.problem(), self.placements() if placements is None else placements)

    def uncovered(self) -> dict[int, Uncovered]:
        return {u.site: u for u in explain(self.problem(), self.placements())}


# --- the board of the schedule page and its export -----------------------------------------------


@dataclass
class Row:
    site: Site
    assignment: LeaderAssignment | None
    required_rank: int
    clashes: list[Clash] = field(default_factory=list)
    reason: Uncovered | None = None
    site_feed: str = ""
    leader_feed: str = ""

    @property
    def rank_label(self) -> str:
        return str(LeaderRank(self.required_rank).label) if self.required_rank in LeaderRank.values else str(self.required_rank)

    @property
    def hard(self) -> bool:
        return any(clash.hard for clash in self.clashes)


@dataclass
class Board:
    campaign: Campaign
    manage: bool
    days: list[tuple[datetime.date, list[Row]]]
    unassigned: list[Row]
    clashes: list[Clash]

    @property
    def rows(self) -> list[Row]:
        return [row for _day, rows in self.days for row in rows]

    @property
    def total(self) -> int:
        return len(self.rows) + len(self.unassigned)

    @property
    def assigned(self) -> int:
        return len(self.rows)


def board_for(user, campaign: Campaign) -> Board:
    manage = can_manage_campaign(user, campaign)
    clashes: list[Clash] = []
    reasons: dict[int, Uncovered] = {}
    if manage:
        schedule = Schedule.load(campaign)
        sites = schedule.sites
        clashes = schedule.clashes()
        reasons = schedule.uncovered()
    else:
        sites = list(sites_for(user, campaign).select_related(*SITE_RELATED))
    by_day: dict[datetime.date, list[Row]] = defaultdict(list)
    unassigned: list[Row] = []
    for site in sites:
        assignment = _attendance(site)
        row = Row(site=site, assignment=assignment, required_rank=required_rank(site), clashes=clashes_of_site(clashes, site.pk))
        if assignment is None:
            row.reason = reasons.get(site.pk)
            unassigned.append(row)
        else:
            by_day[assignment.day].append(row)
    days = [(day, sorted(rows, key=lambda r: (r.site.province.sort_key, r.site.name, r.site.pk))) for day, rows in by_day.items()]
    unassigned.sort(key=lambda r: (r.site.date, r.site.province.sort_key, r.site.name, r.site.pk))
    days.sort(key=lambda item: item[0])
    return Board(campaign=campaign, manage=manage, days=days, unassigned=unassigned, clashes=clashes)


# --- the leaders page ----------------------------------------------------------------------------


@dataclass
class LeaderRow:
    leader: Leader
    availability: LeaderAvailability | None
    assignments: list[LeaderAssignment]
    feed: str = ""

    @property
    def days_text(self) -> str:
        return days_text(self.availability.day_set()) if self.availability else ""


def leader_rows(campaign: Campaign) -> list[LeaderRow]:
    """Every leader with their availability and attendances in this campaign (five queries)."""
    availabilities = {
        a.leader_id: a
        for a in LeaderAvailability.objects.filter(campaign=campaign).prefetch_related("preferred_regions", "preferred_sites")
    }
    attendances: dict[int, list[LeaderAssignment]] = defaultdict(list)
    for assignment in LeaderAssignment.objects.filter(campaign=campaign).select_related("site").order_by("day", "pk"):
        attendances[assignment.leader_id].append(assignment)
    return [LeaderRow(leader, availabilities.get(leader.pk), attendances[leader.pk]) for leader in Leader.objects.all()]
