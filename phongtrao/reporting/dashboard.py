from .queries import awaiting_summary, owned_open_requests, requesting_units


def reporting_card(request) -> dict | None:
    """Reports the user's units still owe (overdue, due soon) and the open requests they sent."""
    user = request.user
    awaiting = awaiting_summary(user)
    owned = owned_open_requests(user)
    if not awaiting["items"] and not owned and not requesting_units(user).exists():
        return None
    return {"awaiting": awaiting, "owned": owned}
