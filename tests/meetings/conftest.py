import datetime

import pytest

from phongtrao.meetings import actions
from phongtrao.meetings.enums import MeetingKind
from phongtrao.org.enums import Branch, UnitKind
from phongtrao.org.models import Unit
from phongtrao.work import actions as work_actions

SEED = "/work/shared/seed/article-2023-05-23.txt"
SEED_DATE = datetime.date(2023, 5, 23)


@pytest.fixture
def units(world):
    """The Ministry's departments and the partner bodies that conclusions name, beside the world's units."""
    ministry = world.ministry

    def unit(code, name, kind=UnitKind.DEPARTMENT, parent=ministry, branch=Branch.POLICE):
        return Unit.objects.create(code=code, name=name, kind=kind, parent=parent, branch=branch)

    partner = {"kind": UnitKind.PARTNER, "parent": None, "branch": Branch.PARTNER}
    made = {
        "V01": unit("V01", "Văn phòng Bộ Công an"),
        "X01": unit("X01", "Cục Tổ chức cán bộ"),
        "TTCAND": unit("TTCAND", "Cục Truyền thông Công an nhân dân"),
        "V05-P2": unit("V05-P2", "Phòng Hướng dẫn xây dựng phong trào", UnitKind.DIVISION, world.v05),
        "V05-P4": unit("V05-P4", "Phòng Tuyên truyền, vận động quần chúng", UnitKind.DIVISION, world.v05),
        "BGDDT": unit("BGDDT", "Bộ Giáo dục và Đào tạo", **partner),
        "BTC": unit("BTC", "Bộ Tài chính", **partner),
        "TWD": unit("TWD", "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", **partner),
        "TLD": unit("TLD", "Tổng Liên đoàn Lao động Việt Nam", **partner),
        "HLHPN": unit("HLHPN", "Hội Liên hiệp Phụ nữ Việt Nam", **partner),
    }
    return made


@pytest.fixture
def seed_meeting(world, units):
    return actions.meeting_create(
        actor=world.central,
        owner=world.v05,
        title="Làm việc với Cục XDPT bảo vệ ANTQ về tiến độ công tác năm 2023",
        kind=MeetingKind.WORKING_SESSION,
        date=SEED_DATE,
        place="Hà Nội",
        chair_name="Thứ trưởng Lê Quốc Hùng",
    )


@pytest.fixture
def programme_2023(world):
    return work_actions.programme_create(
        actor=world.central, owner=world.v05, year=2023, title="Chương trình công tác năm 2023 của Cục XDPT bảo vệ ANTQ"
    )


@pytest.fixture
def meetings(world):
    """A meeting in each province and one at V05, recorded by their own officers."""
    a = actions.meeting_create(
        actor=world.officer_a, owner=world.province_a, title="Giao ban Đắk Lắk", kind=MeetingKind.WORKING_SESSION,
        date=datetime.date(2025, 3, 4),
    )  # fmt: skip
    b = actions.meeting_create(
        actor=world.officer_b, owner=world.province_b, title="Giao ban Sơn La", kind=MeetingKind.ONLINE_CONFERENCE,
        date=datetime.date(2025, 3, 5),
    )  # fmt: skip
    v = actions.meeting_create(
        actor=world.central, owner=world.v05, title="Làm việc với Cục", kind=MeetingKind.STEERING_COMMITTEE,
        date=datetime.date(2025, 3, 6),
    )  # fmt: skip
    return {"a": a, "b": b, "v05": v}
