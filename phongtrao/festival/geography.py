"""Where a site lies: its commune, province and region, read from the area tree and its tags.

The area tree is province/commune/residential area (paths "01/00004/..."); a region is a tag of
kind "region" on the commune (or on the province, for provinces wholly inside a region).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phongtrao.org.enums import AreaLevel, TagKind
from phongtrao.org.models import Area, Tag


@dataclass(frozen=True)
class Place:
    commune: Area | None
    province: Area
    region: Tag | None


def _ancestors(area: Area) -> list[Area]:
    chain = [area]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)  # type: ignore[arg-type]
    return chain


def locate(area: Area) -> Place:
    """The commune, province and region of one area (a few queries: use region_map in bulk)."""
    chain = _ancestors(area)
    commune = next((a for a in chain if a.level == AreaLevel.COMMUNE), None)
    province = chain[-1]
    region = (
        Tag.objects.filter(kind=TagKind.REGION, areas__in=[a.pk for a in chain if a.level != AreaLevel.RESIDENTIAL_AREA])
        .order_by("sort_key")
        .first()
    )
    return Place(commune=commune, province=province, region=region)


def region_map(area_ids: Iterable[int]) -> dict[int, int | None]:
    """Region tag id of each commune or province id (None when it lies in no region). Two queries."""
    ids = set(area_ids)
    if not ids:
        return {}
    parents = dict(Area.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    wanted = ids | {p for p in parents.values() if p is not None}
    through = Area.tags.through
    tagged: dict[int, int] = {}
    for area_id, tag_id in (
        through.objects.filter(area_id__in=wanted, tag__kind=TagKind.REGION)
        .order_by("area_id", "tag__sort_key")
        .values_list("area_id", "tag_id")
    ):
        tagged.setdefault(area_id, tag_id)
    result: dict[int, int | None] = {}
    for area_id in ids:
        parent = parents.get(area_id)
        result[area_id] = tagged.get(area_id) or (tagged.get(parent) if parent is not None else None)
    return result
