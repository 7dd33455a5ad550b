"""Query counts of lists and dashboards stay constant as data grows (1 item vs 3 items)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.meetings.models import Attendee, Meeting
from phongtrao.org import actions
from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Area, SteeringCommittee, SteeringCommitteeMember, Unit


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches (content types) so both counts measure the same work
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, n: int, offset: int = 0) -> None:
    for i in range(n):
        _grow_one(world, offset + i)


PAGES = [
    ("home", None),
    ("org:unit_list", None),
    ("org:area_list", None),
    ("org:area_list", "?level=commune&tag=tay-nguyen"),
    ("org:tag_list", None),
    ("org:committee_list", None),
    ("meetings:list", None),
    ("audit:changes", None),
    ("search", "?q=xa"),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
def test_list_query_count_constant(world, client_for, name, query):
    client = client_for(world.officer_a)
    url = reverse(name) + (query or "")
    _grow(world, 1)
    small = _count(client, url)
    _grow(world, 2, offset=100)
    assert _count(client, url) == small


def _grow_one(world, i):
    area = Area(name=f"Xã Thêm {i}", level="commune", division_type="xa", gso_code=f"8{i:04d}", parent=world.area_a)
    area.path = Area.path_for("commune", area.gso_code, world.area_a)
    area.save()
    area.tags.add(world.region)
    Unit.objects.create(
        name=f"Công an xã Thêm {i}", code=f"U{i}", kind=UnitKind.COMMUNE_POLICE, parent=world.province_a, area=area
    )
    actions.residential_area_create(
        actor=world.officer_a, commune=world.area_commune_a, name=f"Buôn Thêm {i}", division_type="ban"
    )
    committee = SteeringCommittee.objects.create(name=f"Ban Chỉ đạo Thêm {i}", unit=world.province_a)
    SteeringCommitteeMember.objects.create(committee=committee, full_name="A", committee_role="member")
    meeting = Meeting.objects.create(title=f"Họp Thêm {i}", date=datetime.date(2025, 2, i % 28 + 1), owner=world.province_a)
    Attendee.objects.create(meeting=meeting, full_name="B")


@pytest.mark.parametrize("which", ["unit", "area", "committee", "meeting"])
def test_detail_query_count_constant(world, client_for, which):
    client = client_for(world.officer_a)
    _grow(world, 1)
    urls = {
        "unit": reverse("org:unit_detail", args=[world.province_a.pk]),
        "area": reverse("org:area_detail", args=[world.area_commune_a.pk]),
        "committee": reverse("org:committee_detail", args=[SteeringCommittee.objects.first().pk]),
        "meeting": reverse("meetings:detail", args=[Meeting.objects.first().pk]),
    }
    committee, meeting = SteeringCommittee.objects.first(), Meeting.objects.first()
    small = _count(client, urls[which])
    _grow(world, 2, offset=200)
    SteeringCommitteeMember.objects.create(committee=committee, full_name="C", committee_role="member")
    SteeringCommitteeMember.objects.create(committee=committee, full_name="E", committee_role="member")
    Attendee.objects.create(meeting=meeting, full_name="D")
    Attendee.objects.create(meeting=meeting, full_name="F")
    assert _count(client, urls[which]) == small
