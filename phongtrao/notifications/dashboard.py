from .queries import latest_unread, unread_count

SHOWN = 5


def unread_card(request) -> dict:
    """The "Thông báo mới" card: the latest unread notifications and how many there are (two queries)."""
    return {"items": latest_unread(request.user, SHOWN), "count": unread_count(request.user)}
