"""Who may record what about a meeting (reads are scoped by the query sets)."""

from phongtrao.org.models import Unit
from phongtrao.org.permissions import EDITING_ROLES
from phongtrao.org.queries import scope_of


def can_record(user, owner: Unit) -> bool:
    """Officers, leaders and administrators of the organising unit or of a unit above it."""
    scope = scope_of(user)
    if scope.is_everything:
        return True
    return any(m.role in EDITING_ROLES and owner.path.startswith(m.unit.path) for m in scope.memberships)
