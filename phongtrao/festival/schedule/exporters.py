"""The schedule as a sheet: one row per site of the schedule the user may see, by day, then the
sites without a leader (with the reason, for the organisers)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.utils.translation import gettext_lazy

from phongtrao.documents.registry import TableExporter
from phongtrao.documents.xlsx import Cell, Column

from ..core import get_campaign
from ..enums import AssignmentSource, SiteLevel
from .queries import Board, Row, board_for


class ScheduleSheet(TableExporter):
    key = "festival.schedule"
    title = gettext_lazy("Leaders' schedule")
    columns = (
        Column("STT", 6),
        Column("Ngày", 12),
        Column("Điểm tổ chức", 34),
        Column("Cấp điểm", 18),
        Column("Tỉnh, thành phố", 20),
        Column("Vùng", 16),
        Column("Đơn vị chủ trì", 30),
        Column("Cấp lãnh đạo cần có", 30),
        Column("Lãnh đạo dự", 26),
        Column("Chức vụ", 30),
        Column("Cách xếp", 16),
        Column("Cảnh báo, lý do", 60),
    )

    @cached_property
    def board(self) -> Board:
        """404 for a year without a campaign; the rows are those the user may see."""
        return board_for(self.user, get_campaign(int(self.params["year"])))

    def filename_stem(self) -> str:
        return f"lich-lanh-dao-du-ngay-hoi-{self.params['year']}"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        board = self.board
        index = 0
        for day, rows in board.days:
            for row in rows:
                index += 1
                yield self._row(index, row, day)
        for row in board.unassigned:
            index += 1
            yield self._row(index, row, None)

    @staticmethod
    def _row(index: int, row: Row, day) -> tuple[Cell, ...]:
        site, assignment = row.site, row.assignment
        notes = [clash.message for clash in row.clashes]
        if row.reason is not None:
            notes.append(row.reason.message)
        return (
            index,
            day,
            site.name,
            str(SiteLevel(site.level).label),
            site.province.name,
            site.region.name if site.region else "",
            site.unit.name,
            row.rank_label,
            assignment.leader.full_name if assignment else "Chưa xếp",
            assignment.leader.position if assignment else "",
            str(AssignmentSource(assignment.source).label) if assignment else "",
            " ".join(notes),
        )
