from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    WORKING_SESSION = "working_session", _("Working session")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee meeting")
    ONLINE_CONFERENCE = "online_conference", _("Online conference")
    CONFERENCE = "conference", _("Conference")
