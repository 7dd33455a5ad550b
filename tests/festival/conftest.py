"""A 2023 campaign owned by V05 on top of the test world (tests/world.py)."""

import datetime

import pytest

from phongtrao.festival.core import campaign_create


def make_campaign(world, year: int = 2023):
    return campaign_create(
        actor=world.central,
        owner=world.v05,
        year=year,
        theme="Toàn dân tham gia bảo vệ an ninh Tổ quốc, hướng về cơ sở",
        window_start=datetime.date(year, 7, 1),
        window_end=datetime.date(year, 8, 19),
        festival_day=datetime.date(year, 8, 19),
        nomination_deadline=datetime.date(year, 6, 15),
        results_due=datetime.date(year, 9, 15),
        wrap_up_date=datetime.date(year, 11, 23),
        plan_number="333/KH-BCĐ",
        plan_date=datetime.date(year, 6, 1),
        travel_days=1,
    )


@pytest.fixture
def campaign(world):
    return make_campaign(world)
