"""A selection run's result as a sheet: one row per candidate, selected first, with every part of the
score and the reason in words (registered in register.py; organisers only, like the pages)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.utils.translation import gettext_lazy

from phongtrao.documents.registry import Format, TableExporter
from phongtrao.documents.xlsx import Cell, Column, render_xlsx

from ..enums import SiteKind
from ..models import SelectionRun
from .explain import CRITERIA, reason_text
from .queries import decisions_of, get_campaign_for_selection, get_run_for
from .scoring import WEIGHT_KEYS

CHUNK = 2000
YES = "Có"


class SelectionRunSheet(TableExporter):
    """params: year and run (the run's id)."""

    key = "festival.selection_run"
    title = gettext_lazy("Site selection")
    base_columns = (
        Column("Hạng", 7),
        Column("Được chọn", 10),
        Column("Tên điểm", 34),
        Column("Tỉnh, thành phố", 20),
        Column("Vùng", 14),
        Column("Loại điểm", 18),
        Column("Đơn vị đề xuất", 28),
        Column("Tổng điểm", 10),
    )
    columns = base_columns

    @cached_property
    def run(self) -> SelectionRun:
        campaign = get_campaign_for_selection(self.user, int(self.params.get("year") or 0))
        return get_run_for(self.user, campaign, self.params.get("run") or 0)

    def filename_stem(self) -> str:
        return f"chon-diem-chi-dao-{self.run.campaign.year}-lan-{self.run.pk}"

    def render(self, fmt: Format) -> bytes:
        # The criteria's headers are translated: build them here, inside the export's language.
        columns = (*self.base_columns, *(Column(str(CRITERIA[key]), 12) for key in WEIGHT_KEYS), Column("Lý do", 70))
        return render_xlsx(columns, self.rows(), title=str(self.title))

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        kinds = dict(SiteKind.choices)
        decisions = decisions_of(self.run).select_related("nomination__unit")
        for d in decisions.iterator(chunk_size=CHUNK):
            n = d.nomination
            yield (
                d.rank,
                YES if d.selected else "",
                n.site_name,
                n.province.name,
                n.region.name if n.region else "",
                str(kinds.get(n.kind, n.kind)),
                n.unit.name,
                d.score,
                *(d.parts.get(key) for key in WEIGHT_KEYS),
                reason_text(d.reason, d.detail),
            )
