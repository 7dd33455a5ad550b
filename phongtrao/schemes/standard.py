"""The standard phase sequence of a scheme, from the seed (cand.com.vn, 23/05/2023): the component
schemes implementing Nghị quyết 12-NQ/TW "đúng ngày 15/6 phải hoàn thành, báo cáo Văn phòng Bộ làm tờ
trình để báo cáo xin ý kiến của Ban Thường vụ Đảng ủy Công an Trung ương phê duyệt".

Phase names, gates and document kinds are reference data in Vietnamese (stored on each scheme when it
is created, like unit names), not interface strings. Durations are in working days when the working-day
calendar is installed (see schedule.default_calendar), otherwise in calendar days.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PhaseTemplate:
    name: str
    duration: int
    gate_description: str
    required_documents: tuple[str, ...]


STANDARD_PHASES: tuple[PhaseTemplate, ...] = (
    PhaseTemplate(
        "Xây dựng dự thảo",
        15,
        "Dự thảo đề án được lãnh đạo đơn vị chủ trì thông qua để lấy ý kiến.",
        ("Dự thảo đề án",),
    ),
    PhaseTemplate(
        "Hoàn thiện đề án",
        10,
        "Đề án được hoàn thiện sau khi lấy ý kiến các đơn vị liên quan.",
        ("Đề án (bản hoàn thiện)", "Báo cáo tiếp thu, giải trình ý kiến"),
    ),
    PhaseTemplate(
        "Báo cáo Văn phòng Bộ",
        5,
        "Hồ sơ đề án đã gửi Văn phòng Bộ để làm tờ trình.",
        ("Báo cáo gửi Văn phòng Bộ",),
    ),
    PhaseTemplate(
        "Trình (tờ trình)",
        5,
        "Tờ trình xin ý kiến Ban Thường vụ Đảng ủy Công an Trung ương đã ký, kèm báo cáo thẩm định.",
        ("Tờ trình", "Báo cáo thẩm định"),
    ),
    PhaseTemplate(
        "Ban Thường vụ Đảng ủy CATW phê duyệt",
        10,
        "Có văn bản phê duyệt của Ban Thường vụ Đảng ủy Công an Trung ương.",
        ("Văn bản phê duyệt",),
    ),
)


def standard_phases() -> tuple[PhaseTemplate, ...]:
    """The standard five phases: drafting → completed → reported to the Ministry Office → submission → approval."""
    return STANDARD_PHASES
