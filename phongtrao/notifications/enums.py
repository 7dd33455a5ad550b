from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OverdueRepeat(models.TextChoices):
    NEVER = "never", pgettext_lazy("overdue reminders", "Never")
    DAILY = "daily", _("Every working day")
    WEEKLY = "weekly", _("Once a week (every 5 working days)")


class EmailState(models.TextChoices):
    NONE = "", _("No email")
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


DEFAULT_REMINDER_DAYS = (5, 1)
MAX_REMINDER_DAYS = 30  # working days: about six weeks
MAX_REMINDER_COUNT = 5
MAX_EMAIL_ATTEMPTS = 5
