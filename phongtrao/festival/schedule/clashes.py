"""Every clash in a schedule, each with a sentence in the active language.

Hard clashes make a schedule impossible (a leader cannot be at two sites on one day, cannot come
on a day they are not free, must hold the site's rank, and the festival is held inside the
campaign's window); a hand edit that causes one is refused. Soft clashes are warnings the
organisers may accept knowingly (a short travel gap when a leader flies, a date outside the
range the host proposed, one site more than the leader said): a hand edit that causes one is
saved and the clash stays highlighted on the schedule.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from .solver import LeaderSpec, Placement, Problem, SiteSpec, rank_label


class Kind(StrEnum):
    SAME_DAY = "same_day"
    TRAVEL = "travel"
    UNAVAILABLE = "unavailable"
    OUTSIDE_WINDOW = "outside_window"
    OUTSIDE_SITE_DATES = "outside_site_dates"
    RANK = "rank"
    OVER_MAX = "over_max"


HARD = frozenset({Kind.SAME_DAY, Kind.UNAVAILABLE, Kind.OUTSIDE_WINDOW, Kind.RANK})
# The field of the hand-edit form a hard clash is reported on.
FIELD = {Kind.RANK: "leader"}


@dataclass(frozen=True)
class Clash:
    kind: Kind
    leader: int
    sites: tuple[int, ...]
    day: datetime.date | None
    message: str

    @property
    def hard(self) -> bool:
        return self.kind in HARD

    @property
    def field(self) -> str:
        return FIELD.get(self.kind, "day")


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _unknown_leader(leader_id: int) -> LeaderSpec:
    return LeaderSpec(id=leader_id, name=f"#{leader_id}", rank=0)


def find_clashes(problem: Problem, placements: Iterable[Placement]) -> list[Clash]:
    """All clashes of the placements, ordered by day. Sites and leaders are looked up in the
    problem; a leader missing from it has no free day and no rank."""
    sites: dict[int, SiteSpec] = {site.id: site for site in problem.sites}
    leaders: dict[int, LeaderSpec] = {leader.id: leader for leader in problem.leaders}
    placements = [p for p in placements if p.site in sites]
    clashes: list[Clash] = []
    by_leader: dict[int, list[Placement]] = defaultdict(list)
    for placement in sorted(placements, key=lambda p: (p.day, p.site)):
        by_leader[placement.leader].append(placement)
        clashes.extend(_own_clashes(problem, sites[placement.site], leaders.get(placement.leader), placement))
    for leader_id, own in by_leader.items():
        leader = leaders.get(leader_id) or _unknown_leader(leader_id)
        clashes.extend(_same_day(leader, own, sites))
        clashes.extend(_travel(problem, leader, own, sites))
        if leader.days and len(own) > leader.max_sites:  # no availability at all is reported day by day
            clashes.append(
                Clash(
                    kind=Kind.OVER_MAX,
                    leader=leader.id,
                    sites=tuple(p.site for p in own),
                    day=None,
                    message=_("%(leader)s is scheduled at %(count)s sites, more than the %(max)s they can attend.")
                    % {"leader": leader.name, "count": len(own), "max": leader.max_sites},
                )
            )
    return sorted(clashes, key=lambda c: (c.day or datetime.date.max, c.leader, c.sites, c.kind))


def _own_clashes(problem: Problem, site: SiteSpec, leader: LeaderSpec | None, placement: Placement) -> list[Clash]:
    leader = leader or _unknown_leader(placement.leader)
    day = placement.day
    found = []

    def add(kind: Kind, message: str) -> None:
        found.append(Clash(kind=kind, leader=leader.id, sites=(site.id,), day=day, message=message))

    if not problem.window_start <= day <= problem.window_end:
        add(
            Kind.OUTSIDE_WINDOW,
            _("%(day)s, the day of %(site)s, lies outside the campaign's window (%(start)s to %(end)s).")
            % {"day": _date(day), "site": site.name, "start": _date(problem.window_start), "end": _date(problem.window_end)},
        )
    elif (site.earliest and day < site.earliest) or (site.latest and day > site.latest):
        start, end = problem.site_range(site)
        add(
            Kind.OUTSIDE_SITE_DATES,
            _("%(day)s lies outside the dates %(site)s can hold the festival (%(start)s to %(end)s).")
            % {"day": _date(day), "site": site.name, "start": _date(start), "end": _date(end)},
        )
    if day not in leader.days:
        add(
            Kind.UNAVAILABLE,
            _("%(leader)s is not available on %(day)s (%(site)s).")
            % {"leader": leader.name, "day": _date(day), "site": site.name},
        )
    if leader.rank < site.required_rank:
        add(
            Kind.RANK,
            _("%(leader)s does not hold the rank %(site)s needs (“%(rank)s” or higher).")
            % {"leader": leader.name, "site": site.name, "rank": rank_label(site.required_rank)},
        )
    return found


def _same_day(leader: LeaderSpec, own: list[Placement], sites: dict[int, SiteSpec]) -> list[Clash]:
    by_day: dict[datetime.date, list[Placement]] = defaultdict(list)
    for placement in own:
        by_day[placement.day].append(placement)
    return [
        Clash(
            kind=Kind.SAME_DAY,
            leader=leader.id,
            sites=tuple(p.site for p in same),
            day=day,
            message=_("%(leader)s is scheduled at %(count)s sites on the same day, %(day)s: %(sites)s.")
            % {
                "leader": leader.name,
                "count": len(same),
                "day": _date(day),
                "sites": ", ".join(sites[p.site].name for p in same),
            },
        )
        for day, same in by_day.items()
        if len(same) > 1
    ]


def _travel(problem: Problem, leader: LeaderSpec, own: list[Placement], sites: dict[int, SiteSpec]) -> list[Clash]:
    """Consecutive attendances in different regions with fewer free days between them than the
    campaign's travel days (checking consecutive pairs is enough: any two sites in different
    regions have a change of region between them no further apart)."""
    found = []
    for before, after in itertools.pairwise(own):
        first, second = sites[before.site], sites[after.site]
        free = (after.day - before.day).days - 1
        if first.region == second.region or free < 0 or free >= problem.travel_days:
            continue
        found.append(
            Clash(
                kind=Kind.TRAVEL,
                leader=leader.id,
                sites=(first.id, second.id),
                day=after.day,
                message=_(
                    "%(leader)s goes from %(first)s (%(first_region)s) on %(first_day)s to %(second)s (%(second_region)s) "
                    "on %(second_day)s with %(free)s free days between them; travel between regions needs %(needed)s."
                )
                % {
                    "leader": leader.name,
                    "first": first.name,
                    "first_region": first.region_name,
                    "first_day": _date(before.day),
                    "second": second.name,
                    "second_region": second.region_name,
                    "second_day": _date(after.day),
                    "free": free,
                    "needed": problem.travel_days,
                },
            )
        )
    return found


def clashes_of_site(clashes: Iterable[Clash], site_id: int) -> list[Clash]:
    return [clash for clash in clashes if site_id in clash.sites]
