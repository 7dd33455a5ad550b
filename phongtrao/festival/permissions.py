"""Who may do what in the festival. Reading follows the unit tree (the querysets' visible_to);
these answer the questions the tree alone does not."""

from __future__ import annotations

from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Unit
from phongtrao.org.queries import acts_for, scope_of

ORGANISER_KINDS = {UnitKind.MINISTRY, UnitKind.DEPARTMENT}


def organising_units(user) -> list[Unit]:
    """Units of the Ministry or a department the user acts for: they may open a campaign."""
    scope = scope_of(user)
    if scope.is_everything:
        return list(Unit.objects.filter(kind__in=ORGANISER_KINDS, is_active=True).order_by("path"))
    return [m.unit for m in scope.memberships if m.unit.kind in ORGANISER_KINDS and acts_for(user, m.unit)]


def can_manage_campaign(user, campaign) -> bool:
    """The organisers (officers, leaders, administrators of the owning unit or above): settings,
    pins, selection, leaders and the schedule."""
    return user.is_authenticated and acts_for(user, campaign.owner)


def can_act_for_unit(user, unit: Unit) -> bool:
    """Nominate for, prepare the sites of, or report the results of this unit (or one below it)."""
    return user.is_authenticated and acts_for(user, unit)
