"""The work programme: programmes of a unit and year, assignments to any depth, progress,
extensions, and the obstacles and proposals raised to leaders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from phongtrao.common.models import StoredFile
from phongtrao.org.models import UnitScopedQuerySet, within_prefixes

from .enums import (
    DONE_STATES,
    OPEN_STATES,
    Category,
    Execution,
    ExtensionStatus,
    Priority,
    ProgressMode,
    ProposalKind,
    ProposalStatus,
    Recurrence,
    Verification,
)

DEFAULT_MAX_EXTENSIONS = 2


class ProgrammeQuerySet(UnitScopedQuerySet):
    scope_field = "owner__path"


class Programme(models.Model):
    """A unit's work programme for one year (chương trình công tác)."""

    owner = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="programmes")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    basis = models.TextField(_("basis"), blank=True)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed per assignment"), default=DEFAULT_MAX_EXTENSIONS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "owner__path"]
        verbose_name = _("work programme")
        verbose_name_plural = _("work programmes")
        constraints = [models.UniqueConstraint(fields=["owner", "year"], name="programme_one_per_unit_year")]

    def __str__(self) -> str:
        return self.title


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssignmentQuerySet:
        """Seen by the assigning unit's people, the lead unit's, the coordinators' (and their ancestors)."""
        from phongtrao.org.queries import unit_scope_prefixes

        prefixes = unit_scope_prefixes(user)
        if prefixes is None:
            return self
        coordinating = within_prefixes(AssignmentCoordinator.objects.filter(assignment=OuterRef("pk")), "unit__path", prefixes)
        condition = Q(Exists(coordinating))
        for prefix in prefixes:
            condition |= Q(assigner__path__startswith=prefix) | Q(lead__path__startswith=prefix)
        return self.filter(condition)

    def led_within(self, path: str) -> AssignmentQuerySet:
        """Assignments whose lead unit lies in the subtree at `path` (a unit and everything under it)."""
        return self.filter(lead__path__startswith=path)

    def open(self) -> AssignmentQuerySet:
        return self.filter(execution__in=OPEN_STATES)

    def done(self) -> AssignmentQuerySet:
        return self.filter(execution__in=DONE_STATES)

    def overdue_on(self, day) -> AssignmentQuerySet:
        """Open assignments whose deadline has passed on `day` (what the nightly job marks overdue)."""
        return self.open().filter(due_date__lt=day)


class Assignment(models.Model):
    """A unit of work (nhiệm vụ): given by an assigning unit to one lead unit, with coordinators."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("work programme"), on_delete=models.PROTECT, related_name="assignments"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent assignment"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Materialized path of assignment ids, so an assignment and all its sub-assignments are one prefix.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    code = models.CharField(_("number"), max_length=50, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.TASK)
    title = models.CharField(_("title"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    basis = models.TextField(_("basis"), blank=True, help_text=_("The document, directive or conclusion it comes from."))
    source_proposal = models.ForeignKey(
        "Proposal",
        verbose_name=_("from the decision on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directives",
    )
    assigner = models.ForeignKey("org.Unit", verbose_name=_("assigning unit"), on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey("org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("deadline"))
    original_due_date = models.DateField(_("original deadline"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    execution = models.CharField(
        _("execution"), max_length=20, choices=Execution.choices, default=Execution.NOT_STARTED, db_index=True
    )
    verification = models.CharField(_("verification"), max_length=20, choices=Verification.choices, default=Verification.NONE)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_mode = models.CharField(_("progress is"), max_length=20, choices=ProgressMode.choices, default=ProgressMode.MANUAL)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    recurrence = models.CharField(_("repeats"), max_length=20, choices=Recurrence.choices, default="", blank=True)
    previous_occurrence = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_occurrence"
    )
    closing_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["execution", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="assignment_progress_at_most_100"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("start_date")), name="assignment_due_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_open(self) -> bool:
        return self.execution in OPEN_STATES

    @property
    def is_done(self) -> bool:
        return self.execution in DONE_STATES

    @property
    def was_extended(self) -> bool:
        return self.due_date != self.original_due_date


class AssignmentCoordinator(models.Model):
    """A coordinating unit (đơn vị phối hợp) with its own deadline and progress."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="coordinators")
    unit = models.ForeignKey("org.Unit", verbose_name=_("coordinating unit"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("coordinating unit")
        verbose_name_plural = _("coordinating units")
        constraints = [models.UniqueConstraint(fields=["assignment", "unit"], name="coordinator_once_per_assignment")]

    def __str__(self) -> str:
        return str(self.unit)


class ProgressReport(models.Model):
    """A dated report of progress by the lead unit or a coordinating unit."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("date"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.assignment.code} {self.reported_on:%d/%m/%Y} {self.progress}%"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"work/{instance.assignment_id}/{filename}"


class Attachment(StoredFile):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)


class ExtensionRequest(models.Model):
    """A request to move a deadline (gia hạn): the old deadline is kept here for ever."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    previous_due_date = models.DateField(_("deadline before"))
    proposed_due_date = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.assignment.code}: {self.previous_due_date:%d/%m/%Y} → {self.proposed_due_date:%d/%m/%Y}"


class ProposalQuerySet(UnitScopedQuerySet):
    scope_field = "unit__path"

    def visible_to(self, user) -> ProposalQuerySet:
        """The raising unit's people (and ancestors') and the leader it is raised to."""
        scoped = super().visible_to(user)
        if not user.is_authenticated:
            return scoped
        return self.filter(Q(pk__in=scoped.values("pk")) | Q(raised_to=user))


class Proposal(models.Model):
    """A difficulty or a proposal (khó khăn, vướng mắc / đề xuất, kiến nghị) raised to a named leader."""

    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices, default=ProposalKind.PROPOSAL)
    unit = models.ForeignKey("org.Unit", verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("about the assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    title = models.CharField(_("summary"), max_length=500)
    text = models.TextField(_("details"))
    raised_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("raised to"), on_delete=models.PROTECT, related_name="proposals_to_decide"
    )
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title
