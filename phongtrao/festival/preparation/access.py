"""Who may prepare a site: the host unit's people (officers, leaders, administrators of the host
unit or a unit above it) and the campaign's organisers. A person given a step of a site's
programme may also mark that step done, even from a unit below the host unit."""

from __future__ import annotations

from phongtrao.org.enums import UnitKind

from ..enums import SiteLevel
from ..permissions import can_act_for_unit, can_manage_campaign

# Which levels of site a unit of each kind may register itself (national sites come from the
# selection). After 1/7/2025 there is no district level: province → commune → grassroots.
LEVELS_BY_UNIT_KIND: dict[str, tuple[str, ...]] = {
    UnitKind.PROVINCIAL_POLICE: (SiteLevel.PROVINCE, SiteLevel.COMMUNE, SiteLevel.GRASSROOTS),
    UnitKind.COMMUNE_POLICE: (SiteLevel.COMMUNE, SiteLevel.GRASSROOTS),
}


def can_prepare(user, site) -> bool:
    """Edit the site, its steps and their owners."""
    return can_act_for_unit(user, site.unit) or can_manage_campaign(user, site.campaign)


def can_mark(user, task) -> bool:
    """Mark a step done or not done: those who prepare the site, and the step's owner."""
    return (user.is_authenticated and task.owner_id == user.pk) or can_prepare(user, task.site)


def can_edit_programme(user, campaign) -> bool:
    return can_manage_campaign(user, campaign)


def levels_for(unit) -> tuple[str, ...]:
    return LEVELS_BY_UNIT_KIND.get(unit.kind, ())
