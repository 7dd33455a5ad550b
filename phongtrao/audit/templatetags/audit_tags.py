import re

from django import template
from django.utils.translation import gettext as _

from ..models import AuditEntry
from ..registry import field_label, value_label

register = template.Library()

HISTORY_LIMIT = 20


@register.inclusion_tag("audit/history_panel.html")
def audit_history(obj):
    """The history panel shown beside every object: its latest audit entries, newest first."""
    entries = list(AuditEntry.objects.for_object(obj).select_related("actor")[: HISTORY_LIMIT + 1])
    return {"entries": entries[:HISTORY_LIMIT], "more": len(entries) > HISTORY_LIMIT, "obj": obj}


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _display(value):
    """Audit values as a person reads them: dates dd/mm/yyyy, lists joined, booleans in words."""
    if isinstance(value, str) and (match := _ISO_DATE.match(value)):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@register.filter
def changes(entry) -> list[tuple[str, object, object]]:
    old = entry.old or {}
    new = entry.new or {}
    return [
        (field_label(k), _display(value_label(k, old.get(k))), _display(value_label(k, new.get(k))))
        for k in sorted(set(old) | set(new))
    ]
