"""Every kind of clash is found, with its sentence; and the Vietnamese way of writing days."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from phongtrao.festival.schedule.clashes import HARD, Kind, clashes_of_site, find_clashes
from phongtrao.festival.schedule.days import days_text, parse_days
from phongtrao.festival.schedule.solver import Placement

from .test_schedule_solver import day, leader, problem, site


def kinds(clashes):
    return [(c.kind, c.sites) for c in clashes]


def test_a_clean_schedule_has_no_clash():
    instance = problem([site(1, "a"), site(2, "b")], [leader(1, [1, 3])], travel=1)
    assert find_clashes(instance, [Placement(1, 1, day(1)), Placement(2, 1, day(3))]) == []


def test_same_leader_two_sites_one_day():
    instance = problem([site(1, "a"), site(2, "a"), site(3, "a")], [leader(1, [1, 2])])
    clashes = find_clashes(instance, [Placement(1, 1, day(1)), Placement(2, 1, day(1)), Placement(3, 1, day(2))])
    assert kinds(clashes) == [(Kind.SAME_DAY, (1, 2))]
    assert "Điểm 1" in clashes[0].message and "Điểm 2" in clashes[0].message and "02/07/2023" in clashes[0].message
    assert clashes[0].hard


def test_travel_gap_between_regions():
    instance = problem([site(1, "a"), site(2, "b"), site(3, "b")], [leader(1, [1, 2, 3, 9])], travel=2)
    clashes = find_clashes(instance, [Placement(1, 1, day(1)), Placement(2, 1, day(3)), Placement(3, 1, day(9))])
    assert kinds(clashes) == [(Kind.TRAVEL, (1, 2))]
    assert not clashes[0].hard
    assert "02/07/2023" in clashes[0].message and "04/07/2023" in clashes[0].message


def test_unavailable_outside_dates_rank_and_over_max():
    sites = [
        site(1, rank=3),
        site(2, earliest=day(10), latest=day(12)),
        site(3),
        site(4),
    ]
    instance = problem(sites, [leader(1, [1, 2, 3, 20, 60], rank=2, max_sites=3)], length=50)
    placements = [
        Placement(1, 1, day(1)),  # rank too low
        Placement(2, 1, day(2)),  # outside the site's dates
        Placement(3, 1, day(5)),  # not available
        Placement(4, 1, day(60)),  # outside the window
    ]
    clashes = find_clashes(instance, placements)
    assert kinds(clashes) == [  # by day, the leader's total last
        (Kind.RANK, (1,)),
        (Kind.OUTSIDE_SITE_DATES, (2,)),
        (Kind.UNAVAILABLE, (3,)),
        (Kind.OUTSIDE_WINDOW, (4,)),
        (Kind.OVER_MAX, (1, 2, 3, 4)),
    ]
    hard = {c.kind for c in clashes if c.hard}
    assert hard == {Kind.UNAVAILABLE, Kind.OUTSIDE_WINDOW, Kind.RANK} and hard <= HARD
    assert [c.kind for c in clashes_of_site(clashes, 3)] == [Kind.UNAVAILABLE, Kind.OVER_MAX]
    assert next(c for c in clashes if c.kind == Kind.RANK).field == "leader"


def test_a_leader_without_any_availability_is_unavailable_every_day():
    instance = problem([site(1)], [leader(1, [])])
    assert kinds(find_clashes(instance, [Placement(1, 1, day(4))])) == [(Kind.UNAVAILABLE, (1,))]


# --- days written the Vietnamese way -------------------------------------------------------------

WINDOW = {"start": datetime.date(2023, 7, 1), "end": datetime.date(2023, 8, 19)}


def test_ranges_and_single_days():
    days = parse_days("01/08/2023–05/08/2023, 14/08/2023; 3/7 - 4/7\n19.8", **WINDOW)
    assert days == [
        datetime.date(2023, 7, 3),
        datetime.date(2023, 7, 4),
        *(datetime.date(2023, 8, d) for d in range(1, 6)),
        datetime.date(2023, 8, 14),
        datetime.date(2023, 8, 19),
    ]
    assert days_text(days) == "03/07/2023–04/07/2023, 01/08/2023–05/08/2023, 14/08/2023, 19/08/2023"
    assert parse_days(days_text(days), **WINDOW) == days
    assert parse_days("1/8/2023 đến 2/8/2023", **WINDOW) == [datetime.date(2023, 8, 1), datetime.date(2023, 8, 2)]
    assert parse_days("", **WINDOW) == []


@pytest.mark.parametrize("text", ["32/08/2023", "hôm qua", "05/08/2023–01/08/2023", "20/08/2023", "1/8–2/8–3/8"])
def test_bad_days_are_named_in_the_error(text):
    with pytest.raises(ValidationError) as caught:
        parse_days(f"01/07/2023, {text}", **WINDOW)
    assert any(text in message for message in caught.value.messages)
