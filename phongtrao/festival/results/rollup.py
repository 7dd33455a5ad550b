"""The roll-up of the festival's results by region, province or commune.

One aggregate query per table: the rows the user may see (ResultRow.objects.visible_to), grouped
by the region, province or commune column, with the number of sites (by kind), the communes that
held the festival, and the sum of every field's value read from the JSON column
(Cast(KT("values__<key>")) summed; the same SQL shape on SQLite and PostgreSQL). A second query
names the groups. The grand total is the sum of the groups, so the two can never disagree.
Rows outside any region tag form their own group ("outside the priority regions").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BigIntegerField, Count, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from phongtrao.org.models import Area, Tag

from ..enums import SiteKind
from ..models import Campaign, ResultField, ResultRow
from .queries import fields_of

GROUPINGS = ("region", "province", "commune")
NO_REGION = "none"
_COLUMNS = {"region": "region_id", "province": "province_id", "commune": "commune_id"}


@dataclass
class Group:
    key: str  # the id of the region, province or commune ("none": outside every region; "": the total)
    label: str
    sites: int = 0
    communes: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    parent_label: str = ""  # the province of a commune
    sort: tuple = ()

    def kind_counts(self) -> list[int]:
        return [self.by_kind.get(kind, 0) for kind in SiteKind.values]

    def value(self, key: str) -> int:
        if key == "sites":
            return self.sites
        return self.totals.get(key, 0)


@dataclass
class Rollup:
    campaign: Campaign
    group_by: str
    fields: list[ResultField]
    groups: list[Group]
    total: Group
    province: Area | None = None
    region: Tag | None = None
    outside_regions: bool = False  # filtered to the rows outside every region

    def field_values(self, group: Group) -> list[int]:
        return [group.totals.get(f.key, 0) for f in self.fields]


def rows_for(user, campaign: Campaign, *, province: Area | None = None, region: Tag | None = None, outside: bool = False):
    rows = ResultRow.objects.visible_to(user).filter(campaign=campaign)
    if province is not None:
        rows = rows.filter(province=province)
    if region is not None:
        rows = rows.filter(region=region)
    elif outside:
        rows = rows.filter(region__isnull=True)
    return rows


def _aggregates(fields: list[ResultField]) -> dict[str, Any]:
    aggregates: dict[str, Any] = {"n_sites": Count("pk"), "n_communes": Count("commune_id", distinct=True)}
    for index, kind in enumerate(SiteKind.values):
        aggregates[f"k{index}"] = Count("pk", filter=Q(site_kind=kind))
    for index, result_field in enumerate(fields):
        aggregates[f"f{index}"] = Sum(Cast(KT(f"values__{result_field.key}"), BigIntegerField()))
    return aggregates


def _labels(group_by: str, ids: set[int]) -> dict[int, tuple[str, tuple, str]]:
    """(label, sort key, parent label) of each group id: one query."""
    if group_by == "region":
        return {
            pk: (name, (0, key, pk), "") for pk, name, key in Tag.objects.filter(pk__in=ids).values_list("pk", "name", "sort_key")
        }
    if group_by == "province":
        provinces = Area.objects.filter(pk__in=ids).values_list("pk", "name", "sort_key")
        return {pk: (name, (0, key, pk), "") for pk, name, key in provinces}
    communes = Area.objects.filter(pk__in=ids).values_list("pk", "name", "sort_key", "parent__name", "parent__sort_key")
    return {pk: (name, (0, parent_key or "", key, pk), parent or "") for pk, name, key, parent, parent_key in communes}


def rollup(
    user,
    campaign: Campaign,
    group_by: str,
    *,
    province: Area | None = None,
    region: Tag | None = None,
    outside: bool = False,
    fields: list[ResultField] | None = None,
) -> Rollup:
    """Totals of every field and the sites by kind, per group and for all the rows covered."""
    if group_by not in GROUPINGS:
        raise ValueError(f"Unknown grouping {group_by!r}")
    fields = fields if fields is not None else fields_of(campaign)
    column = _COLUMNS[group_by]
    data = list(
        rows_for(user, campaign, province=province, region=region, outside=outside)
        .values(column)
        .annotate(**_aggregates(fields))
        .order_by()
    )
    labels = _labels(group_by, {row[column] for row in data if row[column] is not None})
    groups: list[Group] = []
    kinds = SiteKind.values
    for row in data:
        pk = row[column]
        if pk is None:
            label, sort, parent = _("Outside the priority regions"), (1,), ""
        else:
            label, sort, parent = labels.get(pk, (str(pk), (0, "", pk), ""))
        groups.append(
            Group(
                key=NO_REGION if pk is None else str(pk),
                label=label,
                sites=row["n_sites"],
                communes=row["n_communes"],
                by_kind={kind: row[f"k{i}"] for i, kind in enumerate(kinds)},
                totals={f.key: int(row[f"f{i}"] or 0) for i, f in enumerate(fields)},
                parent_label=parent,
                sort=sort,
            )
        )
    groups.sort(key=lambda g: g.sort)
    total = Group(key="", label=_("Total"))
    for group in groups:
        total.sites += group.sites
        total.communes += group.communes  # a commune's rows share its province and region
        for kind, count in group.by_kind.items():
            total.by_kind[kind] = total.by_kind.get(kind, 0) + count
        for key, value in group.totals.items():
            total.totals[key] = total.totals.get(key, 0) + value
    for kind in kinds:
        total.by_kind.setdefault(kind, 0)
    for f in fields:
        total.totals.setdefault(f.key, 0)
    return Rollup(
        campaign=campaign,
        group_by=group_by,
        fields=fields,
        groups=groups,
        total=total,
        province=province,
        region=region,
        outside_regions=outside,
    )


# --- the chart -----------------------------------------------------------------------------------

CHART_WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 110
BAR_HEIGHT = 18
BAR_GAP = 8
CHART_LIMIT = 30


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int
    key: str


@dataclass
class Chart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bars: list[Bar]
    shown: int
    total: int


def chart(result: Rollup, key: str) -> Chart:
    """Horizontal bars of one figure per group, largest first (at most CHART_LIMIT bars); sizes
    are SVG attributes computed here, so the page needs no style attribute."""
    ordered = sorted(result.groups, key=lambda g: (-g.value(key), g.sort))
    shown = ordered[:CHART_LIMIT]
    largest = max((g.value(key) for g in shown), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, group in enumerate(shown):
        y = index * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
        width = round(span * group.value(key) / largest)
        bars.append(
            Bar(
                label=group.label if len(group.label) <= 34 else group.label[:33] + "…",
                value=group.value(key),
                y=y,
                width=max(width, 1 if group.value(key) else 0),
                text_y=y + BAR_HEIGHT // 2,
                value_x=LABEL_WIDTH + max(width, 0) + 6,
                key=group.key,
            )
        )
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    return Chart(
        width=CHART_WIDTH,
        height=max(height, BAR_HEIGHT + 2 * BAR_GAP),
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        bars=bars,
        shown=len(bars),
        total=len(ordered),
    )
