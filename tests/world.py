"""A small but complete world for tests: two provinces, their communes, the Ministry, V05,
a partner body, one account per persona, and data in each scope that could leak."""

from dataclasses import dataclass

from phongtrao.org.enums import AreaLevel, Branch, DivisionType, Role, UnitKind
from phongtrao.org.models import Area, Membership, Tag, Unit, User

PASSWORD = "Mật-khẩu-Thử-2025!"


@dataclass
class World:
    ministry: Unit
    v05: Unit
    v05_division: Unit
    province_a: Unit
    province_b: Unit
    commune_a: Unit
    commune_a2: Unit
    commune_b: Unit
    partner: Unit
    area_a: Area
    area_b: Area
    area_commune_a: Area
    area_commune_a2: Area
    area_commune_b: Area
    residential_a: Area
    residential_b: Area
    region: Tag
    central: User
    officer_a: User
    officer_b: User
    commune_officer_a: User
    partner_user: User
    admin_a: User
    leader_a: User
    superuser: User

    @property
    def personas(self) -> dict[str, User | None]:
        return {
            "central": self.central,
            "officer_a": self.officer_a,
            "officer_b": self.officer_b,
            "commune_a": self.commune_officer_a,
            "partner": self.partner_user,
            "anonymous": None,
        }


def area(name, level, division_type, code, parent=None) -> Area:
    a = Area(name=name, level=level, division_type=division_type, gso_code=code, parent=parent)
    a.path = Area.path_for(level, code or name, parent)
    a.save()
    return a


def user(username, unit, role=Role.OFFICER, full_name="", **extra) -> User:
    u = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username, **extra)
    if unit is not None:
        Membership.objects.create(user=u, unit=unit, role=role)
    return u


def build_world() -> World:
    region = Tag.objects.create(code="tay-nguyen", name="Tây Nguyên", kind="region")
    area_a = area("Tỉnh Đắk Lắk", AreaLevel.PROVINCE, DivisionType.PROVINCE, "66")
    area_b = area("Tỉnh Sơn La", AreaLevel.PROVINCE, DivisionType.PROVINCE, "14")
    area_commune_a = area("Phường Buôn Hồ", AreaLevel.COMMUNE, DivisionType.WARD, "24305", area_a)
    area_commune_a2 = area("Xã Ea Drông", AreaLevel.COMMUNE, DivisionType.COMMUNE, "24310", area_a)
    area_commune_b = area("Xã Tà Xùa", AreaLevel.COMMUNE, DivisionType.COMMUNE, "03868", area_b)
    area_a.tags.add(region)
    area_commune_a.tags.add(region)
    residential_a = area("Buôn Kdun", AreaLevel.RESIDENTIAL_AREA, DivisionType.HIGHLAND_VILLAGE, "", area_commune_a)
    residential_b = area("Bản Tà Xùa", AreaLevel.RESIDENTIAL_AREA, DivisionType.HIGHLAND_VILLAGE, "", area_commune_b)

    ministry = Unit.objects.create(name="Bộ Công an", code="BCA", kind=UnitKind.MINISTRY)
    v05 = Unit.objects.create(
        name="Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        short_name="Cục XDPT bảo vệ ANTQ",
        code="V05",
        kind=UnitKind.DEPARTMENT,
        parent=ministry,
    )
    v05_division = Unit.objects.create(name="Phòng Tham mưu", code="V05-P1", kind=UnitKind.DIVISION, parent=v05)
    province_a = Unit.objects.create(
        name="Công an tỉnh Đắk Lắk", code="CAT66", kind=UnitKind.PROVINCIAL_POLICE, parent=ministry, area=area_a
    )
    province_b = Unit.objects.create(
        name="Công an tỉnh Sơn La", code="CAT14", kind=UnitKind.PROVINCIAL_POLICE, parent=ministry, area=area_b
    )
    commune_a = Unit.objects.create(
        name="Công an phường Buôn Hồ", code="CAX24305", kind=UnitKind.COMMUNE_POLICE, parent=province_a, area=area_commune_a
    )
    commune_a2 = Unit.objects.create(
        name="Công an xã Ea Drông", code="CAX24310", kind=UnitKind.COMMUNE_POLICE, parent=province_a, area=area_commune_a2
    )
    commune_b = Unit.objects.create(
        name="Công an xã Tà Xùa", code="CAX03868", kind=UnitKind.COMMUNE_POLICE, parent=province_b, area=area_commune_b
    )
    partner = Unit.objects.create(
        name="Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam", code="MTTQ", kind=UnitKind.PARTNER, branch=Branch.PARTNER
    )
    v05.oversees.add(province_a, province_b)

    return World(
        ministry=ministry,
        v05=v05,
        v05_division=v05_division,
        province_a=province_a,
        province_b=province_b,
        commune_a=commune_a,
        commune_a2=commune_a2,
        commune_b=commune_b,
        partner=partner,
        area_a=area_a,
        area_b=area_b,
        area_commune_a=area_commune_a,
        area_commune_a2=area_commune_a2,
        area_commune_b=area_commune_b,
        residential_a=residential_a,
        residential_b=residential_b,
        region=region,
        central=user("central", v05, Role.OFFICER, "Nguyễn Thế Chi", rank="Đại tá"),
        officer_a=user("officer_a", province_a, Role.OFFICER, "Y Bhơ Niê"),
        officer_b=user("officer_b", province_b, Role.OFFICER, "Lò Văn Púa"),
        commune_officer_a=user("commune_a", commune_a, Role.OFFICER, "Trần Văn Hùng"),
        partner_user=user("partner", partner, Role.OFFICER, "Hoàng Công Thủy"),
        admin_a=user("admin_a", province_a, Role.ADMIN, "Lê Thị Hoa"),
        leader_a=user("leader_a", province_a, Role.LEADER, "Phạm Văn Lâm"),
        superuser=User.objects.create_superuser("root", "root@localhost", PASSWORD, full_name="Quản trị hệ thống"),
    )
