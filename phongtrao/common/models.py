"""Editable exceptions to the working-day calendar (phongtrao.common.calendar).

The statutory holidays come from the `holidays` package. A CalendarDay row records what the
Government announces on top of them: a weekday given off (a compensatory day, an extra Tết day,
the day off of a swap) or a weekend day declared a working day (the make-up Saturday of a swap).
Rows change only through the actions in phongtrao.common.calendar, which audit every change.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 200


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off")
    WORKING = "working", _("Make-up working day")


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CalendarDayKind.values), name="common_calendarday_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"


def _calendar_changed(sender, **kwargs) -> None:
    """Any saved or deleted row invalidates the in-process calendar cache (see calendar.py)."""
    from . import calendar

    calendar.exceptions_changed()


post_save.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="common.calendar_day.saved")
post_delete.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="common.calendar_day.deleted")


class StoredFile(models.Model):
    """An uploaded file with its original name, size, uploader and time. Concrete subclasses add
    what the file belongs to and its own `file = models.FileField(upload_to=...)`."""

    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
