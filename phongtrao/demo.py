"""Demo data: the world of the 23/05/2023 working session (../shared/seed), for newcomers.

Everything goes through the actions, as any other change does, so the history panels and the
"what changed" page show the demo's own story. Idempotent: running it twice changes nothing.
"""

import datetime

from django.db import transaction

from phongtrao.demo_festival import load_festival_demo
from phongtrao.demo_meetings import load_meeting_demo
from phongtrao.demo_work import load_work_demo
from phongtrao.meetings.models import Meeting
from phongtrao.org import actions as org_actions
from phongtrao.org.enums import Branch, CommitteeRole, DivisionType, Role, UnitKind
from phongtrao.org.models import Area, Membership, SteeringCommittee, SteeringCommitteeMember, Unit, User

DEMO_PASSWORD = "PhongTrao@2023"  # noqa: S105  demo data only; production settings disable demo mode

# (username, description shown on the login page in demo mode)
DEMO_ACCOUNTS: list[tuple[str, str]] = [
    ("admin", "Quản trị hệ thống (toàn quyền)"),
    ("thutruong", "Thứ trưởng Lê Quốc Hùng — lãnh đạo Bộ, xem toàn bộ"),
    ("cuctruong", "Cục trưởng Tráng A Tủa — lãnh đạo Cục V05"),
    ("phocuctruong", "Phó Cục trưởng Nguyễn Thế Chi — lãnh đạo Cục V05"),
    ("canbo_v05", "Cán bộ Phòng Hướng dẫn xây dựng phong trào (V05)"),
    ("quantri_v05", "Quản trị tài khoản của Cục V05"),
    ("xem_v05", "Tài khoản chỉ xem của Cục V05"),
    ("sonla_lanhdao", "Lãnh đạo Công an tỉnh Sơn La"),
    ("sonla_canbo", "Cán bộ Công an tỉnh Sơn La"),
    ("sonla_quantri", "Quản trị tài khoản Công an tỉnh Sơn La"),
    ("taxua_canbo", "Cán bộ Công an xã Tà Xùa (Sơn La)"),
    ("daklak_canbo", "Cán bộ Công an tỉnh Đắk Lắk"),
    ("cantho_canbo", "Cán bộ Công an thành phố Cần Thơ"),
    ("mttq_canbo", "Cán bộ Ban Thường trực UBTW MTTQ Việt Nam (cơ quan phối hợp)"),
]

V05_DIVISIONS = [
    ("V05-P1", "Phòng Tham mưu tổng hợp"),
    ("V05-P2", "Phòng Hướng dẫn xây dựng phong trào"),
    ("V05-P3", "Phòng Xây dựng lực lượng tham gia bảo vệ ANTT ở cơ sở"),
    ("V05-P4", "Phòng Tuyên truyền, vận động quần chúng"),
]

PARTNERS = [
    ("MTTQ", "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam", None),
    ("BGDDT", "Bộ Giáo dục và Đào tạo", None),
    ("BTC", "Bộ Tài chính", None),
    ("BNCTW", "Ban Nội chính Trung ương", None),
    ("TU-HY", "Tỉnh ủy Hưng Yên", "Tỉnh Hưng Yên"),
    ("TU-LS", "Tỉnh ủy Lạng Sơn", "Tỉnh Lạng Sơn"),
    ("TU-HCM", "Thành ủy Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
]

RESIDENTIAL = {
    "Xã Tà Xùa": [
        ("Bản Tà Xùa", DivisionType.HIGHLAND_VILLAGE),
        ("Bản Trò A", DivisionType.HIGHLAND_VILLAGE),
        ("Bản Háng Đồng A", DivisionType.HIGHLAND_VILLAGE),
    ],
    "Xã Ngọc Chiến": [("Bản Nậm Nghẹp", DivisionType.HIGHLAND_VILLAGE), ("Bản Phiêng Cài", DivisionType.HIGHLAND_VILLAGE)],
}


def demo_logins() -> list[dict]:
    existing = set(User.objects.filter(username__in=[u for u, _d in DEMO_ACCOUNTS]).values_list("username", flat=True))
    return [{"username": u, "description": d} for u, d in DEMO_ACCOUNTS if u in existing]


def _unit(code: str, name: str, kind: str, parent: Unit | None, *, branch=Branch.POLICE, area=None) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit.objects.create(code=code, name=name, kind=kind, parent=parent, branch=branch, area=area)
    return unit


def _police_of(area_name: str) -> Unit:
    return Unit.objects.get(area__name=area_name, kind__in=[UnitKind.PROVINCIAL_POLICE, UnitKind.COMMUNE_POLICE])


def _person(admin, spec: tuple) -> User:
    username, full_name, rank, position, unit, role = spec
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return org_actions.user_create(
        actor=admin,
        username=username,
        full_name=full_name,
        rank=rank,
        position=position,
        email=f"{username}@demo.bca",
        phone="",
        unit=unit,
        role=role,
        password=DEMO_PASSWORD,
    )


@transaction.atomic
def load_demo() -> dict:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@demo.bca", DEMO_PASSWORD, full_name="Quản trị hệ thống")

    ministry = Unit.objects.get(code="BCA")
    v05 = Unit.objects.get(code="V05")
    divisions = {code: _unit(code, name, UnitKind.DIVISION, v05) for code, name in V05_DIVISIONS}
    _unit("V01", "Văn phòng Bộ Công an", UnitKind.DEPARTMENT, ministry)
    _unit("X01", "Cục Tổ chức cán bộ", UnitKind.DEPARTMENT, ministry)
    v05.oversees.add(*Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE))
    partners = {}
    for code, name, area_name in PARTNERS:
        area = Area.objects.get(name=area_name, level="province") if area_name else None
        partners[code] = _unit(code, name, UnitKind.PARTNER, None, branch=Branch.PARTNER, area=area)

    son_la, dak_lak, can_tho = _police_of("Tỉnh Sơn La"), _police_of("Tỉnh Đắk Lắk"), _police_of("Thành phố Cần Thơ")
    ta_xua = _police_of("Xã Tà Xùa")
    people = [
        ("thutruong", "Lê Quốc Hùng", "", "Thứ trưởng Bộ Công an", ministry, Role.LEADER),
        ("cuctruong", "Tráng A Tủa", "Thiếu tướng", "Cục trưởng", v05, Role.LEADER),
        ("phocuctruong", "Nguyễn Thế Chi", "Đại tá", "Phó Cục trưởng", v05, Role.LEADER),
        ("canbo_v05", "Phạm Minh Tâm", "Thiếu tá", "Cán bộ", divisions["V05-P2"], Role.OFFICER),
        ("quantri_v05", "Đỗ Thị Thu Hà", "Trung tá", "Phó Trưởng phòng Tham mưu tổng hợp", v05, Role.ADMIN),
        ("xem_v05", "Vũ Đức Anh", "Đại úy", "Cán bộ", v05, Role.VIEWER),
        ("sonla_lanhdao", "Lò Văn Thành", "Đại tá", "Phó Giám đốc Công an tỉnh", son_la, Role.LEADER),
        ("sonla_canbo", "Cầm Thị Lan", "Thiếu tá", "Cán bộ Phòng Tham mưu", son_la, Role.OFFICER),
        ("sonla_quantri", "Quàng Văn Minh", "Trung tá", "Cán bộ quản trị hệ thống", son_la, Role.ADMIN),
        ("taxua_canbo", "Giàng A Sử", "Thượng úy", "Trưởng Công an xã", ta_xua, Role.OFFICER),
        ("daklak_canbo", "Y Khâm Êban", "Thiếu tá", "Cán bộ Phòng Tham mưu", dak_lak, Role.OFFICER),
        ("cantho_canbo", "Thạch Thị Sa Rết", "Đại úy", "Cán bộ Phòng Tham mưu", can_tho, Role.OFFICER),
        ("mttq_canbo", "Hoàng Công Thủy", "", "Phó Chủ tịch UBTW MTTQ Việt Nam", partners["MTTQ"], Role.OFFICER),
    ]
    users = {p[0]: _person(admin, p) for p in people}

    for commune_name, villages in RESIDENTIAL.items():
        commune = Area.objects.filter(name=commune_name, level="commune", parent__name="Tỉnh Sơn La").first()
        if commune is None:
            continue
        for name, kind in villages:
            if not commune.children.filter(name=name).exists():
                org_actions.residential_area_create(
                    actor=users["taxua_canbo"] if commune_name == "Xã Tà Xùa" else admin,
                    commune=commune,
                    name=name,
                    division_type=kind,
                )

    _committees(v05, son_la, partners)
    _meeting(admin)
    load_work_demo(admin)
    load_meeting_demo(admin, Meeting.objects.get(owner__code="V05", date=datetime.date(2023, 5, 23)))
    festival = load_festival_demo(admin)
    return {**festival, "users": len(users) + 1, "memberships": Membership.objects.count()}


def _committees(v05: Unit, son_la: Unit, partners: dict) -> None:
    central, made = SteeringCommittee.objects.get_or_create(
        name="Ban Chỉ đạo thực hiện phong trào toàn dân bảo vệ ANTQ Trung ương",
        defaults={"unit": v05, "basis": "Quyết định thành lập của Bộ trưởng Bộ Công an"},
    )
    if made:
        members = [
            ("Lê Quốc Hùng", "Thượng tướng, Thứ trưởng Bộ Công an", CommitteeRole.HEAD, None),
            ("Hoàng Công Thủy", "Phó Chủ tịch UBTW MTTQ Việt Nam", CommitteeRole.DEPUTY, partners["MTTQ"]),
            ("Tráng A Tủa", "Thiếu tướng, Cục trưởng Cục XDPT bảo vệ ANTQ", CommitteeRole.STANDING_DEPUTY, v05),
            ("Nguyễn Thế Chi", "Đại tá, Phó Cục trưởng Cục XDPT bảo vệ ANTQ", CommitteeRole.SECRETARY, v05),
        ]
        for order, (name, position, role, org) in enumerate(members):
            SteeringCommitteeMember.objects.create(
                committee=central, full_name=name, position=position, committee_role=role, organisation=org, order=order
            )
    provincial, made = SteeringCommittee.objects.get_or_create(
        name="Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào toàn dân bảo vệ ANTQ tỉnh Sơn La",
        defaults={"unit": son_la, "area": son_la.area, "basis": "Quyết định của Chủ tịch UBND tỉnh"},
    )
    if made:
        SteeringCommitteeMember.objects.create(
            committee=provincial,
            full_name="Lò Văn Thành",
            position="Phó Giám đốc Công an tỉnh",
            committee_role=CommitteeRole.STANDING_DEPUTY,
            organisation=son_la,
            order=1,
        )


SEED_MEETING_TITLE = "Rà soát tiến độ công tác xây dựng phong trào và chuẩn bị tổ chức Ngày hội toàn dân bảo vệ ANTQ năm 2023"
SEED_MEETING_SUMMARY = (
    "Đại tá Nguyễn Thế Chi, Phó Cục trưởng báo cáo kết quả 14 công tác trọng tâm từ đầu năm 2023, "
    "tình hình tiến độ, khó khăn, vướng mắc và đề xuất, kiến nghị xin ý kiến lãnh đạo Bộ; "
    "vạch ra 9 mặt công tác tiếp tục đẩy mạnh đến cuối năm. Thứ trưởng Lê Quốc Hùng kết luận: "
    "3 đề án thành phần thực hiện Nghị quyết 12 phải hoàn thành đúng ngày 15/6; hoàn thành dự thảo Thông tư "
    "về kinh phí xây dựng phong trào ngay trong tuần này, đăng Cổng thông tin điện tử Bộ Công an lấy ý kiến; "
    "chuẩn bị các hội nghị phối hợp với MTTQ; lựa chọn 25-30 điểm tổ chức Ngày hội năm 2023; "
    "tập huấn, bồi dưỡng nghiệp vụ cho đội ngũ cán bộ làm công tác xây dựng phong trào ở cơ sở."
)


def _meeting(admin) -> None:
    """The seed's working session of 23/05/2023 with its attendees."""
    import datetime

    from phongtrao.meetings import actions as meeting_actions
    from phongtrao.meetings.enums import MeetingKind
    from phongtrao.meetings.models import Meeting

    v05 = Unit.objects.get(code="V05")
    if Meeting.objects.filter(owner=v05, date=datetime.date(2023, 5, 23)).exists():
        return
    meeting = meeting_actions.meeting_create(
        actor=admin,
        owner=v05,
        title=SEED_MEETING_TITLE,
        kind=MeetingKind.WORKING_SESSION,
        date=datetime.date(2023, 5, 23),
        place="Cục XDPT bảo vệ ANTQ, Hà Nội",
        chair_name="Thứ trưởng Lê Quốc Hùng",
        summary=SEED_MEETING_SUMMARY,
    )
    attendees = [
        ("Lê Quốc Hùng", "", "Thứ trưởng Bộ Công an, Trưởng Ban Chỉ đạo Trung ương", "BCA"),
        ("Tráng A Tủa", "Thiếu tướng", "Cục trưởng Cục XDPT bảo vệ ANTQ", "V05"),
        ("Nguyễn Thế Chi", "Đại tá", "Phó Cục trưởng Cục XDPT bảo vệ ANTQ", "V05"),
        ("Lê Minh Thảo", "Đại tá", "Phó Cục trưởng Cục Tổ chức cán bộ", "X01"),
        ("Lãnh đạo các phòng chức năng", "", "Cục XDPT bảo vệ ANTQ", "V05"),
        ("Đại diện Văn phòng Bộ Công an", "", "Văn phòng Bộ Công an", "V01"),
    ]
    for name, rank, position, code in attendees:
        meeting_actions.attendee_add(
            actor=admin, meeting=meeting, full_name=name, rank=rank, position=position, unit=Unit.objects.get(code=code)
        )
