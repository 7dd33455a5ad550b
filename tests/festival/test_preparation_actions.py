"""Site preparation: readiness counted in SQL equals a count by hand; the actions check who may
act, refuse bad input with messages by field and write nothing, and leave one audit row."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.core import site_create
from phongtrao.festival.enums import ChecklistPart, SiteKind, SiteLevel
from phongtrao.festival.models import ChecklistTemplateItem, Leader, LeaderAssignment, Site, SiteTask
from phongtrao.festival.preparation import actions
from phongtrao.festival.preparation.queries import Filters, province_board, readiness_of, site_readiness, site_rows
from phongtrao.notifications.models import Notification
from phongtrao.org.enums import Role
from phongtrao.org.models import Membership

from .conftest import make_campaign  # noqa: F401 - the campaign fixture's helper

DAY = datetime.date(2023, 8, 14)


@dataclass
class Sites:
    a: Site  # provincial site hosted by the police of province A, in Xã Ea Drông
    ca: Site  # commune site hosted by the police of Phường Buôn Hồ
    b: Site  # provincial site of province B


def make_sites(world, campaign) -> Sites:
    a = site_create(
        actor=world.officer_a,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name="Xã Ea Drông",
        area=world.area_commune_a2,
        unit=world.province_a,
        date=DAY,
    )
    ca = site_create(
        actor=world.commune_officer_a,
        campaign=campaign,
        level=SiteLevel.GRASSROOTS,
        kind=SiteKind.RESIDENTIAL,
        name="Buôn Kdun",
        area=world.residential_a,
        unit=world.commune_a,
        date=datetime.date(2023, 8, 10),
    )
    b = site_create(
        actor=world.officer_b,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name="Xã Tà Xùa",
        area=world.area_commune_b,
        unit=world.province_b,
        date=datetime.date(2023, 8, 12),
    )
    return Sites(a=a, ca=ca, b=b)


@pytest.fixture
def sites(world, campaign):
    return make_sites(world, campaign)


def _tasks(site, **filters):
    return list(SiteTask.objects.filter(site=site, **filters).order_by("order", "pk"))


def _state():
    return (
        list(SiteTask.objects.order_by("pk").values_list("pk", "owner_id", "owner_name", "due_date", "note", "done_at", "title")),
        list(Site.objects.order_by("pk").values_list("pk", "name", "date", "address")),
        list(ChecklistTemplateItem.objects.order_by("pk").values_list("pk", "part", "order", "title", "optional", "offset_days")),
        AuditEntry.objects.count(),
    )


# --- readiness ---------------------------------------------------------------------------------


def _by_hand(sites, today):
    required = [t for s in sites for t in SiteTask.objects.filter(site=s) if not t.optional]
    optional = [t for s in sites for t in SiteTask.objects.filter(site=s) if t.optional]
    every = required + optional
    return {
        "required": len(required),
        "required_done": sum(1 for t in required if t.done_at),
        "optional": len(optional),
        "optional_done": sum(1 for t in optional if t.done_at),
        "overdue": sum(1 for t in every if t.done_at is None and t.due_date and t.due_date < today),
        "not_started": sum(1 for s in sites if not any(t.done_at for t in SiteTask.objects.filter(site=s))),
    }


def test_readiness_on_the_board_equals_a_count_by_hand(world, campaign, sites):
    today = timezone.localdate()
    required_a = _tasks(sites.a, optional=False)
    optional_a = _tasks(sites.a, optional=True)
    for task in required_a[:5] + optional_a[:1]:
        actions.task_mark(actor=world.officer_a, task=task, done=True)
    future = today + datetime.timedelta(days=30)
    SiteTask.objects.filter(pk__in=[t.pk for t in required_a[5:8]]).update(due_date=future)  # not overdue yet
    SiteTask.objects.filter(pk=required_a[8].pk).update(due_date=None)  # no date: never overdue

    board = province_board(world.central, campaign)
    rows = {row.name: row for row in board.rows}
    assert set(rows) == {"Tỉnh Đắk Lắk", "Tỉnh Sơn La"}
    row_a = rows["Tỉnh Đắk Lắk"]
    hand = _by_hand([sites.a, sites.ca], today)
    assert row_a.sites == 2
    assert row_a.by_level == {"national": 0, "province": 1, "commune": 0, "grassroots": 1}
    assert row_a.readiness.required == hand["required"] == 2 * 15
    assert row_a.readiness.required_done == hand["required_done"] == 5
    assert row_a.readiness.optional == hand["optional"] == 2 * 5
    assert row_a.readiness.optional_done == hand["optional_done"] == 1
    assert row_a.readiness.overdue == hand["overdue"] == 2 * 20 - 6 - 3 - 1
    assert row_a.not_started == hand["not_started"] == 1
    assert row_a.readiness.percent == 5 * 100 // 30 == 16
    assert board.total.sites == 3 and board.total.readiness.required == 45
    # The site's own figure agrees with the board's, and with the site list's.
    assert readiness_of(sites.a).required_done == 5
    listed = {s.pk: site_readiness(s) for s in site_rows(world.central, campaign, world.area_a)}
    assert listed[sites.a.pk] == readiness_of(sites.a)
    assert listed[sites.ca.pk].required_done == 0


def test_board_is_scoped_to_what_the_user_sees(world, campaign, sites):
    assert [row.name for row in province_board(world.officer_a, campaign).rows] == ["Tỉnh Đắk Lắk"]
    assert [row.sites for row in province_board(world.officer_a, campaign).rows] == [2]
    assert [row.sites for row in province_board(world.commune_officer_a, campaign).rows] == [1]
    assert [row.name for row in province_board(world.officer_b, campaign).rows] == ["Tỉnh Sơn La"]
    assert province_board(world.partner_user, campaign).rows == []


def test_board_filters(world, campaign, sites):
    for task in _tasks(sites.a, optional=False):
        actions.task_mark(actor=world.officer_a, task=task, done=True)

    def names(**filters):
        return sorted(s.name for s in site_rows(world.central, campaign, None, Filters(**filters)))

    assert names(level=SiteLevel.GRASSROOTS) == ["Buôn Kdun"]
    assert names(kind=SiteKind.COMMUNE) == ["Xã Ea Drông", "Xã Tà Xùa"]
    assert names(region=world.region) == ["Buôn Kdun", "Xã Ea Drông"]
    assert names(below=50) == ["Buôn Kdun", "Xã Tà Xùa"]
    assert names(below=100) == ["Buôn Kdun", "Xã Tà Xùa"]  # Ea Drông is at 100%
    assert names(overdue=True) == ["Buôn Kdun", "Xã Ea Drông", "Xã Tà Xùa"]  # Ea Drông's optional steps are late
    board = province_board(world.central, campaign, Filters(below=50))
    assert {row.name: row.sites for row in board.rows} == {"Tỉnh Đắk Lắk": 1, "Tỉnh Sơn La": 1}


# --- marking steps -----------------------------------------------------------------------------


def test_marking_twice_returns_to_the_start(world, campaign, sites):
    task = _tasks(sites.a)[0]
    before = readiness_of(sites.a)
    actions.task_mark(actor=world.officer_a, task=task, done=True)
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == world.officer_a
    assert readiness_of(sites.a).required_done == before.required_done + 1
    actions.task_mark(actor=world.officer_a, task=task, done=False)
    task.refresh_from_db()
    assert task.done_at is None and task.done_by is None
    assert readiness_of(sites.a) == before
    codes = list(AuditEntry.objects.filter(object_id=str(sites.a.pk)).values_list("code", flat=True))
    assert codes[:2] == ["festival.site.step_reopened", "festival.site.step_done"]


def test_marking_as_it_already_is_writes_nothing(world, campaign, sites):
    task = _tasks(sites.a)[0]
    before = _state()
    actions.task_mark(actor=world.officer_a, task=task, done=False)
    assert _state() == before


def test_who_may_mark(world, campaign, sites):
    task = _tasks(sites.a)[0]
    for user in (world.officer_b, world.commune_officer_a, world.partner_user):
        with pytest.raises(PermissionDenied):
            actions.task_mark(actor=user, task=task, done=True)
    actions.task_mark(actor=world.central, task=task, done=True)  # an organiser
    actions.task_mark(actor=world.officer_a, task=_tasks(sites.ca)[0], done=True)  # above the host unit


# --- owners, dates, notes ----------------------------------------------------------------------


def test_owner_outside_the_host_unit_is_refused_and_nothing_written(world, campaign, sites):
    task = _tasks(sites.a)[0]
    before = _state()
    with pytest.raises(ValidationError) as caught:
        actions.task_update(actor=world.officer_a, task=task, owner=world.officer_b, due_date=DAY, note="Ghi chú")
    assert set(caught.value.message_dict) == {"owner"}
    with pytest.raises(ValidationError) as caught:
        actions.task_update(actor=world.officer_a, task=task, owner=world.central)  # above the unit, not below
    assert set(caught.value.message_dict) == {"owner"}
    with pytest.raises(ValidationError) as caught:
        actions.task_update(actor=world.officer_a, task=task, owner=world.commune_officer_a, owner_name="Ông A")
    assert set(caught.value.message_dict) == {"owner_name"}
    assert _state() == before
    assert not Notification.objects.exists()


def test_owner_from_below_is_notified_sees_the_site_and_may_mark_the_step(
    world, campaign, sites, django_capture_on_commit_callbacks
):
    task = _tasks(sites.a)[2]
    with django_capture_on_commit_callbacks(execute=True):
        actions.task_update(
            actor=world.officer_a, task=task, owner=world.commune_officer_a, due_date=datetime.date(2023, 8, 1), note="Gấp"
        )
    task.refresh_from_db()
    assert (task.owner, task.due_date, task.note) == (world.commune_officer_a, datetime.date(2023, 8, 1), "Gấp")
    notice = Notification.objects.get(recipient=world.commune_officer_a)
    assert notice.code == "festival.site.step_assigned" and "01/08/2023" in notice.title and task.title in notice.title
    entry = AuditEntry.objects.filter(code="festival.site.step_changed").get()
    assert entry.new["step_owner"] == world.commune_officer_a.get_full_name() and entry.new["due_date"] == "2023-08-01"
    # The owner marks their own step, and no other.
    actions.task_mark(actor=world.commune_officer_a, task=task, done=True)
    with pytest.raises(PermissionDenied):
        actions.task_mark(actor=world.commune_officer_a, task=_tasks(sites.a)[3], done=True)
    with pytest.raises(PermissionDenied):
        actions.task_update(actor=world.commune_officer_a, task=task, note="x")


def test_a_viewer_sees_but_may_not_act(world, campaign, sites):
    from tests.world import user

    viewer = user("viewer_a", world.province_a, Role.VIEWER)
    assert Membership.objects.filter(user=viewer).exists()
    with pytest.raises(PermissionDenied):
        actions.task_mark(actor=viewer, task=_tasks(sites.a)[0], done=True)
    with pytest.raises(PermissionDenied):
        actions.task_add(actor=viewer, site=sites.a, part=ChecklistPart.PREPARATION, title="Thêm")


# --- steps of one site -------------------------------------------------------------------------


def test_add_and_delete_a_step_of_one_site(world, campaign, sites):
    task = actions.task_add(
        actor=world.officer_a, site=sites.a, part=ChecklistPart.FESTIVAL, title="Giải bóng chuyền", optional=True, due_date=DAY
    )
    assert task.order > max(t.order for t in _tasks(sites.a) if t.pk != task.pk)
    assert not SiteTask.objects.filter(site=sites.b, title="Giải bóng chuyền").exists()
    with pytest.raises(ValidationError) as caught:
        actions.task_add(actor=world.officer_a, site=sites.a, part=ChecklistPart.FESTIVAL, title="giải bóng chuyền")
    assert set(caught.value.message_dict) == {"title"}
    with pytest.raises(ValidationError):  # a step of the programme stays
        actions.task_delete(actor=world.officer_a, task=_tasks(sites.a)[0])
    actions.task_delete(actor=world.officer_a, task=task)
    assert not SiteTask.objects.filter(pk=task.pk).exists()
    codes = set(AuditEntry.objects.filter(object_id=str(sites.a.pk)).values_list("code", flat=True))
    assert {"festival.site.step_added", "festival.site.step_deleted"} <= codes


# --- registering and editing sites -------------------------------------------------------------


def test_register_a_site_with_a_level_that_fits_the_unit(world, campaign):
    site = actions.site_register(
        actor=world.commune_officer_a,
        campaign=campaign,
        unit=world.commune_a,
        level=SiteLevel.COMMUNE,
        kind=SiteKind.COMMUNE,
        name="Phường Buôn Hồ",
        area=world.area_commune_a,
        date=DAY,
        address="Nhà văn hóa phường",
    )
    assert site.tasks.count() == campaign.checklist_template.count()
    assert AuditEntry.objects.filter(code="festival.site.created", object_id=str(site.pk)).exists()
    before = _state()
    with pytest.raises(ValidationError) as caught:
        actions.site_register(
            actor=world.commune_officer_a,
            campaign=campaign,
            unit=world.commune_a,
            level=SiteLevel.PROVINCE,
            kind=SiteKind.COMMUNE,
            name="Buôn khác",
            area=world.area_commune_b,
            date=datetime.date(2023, 9, 30),
        )
    assert {"level", "area", "date"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        actions.site_register(
            actor=world.officer_a,
            campaign=campaign,
            unit=world.province_a,
            level=SiteLevel.NATIONAL,
            kind=SiteKind.COMMUNE,
            name="Điểm chỉ đạo",
            area=world.area_commune_a2,
            date=DAY,
        )
    assert set(caught.value.message_dict) == {"level"}
    with pytest.raises(PermissionDenied):
        actions.site_register(
            actor=world.officer_b,
            campaign=campaign,
            unit=world.province_a,
            level=SiteLevel.PROVINCE,
            kind=SiteKind.COMMUNE,
            name="Xã Ea Drông",
            area=world.area_commune_a2,
            date=DAY,
        )
    assert _state() == before


def test_moving_a_site_moves_its_open_steps_and_is_audited(world, campaign, sites):
    done, open_ = _tasks(sites.a)[0], _tasks(sites.a)[1]
    actions.task_mark(actor=world.officer_a, task=done, done=True)
    done_due, open_due = done.due_date, open_.due_date
    actions.site_update(
        actor=world.officer_a,
        site=sites.a,
        name="Xã Ea Drông (điểm tỉnh)",
        date=DAY + datetime.timedelta(days=2),
        address="UBND xã",
    )
    done.refresh_from_db()
    open_.refresh_from_db()
    assert done.due_date == done_due and open_.due_date == open_due + datetime.timedelta(days=2)
    entry = AuditEntry.objects.get(code="festival.site.updated")
    assert entry.old == {"site_name": "Xã Ea Drông", "site_date": "2023-08-14", "venue": ""}
    assert entry.new == {"site_name": "Xã Ea Drông (điểm tỉnh)", "site_date": "2023-08-16", "venue": "UBND xã"}


def test_site_edit_is_refused_with_messages_and_nothing_written(world, campaign, sites):
    leader = Leader.objects.create(full_name="Trần Lưu Quang", position="Phó Thủ tướng", body="state", rank=4)
    LeaderAssignment.objects.create(campaign=campaign, site=sites.a, leader=leader, day=DAY)
    before = _state()
    with pytest.raises(ValidationError) as caught:
        actions.site_update(actor=world.officer_a, site=sites.a, name="", date=datetime.date(2023, 9, 1))
    assert set(caught.value.message_dict) == {"name", "date"}
    with pytest.raises(ValidationError) as caught:  # a leader is scheduled on the site's day
        actions.site_update(actor=world.officer_a, site=sites.a, name="Xã Ea Drông", date=DAY + datetime.timedelta(days=1))
    assert set(caught.value.message_dict) == {"date"}
    with pytest.raises(PermissionDenied):
        actions.site_update(actor=world.commune_officer_a, site=sites.a, name="X", date=DAY)
    assert _state() == before


# --- the programme -----------------------------------------------------------------------------


def test_programme_steps_are_edited_by_organisers_only(world, campaign):
    with pytest.raises(PermissionDenied):
        actions.programme_step_add(actor=world.officer_a, campaign=campaign, part=ChecklistPart.FESTIVAL, title="Kéo co")
    item = actions.programme_step_add(
        actor=world.central, campaign=campaign, part=ChecklistPart.PREPARATION, title="Tập duyệt chương trình", offset_days=-1
    )
    steps = list(ChecklistTemplateItem.objects.filter(campaign=campaign, part=ChecklistPart.PREPARATION).order_by("order"))
    assert steps[-1] == item
    before = _state()
    with pytest.raises(ValidationError) as caught:
        actions.programme_step_add(
            actor=world.central,
            campaign=campaign,
            part=ChecklistPart.PREPARATION,
            title="tập duyệt chương trình",
            offset_days=999,
        )
    assert set(caught.value.message_dict) == {"title", "offset_days"}
    assert _state() == before
    # Up twice, down once: one place above the end. At the top of its part a step stays.
    actions.programme_step_move(actor=world.central, item=item, up=True)
    actions.programme_step_move(actor=world.central, item=item, up=True)
    actions.programme_step_move(actor=world.central, item=item, up=False)
    titles = list(
        ChecklistTemplateItem.objects.filter(campaign=campaign, part=ChecklistPart.PREPARATION)
        .order_by("order")
        .values_list("title", flat=True)
    )
    assert titles[-2] == "Tập duyệt chương trình"
    first = ChecklistTemplateItem.objects.filter(campaign=campaign, part=ChecklistPart.CEREMONY).order_by("order").first()
    before = _state()
    actions.programme_step_move(actor=world.central, item=first, up=True)
    assert _state()[2] == before[2]
    # A site registered now gets the new step; deleting it from the programme leaves the site's copy.
    site = actions.site_register(
        actor=world.officer_a,
        campaign=campaign,
        unit=world.province_a,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name="Xã Ea Drông",
        area=world.area_commune_a2,
        date=DAY,
    )
    copy = SiteTask.objects.get(site=site, title="Tập duyệt chương trình")
    assert copy.due_date == DAY - datetime.timedelta(days=1)
    actions.programme_step_update(
        actor=world.central, item=item, part=ChecklistPart.PREPARATION, title="Tổng duyệt chương trình", offset_days=-2
    )
    actions.programme_step_delete(actor=world.central, item=item)
    assert SiteTask.objects.filter(pk=copy.pk).exists()
    codes = list(AuditEntry.objects.filter(code__startswith="festival.programme.").values_list("code", flat=True))
    assert sorted(set(codes)) == [
        "festival.programme.step_added",
        "festival.programme.step_changed",
        "festival.programme.step_deleted",
        "festival.programme.step_moved_down",
        "festival.programme.step_moved_up",
    ]
