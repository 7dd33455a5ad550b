from django import template

from ..models import AuditEntry
from ..registry import field_label

register = template.Library()

HISTORY_LIMIT = 20


@register.inclusion_tag("audit/history_panel.html")
def audit_history(obj):
    """The history panel shown beside every object: its latest audit entries, newest first."""
    entries = list(AuditEntry.objects.for_object(obj).select_related("actor")[: HISTORY_LIMIT + 1])
    return {"entries": entries[:HISTORY_LIMIT], "more": len(entries) > HISTORY_LIMIT, "obj": obj}


@register.filter
def changes(entry) -> list[tuple[str, object, object]]:
    old = entry.old or {}
    new = entry.new or {}
    return [(field_label(k), old.get(k), new.get(k)) for k in sorted(set(old) | set(new))]
