from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    RESIDENTIAL_AREA = "residential_area", _("Residential area")


class DivisionType(models.TextChoices):
    PROVINCE = "tinh", _("province (tỉnh)")
    CITY = "thanh_pho_tw", _("centrally-run city")
    COMMUNE = "xa", _("commune (xã)")
    WARD = "phuong", _("ward (phường)")
    SPECIAL_ZONE = "dac_khu", _("special zone (đặc khu)")
    VILLAGE = "thon", _("village (thôn)")
    HAMLET = "ap", _("hamlet (ấp)")
    HIGHLAND_VILLAGE = "ban", _("highland village (bản)")
    STREET_GROUP = "to_dan_pho", _("street group (tổ dân phố)")
    QUARTER = "khu_pho", _("quarter (khu phố)")
    OTHER_RESIDENTIAL = "khu_dan_cu", _("other residential area")


RESIDENTIAL_TYPES = {
    DivisionType.VILLAGE,
    DivisionType.HAMLET,
    DivisionType.HIGHLAND_VILLAGE,
    DivisionType.STREET_GROUP,
    DivisionType.QUARTER,
    DivisionType.OTHER_RESIDENTIAL,
}


class TagKind(models.TextChoices):
    REGION = "region", _("Region")
    FLAG = "flag", _("Flag")


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department (Cục)")
    DIVISION = "division", _("Division (Phòng)")
    PROVINCIAL_POLICE = "provincial_police", _("Provincial police")
    COMMUNE_POLICE = "commune_police", _("Commune police")
    PARTNER = "partner", _("Partner body")


class Branch(models.TextChoices):
    POLICE = "police", _("Police")
    PARTNER = "partner", _("Partner body")


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    OFFICER = "officer", _("Officer")
    LEADER = "leader", _("Unit leader")
    ADMIN = "admin", _("Unit administrator")


class CommitteeRole(models.TextChoices):
    HEAD = "head", _("Head (Trưởng ban)")
    STANDING_DEPUTY = "standing_deputy", _("Standing deputy head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
