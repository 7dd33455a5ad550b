"""Named reads of notifications."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .enums import DEFAULT_REMINDER_DAYS, OverdueRepeat
from .models import Notification, NotificationSettings, parse_reminder_days


def unread_count(user) -> int:
    """How many unread notifications the user has (one COUNT; 0 for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user):
    """The user's own notifications, unread first, then newest first."""
    return Notification.objects.for_user(user).inbox_order()


def latest_unread(user, limit: int = 5) -> list[Notification]:
    return list(Notification.objects.for_user(user).unread().order_by("-created_at", "-pk")[:limit])


def get_notification_for(user, pk) -> Notification:
    """One of the user's own notifications; anybody else's answers 404."""
    return get_object_or_404(Notification.objects.for_user(user), pk=pk)


def settings_for(user) -> NotificationSettings:
    """The user's settings, or the defaults if they never saved any (reading never writes)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings.defaults_for(user)


def reminder_days_of(text: str | None) -> tuple[int, ...]:
    """The days of a stored setting; None (no settings row) gives the defaults."""
    if text is None:
        return DEFAULT_REMINDER_DAYS
    try:
        return parse_reminder_days(text)
    except Exception:
        return DEFAULT_REMINDER_DAYS


def overdue_repeat_of(value: str | None) -> str:
    return value if value in OverdueRepeat.values else OverdueRepeat.DAILY


def reminder_days_in_use() -> set[int]:
    """Every number of working days anyone wants a reminder at (one query; few distinct values)."""
    days = set(DEFAULT_REMINDER_DAYS)
    for text in NotificationSettings.objects.order_by().values_list("reminder_days", flat=True).distinct():
        days.update(reminder_days_of(text))
    return days
