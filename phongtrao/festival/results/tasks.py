"""Background work of the festival's results: large workbooks are imported by `manage.py db_worker`
(the ImmediateBackend runs them at once in tests)."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task
from django.utils import translation

from .importer import run_import


@task()
def import_results(import_id: int) -> str:
    """Check and write one uploaded workbook; its ResultImport row carries the progress and the outcome."""
    with translation.override(settings.LANGUAGE_CODE):
        return run_import(import_id).status
