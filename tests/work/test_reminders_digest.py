"""The daily digest for unit leaders: their subtree's overdue and due-soon work, and what waits
for their decision; once a day, working days only, not when empty or turned off."""

import pytest

from phongtrao.notifications import actions as notifications
from phongtrao.notifications.models import Notification
from phongtrao.org.enums import Role
from phongtrao.work import actions, reminders
from phongtrao.work.enums import Execution, Verification
from phongtrao.work.models import Assignment, ExtensionRequest
from tests.world import user

from .test_reminders_setup import assign, check_calendar, d, programme_2026

DAY = d(29, 4)  # a Wednesday


@pytest.fixture
def work(world):
    check_calendar()
    programme = programme_2026(world)
    w = {
        "overdue": assign(world, programme, due=d(20, 4), lead=world.commune_a, title="Rà soát mô hình tự quản"),
        "soon": assign(world, programme, due=d(4, 5), title="Báo cáo sơ kết quý II"),
        "far": assign(world, programme, due=d(30, 6), title="Tổng kết năm"),
        "other_province": assign(world, programme, due=d(20, 4), lead=world.province_b, title="Việc của tỉnh Sơn La"),
        "done": assign(world, programme, due=d(20, 4), title="Việc đã xong"),
    }
    Assignment.objects.filter(pk=w["done"].pk).update(execution=Execution.DONE_LATE)
    # Work province A gave its communes: one finished and waiting for verification, one asking for more time.
    parent = w["far"]
    w["to_verify"] = assign(
        world,
        programme,
        due=d(30, 6),
        lead=world.commune_a,
        parent=parent,
        actor=world.officer_a,
        title="Xây dựng tổ an ninh trật tự",
    )
    Assignment.objects.filter(pk=w["to_verify"].pk).update(execution=Execution.DONE_ON_TIME, verification=Verification.WAITING)
    w["asks_time"] = assign(
        world,
        programme,
        due=d(30, 6),
        lead=world.commune_a2,
        parent=parent,
        actor=world.officer_a,
        title="Tuyên truyền pháp luật",
    )
    w["extension"] = ExtensionRequest.objects.create(
        assignment=w["asks_time"],
        previous_due_date=d(30, 6),
        proposed_due_date=d(31, 7),
        reason="Chờ kinh phí",
        requested_by=world.commune_officer_a,
    )
    w["proposal"] = actions.proposal_raise(
        actor=world.commune_officer_a,
        unit=world.commune_a,
        kind="obstacle",
        title="Thiếu kinh phí hoạt động",
        text="Đề nghị hỗ trợ",
        raised_to=world.leader_a,
    )
    return w


def _digest_of(person, on=DAY):
    found = [x for x in reminders.leader_digest(on=on) if x.user_id == person.pk]
    return found[0] if found else None


def test_digest_content_for_a_province_leader(world, work):
    digest = _digest_of(world.leader_a)
    [unit] = digest.units
    assert unit.unit_id == world.province_a.pk
    assert [i.pk for i in unit.overdue] == [work["overdue"].pk]  # a commune's work is in the province's subtree
    assert [i.pk for i in unit.due_soon] == [work["soon"].pk]
    assert [a.pk for a in digest.completions] == [work["to_verify"].pk]
    assert [e.pk for e in digest.extensions] == [work["extension"].pk]
    assert [p.pk for p in digest.proposals] == [work["proposal"].pk]
    assert digest.counts == {"overdue": 1, "due_soon": 1, "completions": 1, "extensions": 1, "proposals": 1}


def test_digest_of_a_commune_leader_covers_only_the_commune(world, work):
    commune_leader = user("leader_commune_a", world.commune_a, Role.LEADER, "Hà Văn Xã")
    digest = _digest_of(commune_leader)
    assert [i.pk for i in digest.units[0].overdue] == [work["overdue"].pk]
    assert digest.units[0].due_soon == []
    assert (digest.completions, digest.extensions, digest.proposals) == ([], [], [])


def test_who_gets_no_digest(world, work):
    leader_b = user("leader_b", world.province_b, Role.LEADER, "Cầm Văn Sơn")
    notifications.settings_update(
        actor=leader_b, user=leader_b, reminder_days="1", overdue_repeat="daily", email=True, daily_digest=False
    )
    quiet = user("leader_quiet", world.v05_division, Role.LEADER, "Lý Thị Yên")  # nothing in its subtree
    receivers = {x.user_id for x in reminders.leader_digest(on=DAY)}
    assert world.leader_a.pk in receivers
    assert leader_b.pk not in receivers  # turned off
    assert quiet.pk not in receivers  # empty
    assert world.officer_a.pk not in receivers  # officers get reminders, not the digest
    assert reminders.leader_digest(on=d(30, 4)) == []  # a public holiday


def test_sent_once_a_day_with_the_items_in_the_body(world, work):
    assert reminders.send_leader_digests(DAY) == 1
    assert reminders.send_leader_digests(DAY) == 0
    note = Notification.objects.get(code="work.digest")
    assert note.recipient == world.leader_a
    assert note.dedupe_key == "work.digest.2026-04-29"
    for text in (
        "Rà soát mô hình tự quản",
        "20/04/2026",
        "Báo cáo sơ kết quý II",
        "Xây dựng tổ an ninh trật tự",
        "31/07/2026",
        "Thiếu kinh phí hoạt động",
        world.province_a.name,
    ):
        assert text in note.body, text
    assert "Việc của tỉnh Sơn La" not in note.body
    assert "Tổng kết năm" not in note.body
    assert "29/04/2026" in note.title
    assert reminders.send_leader_digests(d(30, 4)) == 0
