from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "phongtrao.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from phongtrao.common.navigation import DashboardCard, Module, register_card, register_module

        from .dashboard import scope_card
        from .queries import is_unit_admin

        register_module(Module("units", lambda: _("Units"), "org:unit_list", "diagram-3", 80, group="lookup"))
        register_module(Module("areas", lambda: _("Areas"), "org:area_list", "geo-alt", 90, group="lookup"))
        register_module(
            Module(
                "accounts", lambda: _("Accounts"), "org:account_list", "person-gear", 92, visible=is_unit_admin, group="lookup"
            )
        )
        register_card(DashboardCard("org.scope", "org/cards/scope.html", 900, scope_card))
