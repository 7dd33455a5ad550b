"""The rules of schemes: order, gates with required documents, approval, deadline moves, permissions."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.schemes import actions
from phongtrao.schemes.enums import PhaseStatus, SchemeState
from phongtrao.schemes.models import Phase, PhaseDocument, Scheme
from phongtrao.schemes.standard import standard_phases

from .conftest import START, pdf


def phase(scheme, order) -> Phase:
    return scheme.phases.get(order=order)


def test_created_from_the_template_back_to_back_in_working_days(world, make_scheme):
    scheme = make_scheme()
    phases = list(scheme.phases.order_by("order"))
    assert [p.name for p in phases] == [t.name for t in standard_phases()]
    assert [p.required_documents for p in phases] == [list(t.required_documents) for t in standard_phases()]
    assert all(p.owner_unit == world.province_a and p.status == PhaseStatus.NOT_STARTED for p in phases)
    # 15 working days from Monday 2/6/2025: three full weeks.
    assert (phases[0].planned_start, phases[0].deadline) == (START, datetime.date(2025, 6, 20))
    assert phases[1].planned_start == datetime.date(2025, 6, 23)
    for before, after in itertools.pairwise(phases):
        assert after.planned_start > before.deadline
    assert all(p.original_deadline == p.deadline for p in phases)
    assert AuditEntry.objects.filter(code="schemes.scheme.created", object_id=str(scheme.pk)).exists()


def test_gate_refused_names_the_missing_documents_and_changes_nothing(world, make_scheme, run_through, attach):
    scheme = make_scheme()
    run_through(scheme, world.officer_a, 1)
    second = phase(scheme, 2)
    actions.phase_start(actor=world.officer_a, phase=second)
    attach(second, world.officer_a, "Đề án (bản hoàn thiện)")
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.phase_complete(actor=world.officer_a, phase=second)
    assert refused.value.code == "documents_missing"
    message = " ".join(refused.value.messages)
    assert "Báo cáo tiếp thu, giải trình ý kiến" in message
    assert "Đề án (bản hoàn thiện)" not in message
    second.refresh_from_db()
    assert (second.status, second.completed_on) == (PhaseStatus.IN_PROGRESS, None)
    assert AuditEntry.objects.count() == entries


def test_gate_refused_without_any_document(world, make_scheme):
    scheme = make_scheme()
    first = phase(scheme, 1)
    actions.phase_start(actor=world.officer_a, phase=first)
    with pytest.raises(ValidationError) as refused:
        actions.phase_complete(actor=world.officer_a, phase=first)
    assert "Dự thảo đề án" in refused.value.messages[0]


def test_gate_passes_when_every_kind_is_attached(world, make_scheme, attach):
    scheme = make_scheme()
    first = phase(scheme, 1)
    actions.phase_start(actor=world.officer_a, phase=first, on=datetime.date(2025, 6, 2))
    attach(first, world.officer_a)
    actions.phase_complete(actor=world.officer_a, phase=first, on=datetime.date(2025, 6, 24))
    first.refresh_from_db()
    assert (first.status, first.completed_on) == (PhaseStatus.DONE, datetime.date(2025, 6, 24))
    entry = AuditEntry.objects.get(code="schemes.phase.completed")
    assert entry.new["late_days"] == 2  # deadline Friday 20/6, done Tuesday 24/6
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.ACTIVE


def test_other_documents_do_not_open_the_gate(world, make_scheme, attach):
    scheme = make_scheme()
    first = phase(scheme, 1)
    actions.phase_start(actor=world.officer_a, phase=first)
    attach(first, world.officer_a, "")
    with pytest.raises(ValidationError):
        actions.phase_complete(actor=world.officer_a, phase=first)


def test_phases_are_done_in_order(world, make_scheme):
    scheme = make_scheme()
    with pytest.raises(ValidationError) as refused:
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 2))
    assert refused.value.code == "out_of_order"
    actions.phase_start(actor=world.officer_a, phase=phase(scheme, 1))
    with pytest.raises(ValidationError):  # still in progress: no overlap
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 3))
    assert phase(scheme, 2).status == phase(scheme, 3).status == PhaseStatus.NOT_STARTED
    with pytest.raises(ValidationError):
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 1))  # started already
    with pytest.raises(ValidationError) as refused:
        actions.phase_complete(actor=world.officer_a, phase=phase(scheme, 2))
    assert refused.value.code == "not_in_progress"


def test_dates_are_checked(world, make_scheme, run_through):
    scheme = make_scheme()
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError):
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 1), on=tomorrow)
    run_through(scheme, world.officer_a, 1)
    with pytest.raises(ValidationError):  # before phase 1 was done (20/6)
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 2), on=datetime.date(2025, 6, 19))


def test_completing_the_last_phase_approves_the_scheme(world, make_scheme, run_through):
    scheme = make_scheme()
    run_through(scheme, world.officer_a, 4)
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.ACTIVE
    last = phase(scheme, 5)
    actions.phase_start(actor=world.officer_a, phase=last, on=last.planned_start)
    actions.document_attach(actor=world.officer_a, phase=last, kind="Văn bản phê duyệt", file=pdf())
    actions.phase_complete(actor=world.officer_a, phase=last, on=last.deadline)
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.APPROVED and scheme.approved_on == last.deadline
    assert AuditEntry.objects.filter(code="schemes.scheme.approved", object_id=str(scheme.pk)).count() == 1
    with pytest.raises(ValidationError) as refused:
        actions.phase_move_deadline(actor=world.officer_a, phase=last, deadline=START, reason="x")
    assert refused.value.code == "scheme_closed"


def test_move_deadline_keeps_the_original_and_the_history(world, make_scheme):
    scheme = make_scheme()
    second, third = phase(scheme, 2), phase(scheme, 3)
    original = second.deadline
    later = original + datetime.timedelta(days=7)
    actions.phase_move_deadline(actor=world.officer_a, phase=second, deadline=later, reason="Chờ ý kiến Văn phòng Bộ")
    actions.phase_move_deadline(actor=world.officer_a, phase=second, deadline=later + datetime.timedelta(days=1), reason="Lần 2")
    second.refresh_from_db()
    assert second.deadline == later + datetime.timedelta(days=1)
    assert second.original_deadline == original and second.deadline_moved
    assert phase(scheme, 3).deadline == third.deadline  # later phases keep their plan; the projection moves
    moves = AuditEntry.objects.filter(code="schemes.phase.deadline_moved").order_by("pk")
    assert [(m.old["phase_deadline"], m.new["phase_deadline"]) for m in moves] == [
        (original.isoformat(), later.isoformat()),
        (later.isoformat(), (later + datetime.timedelta(days=1)).isoformat()),
    ]


@pytest.mark.parametrize(
    ("deadline", "reason", "field"),
    [
        (datetime.date(2025, 6, 1), "lý do", "deadline"),  # before the planned start
        (None, "lý do", "deadline"),  # unchanged
        (datetime.date(2025, 8, 1), "  ", "reason"),
    ],
)
def test_bad_deadline_moves_are_refused(world, make_scheme, deadline, reason, field):
    scheme = make_scheme()
    second = phase(scheme, 2)
    before = second.deadline
    with pytest.raises(ValidationError) as refused:
        actions.phase_move_deadline(actor=world.officer_a, phase=second, deadline=deadline or before, reason=reason)
    assert field in refused.value.message_dict
    second.refresh_from_db()
    assert second.deadline == before


def test_who_may_act(world, make_scheme, attach):
    """Scheme owner's people plan and work; a phase owner's people work on that phase only; others nothing."""
    scheme = make_scheme(owners=[None, world.v05, None, None, None])
    first, second = phase(scheme, 1), phase(scheme, 2)
    for outsider in (world.officer_b, world.commune_officer_a, world.partner_user, world.central):
        with pytest.raises(PermissionDenied):
            actions.phase_start(actor=outsider, phase=first)
        with pytest.raises(PermissionDenied):
            actions.phase_move_deadline(actor=outsider, phase=first, deadline=first.deadline + datetime.timedelta(1), reason="x")
        with pytest.raises(PermissionDenied):
            actions.scheme_cancel(actor=outsider, scheme=scheme, reason="x")
    with pytest.raises(PermissionDenied):
        actions.document_attach(actor=world.officer_b, phase=first, kind="Dự thảo đề án", file=pdf())
    actions.phase_start(actor=world.leader_a, phase=first)
    attach(first, world.leader_a)
    actions.phase_complete(actor=world.admin_a, phase=first)
    # V05 owns phase 2: its officer works on it, but may not move its deadline (the owner plans).
    actions.phase_start(actor=world.central, phase=second)
    attach(second, world.central)
    with pytest.raises(PermissionDenied):
        actions.phase_move_deadline(
            actor=world.central, phase=second, deadline=second.deadline + datetime.timedelta(1), reason="x"
        )
    actions.phase_complete(actor=world.central, phase=second)
    assert phase(scheme, 2).status == PhaseStatus.DONE


def test_create_refuses_bad_input_and_changes_nothing(world, make_scheme):
    with pytest.raises(ValidationError) as refused:
        make_scheme(lead=world.province_b)  # not under province A
    assert "lead" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.scheme_create_from_template(
            actor=world.officer_a, owner=world.province_a, lead=world.province_a, title="  ", start=START
        )
    with pytest.raises(ValidationError):
        actions.scheme_create_from_template(
            actor=world.officer_a,
            owner=world.province_a,
            lead=world.province_a,
            title="Đề án",
            start=START,
            durations=[0, 1, 1, 1, 1],
        )
    with pytest.raises(PermissionDenied):
        make_scheme(world.province_b, actor=world.officer_a)
    with pytest.raises(PermissionDenied):
        make_scheme(world.partner, actor=world.partner_user)
    assert not Scheme.objects.exists() and not Phase.objects.exists()


def test_create_refuses_overlapping_phases(world):
    plans = [
        actions.PhasePlan("A", world.province_a, START, START + datetime.timedelta(5)),
        actions.PhasePlan("B", world.province_a, START + datetime.timedelta(5), START + datetime.timedelta(9)),
    ]
    with pytest.raises(ValidationError):
        actions.scheme_create(actor=world.officer_a, owner=world.province_a, lead=world.province_a, title="Đề án", phases=plans)
    assert not Scheme.objects.exists()


class TestUploads:
    @pytest.fixture
    def first(self, world, make_scheme):
        return phase(make_scheme(), 1)

    def test_empty_file_refused(self, world, first):
        with pytest.raises(ValidationError) as refused:
            actions.document_attach(actor=world.officer_a, phase=first, kind="Dự thảo đề án", file=pdf(size=0))
        assert "file" in refused.value.message_dict
        assert not PhaseDocument.objects.exists()

    def test_too_large_file_refused(self, world, first, monkeypatch):
        monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)
        with pytest.raises(ValidationError) as refused:
            actions.document_attach(actor=world.officer_a, phase=first, kind="Dự thảo đề án", file=pdf(size=1001))
        assert "file" in refused.value.message_dict
        assert not PhaseDocument.objects.exists()

    def test_unknown_kind_and_extension_refused(self, world, first):
        with pytest.raises(ValidationError) as refused:
            actions.document_attach(actor=world.officer_a, phase=first, kind="Tờ trình", file=pdf())
        assert "kind" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            actions.document_attach(actor=world.officer_a, phase=first, kind="Dự thảo đề án", file=pdf("script.exe"))
        assert "file" in refused.value.message_dict
        assert not PhaseDocument.objects.exists()

    def test_done_phase_is_frozen(self, world, first, attach):
        actions.phase_start(actor=world.officer_a, phase=first)
        attach(first, world.officer_a)
        actions.phase_complete(actor=world.officer_a, phase=first)
        with pytest.raises(ValidationError):
            actions.document_attach(actor=world.officer_a, phase=first, kind="", file=pdf())
        assert PhaseDocument.objects.count() == 1

    def test_attached_and_audited(self, world, first):
        document = actions.document_attach(
            actor=world.officer_a, phase=first, kind="Dự thảo đề án", file=pdf("Dự thảo lần 1.pdf")
        )
        assert document.name == "Dự thảo lần 1.pdf" and document.size == 64 and document.title == "Dự thảo đề án"
        assert document.file.read().startswith(b"%PDF")
        assert AuditEntry.objects.filter(code="schemes.document.attached").count() == 1


def test_cancel(world, make_scheme):
    scheme = make_scheme()
    with pytest.raises(ValidationError):
        actions.scheme_cancel(actor=world.officer_a, scheme=scheme, reason=" ")
    actions.scheme_cancel(actor=world.leader_a, scheme=scheme, reason="Gộp vào đề án khác")
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.CANCELLED
    with pytest.raises(ValidationError):
        actions.phase_start(actor=world.officer_a, phase=phase(scheme, 1))
    with pytest.raises(ValidationError):
        actions.scheme_cancel(actor=world.officer_a, scheme=scheme, reason="lần nữa")
