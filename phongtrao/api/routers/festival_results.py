"""The festival's results as figures: GET /festival/{year}/results/summary.

Scoped exactly like the roll-up page (phongtrao.festival.results.rollup): the caller's visible
rows only, so a province gets its own figures and V05 the nation's. 404 for a year without a
campaign or a province the caller may not see; 422 for a grouping other than region, province
or commune.
"""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from ninja import Field, Query, Router, Schema

from phongtrao.festival.core import get_campaign
from phongtrao.festival.enums import ResultFieldGroup, ResultFieldKind, SiteKind
from phongtrao.festival.results.queries import fields_of, visible_provinces
from phongtrao.festival.results.rollup import Group, rollup

from ..auth import caller
from ..schemas import ERRORS_WITH_VALIDATION

router = Router(tags=["festival"])


class SummaryQuery(Schema):
    group_by: Literal["region", "province", "commune"] = Field(
        "region", description="Group the rows by region, by province or by commune"
    )
    province: int | None = Field(None, description="Only the rows of this province (id of the province's area)")


class ResultFieldOut(Schema):
    key: str
    label: str
    group: ResultFieldGroup
    kind: ResultFieldKind = Field(description="count, or money (in đồng)")
    required: bool


class AreaRef(Schema):
    id: int
    name: str


class GroupOut(Schema):
    id: int | None = Field(description="Id of the region tag, province or commune; null for the rows outside every region")
    name: str
    province: str = Field("", description="The province of a commune (commune grouping)")
    communes: int = Field(description="Communes with at least one site reported")
    sites: int
    sites_by_kind: dict[str, int] = Field(description="Sites by kind: commune, residential, agency, enterprise, school")
    totals: dict[str, int] = Field(description="Sum of each field over the sites, by field key (amounts in đồng)")


class SummaryOut(Schema):
    year: int
    group_by: str
    province: AreaRef | None
    fields: list[ResultFieldOut]
    groups: list[GroupOut]
    total: GroupOut = Field(description="The sum of the groups")


def _group(group: Group) -> dict:
    key = group.key
    return {
        "id": int(key) if key.isdigit() else None,
        "name": group.label,
        "province": group.parent_label,
        "communes": group.communes,
        "sites": group.sites,
        "sites_by_kind": {kind: group.by_kind.get(kind, 0) for kind in SiteKind.values},
        "totals": dict(group.totals),
    }


@router.get(
    "/festival/{year}/results/summary",
    response={200: SummaryOut, **ERRORS_WITH_VALIDATION},
    summary="Festival results rolled up by region, province or commune",
)
def results_summary(request, year: int, query: Query[SummaryQuery]):
    """Totals of every result field of the year and the number of sites by kind, per group and in
    total, over the result rows the caller may see."""
    user = caller(request)
    campaign = get_campaign(year)
    province = None
    if query.province is not None:
        province = visible_provinces(user).filter(pk=query.province).first()
        if province is None:
            raise Http404
    fields = fields_of(campaign)
    result = rollup(user, campaign, query.group_by, province=province, fields=fields)
    total = _group(result.total)
    total["id"] = None
    return {
        "year": campaign.year,
        "group_by": query.group_by,
        "province": {"id": province.pk, "name": province.name} if province is not None else None,
        "fields": fields,
        "groups": [_group(g) for g in result.groups],
        "total": total,
    }
