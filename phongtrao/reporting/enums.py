"""Choices of periodic reporting. Labels carry a context: short words such as "Open" or
"Monthly" mean different things in other modules and need their own Vietnamese here."""

from django.db import models
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", pgettext_lazy("kind of report", "Monthly")
    QUARTERLY = "quarterly", pgettext_lazy("kind of report", "Quarterly")
    SIX_MONTH = "six_month", pgettext_lazy("kind of report", "Six-month")
    ANNUAL = "annual", pgettext_lazy("kind of report", "Annual")
    AD_HOC = "ad_hoc", pgettext_lazy("kind of report", "Ad hoc")


class RequestState(models.TextChoices):
    OPEN = "open", pgettext_lazy("report request", "Open")
    CLOSED = "closed", pgettext_lazy("report request", "Closed")


class TargetStatus(models.TextChoices):
    """Where one unit stands on one request: derived from its draft and versions, never stored."""

    NOT_STARTED = "not_started", pgettext_lazy("report status", "Not started")
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    LATE = "late", pgettext_lazy("report status", "Late")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")


# Statuses in which the unit still owes a (new) version.
AWAITING_STATUSES = (TargetStatus.NOT_STARTED, TargetStatus.DRAFT, TargetStatus.RETURNED)
