"""The yearly festival (Ngày hội toàn dân bảo vệ ANTQ, 19/8) as a campaign.

A campaign has a window and plans (national, provincial). Provincial police nominate candidate
sites; a selection run scores them and picks the national showcase sites with CP-SAT; adopted
runs become Sites. National leaders are scheduled onto sites and dates. Each site has a
checklist (preparation, Phần lễ, Phần hội). Every unit that held the festival reports result rows
(one per site) whose figures are the campaign's configurable result fields.

What is scoped: nominations (by the nominating unit), sites (by the host unit), result rows
(by the reporting unit). Campaigns, leaders and the schedule belong to the campaign's owner (V05).
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongtrao.common.models import StoredFile
from phongtrao.common.text import fold, person_sort_key
from phongtrao.org.models import UnitScopedQuerySet

from .enums import (
    AssignmentSource,
    ChecklistPart,
    DocumentKind,
    ImportStatus,
    LeaderBody,
    LeaderRank,
    MovementClass,
    NominationState,
    Pin,
    ResultFieldGroup,
    ResultFieldKind,
    ResultSource,
    RunStatus,
    SecurityComplexity,
    SiteKind,
    SiteLevel,
)


def _stored_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"festival/{folder}/{uuid.uuid4().hex}{suffix}"


def document_path(instance, filename: str) -> str:
    return _stored_name("documents", filename)


def import_path(instance, filename: str) -> str:
    return _stored_name("imports", filename)


class Campaign(models.Model):
    """One year's festival: the national plan, the window and the settings of site selection."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2005), MaxValueValidator(2100)])
    theme = models.CharField(_("theme"), max_length=500)
    owner = models.ForeignKey("org.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+")
    window_start = models.DateField(_("first day of the window"))
    window_end = models.DateField(_("last day of the window"))
    festival_day = models.DateField(_("festival day"))
    nomination_deadline = models.DateField(_("deadline for nominations"), null=True, blank=True)
    results_due = models.DateField(_("deadline for results"), null=True, blank=True)
    wrap_up_date = models.DateField(_("wrap-up conference"), null=True, blank=True)
    plan_number = models.CharField(_("national plan number"), max_length=100, blank=True)
    plan_date = models.DateField(_("national plan date"), null=True, blank=True)
    # Weights and constraints of site selection, validated by festival.selection.Settings.
    selection_settings = models.JSONField(_("selection settings"), default=dict, blank=True)
    # Free days a leader needs between sites in two different regions.
    travel_days = models.PositiveSmallIntegerField(_("travel days between regions"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("festival campaign")
        verbose_name_plural = _("festival campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gte=models.F("window_start")), name="campaign_window_ordered"),
        ]

    def __str__(self) -> str:
        return f"Ngày hội toàn dân bảo vệ ANTQ năm {self.year}"

    def window_days(self) -> list[datetime.date]:
        span = (self.window_end - self.window_start).days
        return [self.window_start + datetime.timedelta(days=i) for i in range(span + 1)]


class CampaignDocument(StoredFile):
    """The national plan, a provincial plan or another document of the campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents")
    unit = models.ForeignKey("org.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number and symbol"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_path)

    objects = UnitScopedQuerySet.as_manager()

    class Meta(StoredFile.Meta):
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")


class NominationQuerySet(UnitScopedQuerySet):
    scope_field = "unit__path"

    def active(self) -> NominationQuerySet:
        return self.filter(state=NominationState.SUBMITTED)


class Nomination(models.Model):
    """A candidate site proposed by a provincial police for the national showcase sites."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey("org.Unit", verbose_name=_("nominating unit"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "org.Area", verbose_name=_("commune or residential area"), on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised from the area when saved: the constraints and the roll-ups group by them.
    province = models.ForeignKey("org.Area", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "org.Tag", verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind of site"), max_length=20, choices=SiteKind.choices)
    site_name = models.CharField(_("name of the site"), max_length=255)
    site_name_folded = models.CharField(max_length=255, editable=False, blank=True, default="")
    proposed_date = models.DateField(_("proposed date"))
    ethnic_minority_share = models.PositiveSmallIntegerField(
        _("ethnic-minority share (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    is_border = models.BooleanField(_("border area"), default=False)
    is_island = models.BooleanField(_("island"), default=False)
    is_religious = models.BooleanField(_("religious area"), default=False)
    security_complexity = models.PositiveSmallIntegerField(
        _("security situation"), choices=SecurityComplexity.choices, default=SecurityComplexity.NORMAL
    )
    movement_class = models.CharField(
        _("last year's movement classification"), max_length=20, choices=MovementClass.choices, blank=True, default=""
    )
    models_count = models.PositiveSmallIntegerField(_("models in place"), default=0)
    models_text = models.TextField(_("models in place (names)"), blank=True)
    last_hosted_year = models.PositiveSmallIntegerField(
        _("last year it hosted national leaders"), null=True, blank=True, validators=[MinValueValidator(2005)]
    )
    reason = models.TextField(_("why this site"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=NominationState.choices, default=NominationState.SUBMITTED)
    pin = models.CharField(_("pinned by hand"), max_length=3, choices=Pin.choices, blank=True, default=Pin.NONE)
    pin_reason = models.CharField(_("reason for pinning"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["province__sort_key", "site_name", "pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "area", "kind", "site_name"], name="nomination_unique_site"),
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return self.site_name

    def save(self, *args, **kwargs):
        self.site_name_folded = fold(self.site_name)
        super().save(*args, **kwargs)


class NominationDocument(StoredFile):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)


class SelectionRun(models.Model):
    """One solve of the showcase-site selection with the weights, constraints and pins it used."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="selection_runs")
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    parameters = models.JSONField(_("weights and constraints"), default=dict)
    pins = models.JSONField(_("pins"), default=dict)  # {"in": [ids], "out": [ids]} as they were at the start
    candidates = models.PositiveIntegerField(_("candidates"), default=0)
    considered = models.PositiveIntegerField(_("candidates given to the solver"), default=0)
    selected_count = models.PositiveIntegerField(_("sites selected"), default=0)
    objective = models.BigIntegerField(_("total score"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solving time (s)"), null=True, blank=True)
    # Sentences in Vietnamese: why the constraints cannot all hold, or what went wrong.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")

    def __str__(self) -> str:
        return f"#{self.pk} ({self.campaign.year})"


class SelectionDecision(models.Model):
    """Why one candidate is in or out of one run, with every part of its score."""

    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="decisions")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="decisions")
    selected = models.BooleanField(_("selected"))
    score = models.IntegerField(_("score"))
    parts = models.JSONField(_("parts of the score"), default=dict)  # {criterion key: points}
    reason = models.CharField(_("reason"), max_length=40)  # a code of festival.selection.REASONS
    detail = models.JSONField(default=dict, blank=True)  # values that fill the reason's sentence
    rank = models.PositiveIntegerField(_("rank by score"), default=0)

    class Meta:
        ordering = ["-selected", "rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["run", "nomination"], name="selection_decision_unique")]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.reason}"


class SiteQuerySet(UnitScopedQuerySet):
    scope_field = "unit__path"


class Site(models.Model):
    """A place that holds the festival: a national showcase site adopted from a selection run, or a
    provincial, commune or grassroots site a unit registers itself."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sites")
    level = models.CharField(_("level"), max_length=20, choices=SiteLevel.choices)
    kind = models.CharField(_("kind of site"), max_length=20, choices=SiteKind.choices)
    name = models.CharField(_("name of the site"), max_length=255)
    area = models.ForeignKey("org.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("org.Area", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "org.Tag", verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="+")
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("nomination"), on_delete=models.SET_NULL, null=True, blank=True, related_name="site"
    )
    date = models.DateField(_("date"))
    earliest = models.DateField(_("earliest possible date"), null=True, blank=True)
    latest = models.DateField(_("latest possible date"), null=True, blank=True)
    required_rank = models.PositiveSmallIntegerField(
        _("rank of leader required"), choices=LeaderRank.choices, null=True, blank=True
    )
    address = models.CharField(_("venue"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["date", "province__sort_key", "name", "pk"]
        verbose_name = _("festival site")
        verbose_name_plural = _("festival sites")
        constraints = [models.UniqueConstraint(fields=["campaign", "area", "kind", "name"], name="site_unique")]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A national leader who may attend sites (Party, State, Ministry, partner bodies)."""

    full_name = models.CharField(_("full name"), max_length=150)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    position = models.CharField(_("position"), max_length=255)
    body = models.CharField(_("body"), max_length=20, choices=LeaderBody.choices)
    rank = models.PositiveSmallIntegerField(_("rank"), choices=LeaderRank.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-rank", "sort_key", "pk"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_key = person_sort_key(self.full_name)
        super().save(*args, **kwargs)


class LeaderAvailability(models.Model):
    """The days a leader can attend in one campaign, and their preferences."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="availabilities")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="availabilities")
    days = models.JSONField(_("available days"), default=list)  # ISO dates, sorted
    preferred_regions = models.ManyToManyField("org.Tag", verbose_name=_("preferred regions"), blank=True, related_name="+")
    preferred_sites = models.ManyToManyField(Site, verbose_name=_("preferred sites"), blank=True, related_name="+")
    max_sites = models.PositiveSmallIntegerField(_("at most this many sites"), default=3)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("leader's availability")
        constraints = [models.UniqueConstraint(fields=["campaign", "leader"], name="leader_availability_unique")]

    def __str__(self) -> str:
        return f"{self.leader_id} ({self.campaign_id})"

    def day_set(self) -> set[datetime.date]:
        return {datetime.date.fromisoformat(day) for day in self.days}


class LeaderAssignment(models.Model):
    """A leader attends a site on a day. One leader leads a site's delegation."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="leader_assignments")
    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="leader_assignment")
    leader = models.ForeignKey(Leader, on_delete=models.PROTECT, related_name="assignments")
    day = models.DateField(_("day"))
    source = models.CharField(_("source"), max_length=10, choices=AssignmentSource.choices, default=AssignmentSource.SOLVER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "leader__sort_key", "pk"]
        verbose_name = _("leader's attendance")
        verbose_name_plural = _("leaders' schedule")

    def __str__(self) -> str:
        return f"{self.leader_id} → {self.site_id} ({self.day:%d/%m/%Y})"


class ChecklistTemplateItem(models.Model):
    """One step of a site's programme, copied to every site of the campaign (editable per year)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="checklist_template")
    part = models.CharField(_("part"), max_length=20, choices=ChecklistPart.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=300)
    optional = models.BooleanField(_("optional"), default=False)
    # Due date relative to the site's date: -7 means a week before.
    offset_days = models.SmallIntegerField(_("days relative to the site's date"), default=0)

    class Meta:
        ordering = ["part", "order", "pk"]
        verbose_name = _("programme step")
        verbose_name_plural = _("programme steps")

    def __str__(self) -> str:
        return self.title


class SiteTaskQuerySet(UnitScopedQuerySet):
    scope_field = "site__unit__path"


class SiteTask(models.Model):
    """A step of one site's programme with its owner and date (the site's readiness checklist)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="tasks")
    part = models.CharField(_("part"), max_length=20, choices=ChecklistPart.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=300)
    optional = models.BooleanField(_("optional"), default=False)
    # Added for this site alone (not copied from the campaign's programme): only these may be deleted.
    custom = models.BooleanField(_("added for this site"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner_name = models.CharField(_("owner (outside the system)"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = SiteTaskQuerySet.as_manager()

    class Meta:
        ordering = ["site", "part", "order", "pk"]
        verbose_name = _("programme step of a site")
        verbose_name_plural = _("programme steps of a site")

    def __str__(self) -> str:
        return self.title


class ResultField(models.Model):
    """A figure every unit reports for the year (participants, gifts, awards by form...)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="result_fields")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    group = models.CharField(_("group"), max_length=20, choices=ResultFieldGroup.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=ResultFieldKind.choices, default=ResultFieldKind.COUNT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("result field")
        verbose_name_plural = _("result fields")
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="result_field_unique_key")]

    def __str__(self) -> str:
        return self.label


class ResultImport(models.Model):
    """An uploaded results workbook: checked row by row, written all or nothing."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="imports")
    unit = models.ForeignKey("org.Unit", verbose_name=_("importing unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_path)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row": 12, "column": "...", "message": "..."}]
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("results import")
        verbose_name_plural = _("results imports")

    def __str__(self) -> str:
        return self.name


class ResultRowQuerySet(UnitScopedQuerySet):
    scope_field = "unit__path"


class ResultRow(models.Model):
    """The results of one site that held the festival, reported by the unit responsible for it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="result_rows")
    unit = models.ForeignKey("org.Unit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+")
    # The commune the site lies in, its province and region: the roll-up groups by these.
    commune = models.ForeignKey("org.Area", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("org.Area", verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(
        "org.Tag", verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    site_name = models.CharField(_("name of the site"), max_length=255)
    site_kind = models.CharField(_("kind of site"), max_length=20, choices=SiteKind.choices)
    site_level = models.CharField(_("level"), max_length=20, choices=SiteLevel.choices)
    held_on = models.DateField(_("held on"))
    values = models.JSONField(_("figures"), default=dict)  # {ResultField.key: int}
    source = models.CharField(_("source"), max_length=10, choices=ResultSource.choices, default=ResultSource.FORM)
    result_import = models.ForeignKey(ResultImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="rows")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    objects = ResultRowQuerySet.as_manager()

    class Meta:
        ordering = ["province", "commune", "site_name", "pk"]
        verbose_name = _("festival result")
        verbose_name_plural = _("festival results")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "commune", "site_kind", "site_name"], name="result_row_unique_site"),
        ]
        indexes = [models.Index(fields=["campaign", "province"]), models.Index(fields=["campaign", "region"])]

    def __str__(self) -> str:
        return self.site_name
