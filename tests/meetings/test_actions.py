"""The meeting actions: who may record, the directive lifecycle, confirming into a programme."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.meetings import actions
from phongtrao.meetings.enums import DirectiveStatus, MeetingKind
from phongtrao.meetings.models import Conclusion, Directive

D = datetime.date


def _draft(world, units, **extra):
    values = {
        "sentence": "Đúng ngày 15/6 phải hoàn thành, báo cáo Văn phòng Bộ làm tờ trình.",
        "conclusion_text": "Yêu cầu Cục XDPT bảo vệ ANTQ hoàn thành 3 đề án thành phần; đúng ngày 15/6 phải hoàn thành.",
        "action": "Hoàn thành 3 đề án thành phần thực hiện Nghị quyết 12",
        "lead": world.v05,
        "coordinators": [units["V01"]],
        "due_date": D(2023, 6, 15),
        "deadline_phrase": "đúng ngày 15/6",
        "deadline_kind": "point",
        "confidence": 95,
        "reasons": ["yêu cầu", "phải"],
    }
    values.update(extra)
    return actions.DirectiveDraft(**values)


@pytest.fixture
def proposed(world, units, seed_meeting):
    conclusion = actions.conclusion_create(actor=world.central, meeting=seed_meeting, text="Yêu cầu Cục hoàn thành 3 đề án.")
    return actions.directive_propose(actor=world.central, conclusion=conclusion, draft=_draft(world, units))


def test_confirming_gives_the_assignment_linked_both_ways_with_audit(world, units, proposed, programme_2023):
    directive = actions.directive_confirm(actor=world.central, directive=proposed, programme=programme_2023)
    assignment = directive.assignment
    assert directive.status == DirectiveStatus.CONFIRMED
    assert list(assignment.directives.all()) == [directive]  # the assignment finds its directive
    assert assignment.programme == programme_2023
    assert assignment.lead == world.v05 and assignment.assigner == world.v05
    assert assignment.due_date == D(2023, 6, 15) and assignment.start_date == D(2023, 5, 23)
    assert assignment.title == "Hoàn thành 3 đề án thành phần thực hiện Nghị quyết 12"
    assert assignment.basis == "Kết luận tại Làm việc với Cục XDPT bảo vệ ANTQ về tiến độ công tác năm 2023 ngày 23/05/2023"
    assert assignment.content == proposed.sentence
    assert [c.unit for c in assignment.coordinators.all()] == [units["V01"]]
    entry = AuditEntry.objects.get(code="meetings.directive.confirmed")
    assert entry.new == {
        "directive": directive.action,
        "assignment": assignment.code,
        "lead": world.v05.name,
        "due_date": "2023-06-15",
    }
    assert entry.unit_path == world.v05.path
    assert AuditEntry.objects.filter(code="work.assignment.created", object_id=str(assignment.pk)).exists()
    with pytest.raises(ValidationError):
        actions.directive_confirm(actor=world.central, directive=directive, programme=programme_2023)


def test_a_directive_needs_a_lead_and_a_deadline_to_be_confirmed(world, units, seed_meeting, programme_2023):
    conclusion = actions.conclusion_create(actor=world.central, meeting=seed_meeting, text="Khẩn trương tổ chức tập huấn.")
    directive = actions.directive_propose(
        actor=world.central, conclusion=conclusion, draft=_draft(world, units, lead=None, due_date=None)
    )
    with pytest.raises(ValidationError) as caught:
        actions.directive_confirm(actor=world.central, directive=directive, programme=programme_2023)
    assert set(caught.value.message_dict) == {"lead", "due_date"}
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.PROPOSED and directive.assignment is None


def test_editing_then_rejecting_a_proposed_directive(world, units, proposed, programme_2023):
    actions.directive_update(
        actor=world.central,
        directive=proposed,
        action="Hoàn thành 3 đề án, báo cáo Văn phòng Bộ",
        lead=units["X01"],
        coordinators=[units["V01"], units["X01"]],
        due_date=D(2023, 6, 20),
    )
    proposed.refresh_from_db()
    assert (proposed.action, proposed.lead, proposed.due_date) == (
        "Hoàn thành 3 đề án, báo cáo Văn phòng Bộ",
        units["X01"],
        D(2023, 6, 20),
    )
    assert list(proposed.coordinators.all()) == [units["V01"]]  # the lead is not also a coordinator
    assert proposed.deadline_kind == "point" and proposed.deadline_phrase == ""  # typed by the officer
    entry = AuditEntry.objects.get(code="meetings.directive.updated")
    assert entry.old["due_date"] == "2023-06-15" and entry.new["due_date"] == "2023-06-20"

    actions.directive_reject(actor=world.central, directive=proposed, reason="Trùng với nhiệm vụ đã giao")
    proposed.refresh_from_db()
    assert proposed.status == DirectiveStatus.REJECTED and proposed.rejection_reason == "Trùng với nhiệm vụ đã giao"
    for change in (
        lambda: actions.directive_confirm(actor=world.central, directive=proposed, programme=programme_2023),
        lambda: actions.directive_update(
            actor=world.central, directive=proposed, action="x", lead=None, coordinators=[], due_date=None
        ),
        lambda: actions.directive_reject(actor=world.central, directive=proposed),
    ):
        with pytest.raises(ValidationError):
            change()


def test_only_the_organising_units_people_may_record(world, units, seed_meeting, proposed, programme_2023):
    for outsider in (world.officer_a, world.officer_b, world.partner_user, world.commune_officer_a):
        with pytest.raises(PermissionDenied):
            actions.conclusion_create(actor=outsider, meeting=seed_meeting, text="Kết luận")
        with pytest.raises(PermissionDenied):
            actions.directive_confirm(actor=outsider, directive=proposed, programme=programme_2023)
        with pytest.raises(PermissionDenied):
            actions.meeting_update(actor=outsider, meeting=seed_meeting, title="Đổi tên")
    proposed.refresh_from_db()
    assert proposed.status == DirectiveStatus.PROPOSED


def test_recording_reviewed_proposals_is_all_or_nothing(world, units, seed_meeting, programme_2023):
    good = _draft(world, units)
    to_partner = _draft(world, units, action="Phối hợp tổ chức Hội nghị", lead=world.partner, coordinators=[])
    with pytest.raises(ValidationError) as caught:
        actions.proposals_record(actor=world.central, meeting=seed_meeting, drafts=[good, to_partner], programme=programme_2023)
    assert caught.value.messages[0].startswith("Row 2") or "2" in caught.value.messages[0]
    assert not Conclusion.objects.exists() and not Directive.objects.exists()

    directives = actions.proposals_record(
        actor=world.central,
        meeting=seed_meeting,
        drafts=[good, _draft(world, units, action="Báo cáo Văn phòng Bộ làm tờ trình")],
        programme=programme_2023,
    )
    assert [d.status for d in directives] == [DirectiveStatus.CONFIRMED] * 2
    assert Conclusion.objects.count() == 1  # one sentence, one conclusion
    assert [d.assignment.code for d in directives] == ["NV1", "NV2"]


def test_kept_as_proposed_without_a_programme(world, units, seed_meeting):
    directives = actions.proposals_record(actor=world.central, meeting=seed_meeting, drafts=[_draft(world, units)])
    assert directives[0].status == DirectiveStatus.PROPOSED and directives[0].assignment is None


def test_connected_points_belong_to_online_conferences(world, units, meetings):
    online = meetings["b"]
    point = actions.connected_point_add(actor=world.officer_b, meeting=online, unit=world.commune_b, place="Hội trường xã")
    assert point.unit == world.commune_b
    with pytest.raises(ValidationError):
        actions.connected_point_add(actor=world.officer_b, meeting=online, unit=world.commune_b)
    with pytest.raises(ValidationError):
        actions.connected_point_add(actor=world.officer_a, meeting=meetings["a"], unit=world.commune_a)
    assert meetings["a"].kind == MeetingKind.WORKING_SESSION


def test_meeting_update_records_what_changed(world, meetings):
    actions.meeting_update(actor=world.officer_a, meeting=meetings["a"], place="Buôn Ma Thuột", minutes="Biên bản")
    entry = AuditEntry.objects.get(code="meetings.meeting.updated")
    assert entry.old == {"place": "", "minutes": ""}
    assert entry.new == {"place": "Buôn Ma Thuột", "minutes": "Biên bản"}
