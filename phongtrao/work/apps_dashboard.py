"""What the work dashboard registers with the foundation apps; WorkConfig.ready() calls
register_dashboard() (it may run more than once: every registration is idempotent)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def metrics_card(request) -> dict | None:
    """This year's figures for the user's default dashboard unit (one aggregate query)."""
    from .metrics import METRICS, Period, default_dashboard_unit, unit_metrics
    from .views_dashboard import dashboard_url, list_url

    unit = default_dashboard_unit(request.user)
    if unit is None:
        return None
    period = Period.this_year()
    figures = unit_metrics(request.user, unit, period)
    return {
        "unit": unit,
        "period": period,
        "metrics": figures,
        "items": [
            {"key": key, "label": metric.label, "value": figures.value(key), "url": list_url(unit, period, key)}
            for key, metric in METRICS.items()
        ],
        "url": dashboard_url(unit, period),
    }


def register_dashboard() -> None:
    from phongtrao.common.navigation import DashboardCard, Module, register_card, register_module
    from phongtrao.documents.registry import register

    from .exporters import DashboardTable, MetricList, ProgrammeList, ProgrammeReport, ProposalList

    register(MetricList)
    register(DashboardTable)
    register(ProgrammeReport)
    register(ProgrammeList)
    register(ProposalList)
    register_card(DashboardCard("work.metrics", "work/dashboard/card.html", 100, metrics_card))
    register_module(Module("work_dashboard", lambda: _("Progress"), "work:dashboard", "speedometer2", 25))
