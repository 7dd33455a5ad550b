"""The preparation board as a sheet: one row per province with a total (the national board), or
one row per site of a province (the province's board). Registered in register.py."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.utils.translation import gettext_lazy

from phongtrao.documents.registry import Format, TableExporter
from phongtrao.documents.xlsx import Cell, render_xlsx
from phongtrao.documents.xlsx import Column as SheetColumn
from phongtrao.org.models import Area

from ..core import get_campaign
from ..enums import SiteKind, SiteLevel
from ..models import Campaign
from .forms import BoardFilterForm
from .queries import Filters, Readiness, get_board_province, province_board, region_choices, site_readiness, site_rows

CHUNK = 500

READINESS_COLUMNS = (
    SheetColumn("Việc bắt buộc đã xong", 12),
    SheetColumn("Việc bắt buộc", 10),
    SheetColumn("Mức sẵn sàng (%)", 11),
    SheetColumn("Việc không bắt buộc đã xong", 13),
    SheetColumn("Việc không bắt buộc", 11),
    SheetColumn("Việc quá hạn", 10),
)


def _readiness_cells(readiness: Readiness) -> tuple[Cell, ...]:
    return (
        readiness.required_done,
        readiness.required,
        readiness.percent,
        readiness.optional_done,
        readiness.optional,
        readiness.overdue,
    )


class SiteBoard(TableExporter):
    """params: year; optionally province (an area id: its sites instead of the provinces) and the
    board's filters (level, kind, region, below, overdue)."""

    key = "festival.site_board"
    title = gettext_lazy("Site preparation")

    @cached_property
    def campaign(self) -> Campaign:
        return get_campaign(int(self.params.get("year") or 0))

    @cached_property
    def province(self) -> Area | None:
        raw = str(self.params.get("province") or "")
        return get_board_province(self.user, int(raw)) if raw.isdigit() else None

    @cached_property
    def filters(self) -> Filters:
        return BoardFilterForm(self.params, regions=region_choices()).filters()

    def filename_stem(self) -> str:
        stem = f"chuan-bi-diem-ngay-hoi-{self.campaign.year}"
        return f"{stem}-{self.province.gso_code or self.province.pk}" if self.province is not None else stem

    def render(self, fmt: Format) -> bytes:
        columns: tuple[SheetColumn, ...]
        if self.province is not None:
            columns = (
                SheetColumn("STT", 6),
                SheetColumn("Tên điểm", 36),
                SheetColumn("Cấp", 18),
                SheetColumn("Loại hình", 18),
                SheetColumn("Địa bàn", 24),
                SheetColumn("Đơn vị đăng cai", 30),
                SheetColumn("Ngày tổ chức", 12),
                *READINESS_COLUMNS,
            )
            return render_xlsx(columns, self.site_rows(), title=str(self.title))
        columns = (
            SheetColumn("STT", 6),
            SheetColumn("Tỉnh, thành phố", 24),
            SheetColumn("Số điểm", 9),
            *(SheetColumn(str(label), 14) for label in SiteLevel.labels),
            *READINESS_COLUMNS,
            SheetColumn("Điểm chưa bắt đầu", 11),
        )
        return render_xlsx(columns, self.rows(), title=str(self.title))

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        board = province_board(self.user, self.campaign, self.filters)
        for index, row in enumerate(board.rows, start=1):
            yield (
                index,
                row.name,
                row.sites,
                *(row.by_level.get(level, 0) for level in SiteLevel.values),
                *_readiness_cells(row.readiness),
                row.not_started,
            )
        total = board.total
        yield (
            "",
            "Tổng cộng",
            total.sites,
            *(total.by_level.get(level, 0) for level in SiteLevel.values),
            *_readiness_cells(total.readiness),
            total.not_started,
        )

    def site_rows(self) -> Iterator[tuple[Cell, ...]]:
        sites = site_rows(self.user, self.campaign, self.province, self.filters)
        for index, site in enumerate(sites.iterator(chunk_size=CHUNK), start=1):
            yield (
                index,
                site.name,
                str(SiteLevel(site.level).label),
                str(SiteKind(site.kind).label),
                site.area.name,
                site.unit.name,
                site.date,
                *_readiness_cells(site_readiness(site)),
            )
