"""Background work of the work programme, run by `manage.py db_worker` (or straight from cron
through `manage.py work_nightly`)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import translation

from phongtrao.notifications.actions import prune_read_notifications, retry_unsent_emails

from . import actions, reminders
from .enums import CLOSED_STATES
from .models import Assignment

logger = logging.getLogger(__name__)


def create_due_recurrences(*, on: datetime.date) -> int:
    """Repeating assignments whose deadline has passed without a next occurrence get it now
    (completion creates it at once; this catches work still open, or overdue, at its deadline).
    Refused and recalled ones end their series. Audited as the system. Idempotent: an occurrence
    that exists (even one created concurrently) is never created twice."""
    due = (
        Assignment.objects.exclude(recurrence="")
        .exclude(execution__in=CLOSED_STATES)
        .filter(due_date__lt=on, next_occurrence__isnull=True)
        .select_related("programme", "parent", "lead", "assigner")
        .order_by("pk")
    )
    created = 0
    for assignment in due:
        try:
            with transaction.atomic():
                following = actions._create_next_occurrence(None, assignment)
                if following is not None:
                    reminders.notify_assignment_event(following, "recurred", None)
        except IntegrityError:  # another run created it meanwhile (previous_occurrence is unique)
            continue
        if following is not None:
            created += 1
    return created


def nightly(day: datetime.date) -> dict[str, int]:
    """Everything the night does, in order; each step is idempotent, so a second run changes nothing."""
    with translation.override(settings.LANGUAGE_CODE):
        result = {
            "overdue": actions.mark_overdue(on=day),
            "recurrences": create_due_recurrences(on=day),
            "reminders": reminders.send_due_reminders(day),
            "digests": reminders.send_leader_digests(day),
            "emails_retried": retry_unsent_emails(),
            "notifications_pruned": prune_read_notifications(),
        }
    logger.info("work nightly run for %s: %s", day.isoformat(), result)
    return result


@task()
def run_nightly(day_iso: str) -> dict[str, int]:
    return nightly(datetime.date.fromisoformat(day_iso))
