"""Schemes (đề án): ordered phases, each with an owner, a deadline and a gate of required documents.

A scheme such as one of the 22 component schemes implementing Nghị quyết 12-NQ/TW goes through
phases in order (drafting → completed → reported to the Ministry Office → submission → approval).
A phase's gate is passed when every document kind it requires has at least one document attached;
passing the last gate approves the scheme. Planned dates are the baseline and never move on their
own; schedule.projected_schedule shows what a slipped phase does to the later ones.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import within_prefixes

from .enums import OTHER_DOCUMENT, PhaseStatus, SchemeState


class SchemeQuerySet(models.QuerySet):
    def visible_to(self, user) -> SchemeQuerySet:
        """Seen by the people of the owner unit, the lead unit and each phase's owner unit (and their ancestors,
        and units overseeing them)."""
        from phongtrao.org.queries import unit_scope_prefixes

        prefixes = unit_scope_prefixes(user)
        if prefixes is None:
            return self
        if not prefixes:
            return self.none()
        owning_phase = within_prefixes(Phase.objects.filter(scheme=OuterRef("pk")), "owner_unit__path", prefixes)
        condition = Q(Exists(owning_phase))
        for prefix in prefixes:
            condition |= Q(owner__path__startswith=prefix) | Q(lead__path__startswith=prefix)
        return self.filter(condition)

    def active(self) -> SchemeQuerySet:
        return self.filter(state=SchemeState.ACTIVE)


class Scheme(models.Model):
    """A scheme (đề án) with its basis document, owned by a unit and led by a unit."""

    title = models.CharField(_("title"), max_length=500)
    basis = models.CharField(_("basis"), max_length=500, blank=True, help_text=_("For example: Nghị quyết 12-NQ/TW."))
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey("org.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey("org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=20, choices=SchemeState.choices, default=SchemeState.ACTIVE, db_index=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state == SchemeState.ACTIVE


class Phase(models.Model):
    """One phase of a scheme. `deadline` is the current one; `original_deadline` the one first planned."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=255)
    owner_unit = models.ForeignKey("org.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+")
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_start = models.DateField(_("planned start"))
    deadline = models.DateField(_("deadline"))
    original_deadline = models.DateField(_("original deadline"))
    actual_start = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    gate_description = models.TextField(_("gate"), blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PhaseStatus.choices, default=PhaseStatus.NOT_STARTED)

    class Meta:
        ordering = ["scheme", "order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "order"], name="scheme_phase_order_unique"),
            models.CheckConstraint(condition=Q(deadline__gte=F("planned_start")), name="scheme_phase_deadline_after_start"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(actual_start__isnull=False, completed_on__gte=F("actual_start")),
                name="scheme_phase_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def is_done(self) -> bool:
        return self.status == PhaseStatus.DONE

    @property
    def deadline_moved(self) -> bool:
        return self.deadline != self.original_deadline

    def document_kinds(self) -> list[str]:
        """The kinds a document of this phase may have: the required ones, then "other"."""
        return [*self.required_documents, OTHER_DOCUMENT]

    def missing_documents(self, documents=None) -> list[str]:
        """Required kinds with no document yet (`documents`: the phase's documents, if already loaded)."""
        attached = {d.kind for d in (self.documents.all() if documents is None else documents)}
        return [kind for kind in self.required_documents if kind not in attached]


def document_path(instance: PhaseDocument, filename: str) -> str:
    return f"schemes/{instance.phase.scheme_id}/{instance.phase_id}/{filename}"


class PhaseDocument(models.Model):
    """A document attached to a phase: one of its required kinds (for the gate) or another one."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document kind"), max_length=255, blank=True, default=OTHER_DOCUMENT)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=document_path, max_length=500)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("phase document")
        verbose_name_plural = _("phase documents")

    def __str__(self) -> str:
        return self.title
