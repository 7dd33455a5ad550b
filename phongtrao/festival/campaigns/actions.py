"""Every state change of the campaign pages and the nominations: edit a campaign, add a campaign
document, nominate a site, change or withdraw a nomination, attach a document to it, pin it.

Each action is keyword-only, checks who may act (PermissionDenied), validates with Vietnamese
messages keyed by field (ValidationError, nothing written), runs in its own transaction and writes
one audit row. Opening a campaign is festival.core.campaign_create.

Deadline: after the campaign's nomination deadline (compared with today's local date) the
provinces can no longer add, change, withdraw or complete nominations; the organisers still can.
"""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.org.enums import AreaLevel, UnitKind
from phongtrao.org.models import Area, Unit

from ..core import CAMPAIGN_FIELDS, campaign_errors, campaign_values, date_text, raise_if
from ..enums import DocumentKind, MovementClass, NominationState, Pin, SecurityComplexity, SiteKind
from ..geography import locate
from ..models import Campaign, CampaignDocument, Nomination, NominationDocument
from ..permissions import can_act_for_unit, can_manage_campaign

MAX_FILE_SIZE = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png"})
EDITABLE_CAMPAIGN_FIELDS = tuple(name for name in CAMPAIGN_FIELDS if name != "year")
NOMINATION_FIELDS = (
    "kind",
    "site_name",
    "proposed_date",
    "ethnic_minority_share",
    "is_border",
    "is_island",
    "is_religious",
    "security_complexity",
    "movement_class",
    "models_count",
    "models_text",
    "last_hosted_year",
    "reason",
)
# What a nomination states when a caller (the API, an import) leaves a fact out.
FACT_DEFAULTS = {
    "site_name": "",
    "ethnic_minority_share": 0,
    "is_border": False,
    "is_island": False,
    "is_religious": False,
    "security_complexity": SecurityComplexity.NORMAL,
    "movement_class": MovementClass.UNRATED,
    "models_count": 0,
    "models_text": "",
    "reason": "",
}
# The history of a new nomination names the site; the facts are on the page, and their changes
# are audited one by one (nomination_update).
CREATED_KEYS = ("nominating_unit", "site_area", "site_kind", "site_name", "proposed_date")
AREA_KINDS = {SiteKind.COMMUNE: AreaLevel.COMMUNE, SiteKind.RESIDENTIAL: AreaLevel.RESIDENTIAL_AREA}
FIRST_FESTIVAL_YEAR = 2005  # QĐ 521/2005/QĐ-TTg


def _require_active(actor) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_active):
        raise PermissionDenied


# --- who may do what (also read by the pages to show or hide their buttons) ---------------------


def nominations_open(campaign: Campaign, on: datetime.date | None = None) -> bool:
    deadline = campaign.nomination_deadline
    return deadline is None or (on or timezone.localdate()) <= deadline


def may_change_nomination(user, nomination: Nomination) -> bool:
    """The nominating unit's officers, leaders and administrators, and the organisers (the
    deadline and the state are checked by the actions, with a message)."""
    return can_manage_campaign(user, nomination.campaign) or can_act_for_unit(user, nomination.unit)


def may_nominate_for(user, campaign: Campaign, unit: Unit) -> bool:
    """A provincial police nominates for itself; the organisers for any provincial police they see."""
    if unit.kind != UnitKind.PROVINCIAL_POLICE or not unit.is_active:
        return False
    if can_act_for_unit(user, unit):
        return True
    return can_manage_campaign(user, campaign) and Unit.objects.visible_to(user).filter(pk=unit.pk).exists()


def _check_open(actor, campaign: Campaign) -> None:
    deadline = campaign.nomination_deadline
    if deadline is None or nominations_open(campaign) or can_manage_campaign(actor, campaign):
        return
    raise ValidationError(
        _(
            "Nominations for %(year)s closed on %(date)s. Only the organising unit can add or change nominations now: "
            "contact %(unit)s."
        )
        % {"year": campaign.year, "date": date_text(deadline), "unit": campaign.owner.name}
    )


def _file_errors(upload) -> list[str]:
    if upload is None:
        return [_("Choose a file to upload.")]
    name = PurePosixPath(upload.name or "").name
    if PurePosixPath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
        return [_("“%(name)s”: only PDF, Word, Excel, OpenDocument and JPEG/PNG files can be attached.") % {"name": name}]
    if upload.size > MAX_FILE_SIZE:
        return [_("“%(name)s” is larger than 10 MB.") % {"name": name}]
    if upload.size == 0:
        return [_("“%(name)s” is empty.") % {"name": name}]
    return []


def _file_name(upload) -> str:
    return normalize(PurePosixPath(upload.name).name)[:255]


# --- the campaign --------------------------------------------------------------------------------


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **values) -> Campaign:
    """Change a campaign's theme, dates, national plan and travel days (not its year or owner)."""
    _require_active(actor)
    unknown = set(values) - set(EDITABLE_CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"campaign_update() got unexpected fields: {sorted(unknown)}")
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("owner").get(pk=campaign.pk)
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    if "theme" in values:
        values["theme"] = normalize(values["theme"] or "")
    if "plan_number" in values:
        values["plan_number"] = normalize(values["plan_number"] or "")
    merged = {name: getattr(campaign, name) for name in CAMPAIGN_FIELDS} | values
    errors = campaign_errors(merged)
    if not merged["theme"]:
        errors["theme"] = [_("Enter the theme of the year.")]
    for name in ("window_start", "window_end", "festival_day"):
        if merged.get(name) is None:
            errors[name] = [_("Enter this date.")]
    raise_if(errors)
    before = campaign_values(campaign)
    for name, value in values.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=[*values, "updated_at"])
    old, new = auditing.diff(before, campaign_values(campaign))
    if new:
        auditing.record(actor=actor, obj=campaign, code="festival.campaign.updated", unit=campaign.owner, old=old, new=new)
    return campaign


@transaction.atomic
def document_add(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    kind: str,
    title: str,
    file,
    number: str = "",
    issued_on: datetime.date | None = None,
) -> CampaignDocument:
    """The organisers add the national plan and other national documents (issued by the organising
    unit); a provincial police adds its provincial plan."""
    _require_active(actor)
    as_organiser = unit.pk == campaign.owner_id and can_manage_campaign(actor, campaign)
    as_province = unit.kind == UnitKind.PROVINCIAL_POLICE and can_act_for_unit(actor, unit)
    if not (as_organiser or as_province):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose the kind of document.")]
    elif kind == DocumentKind.PROVINCIAL_PLAN and not as_province:
        errors["kind"] = [_("A provincial plan is issued by a provincial police: choose that unit as the issuing unit.")]
    elif kind != DocumentKind.PROVINCIAL_PLAN and not as_organiser:
        errors["kind"] = [_("A provincial police adds its provincial plan here; the other documents are the organising unit's.")]
    title = normalize(title)
    if not title:
        errors["title"] = [_("Enter the title of the document.")]
    file_errors = _file_errors(file)
    if file_errors:
        errors["file"] = file_errors
    raise_if(errors)
    name = _file_name(file)
    document = CampaignDocument.objects.create(
        campaign=campaign,
        unit=unit,
        kind=kind,
        number=normalize(number),
        title=title,
        issued_on=issued_on,
        file=file,
        name=name,
        size=file.size,
        uploaded_by=actor,
    )
    auditing.record(
        actor=actor,
        obj=document,
        code="festival.document.added",
        unit=unit,
        new={
            "campaign_document_kind": kind,
            "document_number": document.number,
            "title": title,
            "issued_on": issued_on.isoformat() if issued_on else None,
            "file_name": name,
        },
    )
    return document


# --- nominations ---------------------------------------------------------------------------------


def _area_label(area: Area) -> str:
    if area.level == AreaLevel.RESIDENTIAL_AREA and area.parent_id is not None:
        return f"{area.name}, {area.parent.name}"  # type: ignore[union-attr]
    return area.name


def nomination_values(nomination: Nomination) -> dict:
    """What the history shows of a nomination: names rather than ids, dates as ISO text."""
    return {
        "nominating_unit": nomination.unit.name,
        "site_area": _area_label(nomination.area),
        "site_kind": nomination.kind,
        "site_name": nomination.site_name,
        "proposed_date": nomination.proposed_date.isoformat(),
        "ethnic_minority_share": nomination.ethnic_minority_share,
        "is_border": nomination.is_border,
        "is_island": nomination.is_island,
        "is_religious": nomination.is_religious,
        "security_complexity": nomination.security_complexity,
        "movement_class": nomination.movement_class,
        "models_count": nomination.models_count,
        "models_text": nomination.models_text,
        "last_hosted_year": nomination.last_hosted_year,
        "nomination_reason": nomination.reason,
    }


def _clean_facts(campaign: Campaign, unit: Unit, area: Area | None, values: dict, exclude_pk: int | None = None) -> dict:
    """Normalise the facts in `values` (in place) and return the errors, keyed by field."""
    errors: dict[str, list[str]] = {}
    kind = values.get("kind")
    if kind not in SiteKind.values:
        errors["kind"] = [_("Choose the kind of site.")]
    if area is None:
        errors["area"] = [_("Choose the commune or residential area.")]
    elif area.level not in (AreaLevel.COMMUNE, AreaLevel.RESIDENTIAL_AREA):
        errors["area"] = [_("Choose a commune or a residential area, not a whole province.")]
    elif unit.area is None or not area.path.startswith(unit.area.path):
        errors["area"] = [_("%(area)s is not within the area of %(unit)s.") % {"area": _area_label(area), "unit": unit.name}]
    elif kind in AREA_KINDS and area.level != AREA_KINDS[kind]:
        message = (
            _("A site of the kind “%(kind)s” is the commune itself: choose the commune.")
            if kind == SiteKind.COMMUNE
            else _("A site of the kind “%(kind)s” is a residential area: choose the residential area.")
        )
        errors["area"] = [message % {"kind": SiteKind(kind).label}]

    name = normalize(values.get("site_name") or "")
    if not name and kind in AREA_KINDS and area is not None:
        name = area.name
    values["site_name"] = name
    if not name:
        errors["site_name"] = [_("Enter the name of the site (the agency, enterprise or school).")]

    day = values.get("proposed_date")
    if day is None:
        errors["proposed_date"] = [_("Enter the proposed date.")]
    elif not campaign.window_start <= day <= campaign.window_end:
        errors["proposed_date"] = [
            _("The proposed date must lie within the campaign's window (%(start)s to %(end)s).")
            % {"start": date_text(campaign.window_start), "end": date_text(campaign.window_end)}
        ]

    share = values.get("ethnic_minority_share")
    if share is None:
        values["ethnic_minority_share"] = share = 0
    if not 0 <= share <= 100:
        errors["ethnic_minority_share"] = [_("The ethnic-minority share is a percentage from 0 to 100.")]
    count = values.get("models_count")
    if count is None:
        values["models_count"] = count = 0
    if count < 0 or count > 1000:
        errors["models_count"] = [_("The number of models must be between 0 and 1,000.")]
    if values.get("security_complexity") not in SecurityComplexity.values:
        errors["security_complexity"] = [_("Choose the security situation.")]
    values["movement_class"] = values.get("movement_class") or ""
    if values["movement_class"] not in MovementClass.values:
        errors["movement_class"] = [_("Choose last year's movement classification.")]
    hosted = values.get("last_hosted_year")
    if hosted is not None and not FIRST_FESTIVAL_YEAR <= hosted <= campaign.year:
        errors["last_hosted_year"] = [
            _("The last year it hosted national leaders must be between %(first)s and %(year)s.")
            % {"first": FIRST_FESTIVAL_YEAR, "year": campaign.year}
        ]
    for text_field in ("models_text", "reason"):
        values[text_field] = (values.get(text_field) or "").strip()
    for flag in ("is_border", "is_island", "is_religious"):
        values[flag] = bool(values.get(flag))

    if area is not None and "site_name" not in errors and "kind" not in errors:
        duplicates = Nomination.objects.filter(campaign=campaign, area=area, kind=kind, site_name=name)
        if exclude_pk is not None:
            duplicates = duplicates.exclude(pk=exclude_pk)
        if duplicates.exists():
            errors["site_name"] = [_("This site has already been nominated for the campaign.")]
    return errors


def _facts(values: dict) -> dict:
    unknown = set(values) - set(NOMINATION_FIELDS)
    if unknown:
        raise TypeError(f"unexpected nomination fields: {sorted(unknown)}")
    return {name: values.get(name, FACT_DEFAULTS.get(name)) for name in NOMINATION_FIELDS}


@transaction.atomic
def nomination_create(*, actor, campaign: Campaign, unit: Unit, area: Area | None, **values) -> Nomination:
    """A provincial police nominates a commune or a residential area (or an agency, enterprise or
    school in it) as a candidate national showcase site. `values` are the NOMINATION_FIELDS."""
    _require_active(actor)
    if not may_nominate_for(actor, campaign, unit):
        raise PermissionDenied
    _check_open(actor, campaign)
    facts = _facts(values)
    errors = _clean_facts(campaign, unit, area, facts)
    if errors or area is None:
        raise ValidationError(errors)
    place = locate(area)
    nomination = Nomination.objects.create(
        campaign=campaign,
        unit=unit,
        area=area,
        province=place.province,
        region=place.region,
        created_by=actor,
        **facts,
    )
    stated = nomination_values(nomination)
    auditing.record(
        actor=actor,
        obj=nomination,
        code="festival.nomination.created",
        unit=unit,
        new={key: stated[key] for key in CREATED_KEYS},
    )
    return nomination


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign__owner", "unit__area", "area__parent")
        .get(pk=nomination.pk)
    )


def _check_submitted(nomination: Nomination) -> None:
    if nomination.state != NominationState.SUBMITTED:
        raise ValidationError(_("This nomination has been withdrawn: it can no longer be changed."))


@transaction.atomic
def nomination_update(*, actor, nomination: Nomination, area: Area | None, **values) -> Nomination:
    """Change a nomination's area and facts (the nominating unit stays)."""
    _require_active(actor)
    nomination = _locked(nomination)
    if not may_change_nomination(actor, nomination):
        raise PermissionDenied
    campaign = nomination.campaign
    _check_open(actor, campaign)
    _check_submitted(nomination)
    facts = _facts(values)
    errors = _clean_facts(campaign, nomination.unit, area, facts, exclude_pk=nomination.pk)
    if errors or area is None:
        raise ValidationError(errors)
    before = nomination_values(nomination)
    if area.pk != nomination.area_id:
        place = locate(area)
        nomination.area, nomination.province, nomination.region = area, place.province, place.region
    for name, value in facts.items():
        setattr(nomination, name, value)
    nomination.save()
    old, new = auditing.diff(before, nomination_values(nomination))
    if new:
        auditing.record(actor=actor, obj=nomination, code="festival.nomination.updated", unit=nomination.unit, old=old, new=new)
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, reason: str = "") -> Nomination:
    """The nomination leaves the selection (it stays listed, withdrawn)."""
    _require_active(actor)
    nomination = _locked(nomination)
    if not may_change_nomination(actor, nomination):
        raise PermissionDenied
    _check_open(actor, nomination.campaign)
    _check_submitted(nomination)
    nomination.state = NominationState.WITHDRAWN
    nomination.save(update_fields=["state", "updated_at"])
    new: dict[str, object] = {"nomination_state": NominationState.WITHDRAWN.value}
    reason = normalize(reason)
    if reason:
        new["reason"] = reason
    auditing.record(
        actor=actor,
        obj=nomination,
        code="festival.nomination.withdrawn",
        unit=nomination.unit,
        old={"nomination_state": NominationState.SUBMITTED.value},
        new=new,
    )
    return nomination


@transaction.atomic
def nomination_pin(*, actor, nomination: Nomination, pin: str, reason: str = "") -> Nomination:
    """The organisers pin a candidate in (always selected) or out (never selected), with a reason,
    or clear the pin. Selection runs respect the pins as they are when the run starts."""
    _require_active(actor)
    nomination = _locked(nomination)
    if not can_manage_campaign(actor, nomination.campaign):
        raise PermissionDenied
    reason = normalize(reason)
    errors: dict[str, list[str]] = {}
    if pin not in Pin.values:
        errors["pin"] = [_("Choose how to pin the site.")]
    elif pin != Pin.NONE and not reason:
        errors["reason"] = [_("Give the reason for pinning the site in or out.")]
    elif pin == Pin.IN and nomination.state != NominationState.SUBMITTED:
        errors["pin"] = [_("A withdrawn nomination cannot be pinned in.")]
    elif pin == nomination.pin and (pin == Pin.NONE or reason == nomination.pin_reason):
        errors["pin"] = [_("The site is already pinned this way.") if pin != Pin.NONE else _("The site is not pinned.")]
    raise_if(errors)
    old = {"nomination_pin": nomination.pin, "pin_reason": nomination.pin_reason}
    nomination.pin = pin
    nomination.pin_reason = reason if pin != Pin.NONE else ""
    nomination.save(update_fields=["pin", "pin_reason", "updated_at"])
    new = {"nomination_pin": nomination.pin, "pin_reason": nomination.pin_reason}
    old, new = auditing.diff(old, new)
    if pin == Pin.NONE and reason:
        new["reason"] = reason
    code = "festival.nomination.unpinned" if pin == Pin.NONE else "festival.nomination.pinned"
    auditing.record(actor=actor, obj=nomination, code=code, unit=nomination.unit, old=old, new=new)
    return nomination


@transaction.atomic
def nomination_document_add(*, actor, nomination: Nomination, file) -> NominationDocument:
    """Attach a file (a report on the site, photos, minutes) to a nomination."""
    _require_active(actor)
    nomination = _locked(nomination)
    if not may_change_nomination(actor, nomination):
        raise PermissionDenied
    _check_open(actor, nomination.campaign)
    _check_submitted(nomination)
    file_errors = _file_errors(file)
    if file_errors:
        raise ValidationError({"file": file_errors})
    name = _file_name(file)
    document = NominationDocument.objects.create(nomination=nomination, file=file, name=name, size=file.size, uploaded_by=actor)
    auditing.record(
        actor=actor, obj=nomination, code="festival.nomination.document_added", unit=nomination.unit, new={"file_name": name}
    )
    return document
