"""The nightly job of the work programme: overdue marking, recurrences, reminders, leader digests.

manage.py work_nightly                      # today, now (cron at 00:30)
manage.py work_nightly --date 30/04/2026    # a given day
manage.py work_nightly --enqueue            # queue it for `manage.py db_worker`
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.work.tasks import nightly, run_nightly


def parse_day(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(_("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": text}) from exc


class Command(BaseCommand):
    help = "Mark overdue work, create due recurrences, send deadline reminders and the leaders' daily digest."

    def add_arguments(self, parser):
        parser.add_argument("--date", dest="day", help="the day to run for, dd/mm/yyyy (default: today)")
        parser.add_argument("--enqueue", action="store_true", help="queue the run for db_worker instead of running it now")

    def handle(self, *args, day=None, enqueue=False, **options):
        when = parse_day(day) if day else timezone.localdate()
        if enqueue:
            result = run_nightly.enqueue(when.isoformat())
            self.stdout.write(f"queued {result.id} for {when:%d/%m/%Y}")
            return
        summary = nightly(when)
        self.stdout.write(f"{when:%d/%m/%Y}: " + ", ".join(f"{k}={v}" for k, v in summary.items()))
