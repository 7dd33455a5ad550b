"""The leaders' schedule as a CP-SAT model: plain data in, plain data out (no database here).

Which sites are on the schedule, and with which rank, is decided by the caller
(festival.schedule.queries: every national showcase site, and every other site that asks for a
rank). Each site gets at most one leader and one day such that:

- the day lies in the campaign's window and in the site's own earliest/latest range;
- the day is one of the leader's available days, and the leader's rank is at least the site's;
- a leader attends at most one site a day and at most `max_sites` sites in the campaign;
- two sites of one leader in different regions (a site without a region counts as a region of
  its own province) have at least `travel_days` free days between them;
- placements fixed by hand (source "manual") stay as they are: the solver plans around them
  (their leader's day is taken, travel gaps are kept from them, they count towards max_sites)
  but does not check them against each other; festival.schedule.clashes reports their clashes.

The objective is lexicographic: first the number of sites covered, then the preferences (the
site's current date, dates close to it, the leader's preferred regions and sites). A single
search worker with a fixed seed makes the answer the same for the same data. Sites left
uncovered get a reason (`Uncovered.message`, in the active language).
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from ..enums import LeaderRank

NEAR_DAYS = 3  # a day this close to the site's current date still earns a smaller preference


@dataclass(frozen=True)
class SiteSpec:
    id: int
    name: str
    region: str  # "r<tag id>" for a region tag, "p<province id>" when the site lies in no region
    region_name: str
    proposed: datetime.date  # the site's date now: keeping it is preferred
    required_rank: int = LeaderRank.TIER_1
    earliest: datetime.date | None = None
    latest: datetime.date | None = None


@dataclass(frozen=True)
class LeaderSpec:
    id: int
    name: str
    rank: int
    days: frozenset[datetime.date] = frozenset()
    max_sites: int = 3
    preferred_regions: frozenset[str] = frozenset()
    preferred_sites: frozenset[int] = frozenset()
    active: bool = True


@dataclass(frozen=True)
class Placement:
    site: int
    leader: int
    day: datetime.date
    fixed: bool = False


@dataclass(frozen=True)
class Weights:
    """Points of one placement; covering one more site always outweighs all of them together."""

    proposed_date: int = 4
    near_date: int = 2
    preferred_region: int = 2
    preferred_site: int = 3

    @property
    def best(self) -> int:
        return max(self.proposed_date, self.near_date) + self.preferred_region + self.preferred_site


@dataclass(frozen=True)
class Problem:
    window_start: datetime.date
    window_end: datetime.date
    travel_days: int
    sites: tuple[SiteSpec, ...]
    leaders: tuple[LeaderSpec, ...]
    fixed: tuple[Placement, ...] = ()
    weights: Weights = field(default_factory=Weights)
    time_limit: float = 20.0

    def site_range(self, site: SiteSpec) -> tuple[datetime.date, datetime.date]:
        start = max(self.window_start, site.earliest or self.window_start)
        end = min(self.window_end, site.latest or self.window_end)
        return start, end

    def allowed_days(self, site: SiteSpec) -> list[datetime.date]:
        start, end = self.site_range(site)
        return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # the time limit stopped the search before optimality was proven
    FAILED = "failed"


class Reason(StrEnum):
    NO_DAY = "no_day"
    NO_RANK = "no_rank"
    NO_AVAILABLE = "no_available"
    BUSY = "busy"


def rank_label(rank: int) -> str:
    try:
        return str(LeaderRank(rank).label)
    except ValueError:
        return str(rank)


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Uncovered:
    site: int
    reason: Reason
    start: datetime.date
    end: datetime.date
    required_rank: int
    candidates: int = 0  # leaders who could come on an allowed day, were it not for the other sites
    full: int = 0  # of them, those who already attend as many sites as they can

    @property
    def message(self) -> str:
        span = {"start": _date(self.start), "end": _date(self.end), "count": self.candidates, "full": self.full}
        if self.reason == Reason.NO_DAY:
            return _("No day is left for this site: its allowed dates do not overlap the campaign's window.")
        if self.reason == Reason.NO_RANK:
            return _("No active leader holds the rank this site needs (“%(rank)s” or higher).") % {
                "rank": rank_label(self.required_rank)
            }
        if self.reason == Reason.NO_AVAILABLE:
            return _("No leader of the rank this site needs is available on any day from %(start)s to %(end)s.") % span
        if self.full == self.candidates:
            return (
                _(
                    "Every leader of the right rank available from %(start)s to %(end)s (%(count)s) "
                    "already attends as many sites as they can."
                )
                % span
            )
        if not self.full:
            return (
                _(
                    "Every leader of the right rank available from %(start)s to %(end)s (%(count)s) is taken at another "
                    "site on those days or would lack the days to travel between regions."
                )
                % span
            )
        return (
            _(
                "Of the leaders of the right rank available from %(start)s to %(end)s (%(count)s), %(full)s already "
                "attend as many sites as they can; the others are taken at other sites on those days or would lack "
                "the days to travel between regions."
            )
            % span
        )


@dataclass(frozen=True)
class Result:
    status: Status
    placements: tuple[Placement, ...]  # the fixed ones too, ordered by day and site
    uncovered: tuple[Uncovered, ...]
    solve_seconds: float
    covered: int  # sites placed, fixed ones included
    preference: int  # points of the solver's own placements

    def placement_of(self, site_id: int) -> Placement | None:
        return next((p for p in self.placements if p.site == site_id), None)


def preference(problem: Problem, site: SiteSpec, leader: LeaderSpec, day: datetime.date) -> int:
    weights = problem.weights
    points = 0
    gap = abs((day - site.proposed).days)
    if gap == 0:
        points += weights.proposed_date
    elif gap <= NEAR_DAYS:
        points += weights.near_date
    if site.region in leader.preferred_regions:
        points += weights.preferred_region
    if site.id in leader.preferred_sites:
        points += weights.preferred_site
    return points


def _candidates(problem: Problem, site: SiteSpec) -> list[tuple[LeaderSpec, datetime.date]]:
    """(leader, day) pairs that satisfy the site's own rules, ignoring every other site."""
    days = problem.allowed_days(site)
    pairs: list[tuple[LeaderSpec, datetime.date]] = []
    for leader in sorted(problem.leaders, key=lambda item: item.id):
        if not leader.active or leader.rank < site.required_rank or leader.max_sites <= 0:
            continue
        pairs.extend((leader, day) for day in days if day in leader.days)
    return pairs


def explain(problem: Problem, placements: Iterable[Placement]) -> tuple[Uncovered, ...]:
    """Why each site of the problem without a placement has no leader."""
    placed: set[int] = set()
    attending: dict[int, int] = defaultdict(int)
    for placement in placements:
        placed.add(placement.site)
        attending[placement.leader] += 1
    result = []
    for site in sorted(problem.sites, key=lambda item: (item.proposed, item.id)):
        if site.id in placed:
            continue
        start, end = problem.site_range(site)
        reason = Reason.BUSY
        candidates: dict[int, LeaderSpec] = {}
        full: set[int] = set()
        if start > end:
            reason = Reason.NO_DAY
        elif not any(leader.active and leader.rank >= site.required_rank for leader in problem.leaders):
            reason = Reason.NO_RANK
        else:
            candidates = {leader.id: leader for leader, _day in _candidates(problem, site)}
            full = {pk for pk, leader in candidates.items() if attending[pk] >= leader.max_sites}
            if not candidates:
                reason = Reason.NO_AVAILABLE
        result.append(
            Uncovered(
                site=site.id,
                reason=reason,
                start=start,
                end=end,
                required_rank=site.required_rank,
                candidates=len(candidates),
                full=len(full),
            )
        )
    return tuple(result)


def _blocked(problem: Problem, site: SiteSpec, day: datetime.date, taken: list[tuple[datetime.date, str]]) -> bool:
    """Whether a fixed placement of the same leader rules this (site, day) out."""
    for fixed_day, fixed_region in taken:
        gap = abs((day - fixed_day).days)
        if gap == 0 or (fixed_region != site.region and gap <= problem.travel_days):
            return True
    return False


def solve(problem: Problem) -> Result:
    started = time.perf_counter()
    sites = {site.id: site for site in problem.sites}
    leaders = {leader.id: leader for leader in problem.leaders}
    fixed = tuple(p for p in problem.fixed if p.site in sites)
    fixed_sites = {p.site for p in fixed}
    taken: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for placement in fixed:
        taken[placement.leader].append((placement.day, sites[placement.site].region))

    model = cp_model.CpModel()
    x: dict[tuple[int, int, datetime.date], cp_model.IntVar] = {}
    points: dict[tuple[int, int, datetime.date], int] = {}
    for site in sorted(problem.sites, key=lambda item: item.id):
        if site.id in fixed_sites:
            continue
        for leader, day in _candidates(problem, site):
            if leader.max_sites - len(taken[leader.id]) <= 0 or _blocked(problem, site, day, taken[leader.id]):
                continue
            key = (site.id, leader.id, day)
            x[key] = model.new_bool_var(f"x_{site.id}_{leader.id}_{day:%Y%m%d}")
            points[key] = preference(problem, site, leader, day)

    by_site: dict[int, list] = defaultdict(list)
    by_leader: dict[int, list] = defaultdict(list)
    by_leader_day: dict[tuple[int, datetime.date], list] = defaultdict(list)
    by_leader_day_region: dict[tuple[int, datetime.date, str], list] = defaultdict(list)
    for (site_id, leader_id, day), var in x.items():
        by_site[site_id].append(var)
        by_leader[leader_id].append(var)
        by_leader_day[leader_id, day].append(var)
        by_leader_day_region[leader_id, day, sites[site_id].region].append(var)
    for variables in by_site.values():
        model.add_at_most_one(variables)
    for variables in by_leader_day.values():
        model.add_at_most_one(variables)
    for leader_id, variables in by_leader.items():
        cap = leaders[leader_id].max_sites - len(taken[leader_id])
        if cap < len(variables):
            model.add(sum(variables) <= cap)
    _travel(problem, model, by_leader_day_region)

    weight = 1 + problem.weights.best * len(by_site)
    model.maximize(sum((weight + points[key]) * var for key, var in x.items()))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = problem.time_limit
    code = solver.solve(model)
    if code == cp_model.OPTIMAL:
        status = Status.OPTIMAL
    elif code == cp_model.FEASIBLE:
        status = Status.FEASIBLE
    else:
        status = Status.FAILED
    chosen = [] if status == Status.FAILED else [key for key, var in x.items() if solver.boolean_value(var)]
    placements = sorted(
        [*fixed, *(Placement(site=s, leader=leader, day=day) for s, leader, day in chosen)],
        key=lambda p: (p.day, p.site),
    )
    return Result(
        status=status,
        placements=tuple(placements),
        uncovered=explain(problem, placements),
        solve_seconds=time.perf_counter() - started,
        covered=len(placements),
        preference=sum(points[key] for key in chosen),
    )


def _travel(problem: Problem, model: cp_model.CpModel, by_leader_day_region: dict) -> None:
    """A leader in region r on day d is in no other region on days d+1 … d+travel_days:
    later + T·here ≤ T (at most one site a day, so `later` never exceeds T)."""
    gap = problem.travel_days
    if gap <= 0:
        return
    by_leader: dict[int, dict[datetime.date, dict[str, list]]] = defaultdict(lambda: defaultdict(dict))
    for (leader_id, day, region), variables in by_leader_day_region.items():
        by_leader[leader_id][day][region] = variables
    for days in by_leader.values():
        for day, regions in days.items():
            for region, here in regions.items():
                later = [
                    var
                    for offset in range(1, gap + 1)
                    for other, variables in days.get(day + datetime.timedelta(days=offset), {}).items()
                    if other != region
                    for var in variables
                ]
                if later:
                    model.add(sum(later) + gap * sum(here) <= gap)
