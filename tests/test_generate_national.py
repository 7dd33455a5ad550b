"""The national data generator (manage.py generate_national): counts follow the scale, the rows
hold the invariants the application relies on, histories replay through the lifecycle, and the
same seed gives the same data. Small scales on the test world (two provinces) keep this fast;
one test runs on the complete reference tree."""

import datetime
import random
from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from phongtrao import generator
from phongtrao.audit.models import AuditEntry
from phongtrao.common.text import fold, person_sort_key, sort_key
from phongtrao.festival.geography import region_map
from phongtrao.festival.models import Nomination, ResultField, ResultRow
from phongtrao.generator.lifecycle import allocate
from phongtrao.org.enums import AreaLevel, Role, UnitKind
from phongtrao.org.models import Area, Membership, Unit, User
from phongtrao.org.queries import units_directed_by
from phongtrao.work.enums import CLOSED_STATES, DONE_STATES, OPEN_STATES, Execution, ProgressMode, Verification
from phongtrao.work.models import Assignment, AssignmentCoordinator, Programme, ProgressReport
from phongtrao.work.transitions import allowed

SCALE = 0.002  # 126 residential areas, 40 users, 100 assignments, 2,000 reports, 200 results, 200 nominations
AS_OF = generator.DEFAULT_AS_OF

# The transition each audit code records (phongtrao.work.actions).
TRANSITION_OF = {
    "work.assignment.progress_reported": "report_progress",
    "work.assignment.overdue": "mark_overdue",
    "work.assignment.completed": "complete",
    "work.assignment.refused": "refuse",
    "work.assignment.recalled": "recall",
    "work.extension.requested": "request_extension",
    "work.extension.approved": "approve_extension",
    "work.assignment.accepted": "accept",
    "work.assignment.returned": "return",
}


def quiet(_line: str) -> None:
    pass


def generate(scale=SCALE, **options):
    return generator.generate(scale=scale, log=quiet, **options)


@pytest.fixture
def generated(world):
    generate()
    return world


def test_counts_follow_the_scale(generated):
    targets = generator.Targets.at_scale(SCALE)
    assert targets == generator.Targets(126, 40, 100, 2000, 200, 200)
    users = generator.generated_users()
    assignments = Assignment.objects.filter(created_by__in=users)
    assert Area.objects.filter(level=AreaLevel.RESIDENTIAL_AREA, path__contains="/g").count() == 126
    assert users.count() == 40
    assert Membership.objects.filter(user__in=users).count() == 40
    assert assignments.count() == 100
    assert ProgressReport.objects.filter(assignment__in=assignments).count() == 2000
    assert ResultRow.objects.filter(submitted_by__in=users).count() == 200
    assert Nomination.objects.filter(created_by__in=users).count() == 200
    # A programme per unit and year: V05 and the two provinces over three years.
    assert Programme.objects.filter(created_by__in=users).count() == 3 * 3


def test_every_count_is_at_least_one():
    assert generator.Targets.at_scale(1e-9) == generator.Targets(1, 1, 1, 1, 1, 1)
    assert generator.Targets.at_scale(1) == generator.Targets(63_000, 20_000, 50_000, 1_000_000, 100_000, 100_000)


def test_names_and_paths_are_what_save_would_store(generated):
    for area in Area.objects.filter(level=AreaLevel.RESIDENTIAL_AREA, path__contains="/g").select_related("parent"):
        assert area.parent.level == AreaLevel.COMMUNE
        assert area.path.startswith(area.parent.path) and area.path.count("/") == 3
        assert (area.name_folded, area.sort_key) == (fold(area.name), sort_key(area.name))
    for user in generator.generated_users():
        assert user.username.startswith("gen_")
        assert user.sort_key == person_sort_key(user.full_name)
    one = generator.generated_users().first()
    assert one.check_password(generator.BENCH_PASSWORD)
    for assignment in Assignment.objects.filter(created_by__username__startswith="gen_").select_related("parent"):
        prefix = assignment.parent.path if assignment.parent else ""
        assert assignment.path == f"{prefix}{assignment.pk:08d}/"


def test_assignments_are_given_by_units_that_direct_their_lead(generated):
    assignments = Assignment.objects.filter(created_by__username__startswith="gen_").select_related("assigner", "lead", "parent")
    police = {UnitKind.DEPARTMENT, UnitKind.PROVINCIAL_POLICE, UnitKind.COMMUNE_POLICE}
    for a in assignments:
        assert a.lead.kind in police and a.lead.is_active
        assert units_directed_by(a.assigner).filter(pk=a.lead_id).exists()
        assert a.programme.owner_id == (a.parent.programme.owner_id if a.parent else a.assigner_id)
        assert a.start_date <= a.original_due_date <= a.due_date
        assert a.start_date <= AS_OF
        if a.parent is not None:
            assert a.assigner_id == a.parent.lead_id and a.due_date <= a.parent.due_date
            assert a.parent.progress_mode == ProgressMode.COUNT
    for c in AssignmentCoordinator.objects.filter(assignment__in=assignments):
        assert c.unit_id != c.assignment.lead_id
        assert c.due_date is None or c.due_date <= c.assignment.due_date


def test_states_are_consistent(generated):
    assignments = list(Assignment.objects.filter(created_by__username__startswith="gen_"))
    reported = set(ProgressReport.objects.values_list("assignment_id", flat=True))
    states = {a.execution for a in assignments}
    assert {Execution.DONE_ON_TIME, Execution.IN_PROGRESS} <= states
    for a in assignments:
        if a.execution in DONE_STATES:
            assert a.completed_on is not None and a.progress == 100
            assert a.verification in (Verification.WAITING, Verification.ACCEPTED)
            assert (a.execution == Execution.DONE_ON_TIME) == (a.completed_on <= a.due_date)
        else:
            assert a.completed_on is None
            assert a.verification in (Verification.NONE, Verification.RETURNED)
        if a.execution == Execution.OVERDUE:
            assert a.due_date < AS_OF
        if a.execution in {Execution.NOT_STARTED, Execution.IN_PROGRESS}:
            assert a.due_date >= AS_OF  # the nightly job has marked the others
        if a.progress_mode == ProgressMode.MANUAL and a.execution == Execution.NOT_STARTED:
            assert a.pk not in reported
        if a.execution in CLOSED_STATES:
            assert a.closing_reason
    # A forwarded assignment's progress is the share of its sub-assignments done.
    for parent in [a for a in assignments if a.progress_mode == ProgressMode.COUNT and a.execution in OPEN_STATES]:
        children = [c for c in parent.children.all() if c.execution not in CLOSED_STATES]
        done = sum(1 for c in children if c.execution in DONE_STATES)
        assert parent.progress == (round(100 * done / len(children)) if children else 0)


def test_each_progress_report_has_its_audit_row(generated):
    users = generator.generated_users()
    reports = ProgressReport.objects.filter(assignment__created_by__in=users)
    assignment_type = ContentType.objects.get_for_model(Assignment)
    codes = ["work.assignment.progress_reported", "work.assignment.completed"]
    audited = {
        (int(e.object_id), e.created_at, e.actor_id, e.new.get("progress"))
        for e in AuditEntry.objects.filter(content_type=assignment_type, code__in=codes)
    }
    acting = defaultdict(list)  # user id -> paths of the units the user acts for (not as a viewer)
    for m in Membership.objects.filter(user__in=users).exclude(role=Role.VIEWER).select_related("unit"):
        acting[m.user_id].append(m.unit.path)
    assert reports.count() == 2000
    for r in reports.select_related("assignment__lead"):
        assert r.unit_id == r.assignment.lead_id
        assert (r.assignment_id, r.created_at, r.reported_by_id, r.progress) in audited
        assert r.assignment.start_date <= r.reported_on <= AS_OF
        # The reporter acts for the lead unit: a member of it or of an ancestor.
        assert any(r.assignment.lead.path.startswith(path) for path in acting[r.reported_by_id])
    entry = AuditEntry.objects.filter(code="work.assignment.progress_reported").select_related("unit").first()
    assert entry.unit_path == entry.unit.path
    assignment = Assignment.objects.get(pk=entry.object_id)
    assert entry.object_repr == str(assignment) and entry.unit_id == assignment.lead_id


def test_audit_histories_replay_through_the_lifecycle(generated):
    """Every assignment's audit rows, in time order, are transitions the lifecycle allows, with the
    old values they record, and they end in the state stored on the assignment."""
    assignment_type = ContentType.objects.get_for_model(Assignment)
    history = defaultdict(list)
    for e in AuditEntry.objects.filter(content_type=assignment_type).order_by("created_at", "pk"):
        history[int(e.object_id)].append(e)
    for a in Assignment.objects.filter(created_by__username__startswith="gen_"):
        entries = history[a.pk]
        assert entries[0].code == "work.assignment.created"
        execution, verification, due = Execution.NOT_STARTED, Verification.NONE, a.original_due_date
        rolls_up = a.progress_mode == ProgressMode.COUNT
        for e in entries[1:]:
            old, new = e.old or {}, e.new or {}
            if rolls_up and execution == Execution.NOT_STARTED and old.get("execution") == Execution.IN_PROGRESS:
                execution = Execution.IN_PROGRESS  # the roll-up of sub-assignments writes no audit row (actions._rollup)
            assert allowed(TRANSITION_OF[e.code], execution, verification), (a.pk, e.code, execution, verification)
            assert old.get("execution", execution) == execution
            assert old.get("verification", verification) == verification
            execution = new.get("execution", execution)
            verification = new.get("verification", verification)
            if e.code == "work.extension.approved":
                assert old["due_date"] == due.isoformat()
                due = datetime.date.fromisoformat(new["due_date"])
        if rolls_up and execution == Execution.NOT_STARTED:
            execution = a.execution if a.execution == Execution.IN_PROGRESS else execution
        assert (execution, verification, due) == (a.execution, a.verification, a.due_date), a.pk


def test_a_generated_province_user_sees_the_province_subtree(generated):
    world = generated
    member = Membership.objects.filter(user__username__startswith="gen_", unit=world.province_a).select_related("user").first()
    units = Unit.objects.visible_to(member.user)
    assert set(units) == {world.province_a, world.commune_a, world.commune_a2}
    visible = Assignment.objects.visible_to(member.user)
    led_here = Assignment.objects.filter(lead__path__startswith=world.province_a.path)
    assert set(led_here) <= set(visible)
    assert not visible.filter(lead=world.commune_b).exists()


def test_festival_rows(generated):
    users = generator.generated_users()
    rows = list(ResultRow.objects.filter(submitted_by__in=users).select_related("commune", "unit"))
    campaign = rows[0].campaign
    keys = set(ResultField.objects.filter(campaign=campaign).values_list("key", flat=True))
    regions = region_map({r.commune_id for r in rows})
    for row in rows:
        assert set(row.values) == keys and all(isinstance(v, int) and v >= 0 for v in row.values.values())
        assert row.province_id == row.commune.parent_id
        assert row.region_id == regions[row.commune_id]
        assert row.unit.area_id == row.commune_id
        assert campaign.window_start <= row.held_on <= campaign.window_end
    nominations = list(Nomination.objects.filter(created_by__in=users).select_related("area", "unit"))
    regions = region_map({n.area_id for n in nominations})
    assert {n.kind for n in nominations} >= {"residential", "commune"}
    for n in nominations:
        assert n.unit.kind == UnitKind.PROVINCIAL_POLICE and n.unit.area_id == n.province_id
        assert n.area.path.startswith(n.unit.area.path)
        assert n.region_id == regions[n.area_id]
    assert any(n.region_id is not None for n in nominations) and any(n.region_id is None for n in nominations)


def test_same_seed_same_data_and_reset_removes_it(world):
    units, areas = Unit.objects.count(), Area.objects.count()
    generate(seed=7)
    first = generator.checksum()
    generator.reset(log=quiet)
    assert not generator.has_generated_data()
    assert not User.objects.filter(username__startswith="gen_").exists()
    assert not Assignment.objects.exists() and not ProgressReport.objects.exists() and not ResultRow.objects.exists()
    assert not AuditEntry.objects.filter(code__startswith="work.assignment").exists()
    assert (Unit.objects.count(), Area.objects.count()) == (units, areas)
    assert User.objects.filter(username="central").exists()  # the world's own accounts stay
    generate(seed=7)
    assert generator.checksum() == first
    generator.reset(log=quiet)
    generate(seed=8)
    assert generator.checksum() != first


def test_the_lean_insert_stores_what_bulk_create_stores(world):
    generate(seed=3)
    lean = generator.parts()
    generator.reset(log=quiet)
    generate(seed=3, plain_bulk_create=True)
    assert generator.parts() == lean


def test_the_command_refuses_to_run_twice_without_reset(world, capsys):
    call_command("generate_national", scale=SCALE)
    out = capsys.readouterr().out
    assert "assignments=100" in out and "progress_reports=2,000" in out and "total" in out
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_national", scale=SCALE)
    with pytest.raises(generator.AlreadyGenerated):
        generate()
    call_command("generate_national", scale=SCALE, reset=True, checksum=True)
    assert "checksum " in capsys.readouterr().out
    call_command("generate_national", delete_only=True)
    assert not generator.has_generated_data()


def test_the_complete_reference_tree(db):
    """With nothing loaded, the generator loads the reference tree itself: every province and
    commune police unit, V05 overseeing the provinces, the counts at the scale."""
    generate(scale=0.001)
    v05 = Unit.objects.get(code="V05")
    assert Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE_POLICE).count() == 3319
    assert v05.oversees.count() == 34
    users = generator.generated_users()
    assert users.count() == 35  # at least a leader in V05 and in each province
    assert {m.unit.kind for m in Membership.objects.filter(user__in=users, role=Role.LEADER).select_related("unit")} >= {
        UnitKind.DEPARTMENT,
        UnitKind.PROVINCIAL_POLICE,
    }
    assert Area.objects.filter(level=AreaLevel.RESIDENTIAL_AREA).count() == 63
    assert Assignment.objects.count() == 50 and ProgressReport.objects.count() == 1000
    assert Programme.objects.count() == 35 * 3
    leader = users.get(username="gen_cat01_001")
    assert Unit.objects.visible_to(leader).count() == 1 + Unit.objects.filter(parent__code="CAT01").count()


@pytest.mark.parametrize("seed", range(5))
def test_allocate_shares_exactly(seed):
    rng = random.Random(seed)
    weights = [rng.randint(0, 20) for _ in range(50)]
    minimum = [1 if w else 0 for w in weights]
    total = rng.randint(sum(minimum), 5000)
    counts = allocate(total, weights, minimum)
    assert sum(counts) == total
    assert all(c >= m for c, m in zip(counts, minimum, strict=True))
    assert all(c == 0 for c, w in zip(counts, weights, strict=True) if not w)
