from django import template

from ..enums import TargetStatus
from ..figures import vn_figure

register = template.Library()

_BADGES: dict[str, str] = {
    TargetStatus.NOT_STARTED: "text-bg-light border",
    TargetStatus.DRAFT: "text-bg-info",
    TargetStatus.SUBMITTED: "text-bg-success",
    TargetStatus.LATE: "text-bg-danger",
    TargetStatus.RETURNED: "text-bg-warning",
}


@register.filter
def status_badge(status: str) -> str:
    """The Bootstrap badge classes of a target status."""
    return _BADGES.get(status, "text-bg-secondary")


@register.filter
def status_label(status: str) -> str:
    return str(TargetStatus(status).label) if status in TargetStatus.values else ""


@register.filter
def figure(value) -> str:
    """A figure as Vietnamese write it: 1.234 and 2,5; empty as —."""
    return vn_figure(value) if value is not None and value != "" else "—"


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
