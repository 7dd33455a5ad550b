import datetime

import pytest
from django.utils import timezone

from phongtrao.work import actions
from phongtrao.work.models import Assignment


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def programme(world, today):
    return actions.programme_create(actor=world.central, owner=world.v05, year=today.year, title="Chương trình công tác năm")


@pytest.fixture
def make_assignment(world, programme, today):
    """make_assignment(lead=..., due_in=days, **extra) through the action, as the V05 officer."""

    def make(lead=None, due_in=30, start_in=-10, actor=None, **extra) -> Assignment:
        return actions.assignment_create(
            actor=actor or world.central,
            programme=programme,
            title=extra.pop("title", "Tổ chức Ngày hội toàn dân bảo vệ ANTQ"),
            lead=lead or world.province_a,
            start_date=today + datetime.timedelta(days=start_in),
            due_date=today + datetime.timedelta(days=due_in),
            **extra,
        )

    return make
