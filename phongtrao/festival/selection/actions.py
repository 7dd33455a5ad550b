"""Every state change of the site selection: the campaign's weights and constraints, a run (started
by an organiser, solved inline when small, in the background when large), and the adoption of a
run's result as the national showcase sites.

Actions are keyword-only, check who may act (PermissionDenied), validate with Vietnamese messages
keyed by field (ValidationError, nothing written), run in one transaction and write an audit row.
``execute_run`` is the work itself (the background task calls it); it is the system's, not a
person's, and is not audited: the run's start and its adoption are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongtrao.common import auditing
from phongtrao.org.enums import TagKind
from phongtrao.org.models import Tag

from .. import core
from ..enums import FINISHED_RUN_STATES, NominationState, Pin, RunStatus, SiteLevel
from ..models import Campaign, Nomination, SelectionDecision, SelectionRun, Site, SiteTask
from ..permissions import can_manage_campaign
from .explain import FEASIBLE, OPTIMAL, Problem, problem_text
from .scoring import KINDS, WEIGHT_KEYS, Candidate, Settings, parse_settings
from .solver import select

logger = logging.getLogger(__name__)

INLINE_LIMIT = 2000  # candidates up to this many are solved at once; more go to the background worker
BATCH = 2000  # decisions written per INSERT
TIME_LIMIT = 60.0  # seconds for CP-SAT (the pruned model is solved in well under a second)
ADOPTABLE = {RunStatus.OPTIMAL, RunStatus.FEASIBLE}


# --- settings ------------------------------------------------------------------------------------


def campaign_settings(campaign: Campaign) -> Settings:
    """The campaign's weights and constraints (the defaults where it has none). Stored values that are
    no longer valid fall back to the defaults rather than break the page."""
    settings, _errors = parse_settings(campaign.selection_settings or {})
    return settings


def flat_values(settings: Settings) -> dict[str, Any]:
    """The settings as the form's fields (and the audit's columns): weight_<criterion>,
    kind_min_<kind>, kind_max_share_<kind> and the constraints."""
    values: dict[str, Any] = {f"weight_{key}": settings.weight(key) for key in WEIGHT_KEYS}
    for name in ("models_cap", "years_cap", "min_sites", "max_sites", "max_per_province", "min_priority", "recent_years"):
        values[name] = getattr(settings, name)
    values["priority_regions"] = ", ".join(settings.priority_regions)
    for kind in KINDS:
        values[f"kind_min_{kind}"] = settings.kind_min.get(kind, 0)
        values[f"kind_max_share_{kind}"] = settings.kind_max_share.get(kind)
    return values


def _region_errors(settings: Settings) -> dict[str, list[str]]:
    known = set(Tag.objects.filter(kind=TagKind.REGION, code__in=settings.priority_regions).values_list("code", flat=True))
    unknown = [code for code in settings.priority_regions if code not in known]
    if not unknown:
        return {}
    return {"priority_regions": [_("No region has the code %(codes)s.") % {"codes": ", ".join(unknown)}]}


def resolve_settings(campaign: Campaign, data: Mapping[str, Any] | None) -> Settings:
    """The campaign's settings overridden by ``data`` (keys of Settings.to_dict, partial), validated:
    ValidationError keyed by field. Region codes are checked when given (a code of the defaults that
    the database lacks simply matches no candidate)."""
    data = data or {}
    settings, errors = parse_settings(data, base=campaign_settings(campaign))
    if "priority_regions" in data and "priority_regions" not in errors:  # codes given now must exist
        errors.update(_region_errors(settings))
    if errors:
        raise ValidationError(errors)
    return settings


@transaction.atomic
def settings_update(*, actor, campaign: Campaign, data: Mapping[str, Any]) -> Settings:
    """The organisers change the weights and constraints the campaign's runs start from."""
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = campaign_settings(campaign)
    settings = resolve_settings(campaign, data)
    old, new = auditing.diff(flat_values(before), flat_values(settings))
    campaign.selection_settings = settings.to_dict()
    campaign.save(update_fields=["selection_settings", "updated_at"])
    if new:
        auditing.record(
            actor=actor, obj=campaign, code="festival.selection.settings_changed", unit=campaign.owner, old=old, new=new
        )
    return settings


# --- runs ----------------------------------------------------------------------------------------


def _pins(campaign: Campaign) -> dict[str, list[int]]:
    rows = Nomination.objects.filter(campaign=campaign).exclude(pin=Pin.NONE).order_by("pk").values_list("pk", "pin")
    return {"in": [pk for pk, pin in rows if pin == Pin.IN], "out": [pk for pk, pin in rows if pin == Pin.OUT]}


@transaction.atomic
def start_run(*, actor, campaign: Campaign, parameters: Mapping[str, Any] | None = None) -> SelectionRun:
    """Start a selection with the campaign's settings, overridden by ``parameters``. Up to
    INLINE_LIMIT candidates it is solved before this returns; above, it is queued for the worker
    (in this same transaction, so the run and its task exist together or not at all)."""
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    settings = resolve_settings(campaign, parameters)
    count = Nomination.objects.filter(campaign=campaign).count()
    run = SelectionRun.objects.create(
        campaign=campaign,
        parameters=settings.to_dict(),
        pins=_pins(campaign),
        candidates=count,
        created_by=actor,
    )
    auditing.record(
        actor=actor,
        obj=campaign,
        code="festival.selection.run_started",
        unit=campaign.owner,
        new={"selection_run": run.pk, "candidate_count": count},
    )
    if count <= INLINE_LIMIT:
        execute_run(run.pk)
        run.refresh_from_db()
    else:
        from .tasks import run_selection

        run_selection.enqueue(run.pk)
    return run


CANDIDATE_FIELDS = (
    "pk",
    "province_id",
    "province__name",
    "kind",
    "region__code",
    "site_name",
    "ethnic_minority_share",
    "is_border",
    "is_island",
    "is_religious",
    "security_complexity",
    "movement_class",
    "models_count",
    "last_hosted_year",
    "state",
)


def _candidate(row: tuple, pins: Mapping[int, str]) -> Candidate:
    values = dict(zip(CANDIDATE_FIELDS, row, strict=True))
    return Candidate(
        id=values["pk"],
        province=values["province_id"],
        province_name=values["province__name"],
        kind=values["kind"],
        region=values["region__code"] or "",
        name=values["site_name"],
        ethnic_minority_share=values["ethnic_minority_share"],
        is_border=values["is_border"],
        is_island=values["is_island"],
        is_religious=values["is_religious"],
        security_complexity=values["security_complexity"],
        movement_class=values["movement_class"],
        models_count=values["models_count"],
        last_hosted_year=values["last_hosted_year"],
        withdrawn=values["state"] == NominationState.WITHDRAWN,
        pin=pins.get(values["pk"], ""),
    )


def _candidates(run: SelectionRun) -> tuple[list[Candidate], dict[str, str]]:
    """The campaign's nominations as the solver sees them, with the pins as they were when the run
    started; and the names of the region tags."""
    pins = dict.fromkeys(run.pins.get("in", []), Pin.IN) | dict.fromkeys(run.pins.get("out", []), Pin.OUT)
    rows = Nomination.objects.filter(campaign_id=run.campaign_id).order_by("pk").values_list(*CANDIDATE_FIELDS)
    candidates = [_candidate(row, pins) for row in rows.iterator(chunk_size=5000)]
    regions = dict(Tag.objects.filter(kind=TagKind.REGION).values_list("code", "name"))
    return candidates, regions


def _named_regions(detail: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Region codes in a problem's values become the regions' names (sentences read names)."""
    if "regions" in detail:
        detail = {**detail, "regions": [names.get(code, code) for code in detail["regions"]]}
    if "constraints" in detail:
        detail = {**detail, "constraints": [_named_regions(item, names) for item in detail["constraints"]]}
    return detail


def _stored_problems(problems: list[Problem], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Codes and values (rendered in the reader's language at display time), and the sentence in
    Vietnamese as it was when the run finished (for readers of the raw JSON)."""
    stored = []
    with translation.override(django_settings.LANGUAGE_CODE):
        for problem in problems:
            detail = _named_regions(dict(problem.detail), names)
            stored.append({"code": problem.code, "detail": detail, "message": problem_text(problem.code, detail)})
    return stored


def _progress(run_id: int, percent: int, **fields) -> None:
    SelectionRun.objects.filter(pk=run_id).update(progress=percent, **fields)


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def execute_run(run_id: int) -> SelectionRun:
    """Solve one queued run: load (10-30 %), score, solve and explain (30-60 %), save a decision for
    every candidate (60-100 %), then the status. Any error ends the run as FAILED with a sentence
    (the trace goes to the log, never to the page). Running it again starts it over."""
    run = SelectionRun.objects.select_related("campaign").get(pk=run_id)
    if run.status in FINISHED_RUN_STATES:
        return run
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():  # a savepoint: an error must not break the caller's transaction
                _solve_and_save(run)
        else:  # the worker: each step commits, so the progress shows while it runs
            _solve_and_save(run)
    except Exception:
        logger.exception("Selection run %s failed", run_id)
        SelectionRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, problems=_stored_problems([Problem("failed")], {}), finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _solve_and_save(run: SelectionRun) -> None:
    run_id = run.pk
    _progress(run_id, 10, status=RunStatus.RUNNING)
    candidates, region_names = _candidates(run)
    _progress(run_id, 30, candidates=len(candidates))
    settings = Settings.from_dict(run.parameters)
    outcome = select(candidates, settings, run.campaign.year, time_limit=TIME_LIMIT)
    _progress(run_id, 60, considered=outcome.considered)
    SelectionDecision.objects.filter(run_id=run_id).delete()
    done = 0
    for batch in _batches(outcome.decisions, BATCH):
        SelectionDecision.objects.bulk_create(
            SelectionDecision(
                run_id=run_id,
                nomination_id=d.id,
                selected=d.selected,
                score=d.score,
                parts=d.parts,
                reason=d.reason,
                detail=d.detail,
                rank=d.rank,
            )
            for d in batch
        )
        done += len(batch)
        _progress(run_id, 60 + 40 * done // max(len(outcome.decisions), 1))
    status = {OPTIMAL: RunStatus.OPTIMAL, FEASIBLE: RunStatus.FEASIBLE}.get(outcome.status, RunStatus.INFEASIBLE)
    SelectionRun.objects.filter(pk=run_id).update(
        status=status,
        progress=100,
        candidates=outcome.candidates,
        considered=outcome.considered,
        selected_count=len(outcome.selected),
        objective=outcome.objective,
        solve_seconds=round(outcome.solve_seconds, 4),
        problems=_stored_problems(outcome.problems, region_names),
        finished_at=timezone.now(),
    )


# --- adoption ------------------------------------------------------------------------------------


def _removal_blockers(sites: list[Site]) -> list[Site]:
    """Sites that cannot silently disappear: a leader is assigned, or a step of their programme is done."""
    ids = [site.pk for site in sites]
    with_work = set(SiteTask.objects.filter(site_id__in=ids, done_at__isnull=False).values_list("site_id", flat=True))
    with_leader = set(Site.objects.filter(pk__in=ids, leader_assignment__isnull=False).values_list("pk", flat=True))
    return [site for site in sites if site.pk in with_work or site.pk in with_leader]


@transaction.atomic
def adopt_run(*, actor, run: SelectionRun) -> list[Site]:
    """The selected nominations become the national showcase sites (with their checklists). National
    sites of an earlier adoption that are not selected again are removed, unless a leader is assigned
    to one or a step of its programme is done: then nothing changes and the message names them."""
    campaign = run.campaign
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    run = SelectionRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in ADOPTABLE:
        raise ValidationError({"run": [_("Only a run that found a selection can be adopted.")]})
    if run.adopted_at is not None:
        raise ValidationError({"run": [_("This run is already adopted.")]})
    selected = list(
        Nomination.objects.filter(decisions__run=run, decisions__selected=True)
        .select_related("unit__area", "area")
        .order_by("decisions__rank")
    )
    chosen = {n.pk for n in selected}
    national = list(Site.objects.filter(campaign=campaign, level=SiteLevel.NATIONAL, nomination__isnull=False).order_by("pk"))
    kept = {site.nomination_id for site in national if site.nomination_id in chosen}
    dropped = [site for site in national if site.nomination_id not in chosen]
    blocked = _removal_blockers(dropped)
    if blocked:
        names = ", ".join(site.name for site in blocked)
        raise ValidationError(
            {
                "run": [
                    ngettext(
                        "The national site %(sites)s is not in this selection but already has a leader assigned or a step "
                        "of its programme done: release it first.",
                        "The national sites %(sites)s are not in this selection but already have a leader assigned or a "
                        "step of their programme done: release them first.",
                        len(blocked),
                    )
                    % {"sites": names}
                ]
            }
        )
    removed = [site.name for site in dropped]
    Site.objects.filter(pk__in=[site.pk for site in dropped]).delete()
    created: list[Site] = []
    errors: list[str] = []
    for nomination in selected:
        if nomination.pk in kept:
            continue
        try:
            with transaction.atomic():
                created.append(
                    core.site_create(
                        actor=actor,
                        campaign=campaign,
                        level=SiteLevel.NATIONAL,
                        kind=nomination.kind,
                        name=nomination.site_name,
                        area=nomination.area,
                        unit=nomination.unit,
                        date=nomination.proposed_date,
                        nomination=nomination,
                    )
                )
        except ValidationError as exc:
            errors.append(_("%(site)s: %(problem)s") % {"site": nomination.site_name, "problem": " ".join(exc.messages)})
    if errors:
        raise ValidationError({"run": errors})
    run.adopted_at = timezone.now()
    run.adopted_by = actor
    run.save(update_fields=["adopted_at", "adopted_by"])
    auditing.record(
        actor=actor,
        obj=campaign,
        code="festival.selection.run_adopted",
        unit=campaign.owner,
        new={
            "selection_run": run.pk,
            "sites_created": len(created),
            "sites_kept": len(kept),
            "sites_removed": ", ".join(removed),
        },
    )
    return created
