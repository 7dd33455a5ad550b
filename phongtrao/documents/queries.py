"""Named reads of organisation data for the exports (the area list's filtering is org.queries.filter_areas)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from phongtrao.org.enums import Role
from phongtrao.org.models import Membership, Unit, User


@dataclass(frozen=True)
class SubordinateUnit:
    name: str
    code: str
    subordinate_count: int  # its own active subordinate units
    account_count: int  # active user accounts that are members of it


def subordinate_units(unit: Unit) -> list[SubordinateUnit]:
    """The active units directly under `unit`, in Vietnamese name order, with their counts: one query."""
    rows = (
        Unit.objects.filter(parent=unit, is_active=True)
        .annotate(
            subordinate_count=Count("children", filter=Q(children__is_active=True), distinct=True),
            account_count=Count("memberships", filter=Q(memberships__user__is_active=True), distinct=True),
        )
        .order_by("sort_key", "pk")
        .values("name", "code", "subordinate_count", "account_count")
    )
    return [SubordinateUnit(**row) for row in rows]


def account_count(unit: Unit) -> int:
    return Membership.objects.filter(unit=unit, user__is_active=True).count()


def unit_leader(unit: Unit) -> User | None:
    """The first active leader of the unit in name order: who signs its reports."""
    leaders = User.objects.filter(memberships__unit=unit, memberships__role=Role.LEADER, is_active=True)
    return leaders.order_by("sort_key", "pk").first()
