"""Every change to the leaders and the leaders' schedule. Only the organisers of the campaign
(permissions.can_manage_campaign) act here.

Hand edits (assignment_set) refuse hard clashes (the leader is elsewhere that day, is not free
that day, lacks the site's rank, or the day lies outside the window) and accept soft ones (too few
travel days between regions, a day outside the host's proposed range, one site more than the
leader's maximum): those are returned to the caller and stay highlighted on the schedule page.
A hand-set attendance is "manual": later solves keep it as it is and plan around it.

Every attendance moves the site's date to the day (core.move_site_date: its open tasks move with it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.org.enums import TagKind
from phongtrao.org.models import Tag

from ..core import date_text, move_site_date
from ..enums import AssignmentSource, LeaderBody, LeaderRank
from ..models import Campaign, Leader, LeaderAssignment, LeaderAvailability, Site
from ..permissions import can_manage_campaign
from .clashes import Clash, clashes_of_site
from .days import days_text
from .queries import Schedule, needs_leader, on_schedule
from .solver import Placement, Result, Status, solve

LEADER_FIELDS = ("full_name", "position", "body", "rank", "is_active")
MAX_SITES_LIMIT = 50


def _check_organiser(actor, campaign: Campaign) -> None:
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied


def _lock(campaign: Campaign) -> None:
    """One change of a campaign's schedule at a time (a no-op on SQLite, which serialises writes)."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()


# --- leaders -------------------------------------------------------------------------------------


def _leader_values(leader: Leader) -> dict:
    return {
        "full_name": leader.full_name,
        "position": leader.position,
        "leader_body": leader.body,
        "leader_rank": leader.rank,
        "is_active": leader.is_active,
    }


def _leader_errors(values: dict, exclude: int | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not values["full_name"]:
        errors["full_name"] = [_("Enter the leader's full name.")]
    if not values["position"]:
        errors["position"] = [_("Enter the leader's position.")]
    if values["body"] not in LeaderBody.values:
        errors["body"] = [_("Choose the body the leader belongs to.")]
    if values["rank"] not in LeaderRank.values:
        errors["rank"] = [_("Choose the leader's rank.")]
    same = Leader.objects.filter(full_name=values["full_name"], position=values["position"])
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if values["full_name"] and values["position"] and same.exists():
        errors["full_name"] = [_("This leader is already on the list.")]
    return errors


def _clean_leader(full_name: str, position: str, body: str, rank: int, is_active: bool) -> dict:
    return {
        "full_name": normalize(full_name),
        "position": normalize(position),
        "body": body,
        "rank": rank,
        "is_active": bool(is_active),
    }


@transaction.atomic
def leader_create(
    *, actor, campaign: Campaign, full_name: str, position: str, body: str, rank: int, is_active: bool = True
) -> Leader:
    _check_organiser(actor, campaign)
    values = _clean_leader(full_name, position, body, rank, is_active)
    errors = _leader_errors(values)
    if errors:
        raise ValidationError(errors)
    leader = Leader.objects.create(**values)
    auditing.record(actor=actor, obj=leader, code="festival.leader.created", unit=campaign.owner, new=_leader_values(leader))
    return leader


@transaction.atomic
def leader_update(
    *, actor, campaign: Campaign, leader: Leader, full_name: str, position: str, body: str, rank: int, is_active: bool
) -> Leader:
    _check_organiser(actor, campaign)
    values = _clean_leader(full_name, position, body, rank, is_active)
    errors = _leader_errors(values, exclude=leader.pk)
    if errors:
        raise ValidationError(errors)
    before = _leader_values(leader)
    for name, value in values.items():
        setattr(leader, name, value)
    old, new = auditing.diff(before, _leader_values(leader))
    if new:
        leader.save()
        auditing.record(actor=actor, obj=leader, code="festival.leader.updated", unit=campaign.owner, old=old, new=new)
    return leader


def _availability_values(availability: LeaderAvailability | None) -> dict:
    if availability is None:
        return {}
    return {
        "available_days": days_text(availability.day_set()),
        "max_sites": availability.max_sites,
        "preferred_regions": sorted(tag.name for tag in availability.preferred_regions.all()),
        "preferred_sites": sorted(site.name for site in availability.preferred_sites.all()),
        "availability_note": availability.note,
    }


@transaction.atomic
def availability_set(
    *,
    actor,
    campaign: Campaign,
    leader: Leader,
    days: Iterable[datetime.date],
    preferred_regions: Iterable[Tag] = (),
    preferred_sites: Iterable[Site] = (),
    max_sites: int = 3,
    note: str = "",
) -> LeaderAvailability:
    """The days a leader can attend in this campaign, with their preferences (replaces the previous ones)."""
    _check_organiser(actor, campaign)
    days = sorted(set(days))
    regions = list(preferred_regions)
    sites = list(preferred_sites)
    errors: dict[str, list[str]] = {}
    outside = [day for day in days if not campaign.window_start <= day <= campaign.window_end]
    if outside:
        errors["days"] = [
            _("These days lie outside the campaign's window (%(start)s to %(end)s): %(days)s.")
            % {
                "start": date_text(campaign.window_start),
                "end": date_text(campaign.window_end),
                "days": days_text(outside),
            }
        ]
    if not 1 <= max_sites <= MAX_SITES_LIMIT:
        errors["max_sites"] = [_("A leader attends between 1 and %(limit)s sites.") % {"limit": MAX_SITES_LIMIT}]
    if any(tag.kind != TagKind.REGION for tag in regions):
        errors["preferred_regions"] = [_("Choose regions only.")]
    known = set(on_schedule(campaign).filter(pk__in=[s.pk for s in sites]).values_list("pk", flat=True))
    if any(site.pk not in known for site in sites):
        errors["preferred_sites"] = [_("Choose sites of this campaign's schedule only.")]
    if errors:
        raise ValidationError(errors)
    availability = LeaderAvailability.objects.filter(campaign=campaign, leader=leader).first()
    before = _availability_values(availability)
    if availability is None:
        availability = LeaderAvailability(campaign=campaign, leader=leader)
    availability.days = [day.isoformat() for day in days]
    availability.max_sites = max_sites
    availability.note = normalize(note)
    availability.save()
    availability.preferred_regions.set(regions)
    availability.preferred_sites.set(sites)
    availability = LeaderAvailability.objects.prefetch_related("preferred_regions", "preferred_sites").get(pk=availability.pk)
    old, new = auditing.diff(before, _availability_values(availability))
    if new:
        auditing.record(
            actor=actor, obj=leader, code="festival.leader.availability_set", unit=campaign.owner, old=old or None, new=new
        )
    return availability


# --- the schedule --------------------------------------------------------------------------------


def _attendance_values(assignment: LeaderAssignment | None) -> dict:
    if assignment is None:
        return {"leader": None, "attendance_day": None, "assignment_source": None}
    return {
        "leader": assignment.leader.full_name,
        "attendance_day": assignment.day.isoformat(),
        "assignment_source": assignment.source,
    }


def _move(site: Site, day: datetime.date) -> dict:
    """Move the site to the day; the audit values of the move (empty when it stays)."""
    if site.date == day:
        return {}
    old = site.date.isoformat()
    move_site_date(site, day)
    return {"old": {"site_date": old}, "new": {"site_date": day.isoformat()}}


def time_limit() -> float:
    return float(getattr(settings, "FESTIVAL_SCHEDULE_TIME_LIMIT", 20.0))


@transaction.atomic
def schedule_solve(*, actor, campaign: Campaign, seconds: float | None = None) -> Result:
    """Replace the solver's attendances with a new solve; hand-set ones stay and are planned around."""
    _check_organiser(actor, campaign)
    _lock(campaign)
    schedule = Schedule.load(campaign)
    result = solve(schedule.problem(time_limit=seconds or time_limit()))
    if result.status == Status.FAILED:
        raise ValidationError(_("The solver found no schedule in the time allowed; the schedule is unchanged."))
    sites = {site.pk: site for site in schedule.sites}
    before = {a.site_id: a for a in schedule.assignments if a.source == AssignmentSource.SOLVER}
    LeaderAssignment.objects.filter(campaign=campaign, source=AssignmentSource.SOLVER).delete()
    leaders = {leader.pk: leader for leader in schedule.leaders}
    created = LeaderAssignment.objects.bulk_create(
        LeaderAssignment(
            campaign=campaign,
            site=sites[p.site],
            leader=leaders[p.leader],
            day=p.day,
            source=AssignmentSource.SOLVER,
            created_by=actor,
        )
        for p in result.placements
        if not p.fixed
    )
    after = {a.site_id: a for a in created}
    for site_id in sorted(set(before) | set(after)):
        site = sites[site_id]
        old, new = auditing.diff(_attendance_values(before.get(site_id)), _attendance_values(after.get(site_id)))
        if site_id in after:
            moved = _move(site, after[site_id].day)
            old, new = {**old, **moved.get("old", {})}, {**new, **moved.get("new", {})}
        if new:
            auditing.record(actor=actor, obj=site, code="festival.schedule.proposed", unit=site.unit, old=old, new=new)
    auditing.record(
        actor=actor,
        obj=campaign,
        code="festival.schedule.solved",
        unit=campaign.owner,
        new={
            "solver_status": str(result.status),
            "sites_covered": result.covered,
            "sites_uncovered": len(result.uncovered),
            "solve_seconds": round(result.solve_seconds, 2),
        },
    )
    return result


def proposed_clashes(site: Site, leader: Leader, day: datetime.date, schedule: Schedule | None = None) -> list[Clash]:
    """The clashes the site would have with this leader on this day, the rest of the schedule unchanged."""
    schedule = schedule or Schedule.load(site.campaign)
    placements = schedule.placements(replace=Placement(site=site.pk, leader=leader.pk, day=day, fixed=True))
    return clashes_of_site(schedule.clashes(placements), site.pk)


@transaction.atomic
def assignment_set(*, actor, site: Site, leader: Leader, day: datetime.date) -> tuple[LeaderAssignment, list[Clash]]:
    """Set a site's leader and day by hand. Hard clashes refuse the edit (messages by field); the soft
    clashes it leaves are returned."""
    campaign = site.campaign
    _check_organiser(actor, campaign)
    _lock(campaign)
    errors: dict[str, list[str]] = {}
    if not needs_leader(site):
        errors["site"] = [_("Only national showcase sites and sites that ask for a leader's rank are on the schedule.")]
    if not leader.is_active:
        errors["leader"] = [_("%(leader)s is no longer on the active list.") % {"leader": leader.full_name}]
    if errors:
        raise ValidationError(errors)
    clashes = proposed_clashes(site, leader, day)
    for clash in clashes:
        if clash.hard:
            errors.setdefault(clash.field, []).append(clash.message)
    if errors:
        raise ValidationError(errors)
    current = LeaderAssignment.objects.select_related("leader").filter(site=site).first()
    old_values = _attendance_values(current)
    assignment, _created = LeaderAssignment.objects.update_or_create(
        site=site,
        defaults={"campaign": campaign, "leader": leader, "day": day, "source": AssignmentSource.MANUAL, "created_by": actor},
    )
    old, new = auditing.diff(old_values, _attendance_values(assignment))
    moved = _move(site, day)
    old, new = {**old, **moved.get("old", {})}, {**new, **moved.get("new", {})}
    if new:
        auditing.record(actor=actor, obj=site, code="festival.schedule.assigned", unit=site.unit, old=old, new=new)
    return assignment, [clash for clash in clashes if not clash.hard]


@transaction.atomic
def assignment_clear(*, actor, site: Site) -> None:
    """Take the leader off a site (its date stays). A later solve may give it a leader again."""
    _check_organiser(actor, site.campaign)
    _lock(site.campaign)
    current = LeaderAssignment.objects.select_related("leader").filter(site=site).first()
    if current is None:
        raise ValidationError(_("This site has no leader to remove."))
    old = _attendance_values(current)
    current.delete()
    auditing.record(actor=actor, obj=site, code="festival.schedule.cleared", unit=site.unit, old=old)
