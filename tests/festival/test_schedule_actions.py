"""Actions of the leaders and the schedule: solve, hand edits (hard clashes refused, soft ones
kept), leaders and their availability; each audited, each the organisers' alone."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.core import site_create
from phongtrao.festival.enums import AssignmentSource, LeaderBody, SiteKind, SiteLevel
from phongtrao.festival.models import Leader, LeaderAssignment, LeaderAvailability, Site, SiteTask
from phongtrao.festival.schedule import actions
from phongtrao.festival.schedule.clashes import Kind
from phongtrao.festival.schedule.queries import Schedule

D = datetime.date


def national_site(world, campaign, name, area, unit, date, **extra) -> Site:
    return site_create(
        actor=world.central,
        campaign=campaign,
        level=SiteLevel.NATIONAL,
        kind=SiteKind.COMMUNE,
        name=name,
        area=area,
        unit=unit,
        date=date,
        **extra,
    )


def add_leader(world, campaign, name, position, rank, days, body=LeaderBody.STATE, max_sites=3) -> Leader:
    leader = actions.leader_create(
        actor=world.central, campaign=campaign, full_name=name, position=position, body=body, rank=rank
    )
    actions.availability_set(actor=world.central, campaign=campaign, leader=leader, days=days, max_sites=max_sites)
    return leader


def span(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


def make_schedule(world, campaign):
    """Three national sites (province A in Tây Nguyên, a residential area hosted by commune A, and
    province B with no region) and three leaders of ranks 4, 3 and 2."""
    site_a = national_site(world, campaign, "Phường Buôn Hồ", world.area_commune_a, world.province_a, D(2023, 8, 14))
    site_commune = national_site(world, campaign, "Buôn Kdun", world.residential_a, world.commune_a, D(2023, 8, 10))
    site_b = national_site(world, campaign, "Xã Tà Xùa", world.area_commune_b, world.province_b, D(2023, 8, 15))
    quang = add_leader(world, campaign, "Trần Lưu Quang", "Phó Thủ tướng Chính phủ", 4, span(D(2023, 8, 10), D(2023, 8, 16)))
    nghia = add_leader(
        world, campaign, "Nguyễn Trọng Nghĩa", "Trưởng Ban Tuyên giáo Trung ương", 3, [D(2023, 8, 10)], body=LeaderBody.PARTY
    )
    hung = add_leader(
        world, campaign, "Lê Quốc Hùng", "Thứ trưởng Bộ Công an", 2, span(D(2023, 8, 1), D(2023, 8, 19)), body=LeaderBody.MINISTRY
    )
    return SimpleNamespace(site_a=site_a, site_commune=site_commune, site_b=site_b, quang=quang, nghia=nghia, hung=hung)


@pytest.fixture
def sched(world, campaign):
    return make_schedule(world, campaign)


# --- solving -------------------------------------------------------------------------------------


def test_solve_covers_every_site_without_clash_and_moves_the_dates(world, campaign, sched):
    task = SiteTask.objects.filter(site=sched.site_b, due_date__isnull=False).order_by("due_date").first()
    before_due, before_date = task.due_date, sched.site_b.date
    result = actions.schedule_solve(actor=world.central, campaign=campaign, seconds=10)
    assert result.status == "optimal"
    assert result.covered == 3 and result.uncovered == ()
    schedule = Schedule.load(campaign)
    assert schedule.clashes() == []
    for assignment in LeaderAssignment.objects.select_related("site"):
        assert assignment.site.date == assignment.day
        assert assignment.source == AssignmentSource.SOLVER
    sched.site_b.refresh_from_db()
    task.refresh_from_db()
    assert task.due_date - before_due == sched.site_b.date - before_date
    assert AuditEntry.objects.filter(code="festival.schedule.solved").count() == 1
    assert AuditEntry.objects.filter(code="festival.schedule.proposed").count() == 3
    # solving again gives the same schedule and changes nothing
    first = set(LeaderAssignment.objects.values_list("site_id", "leader_id", "day"))
    actions.schedule_solve(actor=world.central, campaign=campaign, seconds=10)
    assert set(LeaderAssignment.objects.values_list("site_id", "leader_id", "day")) == first
    assert AuditEntry.objects.filter(code="festival.schedule.proposed").count() == 3


def test_solve_keeps_hand_set_attendances(world, campaign, sched):
    actions.assignment_set(actor=world.central, site=sched.site_a, leader=sched.hung, day=D(2023, 8, 3))
    result = actions.schedule_solve(actor=world.central, campaign=campaign, seconds=10)
    manual = LeaderAssignment.objects.get(site=sched.site_a)
    assert (manual.leader, manual.day, manual.source) == (sched.hung, D(2023, 8, 3), AssignmentSource.MANUAL)
    assert result.covered == 3
    assert Schedule.load(campaign).clashes() == []


def test_only_organisers_solve(world, campaign, sched):
    with pytest.raises(PermissionDenied):
        actions.schedule_solve(actor=world.officer_a, campaign=campaign)
    assert not LeaderAssignment.objects.exists()


def test_sites_without_a_leader_of_their_rank_are_explained(world, campaign, sched):
    sched.site_b.required_rank = 4
    sched.site_b.save()
    sched.site_a.required_rank = 4
    sched.site_a.save()
    Leader.objects.filter(pk=sched.quang.pk).update(is_active=False)
    result = actions.schedule_solve(actor=world.central, campaign=campaign, seconds=10)
    assert {u.site for u in result.uncovered} == {sched.site_a.pk, sched.site_b.pk}
    assert {u.reason for u in result.uncovered} == {"no_rank"}
    assert Schedule.load(campaign).uncovered()[sched.site_a.pk].reason == "no_rank"


# --- hand edits ----------------------------------------------------------------------------------


def test_hard_clashes_are_refused_and_nothing_changes(world, campaign, sched):
    actions.assignment_set(actor=world.central, site=sched.site_b, leader=sched.quang, day=D(2023, 8, 12))
    entries = AuditEntry.objects.count()
    cases = [
        (sched.quang, D(2023, 8, 12), "day"),  # elsewhere that day
        (sched.nghia, D(2023, 8, 11), "day"),  # not available
        (sched.hung, D(2023, 8, 20), "day"),  # outside the window (and not available)
    ]
    for leader, day, field in cases:
        with pytest.raises(ValidationError) as caught:
            actions.assignment_set(actor=world.central, site=sched.site_a, leader=leader, day=day)
        assert field in caught.value.message_dict, (leader, day)
    sched.site_a.required_rank = 3
    sched.site_a.save()
    with pytest.raises(ValidationError) as caught:
        actions.assignment_set(actor=world.central, site=sched.site_a, leader=sched.hung, day=D(2023, 8, 14))
    assert "leader" in caught.value.message_dict
    assert not LeaderAssignment.objects.filter(site=sched.site_a).exists()
    sched.site_a.refresh_from_db()
    assert sched.site_a.date == D(2023, 8, 14)
    assert AuditEntry.objects.count() == entries


def test_a_short_travel_gap_is_saved_with_a_warning(world, campaign, sched):
    actions.assignment_set(actor=world.central, site=sched.site_b, leader=sched.quang, day=D(2023, 8, 12))
    assignment, soft = actions.assignment_set(actor=world.central, site=sched.site_a, leader=sched.quang, day=D(2023, 8, 13))
    assert [clash.kind for clash in soft] == [Kind.TRAVEL]
    assert assignment.source == AssignmentSource.MANUAL
    sched.site_a.refresh_from_db()
    assert sched.site_a.date == D(2023, 8, 13)
    entry = AuditEntry.objects.filter(code="festival.schedule.assigned").latest("pk")
    assert entry.new == {
        "leader": "Trần Lưu Quang",
        "attendance_day": "2023-08-13",
        "assignment_source": "manual",
        "site_date": "2023-08-13",
    }
    assert entry.old["site_date"] == "2023-08-14"
    assert [clash.kind for clash in Schedule.load(campaign).clashes()] == [Kind.TRAVEL]


def test_clear_and_permissions_of_hand_edits(world, campaign, sched):
    with pytest.raises(PermissionDenied):
        actions.assignment_set(actor=world.officer_a, site=sched.site_a, leader=sched.hung, day=D(2023, 8, 14))
    actions.assignment_set(actor=world.central, site=sched.site_a, leader=sched.hung, day=D(2023, 8, 14))
    with pytest.raises(PermissionDenied):
        actions.assignment_clear(actor=world.officer_a, site=sched.site_a)
    actions.assignment_clear(actor=world.central, site=sched.site_a)
    assert not LeaderAssignment.objects.exists()
    assert AuditEntry.objects.filter(code="festival.schedule.cleared").count() == 1
    with pytest.raises(ValidationError):
        actions.assignment_clear(actor=world.central, site=sched.site_a)


def test_a_site_off_the_schedule_or_an_inactive_leader_is_refused(world, campaign, sched):
    province_site = site_create(
        actor=world.officer_a,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name="Xã Ea Drông",
        area=world.area_commune_a2,
        unit=world.province_a,
        date=D(2023, 8, 5),
    )
    with pytest.raises(ValidationError) as caught:
        actions.assignment_set(actor=world.central, site=province_site, leader=sched.hung, day=D(2023, 8, 5))
    assert "site" in caught.value.message_dict
    actions.leader_update(
        actor=world.central,
        campaign=campaign,
        leader=sched.hung,
        full_name=sched.hung.full_name,
        position=sched.hung.position,
        body=sched.hung.body,
        rank=sched.hung.rank,
        is_active=False,
    )
    with pytest.raises(ValidationError) as caught:
        actions.assignment_set(actor=world.central, site=sched.site_a, leader=sched.hung, day=D(2023, 8, 14))
    assert "leader" in caught.value.message_dict


# --- leaders and their days ----------------------------------------------------------------------


def test_leaders_are_validated_and_audited(world, campaign):
    with pytest.raises(PermissionDenied):
        actions.leader_create(actor=world.officer_a, campaign=campaign, full_name="A", position="B", body="state", rank=2)
    with pytest.raises(ValidationError) as caught:
        actions.leader_create(actor=world.central, campaign=campaign, full_name=" ", position="", body="x", rank=9)
    assert set(caught.value.message_dict) == {"full_name", "position", "body", "rank"}
    leader = actions.leader_create(
        actor=world.central, campaign=campaign, full_name="Lê  Quốc Hùng", position="Thứ trưởng", body="ministry", rank=2
    )
    assert leader.full_name == "Lê Quốc Hùng"
    with pytest.raises(ValidationError):
        actions.leader_create(
            actor=world.central, campaign=campaign, full_name="Lê Quốc Hùng", position="Thứ trưởng", body="state", rank=3
        )
    actions.leader_update(
        actor=world.central,
        campaign=campaign,
        leader=leader,
        full_name="Lê Quốc Hùng",
        position="Thứ trưởng",
        body="ministry",
        rank=3,
        is_active=True,
    )
    entry = AuditEntry.objects.get(code="festival.leader.updated")
    assert (entry.old, entry.new) == ({"leader_rank": 2}, {"leader_rank": 3})
    assert Leader.objects.count() == 1


def test_availability_is_checked_against_the_window_and_audited(world, campaign, sched):
    with pytest.raises(ValidationError) as caught:
        actions.availability_set(
            actor=world.central, campaign=campaign, leader=sched.hung, days=[D(2023, 6, 30), D(2023, 7, 1)], max_sites=0
        )
    assert set(caught.value.message_dict) == {"days", "max_sites"}
    actions.availability_set(
        actor=world.central,
        campaign=campaign,
        leader=sched.hung,
        days=[D(2023, 8, 1), D(2023, 8, 2), D(2023, 8, 14)],
        preferred_regions=[world.region],
        preferred_sites=[sched.site_a],
        max_sites=2,
        note="Đi cùng đoàn công tác",
    )
    availability = LeaderAvailability.objects.get(leader=sched.hung)
    assert availability.days == ["2023-08-01", "2023-08-02", "2023-08-14"]
    entry = AuditEntry.objects.filter(code="festival.leader.availability_set").latest("pk")
    assert entry.new["available_days"] == "01/08/2023–02/08/2023, 14/08/2023"
    assert entry.new["preferred_regions"] == ["Tây Nguyên"]
    assert entry.new["preferred_sites"] == ["Phường Buôn Hồ"]
