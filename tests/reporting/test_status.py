"""A unit's status on a request is derived from its draft, versions, returns and the due date."""

import datetime

import pytest
from django.utils import timezone

from phongtrao.reporting import actions
from phongtrao.reporting.enums import TargetStatus
from phongtrao.reporting.models import ReportTarget
from phongtrao.reporting.queries import progress_of

from .conftest import days, draft, send, submit


def status(target, on=None) -> str:
    return ReportTarget.objects.with_status(on).get(pk=target.pk).status


@pytest.fixture
def request_a(world):
    """V05 asks province A; due in ten days."""
    return send(world.central, world.v05, [world.province_a, world.province_b])


def target_a(request, world):
    return request.targets.get(unit=world.province_a)


def test_not_started(world, request_a):
    assert status(target_a(request_a, world)) == TargetStatus.NOT_STARTED


def test_draft(world, request_a):
    draft(world.officer_a, target_a(request_a, world))
    assert status(target_a(request_a, world)) == TargetStatus.DRAFT


def test_submitted(world, request_a):
    submit(world.officer_a, target_a(request_a, world))
    assert status(target_a(request_a, world)) == TargetStatus.SUBMITTED


def test_late_when_nothing_is_submitted_after_the_due_date(world, request_a):
    target = target_a(request_a, world)
    due = request_a.due_date
    assert status(target, on=due) == TargetStatus.NOT_STARTED  # the due date itself is still on time
    assert status(target, on=due + datetime.timedelta(days=1)) == TargetStatus.LATE
    draft(world.officer_a, target)
    assert status(target, on=due + datetime.timedelta(days=1)) == TargetStatus.LATE  # a draft is not a report


def test_late_when_submitted_after_the_due_date(world):
    overdue = send(world.central, world.v05, [world.province_a], due=-2)
    target = overdue.targets.get()
    assert status(target) == TargetStatus.LATE
    submit(world.officer_a, target)
    row = ReportTarget.objects.with_status().get(pk=target.pk)
    assert row.status == TargetStatus.LATE
    assert row.latest_version == 1  # late with a version in, not late with nothing


def test_on_time_submission_stays_submitted_after_the_due_date(world, request_a):
    target = target_a(request_a, world)
    submit(world.officer_a, target)
    assert status(target, on=request_a.due_date + datetime.timedelta(days=30)) == TargetStatus.SUBMITTED


def test_submitted_on_the_due_date_is_on_time(world):
    due_today = send(world.central, world.v05, [world.province_a], due=0)
    target = due_today.targets.get()
    submit(world.officer_a, target)
    assert status(target) == TargetStatus.SUBMITTED


def test_late_is_judged_on_the_local_date(world, monkeypatch):
    """23:30 on the due date in Hà Nội (16:30 UTC) is on time; 00:30 the next day is late."""
    request = send(world.central, world.v05, [world.province_a, world.province_b], due=-1)
    evening = datetime.datetime.combine(request.due_date, datetime.time(23, 30), tzinfo=timezone.get_current_timezone())
    monkeypatch.setattr("django.utils.timezone.now", lambda: evening.astimezone(datetime.UTC))
    on_time = submit(world.officer_a, request.targets.get(unit=world.province_a))
    monkeypatch.setattr("django.utils.timezone.now", lambda: (evening + datetime.timedelta(hours=1)).astimezone(datetime.UTC))
    late = submit(world.officer_b, request.targets.get(unit=world.province_b))
    monkeypatch.undo()
    assert on_time.submitted_at.astimezone(datetime.UTC).hour == 16
    assert status(on_time.target) == TargetStatus.SUBMITTED
    assert status(late.target) == TargetStatus.LATE


def test_returned_then_new_version_is_submitted(world, request_a):
    target = target_a(request_a, world)
    first = submit(world.officer_a, target)
    actions.submission_return(actor=world.central, submission=first, reason="Thiếu số liệu tháng 6.")
    assert status(target) == TargetStatus.RETURNED
    second = submit(world.officer_a, target, text="Đã bổ sung số liệu tháng 6.")
    assert second.version == 2
    assert status(target) == TargetStatus.SUBMITTED
    versions = list(target.submissions.order_by("version").values_list("version", "text"))
    assert versions == [(1, "Kết quả 6 tháng."), (2, "Đã bổ sung số liệu tháng 6.")]  # the old version is kept


def test_returned_stays_returned_after_the_due_date(world, request_a):
    target = target_a(request_a, world)
    actions.submission_return(actor=world.central, submission=submit(world.officer_a, target), reason="Bổ sung.")
    assert status(target, on=days(60)) == TargetStatus.RETURNED


def test_counts_per_status_for_many_requests_in_two_queries(world, django_assert_num_queries):
    first = send(world.central, world.v05, [world.province_a, world.province_b])
    second = send(world.officer_a, world.province_a, [world.commune_a, world.commune_a2], due=-1)
    submit(world.officer_a, first.targets.get(unit=world.province_a))
    draft(world.officer_b, first.targets.get(unit=world.province_b))
    submit(world.commune_officer_a, second.targets.get(unit=world.commune_a))
    with django_assert_num_queries(2):
        progress = progress_of(ReportTarget.objects.all())
    assert dict(progress[first.pk].counts) == {"submitted": 1, "draft": 1}
    assert dict(progress[second.pk].counts) == {"late": 2}
    assert (progress[second.pk].received, progress[second.pk].late_submitted, progress[second.pk].total) == (1, 1, 2)
