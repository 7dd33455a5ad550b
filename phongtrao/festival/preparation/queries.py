"""Named reads of site preparation: scoped fetches (404 for what the user may not see), the
readiness of sites rolled up by province in SQL, and the people who may own a step.

Readiness is the share of required steps done; optional steps are counted apart. A step is
overdue when its due date has passed and it is not done. A site has not started while none of
its steps is done.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from phongtrao.org.enums import AreaLevel, Role, UnitKind
from phongtrao.org.models import Area, Tag, Unit, User
from phongtrao.org.queries import area_scope_prefixes, scope_of

from ..enums import ChecklistPart, SiteLevel
from ..models import Campaign, ChecklistTemplateItem, LeaderAssignment, Site, SiteTask

PART_ORDER = {part: index for index, part in enumerate(ChecklistPart.values)}
ACTING_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)
HOST_KINDS = (UnitKind.PROVINCIAL_POLICE, UnitKind.COMMUNE_POLICE)


# --- readiness ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    required: int = 0
    required_done: int = 0
    optional: int = 0
    optional_done: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        """Required steps done, in whole per cent (rounded down: 99.9% is not ready)."""
        return 100 if not self.required else self.required_done * 100 // self.required

    @property
    def started(self) -> bool:
        return bool(self.required_done or self.optional_done)

    def __add__(self, other: Readiness) -> Readiness:
        return Readiness(
            required=self.required + other.required,
            required_done=self.required_done + other.required_done,
            optional=self.optional + other.optional,
            optional_done=self.optional_done + other.optional_done,
            overdue=self.overdue + other.overdue,
        )


def _task_counts(prefix: str, today: datetime.date) -> dict[str, Count]:
    """Counts of the steps joined through `prefix` ("" from SiteTask, "tasks__" from Site)."""
    done = Q(**{f"{prefix}done_at__isnull": False})
    required = Q(**{f"{prefix}optional": False})
    optional = Q(**{f"{prefix}optional": True})
    overdue = Q(**{f"{prefix}due_date__lt": today, f"{prefix}done_at__isnull": True})
    key = f"{prefix}pk" if prefix else "pk"
    return {
        "n_required": Count(key, filter=required),
        "n_required_done": Count(key, filter=required & done),
        "n_optional": Count(key, filter=optional),
        "n_optional_done": Count(key, filter=optional & done),
        "n_overdue": Count(key, filter=overdue),
    }


def _readiness(row) -> Readiness:
    get = row.get if isinstance(row, dict) else (lambda name: getattr(row, name))
    return Readiness(
        required=get("n_required") or 0,
        required_done=get("n_required_done") or 0,
        optional=get("n_optional") or 0,
        optional_done=get("n_optional_done") or 0,
        overdue=get("n_overdue") or 0,
    )


def readiness_of(site: Site, *, today: datetime.date | None = None) -> Readiness:
    """One site's readiness: one query."""
    row = SiteTask.objects.filter(site=site).aggregate(**_task_counts("", today or timezone.localdate()))
    return _readiness(row)


# --- the board ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    level: str = ""
    kind: str = ""
    region: Tag | None = None
    below: int | None = None  # readiness below this percentage
    overdue: bool = False

    @property
    def per_site(self) -> bool:
        """Filters that need each site's readiness (the others are plain columns)."""
        return self.below is not None or self.overdue


def filtered_sites(user, campaign: Campaign, filters: Filters = Filters()) -> QuerySet[Site]:
    """The campaign's sites the user may see, narrowed by the board's filters."""
    sites = Site.objects.visible_to(user).filter(campaign=campaign)
    if filters.level:
        sites = sites.filter(level=filters.level)
    if filters.kind:
        sites = sites.filter(kind=filters.kind)
    if filters.region is not None:
        sites = sites.filter(region=filters.region)
    if filters.per_site:
        annotated = Site.objects.filter(pk__in=sites.values("pk")).annotate(**_task_counts("tasks__", timezone.localdate()))
        if filters.below is not None:
            # required_done / required < below% without division (a site with no required step is 100%).
            annotated = annotated.filter(Q(n_required__gt=0)).alias(done_x100=F("n_required_done") * 100)
            annotated = annotated.filter(Q(done_x100__lt=F("n_required") * filters.below))
        if filters.overdue:
            annotated = annotated.filter(Q(n_overdue__gt=0))
        sites = Site.objects.filter(pk__in=annotated.values("pk"))
    return sites


@dataclass
class ProvinceRow:
    province_id: int
    name: str
    sites: int
    by_level: dict[str, int]
    readiness: Readiness
    not_started: int

    @property
    def levels(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.by_level.get(value, 0)) for value, label in SiteLevel.choices]


@dataclass
class Board:
    rows: list[ProvinceRow] = field(default_factory=list)

    @property
    def total(self) -> ProvinceRow:
        readiness = Readiness()
        by_level: dict[str, int] = {}
        for row in self.rows:
            readiness = readiness + row.readiness
            for level, count in row.by_level.items():
                by_level[level] = by_level.get(level, 0) + count
        return ProvinceRow(
            province_id=0,
            name="",
            sites=sum(row.sites for row in self.rows),
            by_level=by_level,
            readiness=readiness,
            not_started=sum(row.not_started for row in self.rows),
        )


def province_board(user, campaign: Campaign, filters: Filters = Filters(), *, province: Area | None = None) -> Board:
    """One row per province of the sites the user may see (or only the row of `province`): sites by
    level, readiness, overdue steps and sites not started, all counted in one SQL query."""
    started = SiteTask.objects.filter(site=OuterRef("pk"), done_at__isnull=False)
    per_level = {f"level_{level}": Count("pk", filter=Q(level=level), distinct=True) for level in SiteLevel.values}
    sites = filtered_sites(user, campaign, filters)
    if province is not None:
        sites = sites.filter(province=province)
    rows = (
        sites.values("province_id", "province__name", "province__sort_key")
        .annotate(
            n_sites=Count("pk", distinct=True),
            n_not_started=Count("pk", filter=~Q(Exists(started)), distinct=True),
            **per_level,
            **_task_counts("tasks__", timezone.localdate()),
        )
        .order_by("province__sort_key", "province_id")
    )
    return Board(rows=[_province_row(row) for row in rows])


def _province_row(row: Mapping[str, Any]) -> ProvinceRow:
    return ProvinceRow(
        province_id=row["province_id"],
        name=row["province__name"],
        sites=row["n_sites"],
        by_level={level: row[f"level_{level}"] for level in SiteLevel.values},
        readiness=_readiness(row),
        not_started=row["n_not_started"],
    )


def site_rows(user, campaign: Campaign, province: Area | None, filters: Filters = Filters()) -> QuerySet[Site]:
    """The sites of one province (or all the user sees) with each one's step counts (one query)."""
    sites = filtered_sites(user, campaign, filters)
    if province is not None:
        sites = sites.filter(province=province)
    return (
        sites.select_related("unit", "area", "region")
        .annotate(**_task_counts("tasks__", timezone.localdate()))
        .order_by("date", "name", "pk")
    )


def site_readiness(site: Site) -> Readiness:
    """The readiness of a site of `site_rows` (already counted)."""
    return _readiness(site)


def local_province(user) -> Area | None:
    """The province a user's whole scope lies in (a provincial or commune officer), or None for
    a view of several provinces (the organisers, a unit overseeing several provinces)."""
    prefixes = area_scope_prefixes(user)
    if not prefixes:
        return None
    codes = {prefix.split("/", 1)[0] for prefix in prefixes}
    if len(codes) != 1:
        return None
    return Area.objects.filter(path=f"{codes.pop()}/", level=AreaLevel.PROVINCE).first()


def get_board_province(user, area_id: int) -> Area:
    """A province the user's scope reaches (its own, or the one its commune lies in): 404 otherwise."""
    province = get_object_or_404(Area, pk=area_id, level=AreaLevel.PROVINCE)
    prefixes = area_scope_prefixes(user)
    if prefixes is not None and not any(
        prefix.startswith(province.path) or province.path.startswith(prefix) for prefix in prefixes
    ):
        raise Http404
    return province


def region_choices() -> QuerySet[Tag]:
    return Tag.objects.filter(kind="region").order_by("sort_key")


# --- one site --------------------------------------------------------------------------------


def _site_queryset() -> QuerySet[Site]:
    return Site.objects.select_related("campaign__owner", "unit", "area__parent", "province", "region", "created_by")


def get_site_for(user, pk: int) -> Site:
    """A site the user may see through the unit tree, or one where the user owns a step; 404 otherwise."""
    site = _site_queryset().filter(pk__in=Site.objects.visible_to(user).filter(pk=pk).values("pk")).first()
    if site is None and user.is_authenticated:
        site = _site_queryset().filter(pk=pk, tasks__owner=user).distinct().first()
    if site is None:
        raise Http404
    return site


def get_task_for(user, pk: int) -> SiteTask:
    visible = SiteTask.objects.visible_to(user)
    if user.is_authenticated:  # the steps of a site where the user owns one (as get_site_for)
        visible = visible | SiteTask.objects.filter(site__in=SiteTask.objects.filter(owner=user).values("site_id"))
    task = (
        SiteTask.objects.filter(pk__in=visible.filter(pk=pk).values("pk"))
        .select_related("site__campaign__owner", "site__unit", "owner", "done_by")
        .annotate(in_programme=_in_programme())
        .first()
    )
    if task is None:
        raise Http404
    return task


def leader_of(site: Site) -> LeaderAssignment | None:
    """The leader attending the site, if the schedule has one."""
    return LeaderAssignment.objects.filter(site=site).select_related("leader").first()


def _in_programme() -> Exists:
    """Whether a step of a site is a step of its campaign's programme (the others were added by hand)."""
    return Exists(
        ChecklistTemplateItem.objects.filter(
            campaign_id=OuterRef("site__campaign_id"), part=OuterRef("part"), title=OuterRef("title")
        )
    )


@dataclass
class PartSteps:
    part: str
    label: str
    tasks: list[SiteTask]


def checklist(site: Site) -> list[PartSteps]:
    """The site's steps grouped by part in the order of a programme: preparation, Phần lễ, Phần hội."""
    tasks = list(
        SiteTask.objects.filter(site=site)
        .select_related("owner", "done_by")
        .annotate(in_programme=_in_programme())
        .order_by("order", "pk")
    )
    groups = [PartSteps(part=value, label=str(label), tasks=[]) for value, label in ChecklistPart.choices]
    by_part = {group.part: group for group in groups}
    for task in tasks:
        by_part[task.part].tasks.append(task)
    return groups


def is_overdue(task: SiteTask, today: datetime.date | None = None) -> bool:
    return task.done_at is None and task.due_date is not None and task.due_date < (today or timezone.localdate())


# --- people and places -------------------------------------------------------------------------


def possible_owners(unit: Unit) -> QuerySet[User]:
    """People who may own a step of a site hosted by `unit`: officers, leaders and administrators
    of the host unit or of a unit below it, each with the name of (one of) their units there."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__unit__path__startswith=unit.path,
            memberships__unit__is_active=True,
            memberships__role__in=ACTING_ROLES,
        )
        .annotate(unit_name=Min("memberships__unit__name"))
        .order_by("sort_key", "pk")
    )


def hostable_units(user) -> QuerySet[Unit]:
    """Provincial and commune police the user acts for: they may register their own sites."""
    units = Unit.objects.filter(kind__in=HOST_KINDS, is_active=True, area__isnull=False).select_related("area")
    scope = scope_of(user)
    if scope.is_everything:
        return units.order_by("path")
    paths = [m.unit.path for m in scope.memberships if m.role in ACTING_ROLES and m.unit.is_active]
    if not paths:
        return units.none()
    return units.filter(pk__in=Unit.objects.under_any(paths).values("pk")).order_by("path")


def site_areas(unit: Unit) -> QuerySet[Area]:
    """Where a unit may hold a site: its own area and the areas directly below it (the communes of
    a province, the residential areas of a commune)."""
    if unit.area_id is None:
        return Area.objects.none()
    return Area.objects.filter(Q(pk=unit.area_id) | Q(parent_id=unit.area_id)).order_by("level", "sort_key", "pk")


def programme_steps(campaign: Campaign) -> list[tuple[str, str, list[ChecklistTemplateItem]]]:
    """The campaign's programme by part, in the order of a site's day."""
    items = list(ChecklistTemplateItem.objects.filter(campaign=campaign).order_by("order", "pk"))
    groups: list[tuple[str, str, list[ChecklistTemplateItem]]] = [
        (value, str(label), []) for value, label in ChecklistPart.choices
    ]
    index = {value: steps for value, _label, steps in groups}
    for item in items:
        item.days = abs(item.offset_days)  # type: ignore[attr-defined]
        index[item.part].append(item)
    return groups
