"""The leaders' schedule solver on plain data: no clash, every coverable site covered, optimal
against exhaustive search on small instances, hand-set attendances kept, travel gaps kept."""

import datetime
import itertools
import random

import pytest

from phongtrao.festival.schedule.clashes import find_clashes
from phongtrao.festival.schedule.solver import LeaderSpec, Placement, Problem, Reason, SiteSpec, Status, preference, solve

START = datetime.date(2023, 7, 1)


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def site(pk, region="r1", proposed=0, rank=1, earliest=None, latest=None):
    return SiteSpec(
        id=pk,
        name=f"Điểm {pk}",
        region=region,
        region_name=region,
        proposed=day(proposed),
        required_rank=rank,
        earliest=earliest,
        latest=latest,
    )


def leader(pk, days, rank=3, max_sites=3, regions=(), sites=()):
    return LeaderSpec(
        id=pk,
        name=f"Lãnh đạo {pk}",
        rank=rank,
        days=frozenset(day(n) for n in days),
        max_sites=max_sites,
        preferred_regions=frozenset(regions),
        preferred_sites=frozenset(sites),
    )


def problem(sites, leaders, travel=1, fixed=(), length=50):
    return Problem(
        window_start=START,
        window_end=day(length - 1),
        travel_days=travel,
        sites=tuple(sites),
        leaders=tuple(leaders),
        fixed=tuple(fixed),
        time_limit=30,
    )


# --- generated instances with a planted schedule ------------------------------------------------


def planted_instance(seed: int, n_sites=30, n_leaders=12, n_days=50, travel=2):
    """30 sites, 12 leaders, 50 days, 3 regions. A valid schedule covering the coverable sites is
    planted first, so the optimum must cover all of them; a few sites are made uncoverable on
    purpose (a rank nobody holds, or a date nobody is free)."""
    rng = random.Random(seed)
    regions = ["tay-bac", "tay-nguyen", "tay-nam-bo"]
    dead_day = n_days - 1  # nobody is free on the last day
    ranks = {pk: rng.choice([2, 3]) for pk in range(1, n_leaders + 1)}
    max_sites = {pk: rng.randint(2, 4) for pk in ranks}
    planted: dict[int, list[tuple[int, str]]] = {pk: [] for pk in ranks}
    sites, coverable = [], set()
    for pk in range(1, n_sites + 1):
        region = rng.choice(regions)
        if pk % 10 == 0:  # nobody holds rank 4
            sites.append(site(pk, region, proposed=rng.randrange(n_days - 1), rank=4))
            continue
        if pk % 10 == 5:  # only the dead day is allowed
            sites.append(site(pk, region, proposed=dead_day, earliest=day(dead_day), latest=day(dead_day)))
            continue
        for _attempt in range(200):
            who, when = rng.choice(list(ranks)), rng.randrange(n_days - 1)
            taken = planted[who]
            if len(taken) >= max_sites[who]:
                continue
            if any(d == when or (r != region and abs(d - when) <= travel) for d, r in taken):
                continue
            taken.append((when, region))
            rank = rng.randint(1, ranks[who])
            sites.append(site(pk, region, proposed=rng.randrange(n_days - 1), rank=rank))
            coverable.add(pk)
            break
        else:  # pragma: no cover - the generator always finds room with these sizes
            raise AssertionError("could not plant")
    leaders = []
    for pk, rank in ranks.items():
        free = {d for d, _r in planted[pk]} | set(rng.sample(range(n_days - 1), 12))
        leaders.append(
            leader(pk, free, rank=rank, max_sites=max_sites[pk], regions=[rng.choice(regions)], sites=[rng.randint(1, n_sites)])
        )
    return problem(sites, leaders, travel=travel, length=n_days), coverable


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_schedule_has_no_clash_and_covers_every_coverable_site(seed):
    instance, coverable = planted_instance(seed)
    result = solve(instance)
    assert result.status == Status.OPTIMAL
    assert find_clashes(instance, result.placements) == []
    assert {p.site for p in result.placements} == coverable
    reasons = {u.site: u.reason for u in result.uncovered}
    assert set(reasons) == {s.id for s in instance.sites} - coverable
    assert {pk for pk, reason in reasons.items() if reason == Reason.NO_RANK} == {10, 20, 30}
    assert {pk for pk, reason in reasons.items() if reason == Reason.NO_AVAILABLE} == {5, 15, 25}
    assert all(u.message for u in result.uncovered)
    assert result.solve_seconds > 0


def test_the_same_data_gives_the_same_schedule():
    instance, _coverable = planted_instance(7)
    assert solve(instance).placements == solve(instance).placements


# --- optimality against exhaustive search --------------------------------------------------------


def _valid(instance: Problem, chosen) -> bool:
    """An independent check of the rules (not clashes.py): one site a day, max sites, travel gap."""
    sites = {s.id: s for s in instance.sites}
    by_leader: dict[int, list] = {}
    for site_id, (leader_id, when) in chosen:
        by_leader.setdefault(leader_id, []).append((when, sites[site_id].region))
    leaders = {item.id: item for item in instance.leaders}
    for leader_id, visits in by_leader.items():
        if len(visits) > leaders[leader_id].max_sites:
            return False
        for (d1, r1), (d2, r2) in itertools.combinations(visits, 2):
            gap = abs((d1 - d2).days)
            if gap == 0 or (r1 != r2 and gap <= instance.travel_days):
                return False
    return True


def _brute_force(instance: Problem) -> tuple[int, int]:
    """The best (sites covered, preference points) by trying every combination."""
    leaders = {item.id: item for item in instance.leaders}
    options = []
    for s in instance.sites:
        pairs = [
            (lead.id, when)
            for lead in instance.leaders
            for when in instance.allowed_days(s)
            if lead.rank >= s.required_rank and when in lead.days
        ]
        options.append([None, *pairs])
    best = (0, 0)
    for combo in itertools.product(*options):
        chosen = [(s.id, pick) for s, pick in zip(instance.sites, combo, strict=True) if pick is not None]
        if not _valid(instance, chosen):
            continue
        sites = {s.id: s for s in instance.sites}
        points = sum(preference(instance, sites[sid], leaders[lid], when) for sid, (lid, when) in chosen)
        best = max(best, (len(chosen), points))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_tiny_instances_match_exhaustive_search(seed):
    rng = random.Random(seed)
    regions = ["a", "b"]
    sites = [
        site(pk, rng.choice(regions), proposed=rng.randrange(6), rank=rng.choice([1, 2, 3]), earliest=day(rng.choice([0, 0, 2])))
        for pk in range(1, 6)
    ]
    leaders = [
        leader(pk, rng.sample(range(6), 2), rank=rng.choice([2, 3]), max_sites=rng.choice([1, 2]), regions=[rng.choice(regions)])
        for pk in range(1, 4)
    ]
    instance = problem(sites, leaders, travel=1, length=6)
    result = solve(instance)
    assert result.status == Status.OPTIMAL
    assert (result.covered, result.preference) == _brute_force(instance)
    assert find_clashes(instance, result.placements) == []


# --- rules one by one ----------------------------------------------------------------------------


def test_travel_days_between_regions_are_kept():
    sites = [site(1, "north", proposed=3), site(2, "south", proposed=4)]
    one_leader = [leader(1, [3, 4, 5, 6])]
    result = solve(problem(sites, one_leader, travel=1))
    days = {p.site: p.day for p in result.placements}
    assert result.covered == 2
    assert abs((days[1] - days[2]).days) >= 2  # at least one free day between the two regions
    tight = solve(problem(sites, [leader(1, [3, 4])], travel=1))
    assert tight.covered == 1
    assert solve(problem(sites, [leader(1, [3, 4])], travel=0)).covered == 2
    same_region = [site(1, "north", proposed=3), site(2, "north", proposed=4)]
    assert solve(problem(same_region, [leader(1, [3, 4])], travel=3)).covered == 2


def test_hand_set_attendances_are_kept_and_planned_around():
    sites = [site(1, "north", proposed=10), site(2, "south", proposed=11), site(3, "north", proposed=10)]
    fixed = Placement(site=1, leader=1, day=day(10), fixed=True)
    instance = problem(sites, [leader(1, [10, 11, 12, 20], max_sites=2)], travel=2, fixed=[fixed])
    result = solve(instance)
    assert fixed in result.placements
    # leader 1 has one site left, is taken on the 10th and cannot reach the south before the 13th:
    # the best is the northern site next to its proposed date
    [other] = [p for p in result.placements if p != fixed]
    assert (other.site, other.leader) == (3, 1)
    assert other.day in {day(11), day(12)}
    assert find_clashes(instance, result.placements) == []
    assert result.covered == 2
    assert [u.site for u in result.uncovered] == [2]


def test_rank_window_and_site_dates_are_respected():
    sites = [site(1, rank=3, earliest=day(5), latest=day(6)), site(2, rank=2)]
    leaders = [leader(1, [1, 5], rank=2), leader(2, [1, 6], rank=3)]
    result = solve(problem(sites, leaders, length=10))
    assert Placement(site=1, leader=2, day=day(6)) in result.placements
    assert result.covered == 2


def test_coverage_comes_before_preferences_then_preferences_decide():
    # leader 1 prefers site 1 but covering both sites needs leader 1 at site 2
    sites = [site(1, proposed=2, rank=1), site(2, proposed=2, rank=3)]
    leaders = [leader(1, [2], rank=3, sites=[1]), leader(2, [2], rank=1)]
    result = solve(problem(sites, leaders))
    assert set(result.placements) == {Placement(1, 2, day(2)), Placement(2, 1, day(2))}
    # with room for both, the site's own date and the leader's preferred site win
    sites = [site(1, "r1", proposed=4)]
    leaders = [leader(1, [3, 4, 9], regions=["r2"]), leader(2, [3, 4, 9], sites=[1])]
    assert solve(problem(sites, leaders)).placements == (Placement(1, 2, day(4)),)


def test_reasons_for_sites_that_cannot_be_covered():
    sites = [
        site(1, rank=4),
        site(2, rank=2, earliest=day(8), latest=day(9)),
        site(3, rank=2, proposed=1),
        site(4, rank=2, proposed=1),
        site(5, earliest=day(60)),
    ]
    leaders = [leader(1, [1], rank=3, max_sites=1), leader(2, [1], rank=1)]
    result = solve(problem(sites, leaders, length=20))
    reasons = {u.site: u for u in result.uncovered}
    assert reasons[1].reason == Reason.NO_RANK
    assert reasons[2].reason == Reason.NO_AVAILABLE
    assert reasons[5].reason == Reason.NO_DAY
    busy = reasons[3] if 3 in reasons else reasons[4]
    assert busy.reason == Reason.BUSY
    assert (busy.candidates, busy.full) == (1, 1)
    assert busy.message
    assert result.covered == 1


def test_inactive_leaders_and_leaders_without_days_are_not_used():
    inactive = LeaderSpec(id=1, name="A", rank=4, days=frozenset({day(1)}), active=False)
    result = solve(problem([site(1, proposed=1)], [inactive, leader(2, [])]))
    assert result.covered == 0
    assert result.uncovered[0].reason == Reason.NO_AVAILABLE
