from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchemesConfig(AppConfig):
    name = "phongtrao.schemes"
    label = "schemes"
    verbose_name = _("Schemes")

    def ready(self) -> None:
        from phongtrao.common.navigation import DashboardCard, Module, register_card, register_module

        from .dashboard import slipping_card
        from .sentences import register_all

        register_all()
        register_module(Module("schemes", lambda: _("Schemes"), "schemes:list", "bar-chart-steps", 30))
        register_card(DashboardCard("schemes.slipping", "schemes/cards/slipping.html", 150, slipping_card))
