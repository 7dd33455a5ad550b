"""Background work of the site selection: large runs are solved by `manage.py db_worker` (the
ImmediateBackend runs them at once in tests). The run's row carries the progress and the outcome."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task
from django.utils import translation

from .actions import execute_run


@task()
def run_selection(run_id: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return execute_run(run_id).status
