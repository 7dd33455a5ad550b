"""A fingerprint of the generated data that does not depend on primary keys, row order or the
database: the same seed must give the same fingerprint on SQLite and on PostgreSQL.

Each part is a set of rows named by natural keys (unit codes, usernames, programme year and
assignment code...) rather than ids. A row is hashed on its own and the hashes are added
(mod 2**256), so the sum does not depend on the order rows come back in and nothing has to be
sorted or held in memory.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.models import Campaign, Nomination, ResultRow
from phongtrao.org.models import Membership
from phongtrao.work.models import Assignment, AssignmentCoordinator, ExtensionRequest, Programme, ProgressReport

from .national import generated_areas, generated_users

MODULUS = 2**256


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return "∅" if value is None else str(value)


def _digest(rows: Iterable[tuple]) -> tuple[int, str]:
    count = 0
    total = 0
    for row in rows:
        encoded = "\x1f".join(_text(value) for value in row).encode()
        total = (total + int.from_bytes(hashlib.sha256(encoded).digest(), "big")) % MODULUS
        count += 1
    return count, f"{total:064x}"


ASSIGNMENT_KEY = ("programme__owner__code", "programme__year", "code")


def parts() -> dict[str, tuple[int, str]]:
    """{part: (rows, digest)} for every kind of generated row."""
    users = generated_users()
    assignments = Assignment.objects.filter(created_by__in=users)
    ids = assignments.annotate(text_id=Cast("pk", CharField())).values("text_id")
    assignment_type = ContentType.objects.get_for_model(Assignment)
    key = tuple(f"assignment__{k}" for k in ASSIGNMENT_KEY)
    queries = {
        "residential_areas": generated_areas().values_list(
            "path", "name", "name_folded", "sort_key", "division_type", "parent__gso_code", "created_at"
        ),
        "users": users.values_list(
            "username", "password", "full_name", "sort_key", "rank", "position", "email", "phone", "is_active", "date_joined"
        ),
        "memberships": Membership.objects.filter(user__in=users).values_list(
            "user__username", "unit__code", "role", "created_at"
        ),
        "programmes": Programme.objects.filter(created_by__in=users).values_list(
            "owner__code", "year", "title", "basis", "max_extensions", "created_by__username", "created_at"
        ),
        "assignments": assignments.values_list(
            *ASSIGNMENT_KEY,
            "parent__code",
            "category",
            "title",
            "basis",
            "assigner__code",
            "lead__code",
            "priority",
            "start_date",
            "due_date",
            "original_due_date",
            "completed_on",
            "execution",
            "verification",
            "progress",
            "progress_mode",
            "closing_reason",
            "created_by__username",
            "created_at",
            "updated_at",
        ),
        "coordinators": AssignmentCoordinator.objects.filter(assignment__in=assignments).values_list(
            *key, "unit__code", "due_date", "progress", "completed_on"
        ),
        "extensions": ExtensionRequest.objects.filter(assignment__in=assignments).values_list(
            *key,
            "previous_due_date",
            "proposed_due_date",
            "reason",
            "requested_by__username",
            "requested_at",
            "status",
            "decided_by__username",
            "decided_at",
        ),
        "progress_reports": ProgressReport.objects.filter(assignment__in=assignments).values_list(
            *key, "unit__code", "reported_on", "progress", "text", "reported_by__username", "created_at"
        ),
        "audit_entries": AuditEntry.objects.filter(
            Q(actor__in=users) | Q(content_type=assignment_type, object_id__in=ids)
        ).values_list("code", "content_type__model", "object_repr", "actor__username", "unit__code", "old", "new", "created_at"),
        "campaigns": Campaign.objects.filter(created_by__in=users).values_list(
            "year", "theme", "window_start", "window_end", "festival_day", "created_at"
        ),
        "result_rows": ResultRow.objects.filter(submitted_by__in=users).values_list(
            "campaign__year",
            "unit__code",
            "commune__gso_code",
            "province__gso_code",
            "region__code",
            "site_name",
            "site_kind",
            "site_level",
            "held_on",
            "values",
            "source",
            "submitted_by__username",
            "submitted_at",
        ),
        "nominations": Nomination.objects.filter(created_by__in=users).values_list(
            "campaign__year",
            "unit__code",
            "area__path",
            "province__gso_code",
            "region__code",
            "kind",
            "site_name",
            "proposed_date",
            "ethnic_minority_share",
            "is_border",
            "is_island",
            "is_religious",
            "security_complexity",
            "movement_class",
            "models_count",
            "models_text",
            "last_hosted_year",
            "reason",
            "state",
            "created_by__username",
            "created_at",
        ),
    }
    return {name: _digest(query.iterator(chunk_size=5000)) for name, query in queries.items()}


def combine(digests: dict[str, tuple[int, str]]) -> str:
    combined = hashlib.sha256()
    for name, (count, digest) in sorted(digests.items()):
        combined.update(f"{name}:{count}:{digest};".encode())
    return combined.hexdigest()


def checksum() -> str:
    """One hex digest of all the parts."""
    return combine(parts())
