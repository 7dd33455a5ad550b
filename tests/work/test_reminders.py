"""Deadline reminders: N working days before (across weekends and holidays), overdue repeats,
the right people only, once per key, and a constant number of queries."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phongtrao.notifications import actions as notifications
from phongtrao.notifications.models import Notification
from phongtrao.org.enums import Role
from phongtrao.work import reminders
from phongtrao.work.enums import Execution
from phongtrao.work.models import Assignment, AssignmentCoordinator
from tests.world import user

from .test_reminders_setup import assign, check_calendar, d, days, programme_2026


@pytest.fixture
def programme(world):
    check_calendar()
    return programme_2026(world)


def _settings(person, reminder_days="5,1", overdue_repeat="daily"):
    notifications.settings_update(
        actor=person, user=person, reminder_days=reminder_days, overdue_repeat=overdue_repeat, email=True, daily_digest=True
    )


def _who(on) -> set[tuple[str, str, str, int]]:
    from phongtrao.org.models import User

    names = dict(User.objects.values_list("pk", "username"))
    return {(names[r.user_id], r.role, r.kind, r.days) for r in reminders.due_reminders(on=on)}


def _calendar_of(username, first, last) -> dict:
    """day -> (kind, days) of the reminders one person gets over a period."""
    result = {}
    for day in days(first, last):
        for name, _role, kind, count in _who(day):
            if name == username:
                result[day] = (kind, count)
    return result


def test_reminded_exactly_n_working_days_before_across_weekend_and_holidays(world, programme):
    assign(world, programme, due=d(4, 5))  # Monday after 30/4, 1/5 and a weekend
    # 5 working days before: Wednesday 22/4 (27/4 is a day off); 1 working day before: Wednesday 29/4.
    assert _calendar_of("officer_a", d(1, 4), d(4, 5)) == {d(22, 4): ("due", 5), d(29, 4): ("due", 1)}
    assert _calendar_of("leader_a", d(1, 4), d(4, 5)) == {d(22, 4): ("due", 5), d(29, 4): ("due", 1)}


def test_deadline_on_a_day_off_and_zero_days(world, programme):
    _settings(world.officer_a, "1,0")
    assign(world, programme, due=d(9, 5))  # a Saturday: the last working day before it is Friday 8/5
    assert _calendar_of("officer_a", d(20, 4), d(9, 5)) == {d(7, 5): ("due", 1), d(8, 5): ("due", 0)}
    # 5 working days before Saturday 9/5: 4, 5, 6, 7, 8/5 remain after Wednesday 29/4.
    assert _calendar_of("leader_a", d(20, 4), d(9, 5)) == {d(29, 4): ("due", 5), d(7, 5): ("due", 1)}


def test_overdue_reminders_repeat_daily_weekly_or_never(world, programme):
    never = user("officer_a2", world.province_a, Role.OFFICER, "Đinh Thị Lan")
    _settings(world.officer_a, overdue_repeat="daily")
    _settings(world.leader_a, overdue_repeat="weekly")
    _settings(never, overdue_repeat="never")
    assign(world, programme, due=d(4, 5))
    period = (d(5, 5), d(14, 5))
    daily = _calendar_of("officer_a", *period)
    assert daily == {
        d(5, 5): ("overdue", 1),
        d(6, 5): ("overdue", 2),
        d(7, 5): ("overdue", 3),
        d(8, 5): ("overdue", 4),  # not on Saturday 9/5 or Sunday 10/5
        d(11, 5): ("overdue", 5),
        d(12, 5): ("overdue", 6),
        d(13, 5): ("overdue", 7),
        d(14, 5): ("overdue", 8),
    }
    assert _calendar_of("leader_a", *period) == {d(5, 5): ("overdue", 1), d(12, 5): ("overdue", 6)}
    assert _calendar_of("officer_a2", *period) == {}


def test_only_officers_and_leaders_of_exactly_the_unit_concerned(world, programme):
    """Rule: members of the lead unit (or of a coordinating unit, for its own deadline) with role
    officer or leader and an active account. Viewers, unit administrators, members of units above
    or below, and other provinces get nothing."""
    user("viewer_a", world.province_a, Role.VIEWER, "Nguyễn Văn Xem")
    locked = user("locked_a", world.province_a, Role.OFFICER, "Vũ Văn Khóa")
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    assign(world, programme, due=d(4, 5))
    assign(world, programme, due=d(4, 5), lead=world.province_b, title="Nhiệm vụ của tỉnh B")
    got = _who(d(29, 4))
    assert {(name, role) for name, role, _k, _n in got} == {
        ("officer_a", "lead"),
        ("leader_a", "lead"),
        ("officer_b", "lead"),
    }
    by_assignment = {(r.user_id, r.assignment_id) for r in reminders.due_reminders(on=d(29, 4))}
    province_b_work = Assignment.objects.get(lead=world.province_b)
    assert (world.officer_a.pk, province_b_work.pk) not in by_assignment
    assert (world.officer_b.pk, province_b_work.pk) in by_assignment


def test_coordinating_units_for_their_own_deadline_until_their_part_is_done(world, programme):
    a = assign(world, programme, due=d(4, 5), coordinators=[(world.province_b, d(24, 4)), (world.partner, None)])
    AssignmentCoordinator.objects.filter(assignment=a, unit=world.partner).update(progress=100)
    # Thursday 23/4 is 1 working day before province B's deadline (Friday 24/4).
    assert _who(d(23, 4)) == {("officer_b", "coordinator", "due", 1)}
    # After its deadline province B is overdue for its part (27/4 is a day off: 28/4 is day 1).
    assert _who(d(27, 4)) == set()
    assert ("officer_b", "coordinator", "overdue", 1) in _who(d(28, 4))
    # The partner body finished its part: nothing for it at the assignment's deadline either.
    assert {name for name, *_rest in _who(d(29, 4))} == {"officer_a", "leader_a", "officer_b"}
    AssignmentCoordinator.objects.filter(assignment=a, unit=world.province_b).update(progress=100)
    assert {name for name, *_rest in _who(d(29, 4))} == {"officer_a", "leader_a"}


@pytest.mark.parametrize("state", [Execution.DONE_ON_TIME, Execution.DONE_LATE, Execution.REFUSED, Execution.RECALLED])
def test_finished_or_closed_work_is_not_reminded(world, programme, state):
    a = assign(world, programme, due=d(4, 5))
    Assignment.objects.filter(pk=a.pk).update(execution=state)
    assert _who(d(29, 4)) == set()
    assert _who(d(6, 5)) == set()


def test_running_twice_sends_once_with_email(world, programme):
    for person in (world.officer_a, world.leader_a):
        person.email = f"{person.username}@congan.example"
        person.save(update_fields=["email"])
    a = assign(world, programme, due=d(4, 5), title="Tổng kết phong trào năm 2026")
    assert reminders.send_due_reminders(d(29, 4)) == 2
    assert reminders.send_due_reminders(d(29, 4)) == 0
    notes = Notification.objects.filter(code="work.assignment.due")
    assert sorted(notes.values_list("recipient__username", flat=True)) == ["leader_a", "officer_a"]
    note = notes.get(recipient=world.officer_a)
    assert (note.object_id, note.dedupe_key) == (a.pk, f"work.due.{a.pk}.2026-05-04.1")
    assert note.url.endswith(f"/{a.pk}/")
    assert sorted(m.to[0] for m in mail.outbox) == ["leader_a@congan.example", "officer_a@congan.example"]
    for message in mail.outbox:
        assert "Tổng kết phong trào năm 2026" in message.subject
        assert "04/05/2026" in message.subject


def test_a_new_deadline_starts_the_reminders_afresh(world, programme):
    a = assign(world, programme, due=d(4, 5))
    reminders.send_due_reminders(d(29, 4))
    Assignment.objects.filter(pk=a.pk).update(due_date=d(11, 5))  # extension approved
    assert reminders.send_due_reminders(d(8, 5)) == 2
    assert Notification.objects.filter(recipient=world.officer_a).count() == 2


def _grow(world, programme, n):
    for i in range(n):
        assign(
            world,
            programme,
            due=d(4, 5) if i % 2 else d(20, 4),
            lead=world.province_a if i % 3 else world.commune_a,
            title=f"Nhiệm vụ {i}",
            coordinators=[(world.province_b, None)],
        )


@pytest.mark.parametrize("function", [reminders.due_reminders, reminders.send_due_reminders])
def test_query_count_does_not_grow_with_the_assignments(world, programme, function):
    user("commune_leader", world.commune_a, Role.LEADER, "Hà Văn Xã")
    counts = []
    for total in (1, 3, 10):
        Notification.objects.all().delete()
        _grow(world, programme, total - Assignment.objects.count())
        function(d(29, 4))  # warm the calendar and content types
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            function(d(29, 4))
        counts.append(len(ctx.captured_queries))
        assert len(reminders.due_reminders(on=d(29, 4))) >= total
    assert counts[0] == counts[1] == counts[2], counts
