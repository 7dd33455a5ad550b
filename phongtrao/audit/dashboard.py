from .models import AuditEntry

RECENT = 6


def recent_card(request) -> dict:
    """The latest changes in the user's scope (one query)."""
    entries = AuditEntry.objects.visible_to(request.user).select_related("actor")[:RECENT]
    return {"entries": list(entries)}
