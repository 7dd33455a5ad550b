from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "phongtrao.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")

    def ready(self) -> None:
        from phongtrao.audit.registry import register, register_field_labels, register_value_labels
        from phongtrao.common.navigation import DashboardCard, Module, register_card, register_module
        from phongtrao.documents.registry import register as register_exporter

        from .dashboard import reporting_card
        from .enums import ReportKind, RequestState
        from .exporters import ConsolidatedReport, ConsolidatedSheet, RequestList

        # A request's object is its title; a unit's report is "<unit> – <title>".
        register("reporting.request.created", _("%(actor)s sent the report request “%(object)s”"))
        register("reporting.request.closed", _("%(actor)s closed the report request “%(object)s”"))
        register("reporting.draft.saved", _("%(actor)s saved a draft of the report of %(object)s"))
        register("reporting.submission.submitted", _("%(actor)s submitted the report of %(object)s"))
        register("reporting.submission.returned", _("%(actor)s returned the report of %(object)s for completion"))
        register_field_labels(
            {
                "report_title": lambda: _("title of the request"),
                "report_kind": lambda: _("kind of report"),
                "period_start": lambda: _("period start"),
                "period_end": lambda: _("period end"),
                "cutoff": lambda: _("data cut-off date"),
                "due_date": lambda: _("deadline"),  # shared key: a neutral word for report and work deadlines
                "report_figures": lambda: _("figures"),
                "target_count": lambda: _("units asked"),
                "request_state": lambda: _("state"),
                "draft_revision": lambda: _("draft revision"),
                "files_added": lambda: _("files attached"),
                "files_removed": lambda: _("files removed"),
                "version": lambda: _("version"),
                "submitted_late": lambda: _("submitted after the due date"),
                "reason": lambda: _("reason"),
            }
        )
        register_value_labels("report_kind", ReportKind)
        register_value_labels("request_state", RequestState)
        for exporter in (RequestList, ConsolidatedSheet, ConsolidatedReport):
            register_exporter(exporter)
        register_module(Module("reporting", lambda: _("Reports"), "reporting:list", "clipboard-data", 30))
        register_card(DashboardCard("reporting.due", "reporting/cards/due.html", 100, reporting_card))
