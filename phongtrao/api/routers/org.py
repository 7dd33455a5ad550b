"""Read endpoints of the organisation: the caller, administrative areas and units.

Everything is scoped exactly like the web interface: lists start from visible_to(user), single
objects come from get_*_for(user, id), which answers 404 for missing and not-yours alike.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from phongtrao.org.enums import AreaLevel, Branch, DivisionType, Role, UnitKind
from phongtrao.org.models import Tag, Unit
from phongtrao.org.queries import get_area_for, get_unit_for
from phongtrao.org.search import search_areas

from ..auth import caller
from ..errors import InvalidParameter
from ..queries import memberships_of
from ..schemas import ERRORS, ERRORS_WITH_VALIDATION

router = Router(tags=["org"])


# --- schemas -------------------------------------------------------------------------------


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    unit_code: str
    role: Role


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    rank: str
    position: str
    is_superuser: bool
    memberships: list[MembershipOut]


class AreaOut(Schema):
    id: int
    name: str
    level: AreaLevel
    division_type: DivisionType
    gso_code: str
    parent_id: int | None
    tags: list[str] = Field(description="Tag codes")

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.code for tag in obj.tags.all()]


class LegacySourceOut(Schema):
    ward_code: str
    ward_name: str
    district_code: str
    district_name: str
    province_code: str
    province_name: str


class AreaDetailOut(AreaOut):
    parent_name: str | None
    province_id: int
    legacy_sources: list[LegacySourceOut] = Field(description="Pre-2025 communes merged into this area")

    @staticmethod
    def resolve_parent_name(obj) -> str | None:
        return obj.parent.name if obj.parent_id else None

    @staticmethod
    def resolve_province_id(obj) -> int:
        return obj.province.pk

    @staticmethod
    def resolve_legacy_sources(obj) -> list:
        return list(obj.legacy_sources.all())


class AreaFilters(Schema):
    q: str = Field("", max_length=100, description="Words of the name; diacritics are ignored")
    province: int | None = Field(None, description="Id of a province: only it and the areas under it")
    level: AreaLevel | None = None
    tag: str | None = Field(None, max_length=50, description="Tag code, e.g. tay-nguyen")


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    kind: UnitKind
    parent_id: int | None
    area_id: int | None


class UnitDetailOut(UnitOut):
    branch: Branch
    is_active: bool
    area_name: str | None

    @staticmethod
    def resolve_area_name(obj) -> str | None:
        return obj.area.name if obj.area_id else None


class UnitFilters(Schema):
    parent: int | None = Field(None, description="Id of a unit: only its direct children")
    q: str = Field("", max_length=100, description="Words of the name or short name, or the code")


# --- endpoints -----------------------------------------------------------------------------


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The authenticated user and their memberships")
def me(request):
    user = caller(request)
    memberships = [
        {"unit_id": m.unit_id, "unit_name": m.unit.name, "unit_code": m.unit.code, "role": m.role} for m in memberships_of(user)
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "rank": user.rank,
        "position": user.position,
        "is_superuser": user.is_superuser,
        "memberships": memberships,
    }


@router.get("/areas", response={200: list[AreaOut], **ERRORS_WITH_VALIDATION}, summary="Administrative areas")
@paginate(LimitOffsetPagination)
def area_list(request, filters: Query[AreaFilters]):
    user = caller(request)
    areas = search_areas(user, filters.q)
    if filters.province is not None:
        province = get_area_for(user, filters.province)
        if province.level != AreaLevel.PROVINCE:
            raise InvalidParameter("province", _("Area %(id)s is not a province.") % {"id": province.pk})
        areas = areas.filter(path__startswith=province.path)
    if filters.level is not None:
        areas = areas.filter(level=filters.level)
    if filters.tag:
        if not Tag.objects.filter(code=filters.tag).exists():
            raise InvalidParameter("tag", _("There is no tag with the code “%(code)s”.") % {"code": filters.tag})
        areas = areas.filter(tags__code=filters.tag)
    return areas.prefetch_related(Prefetch("tags", queryset=Tag.objects.only("pk", "code")))


@router.get("/areas/{area_id}", response={200: AreaDetailOut, **ERRORS}, summary="One administrative area")
def area_detail(request, area_id: int):
    return get_area_for(caller(request), area_id)


@router.get("/units", response={200: list[UnitOut], **ERRORS_WITH_VALIDATION}, summary="Units")
@paginate(LimitOffsetPagination)
def unit_list(request, filters: Query[UnitFilters]):
    user = caller(request)
    units = Unit.objects.visible_to(user)
    if filters.parent is not None:
        units = units.filter(parent=get_unit_for(user, filters.parent))
    if filters.q:
        units = units.search(filters.q)
    return units.order_by("depth", "sort_key", "pk")


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **ERRORS}, summary="One unit")
def unit_detail(request, unit_id: int):
    return get_unit_for(caller(request), unit_id)
