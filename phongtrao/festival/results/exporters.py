"""Exports of the festival's results, registered with the documents registry:

- festival.results_template: the campaign's XLSX template (fixed columns, one per field, the
  accepted values on a second sheet, the communes the user reports for on a third);
- festival.results_summary_sheet: the roll-up as XLSX, one sheet per grouping;
- festival.results_summary_report: the summary report for the wrap-up conference (Decree 30 BÁO CÁO).

Every exporter reads through the same scoped roll-up as the page: a province exports its rows only.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import xlsxwriter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phongtrao.documents.exporters import place_name
from phongtrao.documents.model import Align, Column, Document, Recipients, Section, Signature, Table
from phongtrao.documents.queries import unit_leader
from phongtrao.documents.registry import DocumentExporter, Format, TableExporter
from phongtrao.documents.xlsx import Cell
from phongtrao.documents.xlsx import Column as SheetColumn
from phongtrao.org.models import Unit

from ..core import date_text, get_campaign
from ..enums import ResultFieldGroup, ResultFieldKind, SiteKind
from ..models import Campaign, ResultField
from ..permissions import can_manage_campaign
from . import importer
from .queries import communes_of, fields_of, reporting_units
from .rollup import Group, Rollup, rollup

_OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
HEADLINE_KEYS = ("participants", "gifts_value", "models_launched", "commitments", "weapons")
KIND_HEADERS: dict[str, str] = {
    SiteKind.COMMUNE: "Điểm xã, phường, đặc khu",
    SiteKind.RESIDENTIAL: "Điểm khu dân cư",
    SiteKind.AGENCY: "Điểm cơ quan",
    SiteKind.ENTERPRISE: "Điểm doanh nghiệp",
    SiteKind.SCHOOL: "Điểm cơ sở giáo dục",
}


def vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class _CampaignExporter:
    user: Any
    params: Mapping[str, str]

    @cached_property
    def campaign(self) -> Campaign:
        """404 for a year without a campaign."""
        year = str(self.params.get("year", ""))
        if not year.isdigit():
            raise Http404
        return get_campaign(int(year))

    @cached_property
    def fields(self) -> list[ResultField]:
        return fields_of(self.campaign)


# --- the template --------------------------------------------------------------------------------


class ResultsTemplate(_CampaignExporter, TableExporter):
    """The workbook units fill in: one row per site; the columns the importer reads."""

    key = "festival.results_template"
    title = gettext_lazy("Festival results template")
    columns = ()

    def filename_stem(self) -> str:
        return f"mau-ket-qua-ngay-hoi-{self.campaign.year}"

    def rows(self) -> Iterator[Sequence[Cell]]:
        return iter(())

    def render(self, fmt: Format) -> bytes:
        campaign, fields = self.campaign, self.fields
        columns = importer.template_columns(fields)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, _OPTIONS)
        header = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "bg_color": "#F2DCDB"})
        required = book.add_format({"bold": True, "border": 1, "text_wrap": True, "valign": "vcenter", "bg_color": "#F4B183"})
        text = book.add_format({"num_format": "@"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        number = book.add_format({"num_format": "#,##0"})
        sheet = book.add_worksheet("Kết quả")
        last = importer.MAX_ROWS
        for col, column in enumerate(columns):
            sheet.write_string(0, col, column.header, required if column.required else header)
            sheet.set_column(col, col, max(12, min(30, len(column.header) + 2)))
        sheet.set_row(0, 45)
        sheet.set_column(0, 0, 10, text)
        sheet.set_column(1, 1, 24)
        sheet.set_column(2, 2, 32)
        sheet.set_column(3, 4, 20)
        sheet.set_column(5, 5, 14, day)
        kinds = list(importer.KIND_VALUES.values())
        levels = list(importer.LEVEL_VALUES.values())
        sheet.data_validation(1, 3, last, 3, {"validate": "list", "source": f"='Giá trị hợp lệ'!$A$2:$A${len(kinds) + 1}"})
        sheet.data_validation(1, 4, last, 4, {"validate": "list", "source": f"='Giá trị hợp lệ'!$B$2:$B${len(levels) + 1}"})
        sheet.data_validation(
            1,
            5,
            last,
            5,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": campaign.window_start,
                "maximum": campaign.window_end,
                "error_message": f"Ngày tổ chức từ {date_text(campaign.window_start)} đến {date_text(campaign.window_end)}.",
            },
        )
        first_field = len(importer.FIXED_COLUMNS)
        if fields:
            sheet.set_column(first_field, first_field + len(fields) - 1, 16, number)
            sheet.data_validation(
                1,
                first_field,
                last,
                first_field + len(fields) - 1,
                {"validate": "integer", "criteria": ">=", "value": 0, "error_message": "Nhập số nguyên không âm."},
            )
        sheet.freeze_panes(1, 3)
        self._values_sheet(book, header, kinds, levels, fields)
        self._communes_sheet(book, header, text)
        book.close()
        return buffer.getvalue()

    def _values_sheet(self, book, header, kinds: list[str], levels: list[str], fields: list[ResultField]) -> None:
        campaign = self.campaign
        sheet = book.add_worksheet("Giá trị hợp lệ")
        sheet.write_string(0, 0, importer.KIND_HEADER, header)
        sheet.write_string(0, 1, importer.LEVEL_HEADER, header)
        sheet.write_string(0, 3, "Hướng dẫn", header)
        sheet.set_column(0, 1, 26)
        sheet.set_column(3, 3, 100)
        for row, value in enumerate(kinds, start=1):
            sheet.write_string(row, 0, value)
        for row, value in enumerate(levels, start=1):
            sheet.write_string(row, 1, value)
        notes = [
            f"Mỗi dòng là một điểm tổ chức Ngày hội toàn dân bảo vệ ANTQ năm {campaign.year}.",
            "Mã xã: mã đơn vị hành chính (mã thống kê) của xã, phường, đặc khu; xem trang “Danh mục xã”.",
            "Tên xã: chỉ để đối chiếu, không bắt buộc.",
            "Loại điểm và Cấp: chọn một trong các giá trị ở cột A và cột B của trang này.",
            f"Ngày tổ chức: ghi dd/mm/yyyy, trong khoảng {date_text(campaign.window_start)} đến "
            f"{date_text(campaign.window_end)}.",
            "Các cột số liệu: số nguyên không âm; giá trị tiền ghi bằng đồng. Cột tô đậm màu cam là bắt buộc.",
            "Một điểm (cùng xã, loại điểm, tên điểm) đã báo cáo trước đó sẽ được cập nhật theo số liệu mới.",
            "Nếu có dòng sai, cả tệp không được nhập; hệ thống liệt kê lỗi theo số dòng và tên cột.",
        ]
        notes += [
            f"{f.label}: {'số tiền (đồng)' if f.kind == ResultFieldKind.MONEY else 'số lượng'}"
            f"{', bắt buộc' if f.required else ''}."
            for f in fields
        ]
        for row, note in enumerate(notes, start=1):
            sheet.write_string(row, 3, note)

    def _communes_sheet(self, book, header, text) -> None:
        sheet = book.add_worksheet("Danh mục xã")
        for col, title in enumerate(("Mã xã", "Tên xã", "Tỉnh, thành phố")):
            sheet.write_string(0, col, title, header)
        sheet.set_column(0, 0, 10, text)
        sheet.set_column(1, 2, 34)
        seen: set[int] = set()
        row = 1
        for unit in reporting_units(self.user):
            for commune in communes_of(unit).select_related("parent"):
                if commune.pk in seen:
                    continue
                seen.add(commune.pk)
                sheet.write_string(row, 0, commune.gso_code)
                sheet.write_string(row, 1, commune.name)
                sheet.write_string(row, 2, commune.parent.name if commune.parent else "")
                row += 1


# --- the roll-up as a workbook -------------------------------------------------------------------


@dataclass
class _Sheet:
    name: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Cell]]


def _render_sheets(sheets: Sequence[_Sheet]) -> bytes:
    """Several sheets: bold frozen header, numbers as numbers, text as text; the last row of each
    sheet (the total) in bold."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#F2F2F2"}
    )
    number = book.add_format({"num_format": "#,##0"})
    bold_number = book.add_format({"num_format": "#,##0", "bold": True})
    bold = book.add_format({"bold": True})
    for spec in sheets:
        sheet = book.add_worksheet(spec.name[:31])
        for col, column in enumerate(spec.columns):
            sheet.write_string(0, col, column.header, header)
            sheet.set_column(col, col, column.width)
        sheet.set_row(0, 45)
        rows = list(spec.rows)
        for index, values in enumerate(rows, start=1):
            is_total = index == len(rows) and values[:1] == ("",)
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(index, col, value, bold_number if is_total else number)
                else:
                    sheet.write_string(index, col, str(value), bold if is_total else None)
        sheet.freeze_panes(1, 2)
    book.close()
    return buffer.getvalue()


class SummarySheet(_CampaignExporter, TableExporter):
    """The roll-up by region, by province and by commune, and the totals of every field."""

    key = "festival.results_summary_sheet"
    title = gettext_lazy("Festival results by region, province and commune")
    columns = ()

    def filename_stem(self) -> str:
        return f"ket-qua-ngay-hoi-{self.campaign.year}"

    def rollup(self, group_by: str) -> Rollup:
        return rollup(self.user, self.campaign, group_by, fields=self.fields)

    def rows(self) -> Iterator[Sequence[Cell]]:
        return iter(self._group_rows(self.rollup("province")))

    def _columns(self, first: str, extra: Sequence[str] = ()) -> list[SheetColumn]:
        return [
            SheetColumn("STT", 6),
            SheetColumn(first, 30),
            *(SheetColumn(header, 24) for header in extra),
            SheetColumn("Số xã tổ chức", 10),
            SheetColumn("Số điểm", 10),
            *(SheetColumn(KIND_HEADERS[kind], 12) for kind in SiteKind.values),
            *(SheetColumn(f.label, max(12, min(24, len(f.label) // 2 + 4))) for f in self.fields),
        ]

    def _group_rows(self, result: Rollup, with_parent: bool = False) -> list[tuple[Cell, ...]]:
        rows: list[tuple[Cell, ...]] = []
        for index, group in enumerate(result.groups, start=1):
            rows.append(
                (
                    index,
                    group.label,
                    *((group.parent_label,) if with_parent else ()),
                    group.communes,
                    group.sites,
                    *group.kind_counts(),
                    *result.field_values(group),
                )
            )
        total = result.total
        rows.append(
            (
                "",
                "Tổng cộng",
                *(("",) if with_parent else ()),
                total.communes,
                total.sites,
                *total.kind_counts(),
                *result.field_values(total),
            )
        )
        return rows

    def render(self, fmt: Format) -> bytes:
        by_region = self.rollup("region")
        by_province = self.rollup("province")
        by_commune = self.rollup("commune")
        total = by_province.total
        totals = [
            ("Số xã, phường, đặc khu tổ chức", "", total.communes),
            ("Số điểm tổ chức", "", total.sites),
            *((KIND_HEADERS[kind], "", total.by_kind.get(kind, 0)) for kind in SiteKind.values),
            *(
                (
                    f.label,
                    str(ResultFieldGroup(f.group).label) if f.group in ResultFieldGroup.values else f.group,
                    total.totals.get(f.key, 0),
                )
                for f in self.fields
            ),
        ]
        sheets = [
            _Sheet(
                "Tổng hợp",
                [SheetColumn("STT", 6), SheetColumn("Chỉ tiêu", 44), SheetColumn("Nhóm", 16), SheetColumn("Kết quả", 18)],
                [(index, label, group, value) for index, (label, group, value) in enumerate(totals, start=1)],
            ),
            _Sheet("Theo vùng", self._columns("Vùng"), self._group_rows(by_region)),
            _Sheet("Theo tỉnh", self._columns("Tỉnh, thành phố"), self._group_rows(by_province)),
            _Sheet("Theo xã", self._columns("Xã, phường, đặc khu", ("Tỉnh, thành phố",)), self._group_rows(by_commune, True)),
        ]
        return _render_sheets(sheets)


# --- the summary report --------------------------------------------------------------------------


def issuing_unit(user, campaign: Campaign) -> Unit:
    """Who issues the summary: the organisers' unit, or the unit the user reports for."""
    if can_manage_campaign(user, campaign):
        return campaign.owner
    units = reporting_units(user)
    return units[0] if units else campaign.owner


class SummaryReport(_CampaignExporter, DocumentExporter):
    """Báo cáo tổng kết Ngày hội toàn dân bảo vệ ANTQ năm <year>: the figures of the rows the
    user may see, by region and by province."""

    key = "festival.results_summary_report"
    title = gettext_lazy("Summary report of the festival")

    def filename_stem(self) -> str:
        return f"bao-cao-tong-ket-ngay-hoi-{self.campaign.year}"

    def document(self) -> Document:
        campaign = self.campaign
        owner = Unit.objects.select_related("parent", "area").get(pk=issuing_unit(self.user, campaign).pk)
        parent = owner.parent
        by_region = rollup(self.user, campaign, "region", fields=self.fields)
        by_province = rollup(self.user, campaign, "province", fields=self.fields)
        return Document(
            parent_body=parent.name if parent else "",
            issuing_body=owner.name,
            kind="Báo cáo",
            summary=f"Tổng kết Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {campaign.year}",
            symbol=f"BC-{owner.code}",
            place=place_name(owner),
            issued_on=timezone.localdate(),
            addressees=(parent.name,) if parent else (),
            sections=(
                self._overview(by_province),
                self._figures(by_province),
                self._table(_("III. RESULTS BY REGION"), "Vùng", by_region),
                self._table(_("IV. RESULTS BY PROVINCE"), "Tỉnh, thành phố", by_province),
            ),
            signature=self._signature(owner),
            recipients=Recipients(names=("Như trên",) if parent else (), drafting_unit=owner.code),
        )

    def _overview(self, result: Rollup) -> Section:
        campaign, total = self.campaign, result.total
        kinds = "; ".join(
            f"{KIND_HEADERS[kind].removeprefix('Điểm ').lower()}: {vn(total.by_kind.get(kind, 0))}"
            for kind in SiteKind.values
            if total.by_kind.get(kind, 0)
        )
        paragraphs = [
            _("The festival was held from %(start)s to %(end)s under the theme “%(theme)s”.")
            % {"start": date_text(campaign.window_start), "end": date_text(campaign.window_end), "theme": campaign.theme},
            ngettext(
                "%(communes)s commune-level unit in %(provinces)s province reported its results.",
                "%(communes)s commune-level units in %(provinces)s provinces reported their results.",
                total.communes,
            )
            % {"communes": vn(total.communes), "provinces": vn(len(result.groups))},
            ngettext("%(count)s site held the festival", "%(count)s sites held the festival", total.sites)
            % {"count": vn(total.sites)}
            + (f" ({kinds})." if kinds else "."),
        ]
        if campaign.plan_number:
            paragraphs.insert(
                0, _("Carrying out plan %(number)s of the central steering committee.") % {"number": campaign.plan_number}
            )
        return Section(_("I. HOW THE FESTIVAL WAS ORGANISED"), tuple(paragraphs))

    def _figures(self, result: Rollup) -> Section:
        labels = dict(ResultFieldGroup.choices)
        rows = []
        index = 0
        for group in ResultFieldGroup.values:
            members = [f for f in self.fields if f.group == group]
            if not members:
                continue
            rows.append(("", str(labels[group]), ""))
            for f in members:
                index += 1
                unit = " đồng" if f.kind == ResultFieldKind.MONEY else ""
                rows.append((str(index), f.label, vn(result.total.totals.get(f.key, 0)) + unit))
        if not rows:
            return Section(_("II. RESULTS"), (_("No figures were asked for this year."),))
        table = Table(
            columns=(Column(0.6, Align.CENTER), Column(4.0), Column(2.0, Align.RIGHT)),
            header_rows=(("STT", "Chỉ tiêu", "Kết quả"),),
            rows=tuple(rows),
        )
        return Section(_("II. RESULTS"), (table,))

    def _headline(self) -> list[ResultField]:
        chosen = [f for key in HEADLINE_KEYS for f in self.fields if f.key == key]
        return chosen or self.fields[:5]

    def _table(self, heading: str, first: str, result: Rollup) -> Section:
        if not result.groups:
            return Section(heading, (_("No results have been reported yet."),))
        headline = self._headline()
        rows = tuple(
            (str(index), g.label, vn(g.communes), vn(g.sites), *(vn(g.totals.get(f.key, 0)) for f in headline))
            for index, g in enumerate(result.groups, start=1)
        )
        total: Group = result.total
        total_row = ("", "Tổng cộng", vn(total.communes), vn(total.sites), *(vn(total.totals.get(f.key, 0)) for f in headline))
        table = Table(
            columns=(
                Column(0.6, Align.CENTER),
                Column(1.9),
                Column(0.8, Align.RIGHT),
                Column(0.9, Align.RIGHT),
                *(Column(2.4 if f.kind == ResultFieldKind.MONEY else 1.05, Align.RIGHT) for f in headline),
            ),
            header_rows=(("STT", first, "Số xã", "Số điểm", *(f.label for f in headline)),),
            rows=(*rows, total_row),
        )
        return Section(heading, (table,))

    @staticmethod
    def _signature(owner: Unit) -> Signature:
        leader = unit_leader(owner)
        if leader is None:
            return Signature(position=_("Head of unit"))
        signer = f"{leader.rank} {leader.get_full_name()}".strip()
        return Signature(position=leader.position or _("Head of unit"), signer=signer)


EXPORTERS = (ResultsTemplate, SummarySheet, SummaryReport)
