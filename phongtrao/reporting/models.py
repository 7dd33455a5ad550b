"""Periodic reporting: a request sent to many units, each unit's draft, and its submitted versions.

A unit's status on a request is derived (ReportTargetQuerySet.with_status), never stored: it
follows from the draft, the versions submitted, their returns and the due date. A submitted
version is final: the model refuses to save an existing row, to delete one, or to update rows
in bulk; a correction is a new version after the requester returns the last one.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import UnitScopedQuerySet

from .enums import ReportKind, RequestState, TargetStatus


def _prefix_condition(field: str, prefixes: list[str]) -> Q:
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return condition


class ReportRequestQuerySet(UnitScopedQuerySet):
    scope_field = "owner__path"

    def visible_to(self, user) -> ReportRequestQuerySet:
        """The requester's side (the owner's unit, its ancestors and overseers) and every unit
        asked to report (with the units above it): the latter see the request, not the others' work."""
        from phongtrao.org.queries import unit_scope_prefixes

        prefixes = unit_scope_prefixes(user)
        if prefixes is None:
            return self
        if not prefixes:
            return self.none()
        targets = ReportTarget.objects.filter(_prefix_condition("unit__path", prefixes), request=OuterRef("pk"))
        return self.filter(_prefix_condition("owner__path", prefixes) | Q(Exists(targets)))

    def as_requester(self, user) -> ReportRequestQuerySet:
        """Requests whose owner lies in the user's scope: they see every unit's submissions."""
        return super().visible_to(user)

    def open(self) -> ReportRequestQuerySet:
        return self.filter(state=RequestState.OPEN)


class ReportRequest(models.Model):
    """A request for a report, sent by a unit to units it may direct (yêu cầu báo cáo)."""

    owner = models.ForeignKey("org.Unit", verbose_name=_("requesting unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind of report"), max_length=20, choices=ReportKind.choices, default=ReportKind.AD_HOC)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    cutoff = models.DateField(_("data cut-off date"))
    due_date = models.DateField(_("due date"))
    instructions = models.TextField(_("instructions"), blank=True)
    # Named numeric figures each unit reports: [{"key": "f1", "label": "Số mô hình mới"}, ...].
    fields = models.JSONField(_("figures"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-due_date", "-pk"]
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        indexes = [models.Index(fields=["state", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_request_period_order"),
            models.CheckConstraint(
                condition=Q(cutoff__gte=F("period_start"), cutoff__lte=F("period_end")), name="report_request_cutoff_in_period"
            ),
            models.CheckConstraint(condition=Q(due_date__gte=F("period_start")), name="report_request_due_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.OPEN

    def field_labels(self) -> dict[str, str]:
        return {field["key"]: field["label"] for field in self.fields}


class ReportTargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportTargetQuerySet:
        """The requester's side sees every target of its requests; a reporting unit (and the
        units above it) only its own."""
        from phongtrao.org.queries import unit_scope_prefixes

        prefixes = unit_scope_prefixes(user)
        if prefixes is None:
            return self
        if not prefixes:
            return self.none()
        return self.filter(_prefix_condition("request__owner__path", prefixes) | _prefix_condition("unit__path", prefixes))

    def with_status(self, on: datetime.date | None = None) -> ReportTargetQuerySet:
        """Annotate each target with its latest version and its `status` (a TargetStatus value),
        all in the same query whatever the number of targets.

        returned: the latest version was returned; late: the latest version was submitted after
        the due date, or nothing was submitted and `on` (today) is past the due date; submitted:
        the latest version is in and on time; draft: a draft was saved; otherwise not started.
        """
        on = on or timezone.localdate()
        latest = Submission.objects.filter(target=OuterRef("pk")).order_by("-version")
        return (
            self.annotate(
                latest_submission_id=Subquery(latest.values("pk")[:1]),
                latest_version=Subquery(latest.values("version")[:1]),
                latest_submitted_at=Subquery(latest.values("submitted_at")[:1]),
            )
            .annotate(
                latest_returned=Exists(SubmissionReturn.objects.filter(submission_id=OuterRef("latest_submission_id"))),
                latest_submitted_on=TruncDate("latest_submitted_at"),
            )
            .annotate(
                status=Case(
                    When(latest_returned=True, then=Value(TargetStatus.RETURNED.value)),
                    When(latest_submitted_on__gt=F("request__due_date"), then=Value(TargetStatus.LATE.value)),
                    When(latest_submission_id__isnull=False, then=Value(TargetStatus.SUBMITTED.value)),
                    When(request__due_date__lt=on, then=Value(TargetStatus.LATE.value)),
                    When(draft_saved_at__isnull=False, then=Value(TargetStatus.DRAFT.value)),
                    default=Value(TargetStatus.NOT_STARTED.value),
                    output_field=CharField(),
                )
            )
        )


class ReportTarget(models.Model):
    """One unit asked to report on one request, with the unit's working draft."""

    request = models.ForeignKey(ReportRequest, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    draft_text = models.TextField(_("report text"), blank=True)
    draft_figures = models.JSONField(_("figures"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped on every draft save: a submission confirms the revision its author reviewed.
    draft_revision = models.PositiveIntegerField(default=0)

    # Set by ReportTargetQuerySet.with_status().
    status: str
    latest_submission_id: int | None
    latest_version: int | None
    latest_submitted_at: datetime.datetime | None
    latest_returned: bool

    objects = ReportTargetQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("unit asked to report")
        verbose_name_plural = _("units asked to report")
        constraints = [models.UniqueConstraint(fields=["request", "unit"], name="report_target_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit.name} – {self.request.title}"[:255]


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name: the user's file name is kept in `name`, never in a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"reporting/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file attached to a unit's report. It stays with every version that included it."""

    target = models.ForeignKey(ReportTarget, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    in_draft = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class SubmissionIsFinal(Exception):
    """Raised on any attempt to change or delete a submitted version."""


class SubmissionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise SubmissionIsFinal("Submitted versions cannot be changed.")

    def delete(self):
        raise SubmissionIsFinal("Submitted versions cannot be deleted.")


class Submission(models.Model):
    """A submitted version of a unit's report: immutable once created."""

    target = models.ForeignKey(ReportTarget, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("report text"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    attachments = models.ManyToManyField(Attachment, blank=True, related_name="submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["target", "-version"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [models.UniqueConstraint(fields=["target", "version"], name="submission_unique_version")]

    def __str__(self) -> str:
        return f"{self.target} v{self.version}"[:255]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SubmissionIsFinal("Submitted versions cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SubmissionIsFinal("Submitted versions cannot be deleted.")


class SubmissionReturn(models.Model):
    """The requester sent a version back with a reason; the unit may then submit a new version."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="returned")
    reason = models.TextField(_("reason"))
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    returned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("returned version")
        verbose_name_plural = _("returned versions")

    def __str__(self) -> str:
        return str(self.submission)
