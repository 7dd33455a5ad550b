"""Load the Government's announced swaps and extra days off into the working-day calendar.

Idempotent: a day already present with the same kind is left alone. All or nothing: any bad
entry, or a day present with the other kind, stops the load before anything is written.
"""

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phongtrao.common.calendar import calendar_day_create
from phongtrao.common.models import CalendarDay, CalendarDayKind

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "calendar_exceptions.json"


def read_entries(path: Path) -> list[dict]:
    """The entries of the file, checked for shape; CommandError lists every bad entry."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    items = data.get("days") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise CommandError(f'{path}: expected an object with a "days" list.')
    entries, errors = [], []
    for number, item in enumerate(items, start=1):
        try:
            day = date.fromisoformat(str(item["date"]))
            kind, name, note = str(item["kind"]), str(item["name"]).strip(), str(item.get("note", ""))
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(f"entry {number}: {exc!r}")
            continue
        if kind not in CalendarDayKind.values or not name:
            errors.append(f"entry {number} ({day:%d/%m/%Y}): kind must be holiday or working, and name is required.")
            continue
        entries.append({"day": day, "kind": kind, "name": name, "note": note})
    if errors:
        raise CommandError("Nothing was loaded:\n" + "\n".join(errors))
    return entries


class Command(BaseCommand):
    help = "Load (idempotently) the announced swaps and extra days off of the working-day calendar."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="JSON file (default: the shipped data file).")

    def handle(self, *args, file: Path, **options):
        entries = read_entries(file)
        created = unchanged = 0
        errors: list[str] = []
        with transaction.atomic():
            existing = {row.date: row for row in CalendarDay.objects.filter(date__in=[e["day"] for e in entries])}
            for entry in entries:
                row = existing.get(entry["day"])
                if row is not None:
                    if row.kind == entry["kind"]:
                        unchanged += 1
                    else:
                        errors.append(f"{entry['day']:%d/%m/%Y}: already present as {row.kind}, the file says {entry['kind']}.")
                    continue
                try:
                    calendar_day_create(actor=None, **entry)
                except ValidationError as exc:
                    errors.append(f"{entry['day']:%d/%m/%Y}: {'; '.join(exc.messages)}")
                    continue
                created += 1
            if errors:
                raise CommandError("Nothing was loaded:\n" + "\n".join(errors))
        self.stdout.write(f"created={created} unchanged={unchanged}")
