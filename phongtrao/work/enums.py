from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    KEY_TASK = "key_task", _("Key task")
    WORK_AREA = "work_area", _("Work area")
    TASK = "task", _("Assignment")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Execution(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    REFUSED = "refused", _("Refused")
    RECALLED = "recalled", _("Recalled")


OPEN_STATES = {Execution.NOT_STARTED, Execution.IN_PROGRESS, Execution.OVERDUE}
DONE_STATES = {Execution.DONE_ON_TIME, Execution.DONE_LATE}
CLOSED_STATES = {Execution.REFUSED, Execution.RECALLED}


class Verification(models.TextChoices):
    NONE = "none", _("Not submitted for verification")
    WAITING = "waiting", _("Waiting for verification")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for more work")


class ProgressMode(models.TextChoices):
    MANUAL = "manual", _("Entered by the lead unit")
    COUNT = "count", _("Share of sub-assignments done")
    WEIGHTED = "weighted", _("Weighted average of sub-assignments")


class Recurrence(models.TextChoices):
    NONE = "", _("Does not repeat")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


RECURRENCE_MONTHS: dict[str, int] = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ProposalKind(models.TextChoices):
    OBSTACLE = "obstacle", _("Difficulty or obstacle")
    PROPOSAL = "proposal", _("Proposal or recommendation")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")
