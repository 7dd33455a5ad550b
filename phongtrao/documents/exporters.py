"""Exports of organisation data: the force organisation report of a unit and the area list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phongtrao.common.text import fold
from phongtrao.org.models import Unit
from phongtrao.org.queries import filter_areas, get_unit_for

from .model import Align, Column, Document, Recipients, Section, Signature, Table
from .queries import SubordinateUnit, account_count, subordinate_units, unit_leader
from .registry import DocumentExporter, TableExporter
from .xlsx import Cell
from .xlsx import Column as SheetColumn

CENTRAL_PLACE = "Hà Nội"  # where the Ministry and its departments sit
# Administrative prefixes dropped from a place name ("Tỉnh Đắk Lắk" -> "Đắk Lắk"), unless the
# rest is a number or a person's name (Decree 30, II.4.a: "Phường 3", "Thành phố Hồ Chí Minh").
_PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")
_NAMED_AFTER_PEOPLE = frozenset({"Hồ Chí Minh"})


def place_name(unit: Unit) -> str:
    """The place written before the date (UNCONFIRMED: the Ministry's own rule, domain.md §8)."""
    if unit.area is None:
        return CENTRAL_PLACE
    name = unit.area.name
    for prefix in _PLACE_PREFIXES:
        rest = name.removeprefix(prefix)
        if rest != name:
            return name if rest[:1].isdigit() or rest in _NAMED_AFTER_PEOPLE else rest
    return name


def _slug(text: str) -> str:
    return "-".join(fold(text).replace("/", " ").split())


class UnitReport(DocumentExporter):
    """Báo cáo tổ chức lực lượng: a unit and its directly subordinate units, issued by the unit."""

    key = "org.unit_report"
    title = gettext_lazy("Force organisation report")

    @cached_property
    def unit(self) -> Unit:
        """The unit reported on; 404 when the user may not see it."""
        return get_unit_for(self.user, self.params["unit"])

    def filename_stem(self) -> str:
        return f"bao-cao-to-chuc-luc-luong-{_slug(self.unit.code)}"

    def document(self) -> Document:
        unit = self.unit
        today = timezone.localdate()
        children = subordinate_units(unit)
        parent = unit.parent
        return Document(
            parent_body=parent.name if parent else "",
            issuing_body=unit.name,
            kind="Báo cáo",
            summary=_("Organisation of the forces and user accounts in the system"),
            symbol=f"BC-{unit.code}",
            place=place_name(unit),
            issued_on=today,
            addressees=(parent.name,) if parent else (),
            sections=(self._overview(unit, children, today), self._subordinates(children)),
            signature=self._signature(unit),
            recipients=Recipients(names=("Như trên",) if parent else (), drafting_unit=unit.code),
        )

    def _overview(self, unit: Unit, children: list[SubordinateUnit], today: date) -> Section:
        units = len(children)
        own = account_count(unit)
        below = sum(child.account_count for child in children)
        as_of = today.strftime("%d/%m/%Y")
        return Section(
            _("I. GENERAL SITUATION"),
            (
                ngettext(
                    "As of %(date)s, %(unit)s has %(count)s directly subordinate unit.",
                    "As of %(date)s, %(unit)s has %(count)s directly subordinate units.",
                    units,
                )
                % {"date": as_of, "unit": unit.name, "count": units},
                ngettext(
                    "%(unit)s itself has %(count)s user account in the system.",
                    "%(unit)s itself has %(count)s user accounts in the system.",
                    own,
                )
                % {"unit": unit.name, "count": own},
                ngettext(
                    "Its directly subordinate units have %(count)s user account in total.",
                    "Its directly subordinate units have %(count)s user accounts in total.",
                    below,
                )
                % {"count": below},
            ),
        )

    def _subordinates(self, children: list[SubordinateUnit]) -> Section:
        heading = _("II. DIRECTLY SUBORDINATE UNITS")
        if not children:
            return Section(heading, (_("The unit has no subordinate units."),))
        rows = tuple(
            (str(index), child.name, child.code, str(child.subordinate_count), str(child.account_count))
            for index, child in enumerate(children, start=1)
        )
        total = (
            "",
            "Tổng cộng",
            "",
            str(sum(child.subordinate_count for child in children)),
            str(sum(child.account_count for child in children)),
        )
        table = Table(
            columns=(
                Column(0.6, Align.CENTER),
                Column(3.4),
                Column(1.3, Align.CENTER),
                Column(1.4, Align.CENTER),
                Column(1.3, Align.CENTER),
            ),
            header_rows=(("STT", "Tên đơn vị", "Mã", "Số đơn vị trực thuộc", "Số tài khoản"),),
            rows=(*rows, total),
        )
        return Section(heading, (table,))

    def _signature(self, unit: Unit) -> Signature:
        leader = unit_leader(unit)
        if leader is None:
            return Signature(position=_("Head of unit"))
        signer = f"{leader.rank} {leader.get_full_name()}".strip()
        return Signature(position=leader.position or _("Head of unit"), signer=signer)


class AreaList(TableExporter):
    """The administrative area list with the filters of the area list page."""

    key = "org.area_list"
    title = gettext_lazy("Administrative area list")
    columns = (
        SheetColumn("STT", 6),
        SheetColumn("Tên", 34),
        SheetColumn("Loại", 24),
        SheetColumn("Mã", 10),
        SheetColumn("Thuộc", 30),
        SheetColumn("Nhãn", 30),
    )

    def filename_stem(self) -> str:
        return "don-vi-hanh-chinh"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        _form, areas = filter_areas(self.user, self.params)
        for index, area in enumerate(areas.iterator(chunk_size=2000), start=1):
            yield (
                index,
                area.name,
                area.get_division_type_display(),
                area.gso_code,
                area.parent.name if area.parent else "",
                ", ".join(tag.name for tag in area.tags.all()),
            )
