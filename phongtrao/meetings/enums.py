from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingKind(models.TextChoices):
    WORKING_SESSION = "working_session", _("Working session")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee meeting")
    ONLINE_CONFERENCE = "online_conference", _("Online conference")
    CONFERENCE = "conference", _("Conference")


class DirectiveStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("directive status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("directive status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("directive status", "Rejected")


class DeadlineKind(models.TextChoices):
    NONE = "", pgettext_lazy("deadline kind", "No deadline phrase")
    POINT = "point", pgettext_lazy("deadline kind", "A date")
    RANGE_END = "range_end", pgettext_lazy("deadline kind", "The end of a period")
    RECURRENCE = "recurrence", pgettext_lazy("deadline kind", "Repeating")
