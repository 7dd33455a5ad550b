from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "phongtrao.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from phongtrao.common.auditing import register_recorder
        from phongtrao.common.navigation import DashboardCard, Module, register_card, register_module

        from . import sentences_org  # noqa: F401  (registers the org sentences)
        from .actions import record_entry
        from .dashboard import recent_card

        register_recorder(record_entry)
        register_module(Module("changes", lambda: _("What changed"), "audit:changes", "clock-history", 95, group="lookup"))
        register_card(DashboardCard("audit.recent", "audit/cards/recent.html", 950, recent_card))
