"""Everything the festival registers at start-up: its module in the navigation, the audit
sentences of the shared actions, and each part's own registrations."""

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from phongtrao.audit.registry import register, register_field_labels, register_value_labels
    from phongtrao.common.navigation import Module, register_module

    from .campaigns.register import register as register_campaigns
    from .enums import SiteKind, SiteLevel
    from .preparation.register import register as register_preparation
    from .results.register import register as register_results
    from .schedule.register import register as register_schedule
    from .selection.register import register as register_selection

    register("festival.campaign.created", _("%(actor)s opened the festival campaign “%(object)s”"))
    register("festival.site.created", _("%(actor)s registered the festival site “%(object)s”"))
    register_field_labels(
        {
            "theme": lambda: _("theme"),
            "window_start": lambda: _("first day of the window"),
            "window_end": lambda: _("last day of the window"),
            "festival_day": lambda: _("festival day"),
            "nomination_deadline": lambda: _("deadline for nominations"),
            "results_due": lambda: _("deadline for results"),
            "wrap_up_date": lambda: _("wrap-up conference"),
            "plan_number": lambda: _("national plan number"),
            "plan_date": lambda: _("national plan date"),
            "travel_days": lambda: _("travel days between regions"),
            "site_level": lambda: _("level"),
            "site_kind": lambda: _("kind of site"),
        }
    )
    register_value_labels("site_level", SiteLevel)
    register_value_labels("site_kind", SiteKind)
    register_module(Module("festival", lambda: _("Festival 19/8"), "festival:home", "flag", 35))
    for part in (register_campaigns, register_selection, register_schedule, register_preparation, register_results):
        part()
