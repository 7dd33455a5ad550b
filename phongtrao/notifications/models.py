"""In-app notifications (with their email copy) and each person's notification settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import DEFAULT_REMINDER_DAYS, MAX_REMINDER_COUNT, MAX_REMINDER_DAYS, EmailState, OverdueRepeat


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """ "5, 1" -> (5, 1): working days before a deadline, largest first, each once. Blank: none.

    Raises a ValidationError naming the bad part, so a form can show it next to the field."""
    days: set[int] = set()
    for part in (text or "").replace(";", ",").split(","):
        item = part.strip()
        if not item:
            continue
        if not item.isdigit():
            raise ValidationError(
                _("“%(value)s” is not a number of days. Write whole numbers separated by commas, for example 5,1."),
                code="invalid",
                params={"value": item},
            )
        number = int(item)
        if number > MAX_REMINDER_DAYS:
            raise ValidationError(
                _("A reminder can be at most %(max)s working days before the deadline."),
                code="max_value",
                params={"max": MAX_REMINDER_DAYS},
            )
        days.add(number)
    if len(days) > MAX_REMINDER_COUNT:
        raise ValidationError(_("Choose at most %(max)s reminder days."), code="max_count", params={"max": MAX_REMINDER_COUNT})
    return tuple(sorted(days, reverse=True))


def format_reminder_days(days) -> str:
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


def validate_reminder_days(value: str) -> None:
    parse_reminder_days(value)


DEFAULT_REMINDER_TEXT = format_reminder_days(DEFAULT_REMINDER_DAYS)


class NotificationSettings(models.Model):
    """One person's choices. A person without a row has the defaults (see `defaults_for`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    reminder_days = models.CharField(
        _("remind me before a deadline"),
        max_length=50,
        blank=True,
        default=DEFAULT_REMINDER_TEXT,
        validators=[validate_reminder_days],
    )
    overdue_repeat = models.CharField(
        _("while an assignment is overdue, remind me"),
        max_length=10,
        choices=OverdueRepeat.choices,
        default=OverdueRepeat.DAILY,
    )
    email = models.BooleanField(_("also send notifications by email"), default=True)
    daily_digest = models.BooleanField(_("daily digest for unit leaders"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def days(self) -> tuple[int, ...]:
        try:
            return parse_reminder_days(self.reminder_days)
        except ValidationError:
            return DEFAULT_REMINDER_DAYS

    @classmethod
    def defaults_for(cls, user) -> NotificationSettings:
        """The settings a person has before saving any (not saved: reading never writes)."""
        return cls(user=user)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def inbox_order(self) -> NotificationQuerySet:
        """Unread first, then newest first."""
        return self.order_by(models.F("read_at").asc(nulls_first=True), "-created_at", "-pk")


class Notification(models.Model):
    """One message to one person: shown in the app, and emailed if the person wants email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    code = models.CharField(_("kind"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The same reminder is never sent twice to the same person: one row per (recipient, key).
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(_("email"), max_length=10, choices=EmailState.choices, default=EmailState.NONE, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_sent_once_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["email_state", "created_at"], name="notification_email_queue"),
            models.Index(fields=["dedupe_key"], name="notification_dedupe_lookup"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
