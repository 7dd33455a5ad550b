"""The nightly job (manage.py work_nightly): overdue marking, recurrences, reminders and digests,
idempotent when run twice the same day; and the notifications sent by the work actions."""

import io

import pytest
from django.core.management import CommandError, call_command

from phongtrao.audit.models import AuditEntry
from phongtrao.notifications.models import Notification
from phongtrao.work import actions, reminders
from phongtrao.work.enums import Execution
from phongtrao.work.models import Assignment, ExtensionRequest

from .test_reminders_setup import assign, check_calendar, d, programme_2026


@pytest.fixture
def programme(world):
    check_calendar()
    return programme_2026(world)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("work_nightly", *args, stdout=out)
    return out.getvalue()


def _state():
    return (
        sorted(Notification.objects.values_list("recipient_id", "dedupe_key")),
        AuditEntry.objects.count(),
        sorted(Assignment.objects.values_list("pk", "execution", "due_date")),
    )


def test_nightly_is_idempotent(world, programme):
    late = assign(world, programme, due=d(20, 4), title="Việc quá hạn")
    soon = assign(world, programme, due=d(4, 5), title="Việc sắp đến hạn")
    monthly = assign(world, programme, due=d(21, 4), title="Báo cáo tháng", recurrence="monthly")
    output = _run("--date", "29/04/2026")
    assert "29/04/2026" in output
    late.refresh_from_db()
    assert late.execution == Execution.OVERDUE
    [following] = Assignment.objects.filter(previous_occurrence=monthly)
    assert (following.due_date, following.lead_id, following.execution) == (d(21, 5), monthly.lead_id, Execution.NOT_STARTED)
    keys = set(Notification.objects.filter(recipient=world.officer_a).values_list("dedupe_key", flat=True))
    assert f"work.due.{soon.pk}.2026-05-04.1" in keys
    assert f"work.overdue.{late.pk}.2026-04-20.2026-04-29" in keys
    assert Notification.objects.filter(recipient=world.leader_a, code="work.digest").count() == 1
    before = _state()
    _run("--date", "29/04/2026")
    assert _state() == before


def test_closed_series_do_not_recur(world, programme):
    recalled = assign(world, programme, due=d(21, 4), recurrence="monthly")
    Assignment.objects.filter(pk=recalled.pk).update(execution=Execution.RECALLED)
    _run("--date", "29/04/2026")
    assert not Assignment.objects.filter(previous_occurrence=recalled).exists()


def test_enqueue_runs_it_through_the_task_backend(world, programme):
    soon = assign(world, programme, due=d(4, 5))
    output = _run("--date", "29/04/2026", "--enqueue")
    assert output.startswith("queued")
    assert Notification.objects.filter(dedupe_key=f"work.due.{soon.pk}.2026-05-04.1").count() == 2


def test_a_bad_date_is_refused(world):
    with pytest.raises(CommandError):
        _run("--date", "2026-04-29")


def test_a_day_off_marks_overdue_but_reminds_nobody(world, programme):
    late = assign(world, programme, due=d(29, 4))
    _run("--date", "30/04/2026")
    late.refresh_from_db()
    assert late.execution == Execution.OVERDUE
    assert not Notification.objects.exists()


# --- events of the actions ----------------------------------------------------------------------


def test_assignment_events_reach_the_right_unit(world, programme, django_capture_on_commit_callbacks):
    a = assign(world, programme, due=d(4, 5))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_assignment_event(a, "created", world.central)
        reminders.notify_assignment_event(a, "created", world.central)  # once per assignment
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["leader_a", "officer_a"]
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_assignment_event(a, "completed", world.officer_a)
    # The assigning unit (V05) and whoever gave the work: here the same person, told once.
    assert list(Notification.objects.values_list("recipient__username", "code")) == [("central", "work.assignment.completed")]
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_assignment_event(a, "returned", world.central, note="Thiếu số liệu xã")
    assert set(Notification.objects.values_list("recipient__username", "body")) == {
        ("officer_a", "Thiếu số liệu xã"),
        ("leader_a", "Thiếu số liệu xã"),
    }


def test_the_actor_is_not_told_of_their_own_action(world, programme, django_capture_on_commit_callbacks):
    a = assign(world, programme, due=d(4, 5))
    extension = ExtensionRequest(assignment=a, previous_due_date=d(4, 5), proposed_due_date=d(11, 5), reason="Chờ số liệu")
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_assignment_event(a, "extension_approved", world.leader_a, extension=extension)
        reminders.notify_assignment_event(a, "extension_requested", world.officer_a, extension=extension)
    got = list(Notification.objects.order_by("recipient__username").values_list("recipient__username", "code", "body"))
    assert got == [
        ("central", "work.assignment.extension_requested", "Chờ số liệu"),
        ("officer_a", "work.assignment.extension_approved", ""),
    ]
    assert all("11/05/2026" in n.title for n in Notification.objects.all())


def test_a_proposal_reaches_the_leader_it_is_raised_to(world, programme, django_capture_on_commit_callbacks):
    proposal = actions.proposal_raise(
        actor=world.commune_officer_a,
        unit=world.commune_a,
        kind="proposal",
        title="Đề nghị khen thưởng",
        text="Khen thưởng tổ tự quản",
        raised_to=world.leader_a,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders.notify_proposal_event(proposal, "raised", world.commune_officer_a)
    note = Notification.objects.get()
    assert (note.recipient, note.code, note.object_id) == (world.leader_a, "work.proposal.raised", proposal.pk)
    assert "Đề nghị khen thưởng" in note.title


def test_unknown_events_are_refused(world, programme):
    a = assign(world, programme, due=d(4, 5))
    with pytest.raises(ValueError, match="Unknown"):
        reminders.notify_assignment_event(a, "exploded", None)
