from django import template

from phongtrao.notifications.queries import unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """{% unread_notifications user as count %}: the bell's number (one COUNT)."""
    return unread_count(user)
