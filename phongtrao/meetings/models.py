from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongtrao.common.text import normalize, person_sort_key
from phongtrao.org.models import UnitScopedQuerySet

from .enums import MeetingKind


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
