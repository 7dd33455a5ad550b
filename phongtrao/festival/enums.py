"""Choices of the festival (Ngày hội toàn dân bảo vệ ANTQ, 19/8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SiteLevel(models.TextChoices):
    """Who chose the site (domain.md §1.4): the Ministry / central steering committee down to the
    grassroots after the 2025 reform (no district level)."""

    NATIONAL = "national", _("National showcase site (điểm chỉ đạo)")
    PROVINCE = "province", _("Provincial site")
    COMMUNE = "commune", _("Commune site")
    GRASSROOTS = "grassroots", _("Grassroots site")


class SiteKind(models.TextChoices):
    """Where the festival is held."""

    COMMUNE = "commune", _("Commune, ward or special zone")
    RESIDENTIAL = "residential", _("Residential area")
    AGENCY = "agency", _("Agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")


class SecurityComplexity(models.IntegerChoices):
    NORMAL = 1, _("Stable")
    COMPLEX = 2, _("Complex")
    VERY_COMPLEX = 3, _("Especially complex")


class MovementClass(models.TextChoices):
    """Last year's classification of the movement (QĐ 510/QĐ-BCA-V05)."""

    EXCELLENT = "excellent", _("Excellent (Xuất sắc)")
    GOOD = "good", _("Good (Khá)")
    AVERAGE = "average", _("Average (Trung bình)")
    WEAK = "weak", _("Weak (Yếu)")
    UNRATED = "", _("Not rated")


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Pin(models.TextChoices):
    NONE = "", _("Not pinned")
    IN = "in", _("Pinned in")
    OUT = "out", _("Pinned out")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (time limit reached)")
    INFEASIBLE = "infeasible", _("Infeasible")
    FAILED = "failed", _("Failed")


FINISHED_RUN_STATES = {RunStatus.OPTIMAL, RunStatus.FEASIBLE, RunStatus.INFEASIBLE, RunStatus.FAILED}


class LeaderBody(models.TextChoices):
    PARTY = "party", _("Party")
    STATE = "state", pgettext_lazy("leader body", "State")
    MINISTRY = "ministry", _("Ministry of Public Security")
    PARTNER = "partner", _("Partner body")


class LeaderRank(models.IntegerChoices):
    """Tiers of protocol, highest first in meaning. Which tier a site needs is data on the site."""

    TIER_4 = 4, _("Politburo member, Deputy Prime Minister or equivalent")
    TIER_3 = 3, _("Party Central Committee member, Minister or equivalent")
    TIER_2 = 2, _("Deputy Minister or equivalent")
    TIER_1 = 1, _("Head of a department or equivalent")


class AssignmentSource(models.TextChoices):
    SOLVER = "solver", _("Proposed by the solver")
    MANUAL = "manual", _("Set by hand")


class ChecklistPart(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    CEREMONY = "ceremony", _("Ceremony (Phần lễ)")
    FESTIVAL = "festival", _("Festival (Phần hội)")


class ResultFieldKind(models.TextChoices):
    COUNT = "count", _("Count")
    MONEY = "money", _("Amount (VND)")


class ResultFieldGroup(models.TextChoices):
    SITES = "sites", _("Sites")
    PARTICIPATION = "participation", _("Participation")
    GIFTS = "gifts", _("Gifts")
    AWARDS = "awards", _("Awards")
    PROPAGANDA = "propaganda", _("Propaganda")
    OUTCOMES = "outcomes", _("Outcomes")


class ResultSource(models.TextChoices):
    FORM = "form", _("Entered in the form")
    IMPORT = "import", _("Imported from XLSX")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Checking")
    DONE = "done", _("Imported")
    REJECTED = "rejected", pgettext_lazy("import", "Rejected")
    FAILED = "failed", _("Failed")


class DocumentKind(models.TextChoices):
    NATIONAL_PLAN = "national_plan", _("National plan")
    PROVINCIAL_PLAN = "provincial_plan", _("Provincial plan")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")
