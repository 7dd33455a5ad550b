from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongtrao.common import auditing
from phongtrao.common.spreadsheets import Column, ImportRejected, RowError, read_sheet
from phongtrao.common.text import fold, normalize

from ..enums import RESIDENTIAL_TYPES, AreaLevel, DivisionType
from ..models import Area, Tag, Unit
from ..permissions import can_edit_area

RESIDENTIAL_COLUMNS = [
    Column("name", "Tên khu dân cư", aliases=("Tên", "Tên thôn, tổ dân phố")),
    Column("division_type", "Loại", required=False, aliases=("Loại khu dân cư",)),
]
_TYPE_BY_LABEL: dict[str, str] = {
    "thon": DivisionType.VILLAGE,
    "ap": DivisionType.HAMLET,
    "ban": DivisionType.HIGHLAND_VILLAGE,
    "buon": DivisionType.HIGHLAND_VILLAGE,
    "to dan pho": DivisionType.STREET_GROUP,
    "khu pho": DivisionType.QUARTER,
    "khom": DivisionType.QUARTER,
    "khu dan cu": DivisionType.OTHER_RESIDENTIAL,
    "": DivisionType.VILLAGE,
}


def _owner_unit(area: Area) -> Unit | None:
    """The police unit responsible for an area: its own, or the nearest ancestor area's."""
    node: Area | None = area
    while node is not None:
        unit = Unit.objects.filter(area=node).order_by("depth").first()
        if unit is not None:
            return unit
        node = node.parent
    return None


def _check_commune(actor, commune: Area) -> None:
    if commune.level != AreaLevel.COMMUNE:
        raise ValidationError(_("Residential areas can only be added under a commune."))
    if not can_edit_area(actor, commune):
        raise PermissionDenied


def _next_code(commune: Area) -> int:
    return commune.children.count() + 1


@transaction.atomic
def residential_area_create(*, actor, commune: Area, name: str, division_type: str) -> Area:
    _check_commune(actor, commune)
    name = normalize(name)
    if not name:
        raise ValidationError({"name": _("Enter the name of the residential area.")})
    if division_type not in RESIDENTIAL_TYPES:
        raise ValidationError({"division_type": _("Choose a type of residential area.")})
    if commune.children.filter(name=name).exists():
        raise ValidationError({"name": _("This commune already has a residential area with this name.")})
    area = Area(name=name, division_type=division_type, level=AreaLevel.RESIDENTIAL_AREA, parent=commune)
    area.path = Area.path_for(AreaLevel.RESIDENTIAL_AREA, f"r{_next_code(commune)}", commune)
    while Area.objects.filter(path=area.path).exists():
        area.path = area.path[:-1] + "x/"
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("This commune already has a residential area with this name.")}) from exc
    auditing.record(
        actor=actor,
        obj=area,
        code="org.area.created",
        unit=_owner_unit(commune),
        new={"name": area.name, "division_type": area.division_type, "parent": commune.name},
    )
    return area


def residential_areas_import(*, actor, commune: Area, uploaded) -> list[Area]:
    """All or nothing: every row valid, or nothing written and the errors listed by row."""
    _check_commune(actor, commune)
    sheet = read_sheet(uploaded, RESIDENTIAL_COLUMNS, max_rows=2000)
    errors = list(sheet.errors)
    existing = set(commune.children.values_list("name", flat=True))
    seen: dict[str, int] = {}
    clean: list[tuple[str, str]] = []
    for row, record in sheet.rows:
        name = record.get("name", "")
        kind = _TYPE_BY_LABEL.get(fold(record.get("division_type", "")))
        if name:
            key = name
            if key in existing:
                errors.append(RowError(row, "Tên khu dân cư", _("This commune already has a residential area with this name.")))
            elif key in seen:
                errors.append(
                    RowError(row, "Tên khu dân cư", _("The same name already appears in row %(row)s.") % {"row": seen[key]})
                )
            seen.setdefault(key, row)
        if kind is None:
            kind = ""
            errors.append(
                RowError(
                    row,
                    "Loại",
                    _("Unknown type “%(value)s”: use thôn, ấp, bản, buôn, tổ dân phố, khu phố or khu dân cư.")
                    % {"value": record.get("division_type")},
                )
            )
        clean.append((name, kind))
    if errors:
        raise ImportRejected(errors)
    created = []
    with transaction.atomic():
        owner = _owner_unit(commune)
        next_code = _next_code(commune)
        for offset, (name, kind) in enumerate(clean):
            area = Area(name=name, division_type=kind, level=AreaLevel.RESIDENTIAL_AREA, parent=commune)
            area.path = Area.path_for(AreaLevel.RESIDENTIAL_AREA, f"r{next_code + offset}", commune)
            area.save()
            created.append(area)
            auditing.record(
                actor=actor, obj=area, code="org.area.imported", unit=owner, new={"name": name, "division_type": kind}
            )
    return created


@transaction.atomic
def area_tags_set(*, actor, area: Area, tags: list[Tag]) -> Area:
    if not can_edit_area(actor, area):
        raise PermissionDenied
    old = sorted(area.tags.values_list("code", flat=True))
    new = sorted(t.code for t in tags)
    if old != new:
        area.tags.set(tags)
        auditing.record(
            actor=actor, obj=area, code="org.area.tags_changed", unit=_owner_unit(area), old={"tags": old}, new={"tags": new}
        )
    return area


TYPE_LABELS_FOR_HELP = gettext_lazy("thôn, ấp, bản, buôn, tổ dân phố, khu phố, khu dân cư")
