import io

import pytest
from django.core.management import call_command

from phongtrao.common import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test starts from an empty calendar cache (the cache copes with rollbacks by itself;
    this only makes each test independent of the order the tests run in)."""
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def shipped_exceptions(db):
    """The swaps of phongtrao/common/data/calendar_exceptions.json, loaded by the command."""
    call_command("load_calendar", stdout=io.StringIO())
