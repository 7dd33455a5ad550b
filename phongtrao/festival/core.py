"""The actions every part of the festival shares: open a campaign (with its default programme and
result fields), create a site (with its checklist copied from the campaign's programme), and
fetch a campaign by year.

Actions are keyword-only, check who may act (PermissionDenied), validate with Vietnamese messages
keyed by field (ValidationError, nothing written), run in one transaction and write an audit row.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.org.models import Area, Unit

from . import defaults
from .enums import SiteKind, SiteLevel
from .geography import locate
from .models import Campaign, ChecklistTemplateItem, Nomination, ResultField, Site, SiteTask
from .permissions import can_act_for_unit, can_manage_campaign, organising_units

CAMPAIGN_FIELDS = (
    "year",
    "theme",
    "window_start",
    "window_end",
    "festival_day",
    "nomination_deadline",
    "results_due",
    "wrap_up_date",
    "plan_number",
    "plan_date",
    "travel_days",
)


def date_text(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def raise_if(errors: dict) -> None:
    """Refuse with every message at once, keyed by field: the actions' one way to say no."""
    if errors:
        raise ValidationError(errors)


def get_campaign(year: int) -> Campaign:
    """Campaigns are national and every signed-in user may read them; a missing year is a 404."""
    campaign = Campaign.objects.select_related("owner").filter(year=year).first()
    if campaign is None:
        raise Http404
    return campaign


def campaign_values(campaign: Campaign) -> dict:
    return auditing.snapshot(campaign, list(CAMPAIGN_FIELDS))


def campaign_errors(values: dict) -> dict[str, list[str]]:
    """Checks of a campaign's dates, shared by creation and editing."""
    errors: dict[str, list[str]] = {}
    start, end, day = values.get("window_start"), values.get("window_end"), values.get("festival_day")
    if start and end and end < start:
        errors["window_end"] = [_("The window cannot end before it starts.")]
    year = values.get("year")
    if year and start and start.year != year:
        errors["window_start"] = [_("The window must start in %(year)s.") % {"year": year}]
    if start and end and day and not start <= day <= end:
        errors["festival_day"] = [
            _("The festival day must lie within the window (%(start)s to %(end)s).")
            % {"start": date_text(start), "end": date_text(end)}
        ]
    deadline = values.get("nomination_deadline")
    if deadline and start and deadline > start:
        errors["nomination_deadline"] = [_("Nominations must close before the window opens.")]
    results_due = values.get("results_due")
    if results_due and end and results_due < end:
        errors["results_due"] = [_("Results cannot be due before the window ends.")]
    return errors


@transaction.atomic
def campaign_create(*, actor, owner: Unit, **values) -> Campaign:
    """Open a year's campaign with the default programme steps and result fields (editable after)."""
    if owner not in organising_units(actor):
        raise PermissionDenied
    values["theme"] = normalize(values.get("theme", ""))
    errors = campaign_errors(values)
    if not values["theme"]:
        errors["theme"] = [_("Enter the theme of the year.")]
    if Campaign.objects.filter(year=values.get("year") or 0).exists():
        errors["year"] = [_("A campaign for %(year)s already exists.") % {"year": values.get("year")}]
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(owner=owner, created_by=actor, **values)
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(campaign=campaign, part=part, order=i, title=title, optional=optional, offset_days=offset)
        for i, (part, title, optional, offset) in enumerate(defaults.CHECKLIST)
    )
    ResultField.objects.bulk_create(
        ResultField(campaign=campaign, key=key, label=label, group=group, kind=kind, order=i, required=required)
        for i, (key, label, group, kind, required) in enumerate(defaults.RESULT_FIELDS)
    )
    auditing.record(actor=actor, obj=campaign, code="festival.campaign.created", unit=owner, new=campaign_values(campaign))
    return campaign


def copy_checklist(site: Site) -> list[SiteTask]:
    """The campaign's programme steps become the site's tasks, dated from the site's date."""
    items = ChecklistTemplateItem.objects.filter(campaign_id=site.campaign_id)
    return SiteTask.objects.bulk_create(
        SiteTask(
            site=site,
            part=item.part,
            order=item.order,
            title=item.title,
            optional=item.optional,
            due_date=site.date + datetime.timedelta(days=item.offset_days),
        )
        for item in items
    )


def site_errors(campaign: Campaign, *, area: Area, unit: Unit, date: datetime.date | None, kind: str, name: str) -> dict:
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [_("Enter the date of the festival at this site.")]
    elif not campaign.window_start <= date <= campaign.window_end:
        errors["date"] = [
            _("The date must lie within the campaign's window (%(start)s to %(end)s).")
            % {"start": date_text(campaign.window_start), "end": date_text(campaign.window_end)}
        ]
    if kind not in SiteKind.values:
        errors["kind"] = [_("Choose the kind of site.")]
    if not name:
        errors["name"] = [_("Enter the name of the site.")]
    if unit.area_id is not None and not area.path.startswith(unit.area.path):  # type: ignore[union-attr]
        errors["area"] = [_("The site must lie within the area of %(unit)s.") % {"unit": unit}]
    if Site.objects.filter(campaign=campaign, area=area, kind=kind, name=name).exists():
        errors["name"] = [_("This site is already registered for the campaign.")]
    return errors


@transaction.atomic
def site_create(
    *,
    actor,
    campaign: Campaign,
    level: str,
    kind: str,
    name: str,
    area: Area,
    unit: Unit,
    date: datetime.date | None,
    nomination: Nomination | None = None,
    required_rank: int | None = None,
    address: str = "",
    audit: bool = True,
) -> Site:
    """Register a site with its checklist. National showcase sites are the organisers' to create
    (from a selection run); other levels belong to the host unit's officers."""
    if level == SiteLevel.NATIONAL:
        if not can_manage_campaign(actor, campaign):
            raise PermissionDenied
    elif not can_act_for_unit(actor, unit):
        raise PermissionDenied
    name = normalize(name)
    errors = site_errors(campaign, area=area, unit=unit, date=date, kind=kind, name=name)
    if errors or date is None:
        raise ValidationError(errors)
    place = locate(area)
    site = Site.objects.create(
        campaign=campaign,
        level=level,
        kind=kind,
        name=name,
        area=area,
        province=place.province,
        region=place.region,
        unit=unit,
        nomination=nomination,
        date=date,
        required_rank=required_rank,
        address=normalize(address),
        created_by=actor,
    )
    copy_checklist(site)
    if audit:
        auditing.record(
            actor=actor,
            obj=site,
            code="festival.site.created",
            unit=unit,
            new={"site_level": level, "site_kind": kind, "date": date.isoformat() if date else None},
        )
    return site


def move_site_date(site: Site, new_date: datetime.date) -> None:
    """Move a site to another day: the tasks not yet done keep their distance to the site's date.
    Callers audit the change (the leaders' schedule, the site form); this only writes."""
    delta = new_date - site.date
    if not delta:
        return
    tasks = list(SiteTask.objects.filter(site=site, done_at__isnull=True, due_date__isnull=False))
    for task in tasks:
        task.due_date = task.due_date + delta  # type: ignore[operator,assignment]
    SiteTask.objects.bulk_update(tasks, ["due_date"])
    site.date = new_date
    Site.objects.filter(pk=site.pk).update(date=new_date)
