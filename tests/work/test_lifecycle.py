"""Every transition of the two-axis lifecycle, from every state, allowed and refused."""

import datetime
import itertools
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.work import actions, transitions
from phongtrao.work.enums import Execution, ProgressMode, Verification
from phongtrao.work.models import Assignment, ExtensionRequest

E, V = Execution, Verification
DOC = Path(__file__).resolve().parents[2] / "docs" / "work-transitions.md"


def put(assignment: Assignment, execution: str, verification: str = V.NONE) -> Assignment:
    """Place an assignment in a state directly, to test what each action does from there."""
    Assignment.objects.filter(pk=assignment.pk).update(execution=execution, verification=verification)
    assignment.refresh_from_db()
    return assignment


def attempt(name: str, world, assignment: Assignment, today):  # noqa: PLR0911  one branch per transition
    """Run the action that implements a transition, as the right person."""
    later = assignment.due_date + datetime.timedelta(days=10)
    if name == "report_progress":
        return actions.progress_report_submit(actor=world.officer_a, assignment=assignment, progress=40, text="Đã triển khai")
    if name == "mark_overdue":
        Assignment.objects.filter(pk=assignment.pk).update(due_date=today - datetime.timedelta(days=1))
        return actions.mark_overdue(on=today)
    if name == "complete":
        return actions.assignment_complete(actor=world.officer_a, assignment=assignment)
    if name == "refuse":
        return actions.assignment_refuse(actor=world.leader_a, assignment=assignment, reason="Không thuộc chức năng")
    if name == "recall":
        return actions.assignment_recall(actor=world.central, assignment=assignment, reason="Thay đổi kế hoạch")
    if name == "request_extension":
        return actions.extension_request(
            actor=world.officer_a, assignment=assignment, proposed_due_date=later, reason="Chờ số liệu"
        )
    if name == "approve_extension":
        extension = ExtensionRequest.objects.create(
            assignment=assignment,
            previous_due_date=assignment.due_date,
            proposed_due_date=later,
            reason="x",
            requested_by=world.officer_a,
        )
        return actions.extension_decide(actor=world.central, extension=extension, approve=True)
    if name == "accept":
        return actions.assignment_accept(actor=world.central, assignment=assignment)
    if name == "return":
        return actions.assignment_return(actor=world.central, assignment=assignment, reason="Thiếu số liệu")
    raise AssertionError(name)


STATES = list(itertools.product([e.value for e in E], [v.value for v in V]))


@pytest.mark.parametrize("name", list(transitions.TRANSITIONS))
def test_every_transition_from_every_state(name, world, make_assignment, today):
    """Allowed where the table says so; refused with a message, and nothing changed, elsewhere."""
    for execution, verification in STATES:
        assignment = put(make_assignment(), execution, verification)
        before = (assignment.execution, assignment.verification, assignment.due_date)
        if transitions.allowed(name, execution, verification):
            attempt(name, world, assignment, today)
        else:
            entries = AuditEntry.objects.count()
            if name == "mark_overdue":
                attempt(name, world, assignment, today)  # the nightly job simply leaves such an assignment alone
                assignment.refresh_from_db()
                assert (assignment.execution, assignment.verification) == before[:2], (execution, verification)
                continue
            with pytest.raises(ValidationError):
                attempt(name, world, assignment, today)
            assignment.refresh_from_db()
            assert (assignment.execution, assignment.verification, assignment.due_date) == before, (name, execution)
            assert AuditEntry.objects.count() == entries


def test_docs_table_matches_the_code():
    assert transitions.markdown_table() in DOC.read_text(encoding="utf-8")


def test_progress_moves_not_started_to_in_progress(world, make_assignment):
    assignment = make_assignment()
    actions.progress_report_submit(actor=world.officer_a, assignment=assignment, progress=30, text="Đã xây dựng kế hoạch")
    assignment.refresh_from_db()
    assert (assignment.execution, assignment.progress) == (E.IN_PROGRESS, 30)


def test_done_on_time_or_late_is_decided_from_the_deadline(world, make_assignment, today):
    on_time = make_assignment(due_in=0)
    late = make_assignment(due_in=-1, start_in=-20)
    assert actions.assignment_complete(actor=world.officer_a, assignment=on_time).execution == E.DONE_ON_TIME
    done_late = actions.assignment_complete(actor=world.officer_a, assignment=late)
    assert done_late.execution == E.DONE_LATE
    assert done_late.verification == V.WAITING
    assert done_late.completed_on == today


def test_full_cycle_overdue_extension_late_returned_accepted(world, make_assignment, today):
    assignment = make_assignment(due_in=-2, start_in=-30)
    [child] = actions.assignment_forward(actor=world.officer_a, assignment=assignment, leads=[world.commune_a])
    actions.progress_report_submit(actor=world.commune_officer_a, assignment=child, progress=50, text="Nửa chặng")
    assert actions.mark_overdue(on=today) == 2
    assignment.refresh_from_db()
    assert assignment.execution == E.OVERDUE
    extension = actions.extension_request(
        actor=world.officer_a, assignment=assignment, proposed_due_date=today + datetime.timedelta(days=5), reason="Mưa lũ"
    )
    actions.extension_decide(actor=world.central, extension=extension, approve=True)
    assignment.refresh_from_db()
    assert assignment.due_date == today + datetime.timedelta(days=5)
    assert assignment.original_due_date == today - datetime.timedelta(days=2)
    assert assignment.execution == E.IN_PROGRESS
    # The commune's own deadline did not move: it finishes late.
    child = actions.assignment_complete(actor=world.commune_officer_a, assignment=child)
    assert child.execution == E.DONE_LATE
    assignment.refresh_from_db()
    assert assignment.progress == 100  # the share of sub-assignments done
    assignment = actions.assignment_complete(actor=world.officer_a, assignment=assignment)
    assert assignment.execution == E.DONE_ON_TIME
    assignment = actions.assignment_return(actor=world.central, assignment=assignment, reason="Thiếu báo cáo tổng hợp")
    assert (assignment.execution, assignment.verification) == (E.IN_PROGRESS, V.RETURNED)
    assignment = actions.assignment_complete(actor=world.officer_a, assignment=assignment)
    assignment = actions.assignment_accept(actor=world.central, assignment=assignment)
    assert (assignment.execution, assignment.verification) == (E.DONE_ON_TIME, V.ACCEPTED)
    codes = list(AuditEntry.objects.for_object(assignment).order_by("pk").values_list("code", flat=True))
    assert codes == [
        "work.assignment.created",
        "work.assignment.overdue",
        "work.extension.requested",
        "work.extension.approved",
        "work.assignment.completed",
        "work.assignment.returned",
        "work.assignment.completed",
        "work.assignment.accepted",
    ]


def test_extension_limit_and_one_pending_at_a_time(world, make_assignment, today, programme):
    assignment = make_assignment(due_in=5)
    for step in (10, 20):
        extension = actions.extension_request(
            actor=world.officer_a, assignment=assignment, proposed_due_date=today + datetime.timedelta(days=step), reason="x"
        )
        with pytest.raises(ValidationError):  # only one pending at a time
            actions.extension_request(
                actor=world.officer_a, assignment=assignment, proposed_due_date=today + datetime.timedelta(days=99), reason="y"
            )
        actions.extension_decide(actor=world.central, extension=extension, approve=True)
        assignment.refresh_from_db()
    assert programme.max_extensions == 2
    with pytest.raises(ValidationError, match="2"):
        actions.extension_request(
            actor=world.officer_a, assignment=assignment, proposed_due_date=today + datetime.timedelta(days=40), reason="z"
        )
    deadlines = list(assignment.extensions.order_by("pk").values_list("previous_due_date", "proposed_due_date"))
    assert deadlines == [
        (today + datetime.timedelta(days=5), today + datetime.timedelta(days=10)),
        (today + datetime.timedelta(days=10), today + datetime.timedelta(days=20)),
    ]


def test_rejected_extension_needs_a_reason_and_keeps_the_deadline(world, make_assignment, today):
    assignment = make_assignment(due_in=5)
    extension = actions.extension_request(
        actor=world.officer_a, assignment=assignment, proposed_due_date=today + datetime.timedelta(days=9), reason="x"
    )
    with pytest.raises(ValidationError):
        actions.extension_decide(actor=world.central, extension=extension, approve=False)
    actions.extension_decide(actor=world.central, extension=extension, approve=False, note="Không có căn cứ")
    assignment.refresh_from_db()
    assert assignment.due_date == today + datetime.timedelta(days=5)


def test_who_may_act(world, make_assignment, today):
    assignment = make_assignment()
    with pytest.raises(PermissionDenied):  # another province cannot report on A's work
        actions.progress_report_submit(actor=world.officer_b, assignment=assignment, progress=10, text="x")
    with pytest.raises(PermissionDenied):  # only the lead's leaders refuse
        actions.assignment_refuse(actor=world.officer_a, assignment=assignment, reason="x")
    with pytest.raises(PermissionDenied):  # only the assigner accepts or recalls
        actions.assignment_recall(actor=world.officer_a, assignment=assignment, reason="x")
    with pytest.raises(ValidationError):  # V05 cannot give work to a partner body it does not direct
        actions.assignment_create(
            actor=world.central,
            programme=assignment.programme,
            title="x",
            lead=world.partner,
            start_date=today,
            due_date=today,
        )
    with pytest.raises(ValidationError):  # a province forwards only inside its own subtree
        actions.assignment_forward(actor=world.officer_a, assignment=assignment, leads=[world.commune_b])
    with pytest.raises(ValidationError):  # nor upward
        actions.assignment_forward(actor=world.officer_a, assignment=assignment, leads=[world.v05])
    assert not assignment.children.exists()


def test_sub_assignment_deadline_within_parent_and_parent_waits_for_children(world, make_assignment, today):
    assignment = make_assignment(due_in=10)
    with pytest.raises(ValidationError):
        actions.assignment_create(
            actor=world.officer_a,
            programme=assignment.programme,
            parent=assignment,
            title="x",
            lead=world.commune_a,
            start_date=today,
            due_date=today + datetime.timedelta(days=11),
        )
    actions.assignment_forward(actor=world.officer_a, assignment=assignment, leads=[world.commune_a, world.commune_a2])
    with pytest.raises(ValidationError):
        actions.assignment_complete(actor=world.officer_a, assignment=assignment)


def test_weighted_rollup_through_two_levels(world, make_assignment, today):
    top = make_assignment(progress_mode=ProgressMode.WEIGHTED)
    due = top.due_date
    first = actions.assignment_create(
        actor=world.officer_a,
        programme=top.programme,
        parent=top,
        title="Phần 1",
        lead=world.province_a,
        start_date=today,
        due_date=due,
        weight=3,
        progress_mode=ProgressMode.COUNT,
    )
    second = actions.assignment_create(
        actor=world.officer_a,
        programme=top.programme,
        parent=top,
        title="Phần 2",
        lead=world.commune_a2,
        start_date=today,
        due_date=due,
        weight=1,
    )
    leaf_a, leaf_b = actions.assignment_forward(
        actor=world.officer_a, assignment=first, leads=[world.commune_a, world.commune_a2]
    )
    actions.assignment_complete(actor=world.commune_officer_a, assignment=leaf_a)  # first: 1 of 2 done → 50%
    actions.progress_report_submit(actor=world.officer_a, assignment=second, progress=20, text="x")
    top.refresh_from_db()
    first.refresh_from_db()
    assert first.progress == 50
    assert top.progress == round((50 * 3 + 20 * 1) / 4)
    assert top.execution == E.IN_PROGRESS
    assert leaf_b.code == f"{first.code}.2"


def test_recall_takes_open_sub_assignments_with_it(world, make_assignment):
    assignment = make_assignment()
    done, still_open = actions.assignment_forward(
        actor=world.officer_a, assignment=assignment, leads=[world.commune_a, world.commune_a2]
    )
    actions.assignment_complete(actor=world.commune_officer_a, assignment=done)
    actions.assignment_recall(actor=world.central, assignment=assignment, reason="Điều chỉnh")
    states = dict(Assignment.objects.filter(pk__in=[done.pk, still_open.pk, assignment.pk]).values_list("pk", "execution"))
    assert states == {done.pk: E.DONE_ON_TIME, still_open.pk: E.RECALLED, assignment.pk: E.RECALLED}


def test_monthly_assignment_creates_its_next_occurrence(world, make_assignment, today):
    assignment = make_assignment(recurrence="monthly", due_in=3)
    actions.assignment_complete(actor=world.officer_a, assignment=assignment)
    following = Assignment.objects.get(previous_occurrence=assignment)
    assert following.execution == E.NOT_STARTED
    assert (following.due_date.year * 12 + following.due_date.month) - (
        assignment.due_date.year * 12 + assignment.due_date.month
    ) == 1


def test_bad_input_changes_nothing(world, make_assignment, today, programme):
    count = Assignment.objects.count()
    for bad in [
        {"title": " "},
        {"due_date": today - datetime.timedelta(days=30), "start_date": today},
        {"start_date": datetime.date(programme.year - 5, 1, 1), "due_date": datetime.date(programme.year - 5, 2, 1)},
    ]:
        params = {"title": "x", "lead": world.province_a, "start_date": today, "due_date": today} | bad
        with pytest.raises(ValidationError):
            actions.assignment_create(actor=world.central, programme=programme, **params)
    assert Assignment.objects.count() == count
    assignment = make_assignment()
    for progress in (-1, 101):
        with pytest.raises(ValidationError):
            actions.progress_report_submit(actor=world.officer_a, assignment=assignment, progress=progress, text="x")
    assert not assignment.reports.exists()


def test_codes_number_key_tasks_and_work_areas(world, make_assignment):
    assert make_assignment(category="key_task").code == "TT1"
    assert make_assignment(category="key_task").code == "TT2"
    assert make_assignment(category="work_area").code == "MCT1"
    assert re.fullmatch(r"NV\d+", make_assignment().code)
