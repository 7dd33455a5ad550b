"""Meetings and what comes out of them: attendees, attending units, connected points of an online
conference, agenda items, minutes, attachments, the leader's conclusions and the directives
(ý kiến chỉ đạo) that become assignments of a work programme once an officer confirms them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongtrao.common.models import StoredFile
from phongtrao.common.text import normalize, person_sort_key
from phongtrao.org.models import UnitScopedQuerySet

from .enums import DeadlineKind, DirectiveStatus, MeetingKind


class MeetingQuerySet(UnitScopedQuerySet):
    scope_field = "owner__path"


class Meeting(models.Model):
    """A working session, steering-committee meeting or conference, owned by the organising unit."""

    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.WORKING_SESSION)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    owner = models.ForeignKey("org.Unit", verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+")
    chair_name = models.CharField(_("chaired by"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class Attendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    full_name = models.CharField(_("full name"), max_length=150)
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    sort_key = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize(self.full_name)
        self.sort_key = person_sort_key(self.full_name)
        super().save(*args, **kwargs)


class AttendingUnit(models.Model):
    """A unit or partner body taking part as such (e.g. "Ban Thường trực UBTW MTTQ Việt Nam")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attending_units")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    note = models.CharField(pgettext_lazy("meetings", "note"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = pgettext_lazy("meetings", "attending unit")
        verbose_name_plural = pgettext_lazy("meetings", "attending units")
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="attending_unit_once")]

    def __str__(self) -> str:
        return str(self.unit)


class ConnectedPoint(models.Model):
    """A connected point (điểm cầu) of an online conference: one unit hosts it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=pgettext_lazy("meetings", "host unit"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = pgettext_lazy("meetings", "connected point")
        verbose_name_plural = pgettext_lazy("meetings", "connected points")
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="connected_point_once")]

    def __str__(self) -> str:
        return str(self.unit)


class AgendaItem(models.Model):
    """What was presented: free text, optionally linked to an assignment or a proposal of the work app."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=500)
    presenter = models.CharField(pgettext_lazy("meetings", "presented by"), max_length=255, blank=True)
    assignment = models.ForeignKey(
        "work.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "work.Proposal", verbose_name=_("proposal"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: MeetingAttachment, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(StoredFile):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)


class Conclusion(models.Model):
    """One numbered conclusion of the chair (kết luận), as it will read in the conclusion notice."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    order = models.PositiveSmallIntegerField(pgettext_lazy("meetings", "number"), default=1)
    text = models.TextField(_("conclusion"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class DirectiveQuerySet(UnitScopedQuerySet):
    scope_field = "conclusion__meeting__owner__path"

    def proposed(self) -> DirectiveQuerySet:
        return self.filter(status=DirectiveStatus.PROPOSED)

    def confirmed(self) -> DirectiveQuerySet:
        return self.filter(status=DirectiveStatus.CONFIRMED)


class Directive(models.Model):
    """A directive (ý kiến chỉ đạo) read out of a conclusion: proposed by the extraction or by hand,
    then confirmed (it becomes an assignment) or rejected by an officer."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="directives")
    order = models.PositiveSmallIntegerField(default=0)
    sentence = models.TextField(
        pgettext_lazy("meetings", "sentence"),
        help_text=pgettext_lazy("meetings", "The words of the conclusion this directive comes from."),
    )
    action = models.CharField(pgettext_lazy("meetings", "action"), max_length=500)
    lead = models.ForeignKey(
        "org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    coordinators = models.ManyToManyField("org.Unit", verbose_name=_("coordinating units"), blank=True, related_name="+")
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    deadline_phrase = models.CharField(pgettext_lazy("meetings", "deadline as written"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        pgettext_lazy("meetings", "kind of deadline"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    recurrence = models.CharField(_("repeats"), max_length=20, blank=True)
    basis = models.CharField(_("basis"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DirectiveStatus.choices, default=DirectiveStatus.PROPOSED, db_index=True
    )
    confidence = models.PositiveSmallIntegerField(_("confidence (%)"), null=True, blank=True)
    reasons = models.JSONField(pgettext_lazy("meetings", "cues found"), default=list, blank=True)
    rejection_reason = models.TextField(pgettext_lazy("meetings", "reason for rejecting"), blank=True)
    assignment = models.ForeignKey(
        "work.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directives",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["conclusion__order", "order", "pk"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DirectiveStatus.CONFIRMED, assignment__isnull=False) | ~Q(status=DirectiveStatus.CONFIRMED),
                name="directive_confirmed_has_assignment",
            ),
            models.CheckConstraint(condition=Q(confidence__lte=100), name="directive_confidence_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.action

    @property
    def is_proposed(self) -> bool:
        return self.status == DirectiveStatus.PROPOSED
