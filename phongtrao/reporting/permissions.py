"""Who may do what with report requests (reads are scoped by the querysets).

The requesting side acts through a role in the owner unit or one of its ancestors, as for any
unit-owned record. A unit's report is written and submitted only by the unit's own officers:
a superior unit may read it, never author it, so no one can fill in the answers to their own
request.
"""

from __future__ import annotations

from phongtrao.org.models import Unit
from phongtrao.org.permissions import EDITING_ROLES
from phongtrao.org.queries import scope_of, unit_scope_prefixes

from .models import ReportRequest, ReportTarget


def can_request_for(user, unit: Unit) -> bool:
    """Officers, leaders and administrators of the unit (or a unit above it) send its requests."""
    if not (user.is_authenticated and user.is_active and unit.is_active):
        return False
    scope = scope_of(user)
    return scope.is_everything or bool(scope.role_in(unit) & EDITING_ROLES)


def can_manage(user, request: ReportRequest) -> bool:
    """Return versions, close the request: the requesting side's officers and leaders."""
    return can_request_for(user, request.owner)


def can_report_for(user, target: ReportTarget) -> bool:
    """Save the draft and submit: officers, leaders and administrators of the target unit itself."""
    if not (user.is_authenticated and user.is_active):
        return False
    scope = scope_of(user)
    if scope.is_everything:
        return True
    return any(m.unit_id == target.unit_id and m.role in EDITING_ROLES and m.unit.is_active for m in scope.memberships)


def can_read_draft(user, target: ReportTarget) -> bool:
    """A draft is the unit's own working copy: its members read it, the requester does not."""
    if not (user.is_authenticated and user.is_active):
        return False
    scope = scope_of(user)
    return scope.is_everything or any(m.unit_id == target.unit_id for m in scope.memberships)


def sees_every_target(user, request: ReportRequest) -> bool:
    """The requester's side (owner, its ancestors and overseers) sees every unit's submissions."""
    prefixes = unit_scope_prefixes(user)
    if prefixes is None:
        return True
    return any(request.owner.path.startswith(prefix) for prefix in prefixes)
