from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "phongtrao.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from phongtrao.common.navigation import DashboardCard, register_card

        from .dashboard import unread_card

        register_card(DashboardCard("notifications.unread", "notifications/cards/unread.html", 50, unread_card))
