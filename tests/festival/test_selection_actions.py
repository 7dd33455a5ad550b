"""The selection's actions: settings (organisers only, validated, audited), runs (inline when small,
queued when large, a decision for every candidate, failures in words), adoption into national sites."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks.signals import task_enqueued
from django.utils import timezone, translation

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.enums import NominationState, Pin, RunStatus, SiteKind, SiteLevel
from phongtrao.festival.models import LeaderAssignment, Nomination, SelectionDecision, SelectionRun, Site, SiteTask
from phongtrao.festival.selection import actions
from phongtrao.festival.selection.scoring import Settings

from .test_selection_solver import VIETNAMESE, vietnamese  # noqa: F401

SMALL = {
    "min_sites": 1,
    "max_sites": 3,
    "max_per_province": 2,
    "min_priority": 1,
    "priority_regions": ["tay-nguyen"],
    "recent_years": 3,
    "kind_min": {"residential": 0, "school": 0},
}


def nominate(world, campaign, name, *, area=None, unit=None, kind=SiteKind.COMMUNE, **facts) -> Nomination:
    """A nomination written directly (the nominating form is another part's): province and region
    follow the area, as the nominations part denormalises them."""
    area = area or world.area_commune_a
    in_a = area.path.startswith(world.area_a.path)
    return Nomination.objects.create(
        campaign=campaign,
        unit=unit or (world.province_a if in_a else world.province_b),
        area=area,
        province=world.area_a if in_a else world.area_b,
        region=world.region if in_a else None,
        kind=kind,
        site_name=name,
        proposed_date=datetime.date(campaign.year, 8, 10),
        created_by=world.central,
        **facts,
    )


@pytest.fixture
def small(world, campaign):
    """Six nominations in two provinces, settings for 1-3 sites, at most 2 per province, 1 in Tây Nguyên."""
    campaign.selection_settings = Settings.from_dict(SMALL).to_dict()
    campaign.save()
    return {
        "a1": nominate(world, campaign, "Phường Buôn Hồ", is_border=True, ethnic_minority_share=80, movement_class="excellent"),
        "a2": nominate(world, campaign, "Xã Ea Drông", area=world.area_commune_a2, is_religious=True, models_count=3),
        "a3": nominate(world, campaign, "Buôn Kdun", area=world.residential_a, kind=SiteKind.RESIDENTIAL, security_complexity=3),
        "b1": nominate(world, campaign, "Xã Tà Xùa", area=world.area_commune_b, is_border=True, models_count=1),
        "b2": nominate(world, campaign, "Bản Tà Xùa", area=world.residential_b, kind=SiteKind.RESIDENTIAL, last_hosted_year=2022),
        "b3": nominate(
            world, campaign, "Trường Tà Xùa", area=world.area_commune_b, kind=SiteKind.SCHOOL, state=NominationState.WITHDRAWN
        ),
    }


# --- settings ------------------------------------------------------------------------------------


def test_only_organisers_change_the_settings(world, campaign):
    for user in (world.officer_a, world.leader_a, world.partner_user):
        with pytest.raises(PermissionDenied):
            actions.settings_update(actor=user, campaign=campaign, data={"max_sites": 20})
    campaign.refresh_from_db()
    assert campaign.selection_settings == {}
    assert not AuditEntry.objects.filter(code="festival.selection.settings_changed").exists()


@pytest.mark.usefixtures("vietnamese")
def test_bad_settings_are_refused_by_field_and_nothing_is_saved(world, campaign):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        actions.settings_update(
            actor=world.central,
            campaign=campaign,
            data={"weights": {"border": 5000}, "min_sites": 31, "max_sites": 30, "priority_regions": ["tay-nguyen", "mat-trang"]},
        )
    errors = caught.value.message_dict
    assert {"weight_border", "min_sites", "priority_regions"} <= set(errors)
    assert "mat-trang" in errors["priority_regions"][0]
    assert all(VIETNAMESE & set(" ".join(messages).lower()) for messages in errors.values())
    campaign.refresh_from_db()
    assert campaign.selection_settings == {}


def test_settings_are_saved_and_audited_with_what_changed(world, campaign):
    settings = actions.settings_update(
        actor=world.central, campaign=campaign, data={"weights": {"border": 40}, "max_per_province": 3, "kind_min": {"school": 2}}
    )
    campaign.refresh_from_db()
    assert Settings.from_dict(campaign.selection_settings) == settings
    assert settings.weight("border") == 40 and settings.max_per_province == 3 and settings.kind_min["school"] == 2
    entry = AuditEntry.objects.get(code="festival.selection.settings_changed")
    assert entry.new == {"weight_border": 40, "max_per_province": 3, "kind_min_school": 2}
    assert entry.old == {"weight_border": 20, "max_per_province": 2, "kind_min_school": 1}


# --- runs ----------------------------------------------------------------------------------------


def test_a_small_run_is_solved_at_once_with_a_decision_for_every_candidate(world, campaign, small):
    run = actions.start_run(actor=world.central, campaign=campaign)
    assert run.status == RunStatus.OPTIMAL and run.progress == 100 and run.finished_at is not None
    decisions = {d.nomination_id: d for d in SelectionDecision.objects.filter(run=run)}
    assert set(decisions) == {n.pk for n in small.values()}
    selected = [d for d in decisions.values() if d.selected]
    assert run.selected_count == len(selected) == 3
    assert run.objective == sum(d.score for d in selected)
    assert decisions[small["b3"].pk].reason == "withdrawn"
    assert decisions[small["b2"].pk].reason == "recent_host" and decisions[small["b2"].pk].detail["year"] == 2022
    assert all(sum(d.parts.values()) == d.score for d in decisions.values())
    # At most 2 per province and one in Tây Nguyên: the third site must come from Sơn La.
    assert decisions[small["b1"].pk].selected
    assert run.parameters == Settings.from_dict(SMALL).to_dict()
    assert AuditEntry.objects.filter(code="festival.selection.run_started", new__selection_run=run.pk).exists()


def test_pins_are_taken_as_they_were_when_the_run_started(world, campaign, small):
    small["b2"].pin, small["b2"].pin_reason = Pin.IN, "Điểm đặc biệt"
    small["b2"].save()
    small["a1"].pin, small["a1"].pin_reason = Pin.OUT, "Đã tổ chức năm trước"
    small["a1"].save()
    run = actions.start_run(actor=world.central, campaign=campaign)
    assert run.pins == {"in": [small["b2"].pk], "out": [small["a1"].pk]}
    decisions = {d.nomination_id: d for d in SelectionDecision.objects.filter(run=run)}
    assert decisions[small["b2"].pk].selected and decisions[small["b2"].pk].reason == "pinned_in"
    assert decisions[small["b2"].pk].detail == {"year": 2022}  # pinned in although it hosted leaders recently
    assert not decisions[small["a1"].pk].selected and decisions[small["a1"].pk].reason == "pinned_out"


def test_parameters_override_the_campaign_settings_for_one_run_only(world, campaign, small):
    run = actions.start_run(actor=world.central, campaign=campaign, parameters={"max_sites": 2, "weights": {"border": 0}})
    assert run.parameters["max_sites"] == 2 and run.parameters["weights"]["border"] == 0
    assert run.selected_count == 2
    campaign.refresh_from_db()
    assert campaign.selection_settings["max_sites"] == 3


def test_only_organisers_run_and_nothing_is_written_otherwise(world, campaign, small):
    for user in (world.officer_a, world.commune_officer_a, world.partner_user):
        with pytest.raises(PermissionDenied):
            actions.start_run(actor=user, campaign=campaign)
    with pytest.raises(ValidationError) as caught:
        actions.start_run(actor=world.central, campaign=campaign, parameters={"max_sites": 0})
    assert "max_sites" in caught.value.message_dict
    assert not SelectionRun.objects.exists()


@pytest.mark.usefixtures("vietnamese")
def test_an_infeasible_run_says_why_in_words(world, campaign, small):
    with translation.override("vi"):
        run = actions.start_run(actor=world.central, campaign=campaign, parameters={"min_sites": 5, "max_sites": 6})
    assert run.status == RunStatus.INFEASIBLE and run.objective is None and run.selected_count == 0
    assert [p["code"] for p in run.problems] == ["too_few_candidates"]
    message = run.problems[0]["message"]
    assert "4" in message and "5" in message and VIETNAMESE & set(message.lower())
    assert SelectionDecision.objects.filter(run=run).count() == len(small)
    assert not SelectionDecision.objects.filter(run=run, selected=True).exists()


def test_a_large_run_is_queued_for_the_worker_with_its_progress(world, campaign, small, monkeypatch):
    monkeypatch.setattr(actions, "INLINE_LIMIT", 3)
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.args))

    task_enqueued.connect(record)
    try:
        run = actions.start_run(actor=world.central, campaign=campaign)
    finally:
        task_enqueued.disconnect(record)
    assert enqueued == [("run_selection", [run.pk])]
    run.refresh_from_db()  # the ImmediateBackend of the tests ran it
    assert run.status == RunStatus.OPTIMAL and run.progress == 100
    assert SelectionDecision.objects.filter(run=run).count() == len(small)


def test_a_failed_run_ends_in_words_not_a_trace(world, campaign, small, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "select", broken)
    run = actions.start_run(actor=world.central, campaign=campaign)
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert [p["code"] for p in run.problems] == ["failed"]
    assert "boom" not in run.problems[0]["message"] and "Traceback" not in run.problems[0]["message"]
    assert not SelectionDecision.objects.filter(run=run).exists()


# --- adoption ------------------------------------------------------------------------------------


def test_adoption_creates_the_national_sites(world, campaign, small):
    run = actions.start_run(actor=world.central, campaign=campaign)
    with pytest.raises(PermissionDenied):
        actions.adopt_run(actor=world.officer_a, run=run)
    created = actions.adopt_run(actor=world.central, run=run)
    selected = list(Nomination.objects.filter(decisions__run=run, decisions__selected=True))
    assert {site.nomination_id for site in created} == {n.pk for n in selected}
    for site in created:
        nomination = site.nomination
        assert site.level == SiteLevel.NATIONAL and site.unit == nomination.unit and site.area == nomination.area
        assert site.date == nomination.proposed_date and site.kind == nomination.kind and site.name == nomination.site_name
        assert SiteTask.objects.filter(site=site).exists()
    run.refresh_from_db()
    assert run.adopted_by == world.central and run.adopted_at is not None
    assert AuditEntry.objects.filter(code="festival.selection.run_adopted").count() == 1
    with pytest.raises(ValidationError):
        actions.adopt_run(actor=world.central, run=run)
    assert Site.objects.filter(level=SiteLevel.NATIONAL).count() == len(created)


def test_a_new_adoption_replaces_sites_not_selected_again_unless_work_has_started(world, campaign, small):
    first = actions.start_run(actor=world.central, campaign=campaign)
    actions.adopt_run(actor=world.central, run=first)
    chosen = set(SelectionDecision.objects.filter(run=first, selected=True).values_list("nomination_id", flat=True))
    # The organisers pin out one adopted site; the next run no longer selects it.
    dropped = Nomination.objects.filter(pk__in=chosen).order_by("pk").first()
    dropped.pin, dropped.pin_reason = Pin.OUT, "Không phù hợp"
    dropped.save()
    second = actions.start_run(actor=world.central, campaign=campaign)
    site = Site.objects.get(nomination=dropped)
    task = SiteTask.objects.filter(site=site).first()
    task.done_at = timezone.now()
    task.save()
    with pytest.raises(ValidationError) as caught:
        actions.adopt_run(actor=world.central, run=second)
    assert dropped.site_name in " ".join(caught.value.messages)
    assert Site.objects.filter(pk=site.pk).exists()
    second.refresh_from_db()
    assert second.adopted_at is None  # nothing changed
    task.done_at = None
    task.save()
    actions.adopt_run(actor=world.central, run=second)
    assert not Site.objects.filter(pk=site.pk).exists()
    now_selected = set(SelectionDecision.objects.filter(run=second, selected=True).values_list("nomination_id", flat=True))
    assert set(Site.objects.filter(level=SiteLevel.NATIONAL).values_list("nomination_id", flat=True)) == now_selected


def test_a_site_with_a_leader_assigned_is_not_removed(world, campaign, small):
    from phongtrao.festival.models import Leader

    first = actions.start_run(actor=world.central, campaign=campaign)
    actions.adopt_run(actor=world.central, run=first)
    site = Site.objects.filter(level=SiteLevel.NATIONAL).order_by("pk").first()
    leader = Leader.objects.create(full_name="Nguyễn Văn A", position="Thứ trưởng", body="ministry", rank=2)
    LeaderAssignment.objects.create(campaign=campaign, site=site, leader=leader, day=site.date)
    site.nomination.pin = Pin.OUT
    site.nomination.save()
    second = actions.start_run(actor=world.central, campaign=campaign)
    with pytest.raises(ValidationError):
        actions.adopt_run(actor=world.central, run=second)
    assert Site.objects.filter(pk=site.pk).exists()
