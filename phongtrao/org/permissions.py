"""Who may change what in the organisation app (reads are scoped by the querysets)."""

from .enums import Branch, Role
from .models import Area
from .queries import scope_of

EDITING_ROLES = {Role.OFFICER, Role.LEADER, Role.ADMIN}


def can_edit_area(user, area: Area) -> bool:
    """Officers of a police unit responsible for the area (or a national police unit) may edit it."""
    scope = scope_of(user)
    if scope.is_everything:
        return True
    for membership in scope.memberships:
        unit = membership.unit
        if membership.role not in EDITING_ROLES or unit.branch != Branch.POLICE or not unit.is_active:
            continue
        if unit.area is None or area.path.startswith(unit.area.path):
            return True
    return False
