"""Named reads of the festival's results: who reports for which units and communes, the scoped
rows and imports (404 for missing and not-yours alike), and the filtered list of rows."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from phongtrao.common.text import fold
from phongtrao.org.enums import AreaLevel, Role, UnitKind
from phongtrao.org.models import Area, Unit
from phongtrao.org.queries import scope_of

from ..models import Campaign, ResultField, ResultImport, ResultRow

# The units that report the festival's results: provincial police for any commune of the
# province, commune police for their own commune.
REPORTING_KINDS = frozenset({UnitKind.PROVINCIAL_POLICE, UnitKind.COMMUNE_POLICE})
ACTING_ROLES = frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})


def reporting_units(user) -> list[Unit]:
    """The units the user reports results for: the provincial or commune police they act for
    (officer, leader or administrator). System administrators may report for any province."""
    if not (user.is_authenticated and user.is_active):
        return []
    scope = scope_of(user)
    if scope.is_everything:
        return list(
            Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE, is_active=True, area__isnull=False)
            .select_related("area")
            .order_by("sort_key", "pk")
        )
    units: dict[int, Unit] = {}
    for membership in scope.memberships:
        unit = membership.unit
        if membership.role in ACTING_ROLES and unit.kind in REPORTING_KINDS and unit.is_active and unit.area_id is not None:
            units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda unit: (unit.sort_key, unit.pk))


def reporting_unit_for(user, raw) -> Unit | None:
    """The reporting unit chosen by its id (a form or query parameter), else the first one."""
    units = reporting_units(user)
    chosen = next((unit for unit in units if str(unit.pk) == str(raw)), None) if raw not in (None, "") else None
    return chosen or (units[0] if units else None)


def communes_of(unit: Unit):
    """The communes inside a unit's area (the commune itself for a commune police)."""
    if unit.area is None:
        return Area.objects.none()
    return Area.objects.filter(level=AreaLevel.COMMUNE, path__startswith=unit.area.path).order_by("sort_key", "pk")


def fields_of(campaign: Campaign) -> list[ResultField]:
    return list(ResultField.objects.filter(campaign=campaign).order_by("order", "pk"))


def visible_rows(user, campaign: Campaign):
    return ResultRow.objects.visible_to(user).filter(campaign=campaign)


def get_row_for(user, campaign: Campaign, pk) -> ResultRow:
    rows = visible_rows(user, campaign).select_related("unit__area", "commune", "province", "region", "campaign")
    return get_object_or_404(rows, pk=pk)


def get_import_for(user, campaign: Campaign, pk) -> ResultImport:
    imports = ResultImport.objects.visible_to(user).filter(campaign=campaign).select_related("unit", "uploaded_by")
    return get_object_or_404(imports, pk=pk)


def recent_imports(user, campaign: Campaign, limit: int = 10) -> list[ResultImport]:
    imports = ResultImport.objects.visible_to(user).filter(campaign=campaign).select_related("unit", "uploaded_by")
    return list(imports.order_by("-uploaded_at", "-pk")[:limit])


def visible_provinces(user):
    """Provinces the user's area scope covers (for the province filters)."""
    return Area.objects.visible_to(user).filter(level=AreaLevel.PROVINCE).order_by("sort_key", "pk")


def filter_rows(user, campaign: Campaign, data: Mapping[str, str] | None):
    """The rows the user may see, narrowed by the list's filters; invalid filters are ignored."""
    from .forms import RowFilterForm

    form = RowFilterForm(data or None, provinces=visible_provinces(user))
    rows = visible_rows(user, campaign)
    if form.is_valid():
        filters = form.cleaned_data
        for word in filters["q"].split():
            rows = rows.filter(Q(site_name__icontains=word) | Q(commune__name_folded__contains=fold(word)))
        if filters["province"] is not None:
            rows = rows.filter(province=filters["province"])
        if filters["kind"]:
            rows = rows.filter(site_kind=filters["kind"])
        if filters["level"]:
            rows = rows.filter(site_level=filters["level"])
        if filters["source"]:
            rows = rows.filter(source=filters["source"])
    rows = rows.select_related("commune", "province", "unit").order_by(
        "province__sort_key", "commune__sort_key", "site_name", "pk"
    )
    return form, rows


def used_field_keys(campaign: Campaign, fields: list[ResultField]) -> set[str]:
    """The keys of the fields some row of the campaign holds a value for: one query."""
    if not fields:
        return set()
    flags = ResultRow.objects.filter(campaign=campaign).aggregate(
        **{f"f{i}": Count("pk", filter=Q(values__has_key=f.key)) for i, f in enumerate(fields)}
    )
    return {f.key for i, f in enumerate(fields) if flags[f"f{i}"]}
