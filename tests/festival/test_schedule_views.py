"""Pages of the leaders and the schedule: the permission matrix over every URL, the hand edit with
its clash check before saving, the sheet, query counts, and the calendar feeds with their
signed subscription links (tampering and revocation)."""

import datetime
import io

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from phongtrao.festival.enums import AssignmentSource
from phongtrao.festival.models import Leader, LeaderAssignment, LeaderAvailability
from phongtrao.festival.schedule import actions, ical
from phongtrao.org.models import Membership

from .test_schedule_actions import D, add_leader, make_schedule, national_site, span

ORGANISERS = {"central"}


@pytest.fixture
def sched(world, campaign):
    data = make_schedule(world, campaign)
    actions.schedule_solve(actor=world.central, campaign=campaign, seconds=10)
    return data


def _status(client, method, url, data=None):
    return (client.post(url, data or {}) if method == "post" else client.get(url)).status_code


def test_permission_matrix(world, campaign, sched, client_for):
    year, a, commune_site = campaign.year, sched.site_a.pk, sched.site_commune.pk
    leader = sched.hung.pk
    everyone = {"central", "officer_a", "officer_b", "commune_a", "partner"}
    pages = [
        # (method, url, {persona: expected status}, default for the others)
        ("get", reverse("festival:leaders", args=[year]), {"central": 200}, 404),
        ("get", reverse("festival:leader_create", args=[year]), {"central": 200}, 404),
        ("get", reverse("festival:leader_edit", args=[year, leader]), {"central": 200}, 404),
        ("get", reverse("festival:leader_availability", args=[year, leader]), {"central": 200}, 404),
        ("get", reverse("festival:leader_ical", args=[year, leader]), {"central": 200}, 404),
        ("get", reverse("festival:schedule", args=[year]), dict.fromkeys(everyone, 200), 404),
        ("get", reverse("festival:schedule_xlsx", args=[year]), dict.fromkeys(everyone, 200), 404),
        ("post", reverse("festival:schedule_solve", args=[year]), {"central": 302}, 403),
        ("get", reverse("festival:schedule_edit", args=[year, a]), {"central": 200, "officer_a": 403}, 404),
        ("get", reverse("festival:schedule_check", args=[year, a]), {"central": 200, "officer_a": 403}, 404),
        ("post", reverse("festival:schedule_clear", args=[year, a]), {"central": 302, "officer_a": 403}, 404),
        ("get", reverse("festival:site_ical", args=[year, a]), {"central": 200, "officer_a": 200}, 404),
        (
            "get",
            reverse("festival:site_ical", args=[year, commune_site]),
            {"central": 200, "officer_a": 200, "commune_a": 200},
            404,
        ),
        (
            "get",
            reverse("festival:schedule_edit", args=[year, commune_site]),
            {"central": 200, "officer_a": 403, "commune_a": 403},
            404,
        ),
    ]
    failures = []
    for method, url, allowed, default in pages:
        for name, user in world.personas.items():
            status = _status(client_for(user), method, url)
            expected = 302 if user is None else allowed.get(name, default)
            if status != expected:
                failures.append(f"{name} {method} {url}: {status} != {expected}")
    assert not failures, "\n".join(failures)


def test_each_persona_sees_only_the_sites_they_may_see(world, campaign, sched, client_for):
    url = reverse("festival:schedule", args=[campaign.year])
    expected = {
        "central": {"Phường Buôn Hồ", "Buôn Kdun", "Xã Tà Xùa"},
        "officer_a": {"Phường Buôn Hồ", "Buôn Kdun"},
        "officer_b": {"Xã Tà Xùa"},
        "commune_a": {"Buôn Kdun"},
        "partner": set(),
    }
    names = {"Phường Buôn Hồ", "Buôn Kdun", "Xã Tà Xùa"}
    for persona, visible in expected.items():
        page = client_for(world.personas[persona]).get(url).content.decode()
        assert {name for name in names if f">{name}</a>" in page} == visible, persona
        assert ('id="solve"' in page) == (persona in ORGANISERS), persona
        download = client_for(world.personas[persona]).get(reverse("festival:schedule_xlsx", args=[campaign.year]))
        sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
        cells = {cell for row in sheet.active.iter_rows(min_row=2, values_only=True) for cell in row}
        assert names & cells == visible, persona


def test_solve_button_replaces_the_solver_schedule(world, campaign, sched, client_for):
    LeaderAssignment.objects.all().delete()
    response = client_for(world.central).post(reverse("festival:schedule_solve", args=[campaign.year]), follow=True)
    assert response.status_code == 200
    assert LeaderAssignment.objects.count() == 3
    page = response.content.decode()
    assert 'id="clashes"' not in page
    assert 'class="alert alert-success' in page


def test_unassigned_sites_show_their_reason(world, campaign, sched, client_for):
    site = national_site(world, campaign, "Xã Ea Drông", world.area_commune_a2, world.province_a, D(2023, 8, 5), required_rank=4)
    Leader.objects.filter(rank=4).update(is_active=False)
    page = client_for(world.central).get(reverse("festival:schedule", args=[campaign.year])).content.decode()
    assert f'id="site-{site.pk}"' in page
    unassigned = page[page.index('id="unassigned"') :]
    assert "Xã Ea Drông" in unassigned and "text-danger-emphasis" in unassigned


# --- the hand edit and its check before saving ---------------------------------------------------


def test_check_lists_clashes_at_once_without_saving(world, campaign, sched, client_for):
    client = client_for(world.central)
    before = set(LeaderAssignment.objects.values_list("site_id", "leader_id", "day", "source"))
    other = LeaderAssignment.objects.exclude(site=sched.site_a).select_related("leader", "site").first()
    url = reverse("festival:schedule_check", args=[campaign.year, sched.site_a.pk])
    response = client.get(url, {"leader": other.leader_id, "day": other.day.isoformat()}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a partial
    assert 'data-clash="same_day"' in html and 'data-hard="1"' in html
    assert other.site.name in html
    free = client.get(url, {"leader": sched.hung.pk, "day": "2023-08-02"}).content.decode()
    assert 'id="check-ok"' in free or 'data-hard="0"' in free
    assert 'data-hard="1"' not in free
    assert set(LeaderAssignment.objects.values_list("site_id", "leader_id", "day", "source")) == before


def test_edit_page_form_asks_for_the_check_on_change(world, campaign, sched, client_for):
    page = (
        client_for(world.central).get(reverse("festival:schedule_edit", args=[campaign.year, sched.site_a.pk])).content.decode()
    )
    check = reverse("festival:schedule_check", args=[campaign.year, sched.site_a.pk])
    choice = page[page.index('id="assignment-choice"') : page.index('id="clash-check"')]
    assert f'hx-get="{check}"' in choice and 'hx-trigger="change"' in choice and 'hx-target="#clash-check"' in choice
    assert 'name="leader"' in choice and 'name="day"' in choice and "csrfmiddlewaretoken" not in choice
    assert 'id="current-attendance"' in page


def test_edit_saves_a_manual_attendance_and_refuses_a_hard_clash(world, campaign, sched, client_for):
    client = client_for(world.central)
    url = reverse("festival:schedule_edit", args=[campaign.year, sched.site_a.pk])
    other = LeaderAssignment.objects.exclude(site=sched.site_a).first()
    refused = client.post(url, {"leader": other.leader_id, "day": other.day.isoformat()})
    assert refused.status_code == 400
    assert "invalid-feedback" in refused.content.decode()
    assert not LeaderAssignment.objects.filter(site=sched.site_a, source=AssignmentSource.MANUAL).exists()
    saved = client.post(url, {"leader": sched.hung.pk, "day": "2023-08-02"})
    assert saved.status_code == 302
    assignment = LeaderAssignment.objects.get(site=sched.site_a)
    assert (assignment.leader_id, assignment.day, assignment.source) == (sched.hung.pk, D(2023, 8, 2), "manual")
    cleared = client.post(reverse("festival:schedule_clear", args=[campaign.year, sched.site_a.pk]))
    assert cleared.status_code == 302
    assert not LeaderAssignment.objects.filter(site=sched.site_a).exists()


# --- leaders' pages ------------------------------------------------------------------------------


def test_leader_pages_create_edit_and_enter_days(world, campaign, client_for):
    client = client_for(world.central)
    response = client.post(
        reverse("festival:leader_create", args=[campaign.year]),
        {"full_name": "Trần Lưu Quang", "position": "Phó Thủ tướng Chính phủ", "body": "state", "rank": "4", "is_active": "on"},
    )
    leader = Leader.objects.get()
    assert response["Location"] == reverse("festival:leader_availability", args=[campaign.year, leader.pk])
    url = reverse("festival:leader_availability", args=[campaign.year, leader.pk])
    bad = client.post(url, {"entry": "ranges", "days_text": "01/08/2023–05/08/2023, 40/08/2023", "max_sites": "2"})
    assert bad.status_code == 400 and "40/08/2023" in bad.content.decode()
    assert not LeaderAvailability.objects.exists()
    ok = client.post(
        url,
        {
            "entry": "ranges",
            "days_text": "01/08/2023–03/08/2023, 14/08/2023",
            "max_sites": "2",
            "preferred_regions": [world.region.pk],
        },
    )
    assert ok.status_code == 302
    availability = LeaderAvailability.objects.get()
    assert availability.days == ["2023-08-01", "2023-08-02", "2023-08-03", "2023-08-14"]
    assert list(availability.preferred_regions.all()) == [world.region]
    boxes = client.post(url, {"entry": "boxes", "days": ["2023-07-20", "2023-07-21"], "days_text": "ignored", "max_sites": "1"})
    assert boxes.status_code == 302
    availability.refresh_from_db()
    assert availability.days == ["2023-07-20", "2023-07-21"] and availability.max_sites == 1
    form = client.get(url).content.decode()
    assert "20/07/2023–21/07/2023" in form
    listing = client.get(reverse("festival:leaders", args=[campaign.year])).content.decode()
    assert "Trần Lưu Quang" in listing and "20/07/2023–21/07/2023" in listing
    edit = client.post(
        reverse("festival:leader_edit", args=[campaign.year, leader.pk]),
        {"full_name": "Trần Lưu Quang", "position": "Phó Thủ tướng Thường trực", "body": "state", "rank": "4"},
    )
    assert edit.status_code == 302
    leader.refresh_from_db()
    assert (leader.position, leader.is_active) == ("Phó Thủ tướng Thường trực", False)


# --- query counts --------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, campaign, start: int, n: int) -> None:
    for i in range(start, start + n):
        site = national_site(world, campaign, f"Điểm thêm {i}", world.area_commune_a2, world.province_a, D(2023, 7, 1 + i))
        leader = add_leader(world, campaign, f"Lãnh đạo thêm {i}", "Thứ trưởng", 2, [D(2023, 7, 1 + i)])
        LeaderAvailability.objects.get(leader=leader).preferred_sites.add(site)
        LeaderAvailability.objects.get(leader=leader).preferred_regions.add(world.region)
        actions.assignment_set(actor=world.central, site=site, leader=leader, day=D(2023, 7, 1 + i))
    national_site(world, campaign, f"Điểm chưa xếp {start}", world.area_commune_b, world.province_b, D(2023, 8, 1))


@pytest.mark.parametrize(
    ("name", "persona"),
    [("festival:schedule", "central"), ("festival:schedule", "officer_a"), ("festival:leaders", "central")],
)
def test_query_count_constant(world, campaign, client_for, name, persona):
    client = client_for(world.personas[persona])
    url = reverse(name, args=[campaign.year])
    _grow(world, campaign, 1, 1)
    small = _count(client, url)
    _grow(world, campaign, 10, 3)
    assert _count(client, url) == small


# --- calendar feeds ------------------------------------------------------------------------------


def _events(content: bytes):
    calendar = Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


def test_leader_feed_has_one_all_day_event_per_attendance(world, campaign, sched, client_for):
    client = client_for(world.central)
    url = reverse("festival:leader_ical", args=[campaign.year, sched.quang.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    attendances = list(LeaderAssignment.objects.filter(leader=sched.quang).select_related("site").order_by("day"))
    assert attendances
    assert [event.decoded("dtstart") for event in events] == [a.day for a in attendances]
    for event, attendance in zip(events, attendances, strict=True):
        assert str(event["summary"]) == f"Ngày hội toàn dân bảo vệ ANTQ – {attendance.site.name}"
        assert event.decoded("dtend") == attendance.day + datetime.timedelta(days=1)
        assert attendance.site.name in str(event["location"])
        assert "Trần Lưu Quang" in str(event["description"])
        assert str(event["uid"]) == f"phongtrao-festival-{campaign.year}-site-{attendance.site_id}@phongtrao"
        assert event.decoded("dtstamp").tzinfo is not None
    assert _events(client.get(url).content)[0]["uid"] == events[0]["uid"]  # stable


def test_site_feed_names_the_leader_and_host_unit(world, campaign, sched, client_for):
    response = client_for(world.officer_a).get(reverse("festival:site_ical", args=[campaign.year, sched.site_a.pk]))
    [event] = _events(response.content)
    attendance = LeaderAssignment.objects.select_related("leader").get(site=sched.site_a)
    assert event.decoded("dtstart") == attendance.day
    assert attendance.leader.full_name in str(event["description"])
    assert "Công an tỉnh Đắk Lắk" in str(event["description"])
    assert "Tỉnh Đắk Lắk" in str(event["location"])


def test_signed_links_work_without_a_session_and_resist_tampering(world, campaign, sched, client_for):
    anonymous = Client()
    page = client_for(world.officer_a).get(reverse("festival:schedule", args=[campaign.year])).content.decode()
    token = ical.feed_token(world.officer_a, ical.SITE, sched.site_a.pk)
    assert token in page.replace("%3A", ":")
    site_url = reverse("festival:site_ical", args=[campaign.year, sched.site_a.pk])
    assert anonymous.get(site_url, {"token": token}).status_code == 200
    assert anonymous.get(site_url).status_code == 302  # no link, no session: log in
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # a changed signature
        ical.feed_token(world.officer_a, ical.LEADER, sched.site_a.pk),  # another kind of object
        ical.feed_token(world.officer_a, ical.SITE, sched.site_b.pk),  # another site
        signing.dumps({"u": world.officer_a.pk, "k": "site", "o": sched.site_a.pk}, salt="other"),  # another salt
        ical.feed_token(world.officer_b, ical.SITE, sched.site_a.pk),  # a user who may not see the site
        "garbage",
    ]
    for bad in forged:
        assert anonymous.get(site_url, {"token": bad}).status_code == 404, bad
    leader_url = reverse("festival:leader_ical", args=[campaign.year, sched.quang.pk])
    organiser = ical.feed_token(world.central, ical.LEADER, sched.quang.pk)
    assert anonymous.get(leader_url, {"token": organiser}).status_code == 200
    assert anonymous.get(leader_url, {"token": ical.feed_token(world.officer_a, ical.LEADER, sched.quang.pk)}).status_code == 404


def test_signed_links_are_revoked_with_the_account_or_the_right(world, campaign, sched):
    anonymous = Client()
    site_url = reverse("festival:site_ical", args=[campaign.year, sched.site_a.pk])
    token = ical.feed_token(world.officer_a, ical.SITE, sched.site_a.pk)
    assert anonymous.get(site_url, {"token": token}).status_code == 200
    world.officer_a.is_active = False
    world.officer_a.save()
    assert anonymous.get(site_url, {"token": token}).status_code == 404
    leader_url = reverse("festival:leader_ical", args=[campaign.year, sched.quang.pk])
    organiser = ical.feed_token(world.central, ical.LEADER, sched.quang.pk)
    assert anonymous.get(leader_url, {"token": organiser}).status_code == 200
    Membership.objects.filter(user=world.central).delete()
    assert anonymous.get(leader_url, {"token": organiser}).status_code == 404


def test_a_leader_without_attendances_has_an_empty_calendar(world, campaign, client_for):
    leader = add_leader(world, campaign, "Nguyễn Văn A", "Thứ trưởng", 2, span(D(2023, 8, 1), D(2023, 8, 2)))
    response = client_for(world.central).get(reverse("festival:leader_ical", args=[campaign.year, leader.pk]))
    assert _events(response.content) == []
    assert b"BEGIN:VCALENDAR" in response.content
