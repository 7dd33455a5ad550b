"""The nominations of a campaign as a sheet, with the list page's filters (registered in register.py)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from django.utils.translation import gettext_lazy

from phongtrao.documents.registry import TableExporter
from phongtrao.documents.xlsx import Cell, Column

from ..core import get_campaign
from ..enums import MovementClass, NominationState, Pin, SecurityComplexity, SiteKind
from ..models import Campaign, Nomination
from .queries import filter_nominations

CHUNK = 500
YES = "Có"


def _area(nomination: Nomination) -> str:
    area = nomination.area
    if area.parent_id is not None and area.parent_id != nomination.province_id:
        return f"{area.name}, {area.parent.name}"  # type: ignore[union-attr]
    return area.name


class NominationList(TableExporter):
    """One row per nomination the user may see, narrowed like the list page (params: year and the
    filters q, province, region, kind, state, pinned)."""

    key = "festival.nominations"
    title = gettext_lazy("Nominated sites")
    columns = (
        Column("STT", 6),
        Column("Tên điểm", 32),
        Column("Loại điểm", 18),
        Column("Xã/phường, khu dân cư", 32),
        Column("Tỉnh, thành phố", 18),
        Column("Vùng", 14),
        Column("Đơn vị đề xuất", 28),
        Column("Ngày dự kiến", 12),
        Column("Tỷ lệ đồng bào DTTS (%)", 12),
        Column("Biên giới", 9),
        Column("Hải đảo", 9),
        Column("Vùng đồng bào tôn giáo", 11),
        Column("Tình hình ANTT", 16),
        Column("Xếp loại phong trào năm trước", 18),
        Column("Số mô hình", 10),
        Column("Các mô hình", 30),
        Column("Năm gần nhất đón lãnh đạo TW", 12),
        Column("Lý do đề xuất", 40),
        Column("Trạng thái", 12),
        Column("Ghim", 12),
        Column("Lý do ghim", 30),
    )

    @cached_property
    def campaign(self) -> Campaign:
        return get_campaign(int(self.params.get("year") or 0))

    def filename_stem(self) -> str:
        return f"de-xuat-diem-ngay-hoi-{self.campaign.year}"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        _form, nominations = filter_nominations(self.user, self.campaign, self.params)
        kinds, classes = dict(SiteKind.choices), dict(MovementClass.choices)
        situations, states, pins = dict(SecurityComplexity.choices), dict(NominationState.choices), dict(Pin.choices)
        for index, n in enumerate(nominations.iterator(chunk_size=CHUNK), start=1):
            yield (
                index,
                n.site_name,
                str(kinds.get(n.kind, n.kind)),
                _area(n),
                n.province.name,
                n.region.name if n.region_id else "",  # type: ignore[union-attr]
                n.unit.name,
                n.proposed_date,
                n.ethnic_minority_share,
                YES if n.is_border else "",
                YES if n.is_island else "",
                YES if n.is_religious else "",
                str(situations.get(n.security_complexity, n.security_complexity)),
                str(classes.get(n.movement_class, n.movement_class)),
                n.models_count,
                n.models_text,
                n.last_hosted_year,
                n.reason,
                str(states.get(n.state, n.state)),
                str(pins[n.pin]) if n.pin else "",
                n.pin_reason,
            )
