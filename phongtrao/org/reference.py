"""Loading the official administrative lists (vietnam-provinces, pinned) and the unit tree.

Idempotent: areas are matched by official code, units by code. Names follow the package when it
changes; tags are applied only to areas created by this run (or with reset_tags), so that a
user's edits to tags survive a reload.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import DistrictCode as LegacyDistrictCode
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import ProvinceCode as LegacyProvinceCode

from phongtrao.common.text import fold

from .enums import AreaLevel, Branch, DivisionType, TagKind, UnitKind
from .models import Area, LegacySource, Tag, Unit

DEFAULT_TAGS_FILE = Path(__file__).parent / "data" / "default_tags.json"

_PROVINCE_TYPES = {"tỉnh": DivisionType.PROVINCE, "thành phố trung ương": DivisionType.CITY}
_WARD_TYPES = {"xã": DivisionType.COMMUNE, "phường": DivisionType.WARD, "đặc khu": DivisionType.SPECIAL_ZONE}
MINISTRY_CODE = "BCA"
DEPARTMENT_CODE = "V05"


@dataclass
class LoadReport:
    provinces: int = 0
    communes: int = 0
    created_areas: int = 0
    legacy_sources: int = 0
    units_created: int = 0
    tagged: dict[str, int] = field(default_factory=dict)


def _strip_prefix(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Thị xã ", "Quận ", "Huyện ", "TP. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def load_default_tag_config() -> dict:
    return json.loads(DEFAULT_TAGS_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load_reference(*, reset_tags: bool = False) -> LoadReport:
    report = LoadReport()
    config = load_default_tag_config()
    tags = _load_tags(config)

    existing = {(a.level, a.gso_code): a for a in Area.objects.filter(level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE])}
    created_pks: set[int] = set()

    provinces_by_code: dict[int, Area] = {}
    new_provinces = []
    for p in Province.iter_all():
        code = f"{int(p.code):02d}"
        area = existing.get((AreaLevel.PROVINCE, code))
        values = {"name": p.name, "division_type": _PROVINCE_TYPES[str(p.division_type)]}
        if area is None:
            area = Area(level=AreaLevel.PROVINCE, gso_code=code, path=f"{code}/", **values)
            area.refresh_name_keys()
            new_provinces.append(area)
        else:
            _update(area, values)
        provinces_by_code[int(p.code)] = area
    Area.objects.bulk_create(new_provinces)
    created_pks.update(a.pk for a in new_provinces)
    report.provinces = len(provinces_by_code)

    new_communes = []
    communes: dict[int, Area] = {}
    wards = list(Ward.iter_all())
    for w in wards:
        code = f"{int(w.code):05d}"
        parent = provinces_by_code[int(w.province_code)]
        area = existing.get((AreaLevel.COMMUNE, code))
        values = {"name": w.name, "division_type": _WARD_TYPES[str(w.division_type)]}
        if area is None:
            area = Area(level=AreaLevel.COMMUNE, gso_code=code, parent=parent, path=f"{parent.path}{code}/", **values)
            area.refresh_name_keys()
            new_communes.append(area)
        else:
            _update(area, values)
        communes[int(w.code)] = area
    Area.objects.bulk_create(new_communes, batch_size=1000)
    created_pks.update(a.pk for a in new_communes)
    report.communes = len(communes)
    report.created_areas = len(created_pks)

    legacy_by_area = _load_legacy_sources(wards, communes)
    report.legacy_sources = sum(len(v) for v in legacy_by_area.values())

    to_tag = {a.pk for a in communes.values()} | {p.pk for p in provinces_by_code.values()}
    if not reset_tags:
        to_tag &= created_pks
    report.tagged = _apply_default_tags(
        config, tags, communes=communes, legacy_by_area=legacy_by_area, to_tag=to_tag, reset=reset_tags
    )

    report.units_created = _load_units(config, provinces_by_code, communes)
    return report


def _update(area: Area, values: dict) -> None:
    changed = False
    for key, value in values.items():
        if getattr(area, key) != value:
            setattr(area, key, value)
            changed = True
    if changed:
        area.save()


def _load_tags(config: dict) -> dict[str, Tag]:
    tags = {}
    for item in config["tags"]:
        tag, _created = Tag.objects.get_or_create(
            code=item["code"],
            defaults={"name": item["name"], "kind": TagKind(item["kind"]), "description": item.get("description", "")},
        )
        tags[tag.code] = tag
    return tags


def _load_legacy_sources(wards, communes: dict[int, Area]) -> dict[int, list[LegacySource]]:
    districts: dict[int, LegacyDistrict] = {}
    provinces: dict[int, LegacyProvince] = {}
    existing = set(LegacySource.objects.values_list("area_id", "ward_code"))
    by_area: dict[int, list[LegacySource]] = {}
    new_rows = []
    for w in wards:
        area = communes[int(w.code)]
        for src in w.get_legacy_sources():
            dcode = int(src.district_code)
            district = districts.get(dcode) or districts.setdefault(dcode, LegacyDistrict.from_code(LegacyDistrictCode(dcode)))
            pcode = int(district.province_code)
            province = provinces.get(pcode) or provinces.setdefault(pcode, LegacyProvince.from_code(LegacyProvinceCode(pcode)))
            row = LegacySource(
                area=area,
                ward_code=f"{int(src.code):05d}",
                ward_name=src.name,
                district_code=f"{dcode:03d}",
                district_name=district.name,
                province_code=f"{pcode:02d}",
                province_name=province.name,
            )
            by_area.setdefault(area.pk, []).append(row)
            if (area.pk, row.ward_code) not in existing:
                new_rows.append(row)
    LegacySource.objects.bulk_create(new_rows, batch_size=2000)
    return by_area


def _apply_default_tags(config, tags, *, communes, legacy_by_area, to_tag: set[int], reset: bool) -> dict[str, int]:
    region_provinces = {code: {fold(n) for n in names} for code, names in config["regions_by_legacy_province"].items()}
    region_districts = {
        code: {(fold(prov), fold(d)) for prov, ds in by_prov.items() for d in ds}
        for code, by_prov in config["regions_by_legacy_district"].items()
    }
    border = {fold(n) for n in config["border_legacy_provinces"]}
    island_types = set(config["island_division_types"])

    through = Area.tags.through
    if reset:
        through.objects.filter(area_id__in=to_tag, tag__code__in=[*region_provinces, "bien-gioi", "hai-dao"]).delete()
    links: list = []
    counts: dict[str, int] = {}
    border_provinces: set[int] = set()
    region_members: dict[str, dict[int, list[bool]]] = {code: {} for code in region_provinces}

    def link(area_pk: int, tag_code: str) -> None:
        links.append(through(area_id=area_pk, tag_id=tags[tag_code].pk))
        counts[tag_code] = counts.get(tag_code, 0) + 1

    for area in communes.values():
        sources = legacy_by_area.get(area.pk, [])
        legacy = [(fold(_strip_prefix(s.province_name)), fold(_strip_prefix(s.district_name))) for s in sources]
        for region, provinces in region_provinces.items():
            inside = any(p in provinces or (p, d) in region_districts.get(region, set()) for p, d in legacy)
            region_members[region].setdefault(area.parent_id, []).append(inside)
            if inside and area.pk in to_tag:
                link(area.pk, region)
        if any(p in border for p, _d in legacy):
            border_provinces.add(area.parent_id)
        if area.division_type in island_types and area.pk in to_tag:
            link(area.pk, "hai-dao")
    # A province carries a region tag only when all its communes do (Sơn La, not today's Gia Lai).
    for region, by_province in region_members.items():
        for province_pk, flags in by_province.items():
            if flags and all(flags) and province_pk in to_tag:
                link(province_pk, region)
    for province_pk in border_provinces:
        if province_pk in to_tag:
            link(province_pk, "bien-gioi")
    through.objects.bulk_create(links, ignore_conflicts=True, batch_size=2000)
    return counts


def police_unit_name(area: Area) -> str:
    """'Công an tỉnh Sơn La', 'Công an thành phố Hà Nội', 'Công an xã Tà Xùa', 'Công an đặc khu Phú Quốc'."""
    name = area.name
    first, _sep, rest = name.partition(" ")
    if name.startswith("Thành phố "):
        return f"Công an thành phố {name[len('Thành phố ') :]}"
    if name.startswith("Đặc khu "):
        return f"Công an đặc khu {name[len('Đặc khu ') :]}"
    return f"Công an {first.lower()} {rest}"


def _load_units(config, provinces_by_code, communes) -> int:
    created = 0
    ministry, made = Unit.objects.get_or_create(
        code=MINISTRY_CODE,
        defaults={"name": "Bộ Công an", "short_name": "BCA", "kind": UnitKind.MINISTRY, "branch": Branch.POLICE},
    )
    created += made
    _department, made = Unit.objects.get_or_create(
        code=DEPARTMENT_CODE,
        defaults={
            "name": "Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
            "short_name": "Cục XDPT bảo vệ ANTQ",
            "kind": UnitKind.DEPARTMENT,
            "parent": ministry,
        },
    )
    created += made

    existing = set(Unit.objects.values_list("code", flat=True))
    province_units: dict[int, Unit] = {}
    new_units = []
    for area in provinces_by_code.values():
        code = f"CAT{area.gso_code}"
        if code not in existing:
            unit = Unit(code=code, name=police_unit_name(area), kind=UnitKind.PROVINCIAL_POLICE, parent=ministry, area=area)
            unit.refresh_name_keys()
            new_units.append(unit)
    created += _bulk_create_units(new_units)
    for unit in Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE).select_related("area"):
        if unit.area_id is not None:
            province_units[unit.area_id] = unit

    no_police = {fold(n) for n in config["communes_without_police"]}
    new_units = []
    for area in communes.values():
        code = f"CAX{area.gso_code}"
        if code in existing or area.name_folded in no_police:
            continue
        unit = Unit(
            code=code,
            name=police_unit_name(area),
            kind=UnitKind.COMMUNE_POLICE,
            parent=province_units[area.parent_id or 0],
            area=area,
        )
        unit.refresh_name_keys()
        new_units.append(unit)
    created += _bulk_create_units(new_units)
    return created


def _bulk_create_units(units: list[Unit]) -> int:
    if not units:
        return 0
    Unit.objects.bulk_create(units, batch_size=1000)
    parents = {u.parent_id for u in units if u.parent_id}
    parent_paths = dict(Unit.objects.filter(pk__in=parents).values_list("pk", "path"))
    for unit in units:
        unit.path = f"{parent_paths.get(unit.parent_id or 0, '')}{Unit.segment(unit.pk)}"
        unit.depth = unit.path.count("/") - 1
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=1000)
    return len(units)
