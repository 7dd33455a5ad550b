"""manage.py load_calendar: the shipped swaps, loaded idempotently and all or nothing."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phongtrao.audit.models import AuditEntry
from phongtrao.common.calendar import calendar_day_create, is_working_day
from phongtrao.common.management.commands.load_calendar import DEFAULT_FILE, read_entries
from phongtrao.common.models import CalendarDay, CalendarDayKind

pytestmark = pytest.mark.django_db

SHIPPED = {
    (date(2024, 4, 29), "holiday"),
    (date(2024, 5, 4), "working"),
    (date(2025, 5, 2), "holiday"),
    (date(2025, 4, 26), "working"),
    (date(2026, 1, 2), "holiday"),
    (date(2026, 1, 10), "working"),
}


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_calendar", *args, stdout=out)
    return out.getvalue().strip()


def test_the_shipped_file_is_well_formed_and_every_swap_is_paired():
    entries = read_entries(DEFAULT_FILE)
    assert {(e["day"], e["kind"]) for e in entries} == SHIPPED
    for entry in entries:
        assert entry["name"] and entry["note"], entry  # each entry cites its source
        weekend = entry["day"].weekday() >= 5
        assert weekend == (entry["kind"] == "working"), entry
    assert sum(e["kind"] == "holiday" for e in entries) == sum(e["kind"] == "working" for e in entries)


def test_load_is_idempotent_and_audited():
    assert load() == "created=6 unchanged=0"
    assert set(CalendarDay.objects.values_list("date", "kind")) == SHIPPED
    assert AuditEntry.objects.filter(code="common.calendar_day.created", actor=None).count() == 6
    assert load() == "created=0 unchanged=6"
    assert CalendarDay.objects.count() == 6
    assert AuditEntry.objects.filter(code="common.calendar_day.created").count() == 6
    assert not is_working_day(date(2026, 1, 2))
    assert is_working_day(date(2026, 1, 10))


def test_rows_already_present_are_left_alone():
    calendar_day_create(actor=None, day=date(2026, 1, 2), kind=CalendarDayKind.HOLIDAY, name="Nghỉ Tết Dương lịch")
    assert load() == "created=5 unchanged=1"
    assert CalendarDay.objects.get(date=date(2026, 1, 2)).name == "Nghỉ Tết Dương lịch"


def test_bad_files_write_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    for content in (
        "not json",
        json.dumps({"days": "x"}),
        json.dumps({"days": [{"date": "2026-13-01", "kind": "holiday", "name": "X"}]}),
        json.dumps({"days": [{"date": "2026-01-05", "kind": "tet", "name": "X"}]}),
        # the second entry breaks a rule of the action: everything is rolled back
        json.dumps(
            {
                "days": [
                    {"date": "2026-01-05", "kind": "holiday", "name": "Nghỉ"},
                    {"date": "2026-01-06", "kind": "working", "name": "Làm bù vào thứ Ba"},
                ]
            }
        ),
    ):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(CommandError, match=r"(?i)nothing was loaded|cannot read|expected"):
            load("--file", str(bad))
        assert not CalendarDay.objects.exists()
    assert is_working_day(date(2026, 1, 5))


def test_a_day_present_with_the_other_kind_is_a_conflict(tmp_path):
    calendar_day_create(actor=None, day=date(2026, 1, 5), kind=CalendarDayKind.HOLIDAY, name="Nghỉ")
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "days": [
                    {"date": "2026-01-03", "kind": "working", "name": "Làm bù"},
                    {"date": "2026-01-05", "kind": "working", "name": "Làm bù"},
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="05/01/2026"):
        load("--file", str(other))
    assert list(CalendarDay.objects.values_list("date", "kind")) == [(date(2026, 1, 5), "holiday")]
