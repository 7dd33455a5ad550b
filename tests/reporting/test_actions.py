"""The actions: who may act, bad input changes nothing, versions are final, audit rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Unit
from phongtrao.reporting import actions
from phongtrao.reporting.figures import parse_number, vn_figure
from phongtrao.reporting.models import Attachment, ReportRequest, ReportTarget, Submission, SubmissionIsFinal
from phongtrao.reporting.queries import reachable_units, units_of_kind

from .conftest import FIELDS, days, draft, pdf, send, submit


def create_kwargs(world, **changes):
    values = {
        "actor": world.central,
        "owner": world.v05,
        "title": "Báo cáo quý I",
        "kind": "quarterly",
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 3, 31),
        "cutoff": datetime.date(2026, 3, 15),
        "due_date": datetime.date(2026, 4, 5),
        "instructions": "",
        "fields": FIELDS,
        "target_units": [world.province_a, world.province_b],
    }
    return {**values, **changes}


def nothing_written():
    return not ReportRequest.objects.exists() and not ReportTarget.objects.exists() and not AuditEntry.objects.exists()


# --- request_create ------------------------------------------------------------------------------


def test_request_create_writes_targets_fields_and_audit(world):
    request = actions.request_create(**create_kwargs(world))
    assert sorted(request.targets.values_list("unit__code", flat=True)) == ["CAT14", "CAT66"]
    assert request.fields == [{"key": "f1", "label": "Số mô hình mới"}, {"key": "f2", "label": "Số buổi tuyên truyền"}]
    entry = AuditEntry.objects.get()
    assert (entry.code, entry.unit, entry.new["target_count"], entry.new["report_kind"]) == (
        "reporting.request.created",
        world.v05,
        2,
        "quarterly",
    )
    assert entry.sentence.startswith("Nguyễn Thế Chi")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": datetime.date(2025, 12, 31)}, "period_end"),
        ({"cutoff": datetime.date(2026, 4, 1)}, "cutoff"),
        ({"cutoff": datetime.date(2025, 12, 31)}, "cutoff"),
        ({"due_date": datetime.date(2025, 12, 1)}, "due_date"),
        ({"target_units": []}, "target_units"),
        ({"title": "   "}, "title"),
        ({"kind": "weekly"}, "kind"),
        ({"fields": ["Số vụ", "số vụ"]}, "fields"),
        ({"period_start": None}, "period_start"),
    ],
)
def test_bad_request_input_names_the_field_and_writes_nothing(world, changes, field):
    with pytest.raises(ValidationError) as info:
        actions.request_create(**create_kwargs(world, **changes))
    assert field in info.value.message_dict
    assert all(message for message in info.value.message_dict[field])
    assert nothing_written()


def test_cutoff_at_the_end_of_the_period_is_accepted(world):
    request = actions.request_create(**create_kwargs(world, cutoff=datetime.date(2026, 3, 31)))
    assert request.cutoff == request.period_end


def test_a_commune_cannot_ask_its_province(world):
    with pytest.raises(ValidationError) as info:
        actions.request_create(
            **create_kwargs(world, actor=world.commune_officer_a, owner=world.commune_a, target_units=[world.province_a])
        )
    assert "target_units" in info.value.message_dict
    assert "Công an tỉnh Đắk Lắk" in info.value.message_dict["target_units"][0]
    assert nothing_written()


def test_a_province_cannot_ask_the_other_province_or_its_communes(world):
    for unit in (world.province_b, world.commune_b, world.v05):
        with pytest.raises(ValidationError):
            actions.request_create(**create_kwargs(world, actor=world.officer_a, owner=world.province_a, target_units=[unit]))
    assert nothing_written()


def test_only_officers_of_the_owner_unit_may_send(world):
    for actor in (world.officer_a, world.officer_b, world.commune_officer_a, world.partner_user):
        with pytest.raises(PermissionDenied):
            actions.request_create(**create_kwargs(world, actor=actor))
    assert nothing_written()


def test_reach_covers_overseen_units_and_their_subtrees(world):
    codes = set(reachable_units(world.v05).values_list("code", flat=True))
    assert codes == {"V05-P1", "CAT66", "CAT14", "CAX24305", "CAX24310", "CAX03868"}
    assert set(reachable_units(world.province_a).values_list("code", flat=True)) == {"CAX24305", "CAX24310"}
    assert not reachable_units(world.commune_a).exists()


def test_all_communes_below_one_province(world):
    communes = units_of_kind(world.v05, UnitKind.COMMUNE_POLICE, under=world.province_a)
    request = actions.request_create(**create_kwargs(world, target_units=communes))
    assert sorted(request.targets.values_list("unit__code", flat=True)) == ["CAX24305", "CAX24310"]
    everywhere = units_of_kind(world.v05, UnitKind.COMMUNE_POLICE)
    assert everywhere.count() == 3


def test_inactive_units_are_out_of_reach(world):
    Unit.objects.filter(pk=world.commune_a2.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        actions.request_create(**create_kwargs(world, target_units=[world.commune_a2]))


# --- drafts and versions -------------------------------------------------------------------------


def test_figures_must_be_numbers_and_nothing_is_saved(world):
    request = send(world.central, world.v05, [world.province_a])
    target = request.targets.get()
    with pytest.raises(ValidationError) as info:
        draft(world.officer_a, target, figures={"f1": "ba", "f2": "12"})
    assert list(info.value.message_dict) == ["figure_f1"]
    assert "Số mô hình mới" in info.value.message_dict["figure_f1"][0]
    target.refresh_from_db()
    assert (target.draft_revision, target.draft_text, target.draft_saved_at) == (0, "", None)
    assert not AuditEntry.objects.filter(code="reporting.draft.saved").exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12", 12), ("1.250", 1250), ("1.250,5", 1250.5), ("2,5", 2.5), ("2.5", 2.5), (" 3 000 ", 3000), ("", None), (7, 7)],
)
def test_figures_are_read_the_vietnamese_way(typed, stored):
    assert parse_number(typed) == stored


@pytest.mark.parametrize("typed", ["ba", "1,2,3", "1e5", "NaN", "12%", True, "1" * 20])
def test_not_numbers(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


def test_figures_are_written_the_vietnamese_way():
    assert [vn_figure(v) for v in (1250, 2.5, 1250.75, None)] == ["1.250", "2,5", "1.250,75", ""]


def test_only_the_target_units_own_officers_write_its_report(world):
    request = send(world.central, world.v05, [world.province_a, world.commune_a])
    commune_target = request.targets.get(unit=world.commune_a)
    for actor in (world.central, world.officer_a, world.officer_b, world.partner_user):
        with pytest.raises(PermissionDenied):
            draft(actor, commune_target)
    draft(world.commune_officer_a, commune_target)


def test_submit_needs_text_and_every_figure(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    saved = draft(world.officer_a, target, text="", figures={"f1": "3"})
    with pytest.raises(ValidationError) as info:
        actions.submission_submit(actor=world.officer_a, target=saved, revision=saved.draft_revision)
    assert sorted(info.value.message_dict) == ["figure_f2", "text"]
    assert not Submission.objects.exists()


def test_submit_refuses_a_draft_changed_since_review(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    reviewed = draft(world.officer_a, target).draft_revision
    draft(world.officer_a, target, text="Sửa lại sau khi xem.")
    with pytest.raises(ValidationError):
        actions.submission_submit(actor=world.officer_a, target=target, revision=reviewed)
    assert not Submission.objects.exists()


def test_a_submitted_version_cannot_be_changed_by_the_actions(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    submission = submit(world.officer_a, target)
    with pytest.raises(ValidationError):
        draft(world.officer_a, target, text="Sửa bản đã nộp")
    with pytest.raises(ValidationError):
        actions.submission_submit(actor=world.officer_a, target=target, revision=target.draft_revision + 1)
    target.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.submission_submit(actor=world.officer_a, target=target, revision=target.draft_revision)
    submission.refresh_from_db()
    assert (submission.text, Submission.objects.count()) == ("Kết quả 6 tháng.", 1)


def test_a_submitted_version_cannot_be_changed_at_model_level(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    submission = submit(world.officer_a, target)
    submission.text = "Sửa trực tiếp"
    with pytest.raises(SubmissionIsFinal):
        submission.save()
    with pytest.raises(SubmissionIsFinal):
        Submission.objects.filter(pk=submission.pk).update(text="Sửa hàng loạt")
    with pytest.raises(SubmissionIsFinal):
        submission.delete()
    with pytest.raises(SubmissionIsFinal):
        Submission.objects.all().delete()
    assert Submission.objects.get().text == "Kết quả 6 tháng."


def test_files_stay_with_the_version_that_included_them(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    first = submit(world.officer_a, target, files=[pdf("lan-1.pdf")])
    actions.submission_return(actor=world.central, submission=first, reason="Thiếu phụ lục.")
    old = Attachment.objects.get()
    saved = actions.draft_save(
        actor=world.officer_a, target=target, text="Bổ sung", figures={"f1": 1, "f2": 2}, add_files=[pdf("lan-2.pdf")],
        remove_attachments=[old.pk],
    )  # fmt: skip
    second = actions.submission_submit(actor=world.officer_a, target=saved, revision=saved.draft_revision)
    assert [a.name for a in first.attachments.all()] == ["lan-1.pdf"]
    assert [a.name for a in second.attachments.all()] == ["lan-2.pdf"]
    assert Attachment.objects.get(name="lan-1.pdf").file.read() == b"%PDF-1.4 test"


def test_disallowed_files_are_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = send(world.central, world.v05, [world.province_a]).targets.get()
    with pytest.raises(ValidationError) as info:
        draft(world.officer_a, target, files=[SimpleUploadedFile("virus.exe", b"MZ")])
    assert list(info.value.message_dict) == ["add_files"]
    assert not Attachment.objects.exists()


def test_return_needs_a_reason_and_the_requesters_role(world):
    request = send(world.central, world.v05, [world.province_a])
    submission = submit(world.officer_a, request.targets.get())
    with pytest.raises(ValidationError) as info:
        actions.submission_return(actor=world.central, submission=submission, reason="  ")
    assert list(info.value.message_dict) == ["reason"]
    for actor in (world.officer_a, world.leader_a, world.officer_b):
        with pytest.raises(PermissionDenied):
            actions.submission_return(actor=actor, submission=submission, reason="Tự trả lại")
    returned = actions.submission_return(actor=world.central, submission=submission, reason="Thiếu số liệu.")
    assert returned.submission == submission
    with pytest.raises(ValidationError):
        actions.submission_return(actor=world.central, submission=submission, reason="Lần nữa")
    entry = AuditEntry.objects.filter(code="reporting.submission.returned").get()
    assert (entry.unit, entry.new) == (world.province_a, {"version": 1, "reason": "Thiếu số liệu."})


def test_a_leader_of_the_requesting_province_may_return(world):
    request = send(world.officer_a, world.province_a, [world.commune_a])
    submission = submit(world.commune_officer_a, request.targets.get())
    actions.submission_return(actor=world.leader_a, submission=submission, reason="Bổ sung.")


def test_a_closed_request_refuses_drafts_submissions_and_returns(world):
    request = send(world.central, world.v05, [world.province_a, world.province_b])
    submitted = submit(world.officer_b, request.targets.get(unit=world.province_b))
    target = request.targets.get(unit=world.province_a)
    saved = draft(world.officer_a, target)
    with pytest.raises(PermissionDenied):
        actions.request_close(actor=world.officer_a, request=request)
    actions.request_close(actor=world.central, request=request)
    with pytest.raises(ValidationError):
        actions.submission_submit(actor=world.officer_a, target=saved, revision=saved.draft_revision)
    with pytest.raises(ValidationError):
        draft(world.officer_a, target)
    with pytest.raises(ValidationError):
        actions.submission_return(actor=world.central, submission=submitted, reason="Muộn")
    with pytest.raises(ValidationError):
        actions.request_close(actor=world.central, request=request)
    assert Submission.objects.count() == 1
    entry = AuditEntry.objects.get(code="reporting.request.closed")
    assert (entry.old, entry.new) == ({"request_state": "open"}, {"request_state": "closed"})


def test_audit_never_holds_draft_content(world):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    submit(world.officer_a, target, text="Nội dung nháp riêng")
    entries = AuditEntry.objects.filter(code__startswith="reporting.").order_by("pk")
    assert [e.code for e in entries] == [
        "reporting.request.created",
        "reporting.draft.saved",
        "reporting.submission.submitted",
    ]
    assert all("Nội dung nháp riêng" not in str(e.new) for e in entries)
    submitted = entries.last()
    assert submitted.new["report_figures"] == ["Số mô hình mới: 3", "Số buổi tuyên truyền: 12"]
    assert submitted.unit == world.province_a


def test_due_in_the_past_is_allowed_for_recording(world):
    request = send(world.central, world.v05, [world.province_a], due=-5)
    assert request.due_date == days(-5)


def test_a_draft_file_never_submitted_is_deleted_with_its_row(world, django_capture_on_commit_callbacks):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    draft(world.officer_a, target, files=[pdf("nham.pdf")])
    attachment = Attachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.draft_save(actor=world.officer_a, target=target, text="x", figures={}, remove_attachments=[attachment.pk])
    assert not Attachment.objects.exists()
    assert not storage.exists(name)
