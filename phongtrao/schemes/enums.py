from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeState(models.TextChoices):
    ACTIVE = "active", _("In progress")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Cancelled")


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# The kind of a document attached to a phase that is none of its required kinds.
OTHER_DOCUMENT = ""
