"""Every state change of site preparation: register a site, change its name, date or venue, mark a
step done or not done, give a step an owner, a date and a note, add or delete a step of one site,
and edit the campaign's programme (the steps copied into every new site).

Each action is keyword-only, checks who may act (PermissionDenied), validates with Vietnamese
messages keyed by field (ValidationError, nothing written), runs in one transaction and writes one
audit row. Changes to a site's steps are audited on the site, so its history shows them all.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.notifications.actions import notify
from phongtrao.org.models import Area, Unit, User

from .. import core
from ..core import raise_if
from ..enums import ChecklistPart, SiteLevel
from ..models import Campaign, ChecklistTemplateItem, LeaderAssignment, Site, SiteTask
from ..permissions import can_act_for_unit
from .access import can_edit_programme, can_mark, can_prepare, levels_for
from .queries import PART_ORDER, possible_owners

MAX_TITLE = 300
MAX_NOTE = 500
MAX_OWNER_NAME = 255
MAX_VENUE = 500
MAX_OFFSET_DAYS = 365


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


# --- sites -------------------------------------------------------------------------------------


@transaction.atomic
def site_register(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    level: str,
    kind: str,
    name: str,
    area: Area,
    date: datetime.date | None,
    address: str = "",
) -> Site:
    """A provincial, commune or grassroots site registered by an officer of its host unit, with
    the campaign's programme as its checklist. National sites come from the selection."""
    if not can_act_for_unit(actor, unit):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    allowed = levels_for(unit)
    if not allowed:
        errors["unit"] = [_("%(unit)s cannot host a festival site.") % {"unit": unit.name}]
    elif level not in allowed:
        labels = ", ".join(str(SiteLevel(value).label) for value in allowed)
        errors["level"] = [_("%(unit)s may register only these levels: %(levels)s.") % {"unit": unit.name, "levels": labels}]
    if len(normalize(address)) > MAX_VENUE:
        errors["address"] = [_("The venue may have at most %(count)s characters.") % {"count": MAX_VENUE}]
    name = normalize(name)
    for key, messages in core.site_errors(campaign, area=area, unit=unit, date=date, kind=kind, name=name).items():
        errors.setdefault(key, messages)
    raise_if(errors)
    return core.site_create(
        actor=actor, campaign=campaign, level=level, kind=kind, name=name, area=area, unit=unit, date=date, address=address
    )


def _site_values(site: Site) -> dict:
    return {"site_name": site.name, "site_date": _iso(site.date), "venue": site.address}


@transaction.atomic
def site_update(*, actor, site: Site, name: str, date: datetime.date | None, address: str = "") -> Site:
    """Change a site's name, date or venue. A new date moves the steps not yet done with it."""
    site = Site.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=site.pk)
    if not can_prepare(actor, site):
        raise PermissionDenied
    campaign = site.campaign
    name = normalize(name)
    address = normalize(address)
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Enter the name of the site.")]
    elif Site.objects.filter(campaign=campaign, area_id=site.area_id, kind=site.kind, name=name).exclude(pk=site.pk).exists():
        errors["name"] = [_("This site is already registered for the campaign.")]
    if len(address) > MAX_VENUE:
        errors["address"] = [_("The venue may have at most %(count)s characters.") % {"count": MAX_VENUE}]
    if date is None:
        errors["date"] = [_("Enter the date of the festival at this site.")]
    elif date != site.date:
        if not campaign.window_start <= date <= campaign.window_end:
            errors["date"] = [
                _("The date must lie within the campaign's window (%(start)s to %(end)s).")
                % {"start": core.date_text(campaign.window_start), "end": core.date_text(campaign.window_end)}
            ]
        elif (site.earliest and date < site.earliest) or (site.latest and date > site.latest):
            errors["date"] = [
                _("The date must lie between %(start)s and %(end)s, the dates this site can hold the festival.")
                % {
                    "start": core.date_text(site.earliest or campaign.window_start),
                    "end": core.date_text(site.latest or campaign.window_end),
                }
            ]
        elif LeaderAssignment.objects.filter(site=site).exists():
            errors["date"] = [_("A leader is scheduled at this site: change its date in the leaders' schedule.")]
    raise_if(errors)
    assert date is not None  # noqa: S101 - checked above
    old = _site_values(site)
    core.move_site_date(site, date)
    site.name = name
    site.address = address
    site.save(update_fields=["name", "address", "updated_at"])
    before, after = auditing.diff(old, _site_values(site))
    if after:
        auditing.record(actor=actor, obj=site, code="festival.site.updated", unit=site.unit, old=before, new=after)
    return site


# --- the steps of one site ---------------------------------------------------------------------


def _owner_text(task: SiteTask) -> str:
    if task.owner_id:
        return task.owner.get_full_name()  # type: ignore[union-attr]
    return task.owner_name


def _task_values(task: SiteTask) -> dict:
    return {"step_owner": _owner_text(task), "due_date": _iso(task.due_date), "step_note": task.note}


def _lock(task: SiteTask) -> SiteTask:
    return (
        SiteTask.objects.select_for_update(of=("self",))
        .select_related("site__campaign__owner", "site__unit", "owner")
        .get(pk=task.pk)
    )


@transaction.atomic
def task_mark(*, actor, task: SiteTask, done: bool) -> SiteTask:
    """Mark a step done (now, by the actor) or not done. Marking it as it already is changes nothing."""
    task = _lock(task)
    if not can_mark(actor, task):
        raise PermissionDenied
    if (task.done_at is not None) == done:
        return task
    task.done_at = timezone.now() if done else None
    task.done_by = actor if done else None
    task.save(update_fields=["done_at", "done_by"])
    auditing.record(
        actor=actor,
        obj=task.site,
        code="festival.site.step_done" if done else "festival.site.step_reopened",
        unit=task.site.unit,
        new={"site_step": task.title},
    )
    return task


@transaction.atomic
def task_update(
    *,
    actor,
    task: SiteTask,
    owner: User | None = None,
    owner_name: str = "",
    due_date: datetime.date | None = None,
    note: str = "",
) -> SiteTask:
    """Give a step its owner (a person of the host unit or a unit below it, or a name of someone
    outside the system), its due date and a note. A new owner with an account is notified."""
    task = _lock(task)
    site = task.site
    if not can_prepare(actor, site):
        raise PermissionDenied
    owner_name = normalize(owner_name)
    note = normalize(note)
    errors: dict[str, list[str]] = {}
    if owner is not None and not possible_owners(site.unit).filter(pk=owner.pk).exists():
        errors["owner"] = [_("Choose a person of %(unit)s or of a unit below it.") % {"unit": site.unit.name}]
    if owner is not None and owner_name:
        errors["owner_name"] = [_("Choose a person or write a name, not both.")]
    if len(owner_name) > MAX_OWNER_NAME:
        errors["owner_name"] = [_("The name may have at most %(count)s characters.") % {"count": MAX_OWNER_NAME}]
    if len(note) > MAX_NOTE:
        errors["note"] = [_("The note may have at most %(count)s characters.") % {"count": MAX_NOTE}]
    if due_date is not None and not isinstance(due_date, datetime.date):
        errors["due_date"] = [_("Enter the date as dd/mm/yyyy.")]
    raise_if(errors)
    old = _task_values(task)
    previous_owner = task.owner_id
    task.owner = owner
    task.owner_name = owner_name
    task.due_date = due_date
    task.note = note
    task.save(update_fields=["owner", "owner_name", "due_date", "note"])
    before, after = auditing.diff(old, _task_values(task))
    if after:
        auditing.record(
            actor=actor,
            obj=site,
            code="festival.site.step_changed",
            unit=site.unit,
            old=before,
            new={"site_step": task.title, **after},
        )
    if owner is not None and owner.pk not in {previous_owner, actor.pk}:
        _notify_owner(task)
    return task


def _notify_owner(task: SiteTask) -> None:
    site = task.site
    with translation.override(settings.LANGUAGE_CODE):
        params = {"step": task.title, "site": site.name}
        if task.due_date:
            title = _("You are in charge of “%(step)s” at the festival site “%(site)s”, due on %(date)s") % {
                **params,
                "date": core.date_text(task.due_date),
            }
        else:
            title = _("You are in charge of “%(step)s” at the festival site “%(site)s”") % params
    notify(
        recipients=[task.owner_id],
        code="festival.site.step_assigned",
        title=title,
        body=task.note,
        url=reverse("festival:site", args=[site.pk]) + f"#task-{task.pk}",
        obj=task,
    )


def _title_errors(title: str, field: str = "title") -> dict[str, list[str]]:
    if not title:
        return {field: [_("Enter the step.")]}
    if len(title) > MAX_TITLE:
        return {field: [_("A step may have at most %(count)s characters.") % {"count": MAX_TITLE}]}
    return {}


@transaction.atomic
def task_add(
    *, actor, site: Site, part: str, title: str, optional: bool = False, due_date: datetime.date | None = None
) -> SiteTask:
    """A step of this site only (the campaign's programme is not changed)."""
    site = Site.objects.select_for_update(of=("self",)).select_related("campaign", "unit").get(pk=site.pk)
    if not can_prepare(actor, site):
        raise PermissionDenied
    title = normalize(title)
    errors = _title_errors(title)
    if part not in ChecklistPart.values:
        errors["part"] = [_("Choose the part of the programme.")]
    elif not errors and SiteTask.objects.filter(site=site, part=part, title__iexact=title).exists():
        errors["title"] = [_("This step is already in this part of the site's programme.")]
    if due_date is not None and not isinstance(due_date, datetime.date):
        errors["due_date"] = [_("Enter the date as dd/mm/yyyy.")]
    raise_if(errors)
    last = SiteTask.objects.filter(site=site).aggregate(last=Max("order"))["last"]
    task = SiteTask.objects.create(
        site=site,
        part=part,
        order=(last + 1) if last is not None else 0,
        title=title,
        optional=optional,
        due_date=due_date,
        custom=True,
    )
    auditing.record(
        actor=actor,
        obj=site,
        code="festival.site.step_added",
        unit=site.unit,
        new={"site_step": title, "step_part": part, "step_optional": optional, "due_date": _iso(due_date)},
    )
    return task


def in_programme(task: SiteTask) -> bool:
    """Copied from the campaign's programme (renaming the programme's step later does not change that)."""
    return not task.custom


@transaction.atomic
def task_delete(*, actor, task: SiteTask) -> None:
    """Delete a step added for this site. The steps of the campaign's programme stay."""
    task = _lock(task)
    site = task.site
    if not can_prepare(actor, site):
        raise PermissionDenied
    if in_programme(task):
        raise ValidationError(_("This step is part of the campaign's programme and cannot be deleted."))
    old = {"site_step": task.title, "step_part": task.part}
    task.delete()
    auditing.record(actor=actor, obj=site, code="festival.site.step_deleted", unit=site.unit, old=old)


# --- the campaign's programme ------------------------------------------------------------------


def _item_values(item: ChecklistTemplateItem) -> dict:
    return {"site_step": item.title, "step_part": item.part, "step_optional": item.optional, "step_offset": item.offset_days}


def _item_errors(campaign: Campaign, *, part: str, title: str, offset_days, exclude: int | None = None) -> dict:
    errors = _title_errors(title)
    if part not in ChecklistPart.values:
        errors["part"] = [_("Choose the part of the programme.")]
    elif not errors:
        same = ChecklistTemplateItem.objects.filter(campaign=campaign, part=part, title__iexact=title)
        if exclude is not None:
            same = same.exclude(pk=exclude)
        if same.exists():
            errors["title"] = [_("This step is already in this part of the programme.")]
    if not isinstance(offset_days, int) or not -MAX_OFFSET_DAYS <= offset_days <= MAX_OFFSET_DAYS:
        errors["offset_days"] = [_("Enter a number of days between -%(count)s and %(count)s.") % {"count": MAX_OFFSET_DAYS}]
    return errors


def _check_organiser(actor, campaign: Campaign) -> None:
    if not can_edit_programme(actor, campaign):
        raise PermissionDenied


def _renumber(campaign: Campaign, items: list[ChecklistTemplateItem] | None = None) -> None:
    """Number the steps 0, 1, 2… in the order of a site's day (part, then position)."""
    if items is None:
        items = list(ChecklistTemplateItem.objects.filter(campaign=campaign).order_by("order", "pk"))
        items.sort(key=lambda item: PART_ORDER.get(item.part, 99))
    changed = []
    for index, item in enumerate(items):
        if item.order != index:
            item.order = index
            changed.append(item)
    ChecklistTemplateItem.objects.bulk_update(changed, ["order"])


@transaction.atomic
def programme_step_add(
    *, actor, campaign: Campaign, part: str, title: str, optional: bool = False, offset_days: int = 0
) -> ChecklistTemplateItem:
    """A new step at the end of its part. Sites registered from now on get it."""
    _check_organiser(actor, campaign)
    title = normalize(title)
    raise_if(_item_errors(campaign, part=part, title=title, offset_days=offset_days))
    last = ChecklistTemplateItem.objects.filter(campaign=campaign).aggregate(last=Max("order"))["last"]
    item = ChecklistTemplateItem.objects.create(
        campaign=campaign,
        part=part,
        title=title,
        optional=optional,
        offset_days=offset_days,
        order=(last + 1) if last is not None else 0,
    )
    _renumber(campaign)
    auditing.record(actor=actor, obj=campaign, code="festival.programme.step_added", unit=campaign.owner, new=_item_values(item))
    return item


@transaction.atomic
def programme_step_update(
    *, actor, item: ChecklistTemplateItem, part: str, title: str, optional: bool = False, offset_days: int = 0
) -> ChecklistTemplateItem:
    item = ChecklistTemplateItem.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=item.pk)
    campaign = item.campaign
    _check_organiser(actor, campaign)
    title = normalize(title)
    raise_if(_item_errors(campaign, part=part, title=title, offset_days=offset_days, exclude=item.pk))
    old = _item_values(item)
    moved = part != item.part
    item.part, item.title, item.optional, item.offset_days = part, title, optional, offset_days
    if moved:  # to the end of its new part
        item.order = (ChecklistTemplateItem.objects.filter(campaign=campaign).aggregate(last=Max("order"))["last"] or 0) + 1
    item.save()
    if moved:
        _renumber(campaign)
    before, after = auditing.diff(old, _item_values(item))
    if after:
        auditing.record(
            actor=actor,
            obj=campaign,
            code="festival.programme.step_changed",
            unit=campaign.owner,
            old=before,
            new={"site_step": item.title, **after},
        )
    return item


@transaction.atomic
def programme_step_move(*, actor, item: ChecklistTemplateItem, up: bool) -> ChecklistTemplateItem:
    """Swap a step with the one before (up) or after it in its part; at either end nothing moves."""
    item = ChecklistTemplateItem.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=item.pk)
    campaign = item.campaign
    _check_organiser(actor, campaign)
    items = list(ChecklistTemplateItem.objects.filter(campaign=campaign).order_by("order", "pk"))
    items.sort(key=lambda step: PART_ORDER.get(step.part, 99))
    index = next(i for i, step in enumerate(items) if step.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items) or items[other].part != item.part:
        return item
    items[index], items[other] = items[other], items[index]
    _renumber(campaign, items)
    auditing.record(
        actor=actor,
        obj=campaign,
        code="festival.programme.step_moved_up" if up else "festival.programme.step_moved_down",
        unit=campaign.owner,
        new={"site_step": item.title},
    )
    return item


@transaction.atomic
def programme_step_delete(*, actor, item: ChecklistTemplateItem) -> None:
    """Remove a step from the programme. Sites already registered keep their copy of it."""
    item = ChecklistTemplateItem.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=item.pk)
    campaign = item.campaign
    _check_organiser(actor, campaign)
    old = _item_values(item)
    item.delete()
    _renumber(campaign)
    auditing.record(actor=actor, obj=campaign, code="festival.programme.step_deleted", unit=campaign.owner, old=old)
