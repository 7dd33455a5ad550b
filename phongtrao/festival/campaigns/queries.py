"""Named reads of the campaign pages and the nominations: scoped fetches (404), the list's filters,
the counts shown on the campaign pages, and who may nominate for which unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from phongtrao.common.text import fold
from phongtrao.org.enums import AreaLevel, Role, TagKind, UnitKind
from phongtrao.org.models import Area, Tag, Unit
from phongtrao.org.queries import acts_for, scope_of

from ..enums import DocumentKind, NominationState, Pin
from ..models import Campaign, CampaignDocument, Nomination, NominationDocument, ResultRow, SelectionDecision, Site
from ..permissions import can_manage_campaign
from .forms import NominationFilterForm

ACTING_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})
DOCUMENT_ORDER = {kind: index for index, kind in enumerate(DocumentKind.values)}


# --- the campaigns -------------------------------------------------------------------------------


@dataclass
class CampaignRow:
    campaign: Campaign
    nominations: int
    sites: int
    results: int


def _per_campaign(queryset: QuerySet) -> dict[int, int]:
    return dict(queryset.order_by().values("campaign_id").annotate(n=Count("pk")).values_list("campaign_id", "n"))


def campaign_rows(user) -> list[CampaignRow]:
    """Every campaign with the nominations (submitted), sites and result rows the user may see.
    Four queries, whatever the number of campaigns."""
    campaigns = list(Campaign.objects.select_related("owner").order_by("-year"))
    nominations = _per_campaign(Nomination.objects.visible_to(user).active())
    sites = _per_campaign(Site.objects.visible_to(user))
    results = _per_campaign(ResultRow.objects.visible_to(user))
    return [CampaignRow(c, nominations.get(c.pk, 0), sites.get(c.pk, 0), results.get(c.pk, 0)) for c in campaigns]


@dataclass
class CampaignCounts:
    submitted: int = 0
    withdrawn: int = 0
    pinned_in: int = 0
    pinned_out: int = 0
    provinces: int = 0
    sites: int = 0
    results: int = 0
    documents: int = 0


def campaign_counts(user, campaign: Campaign) -> CampaignCounts:
    """The key figures of the campaign page, within what the user may see."""
    nominations = Nomination.objects.visible_to(user).filter(campaign=campaign).order_by()
    figures = nominations.aggregate(
        submitted=Count("pk", filter=Q(state=NominationState.SUBMITTED)),
        withdrawn=Count("pk", filter=Q(state=NominationState.WITHDRAWN)),
        pinned_in=Count("pk", filter=Q(state=NominationState.SUBMITTED, pin=Pin.IN)),
        pinned_out=Count("pk", filter=Q(state=NominationState.SUBMITTED, pin=Pin.OUT)),
        provinces=Count("province", filter=Q(state=NominationState.SUBMITTED), distinct=True),
    )
    return CampaignCounts(
        **figures,
        sites=Site.objects.visible_to(user).filter(campaign=campaign).count(),
        results=ResultRow.objects.visible_to(user).filter(campaign=campaign).count(),
    )


# --- documents -----------------------------------------------------------------------------------


def documents_for(user, campaign: Campaign) -> QuerySet[CampaignDocument]:
    """The campaign's documents the user may read. National documents (every kind but a provincial
    plan) are for every signed-in user; a provincial plan is for the organisers, for those who see
    the province's unit (it and the units above or overseeing it), and for the units below it."""
    documents = CampaignDocument.objects.filter(campaign=campaign).select_related("unit", "uploaded_by")
    if can_manage_campaign(user, campaign):
        return documents
    own_lines = sorted({path for m in scope_of(user).memberships for path in m.unit.ancestor_paths()})
    scoped = CampaignDocument.objects.visible_to(user).filter(campaign=campaign).values("pk")
    return documents.filter(~Q(kind=DocumentKind.PROVINCIAL_PLAN) | Q(pk__in=scoped) | Q(unit__path__in=own_lines))


def sorted_documents(documents) -> list[CampaignDocument]:
    """National plan first, then the provincial plans by province, then the others by date."""
    return sorted(
        documents,
        key=lambda d: (DOCUMENT_ORDER.get(d.kind, 99), d.unit.sort_key, -(d.issued_on.toordinal() if d.issued_on else 0), d.pk),
    )


def get_document_for(user, campaign: Campaign, pk) -> CampaignDocument:
    return get_object_or_404(documents_for(user, campaign), pk=pk)


def document_units(user, campaign: Campaign) -> list[Unit]:
    """Units the user may upload a campaign document for: the organising unit (organisers) and the
    provincial police they act for (their provincial plan)."""
    units: list[Unit] = []
    if can_manage_campaign(user, campaign):
        units.append(campaign.owner)
    units += [u for u in acting_provincial_units(user) if u.pk not in {x.pk for x in units}]
    return units


# --- who nominates -------------------------------------------------------------------------------


def acting_provincial_units(user) -> list[Unit]:
    """Active provincial police units the user acts for (officer, leader or administrator there
    or above), in Vietnamese order."""
    if not user.is_authenticated:
        return []
    units = Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE, is_active=True).select_related("area")
    scope = scope_of(user)
    if not scope.is_everything:
        prefixes = [m.unit.path for m in scope.memberships if m.role in ACTING_ROLES]
        if not prefixes:
            return []
        condition = Q()
        for prefix in prefixes:
            condition |= Q(path__startswith=prefix)
        units = units.filter(condition)
    return [u for u in units.order_by("sort_key", "pk") if acts_for(user, u)]


def nominating_units(user, campaign: Campaign) -> list[Unit]:
    """Provincial police the user may nominate for: those they act for; the organisers also for
    every provincial police they see (after the deadline, only the organisers can add)."""
    units = {u.pk: u for u in acting_provincial_units(user)}
    if can_manage_campaign(user, campaign):
        visible = Unit.objects.visible_to(user).filter(kind=UnitKind.PROVINCIAL_POLICE, is_active=True).select_related("area")
        units.update({u.pk: u for u in visible})
    return sorted(units.values(), key=lambda u: (u.sort_key, u.pk))


def area_choices(unit: Unit) -> list[tuple[int, str]]:
    """The communes of the unit's area, each followed by its residential areas (one query)."""
    if unit.area is None:
        return []
    areas = list(
        Area.objects.filter(path__startswith=unit.area.path, level__in=[AreaLevel.COMMUNE, AreaLevel.RESIDENTIAL_AREA]).only(
            "pk", "name", "sort_key", "level", "parent_id"
        )
    )
    communes = sorted((a for a in areas if a.level == AreaLevel.COMMUNE), key=lambda a: (a.sort_key, a.pk))
    below: dict[int, list[Area]] = defaultdict(list)
    for area in areas:
        if area.level == AreaLevel.RESIDENTIAL_AREA and area.parent_id is not None:
            below[area.parent_id].append(area)
    choices: list[tuple[int, str]] = []
    for commune in communes:
        choices.append((commune.pk, commune.name))
        choices.extend((r.pk, f"{commune.name} › {r.name}") for r in sorted(below[commune.pk], key=lambda a: (a.sort_key, a.pk)))
    return choices


# --- nominations ---------------------------------------------------------------------------------


def nominations_of(user, campaign: Campaign) -> QuerySet[Nomination]:
    return (
        Nomination.objects.visible_to(user).filter(campaign=campaign).select_related("unit", "area__parent", "province", "region")
    )


def get_nomination_for(user, campaign: Campaign, pk) -> Nomination:
    """A nomination of this campaign the user may see; 404 for missing and not yours alike."""
    return get_object_or_404(nominations_of(user, campaign).select_related("campaign__owner", "unit__area", "created_by"), pk=pk)


def get_nomination_document_for(user, campaign: Campaign, pk) -> NominationDocument:
    visible = Nomination.objects.visible_to(user).filter(campaign=campaign).values("pk")
    return get_object_or_404(NominationDocument.objects.filter(nomination__in=visible), pk=pk)


def _search(nominations: QuerySet[Nomination], text: str) -> QuerySet[Nomination]:
    """Each word, without diacritics, in the site's name, the area's, the province's or the unit's."""
    condition = Q()
    for word in fold(text).split():
        condition &= (
            Q(area__name_folded__contains=word)
            | Q(area__parent__name_folded__contains=word)
            | Q(province__name_folded__contains=word)
            | Q(unit__name_folded__contains=word)
            | Q(site_name_folded__contains=word)
        )
    return nominations.filter(condition)


def filter_nominations(
    user, campaign: Campaign, data: Mapping[str, str] | None
) -> tuple[NominationFilterForm, QuerySet[Nomination]]:
    """The campaign's nominations the user may see, narrowed by the list's filters (text, province,
    region, kind, state, pin). Invalid filters are ignored, as on the page."""
    visible = nominations_of(user, campaign)
    provinces = Area.objects.filter(pk__in=visible.order_by().values("province_id")).order_by("sort_key", "pk")
    regions = Tag.objects.filter(kind=TagKind.REGION).order_by("sort_key", "pk")
    form = NominationFilterForm(data or None, provinces=provinces, regions=regions)
    nominations = visible
    if form.is_valid():
        filters = form.cleaned_data
        if filters["q"]:
            nominations = _search(nominations, filters["q"])
        if filters["province"] is not None:
            nominations = nominations.filter(province=filters["province"])
        if filters["region"] is not None:
            nominations = nominations.filter(region=filters["region"])
        if filters["kind"]:
            nominations = nominations.filter(kind=filters["kind"])
        if filters["state"]:
            nominations = nominations.filter(state=filters["state"])
        pinned = filters["pinned"]
        if pinned == NominationFilterForm.PINNED_ANY:
            nominations = nominations.exclude(pin=Pin.NONE)
        elif pinned == NominationFilterForm.NOT_PINNED:
            nominations = nominations.filter(pin=Pin.NONE)
        elif pinned in (Pin.IN, Pin.OUT):
            nominations = nominations.filter(pin=pinned)
    return form, nominations.order_by("province__sort_key", "site_name", "pk")


def latest_decision(nomination: Nomination) -> SelectionDecision | None:
    """Why the latest selection run took the nomination in or left it out, if any run did."""
    return (
        SelectionDecision.objects.filter(nomination=nomination)
        .select_related("run")
        .order_by("-run__created_at", "-run__pk")
        .first()
    )
