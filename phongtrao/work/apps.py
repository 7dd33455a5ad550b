from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "phongtrao.work"
    label = "work"
    verbose_name = _("Work programme")

    def ready(self) -> None:
        from phongtrao.audit.registry import register, register_field_labels, register_value_labels
        from phongtrao.common.navigation import Module, register_module

        from .enums import Execution, Verification

        sentences = {
            "work.programme.created": _("%(actor)s created the work programme %(object)s"),
            "work.assignment.created": _("%(actor)s assigned %(object)s"),
            "work.assignment.progress_reported": _("%(actor)s reported progress on %(object)s"),
            "work.assignment.completed": _("%(actor)s reported %(object)s as done"),
            "work.assignment.accepted": _("%(actor)s accepted the results of %(object)s"),
            "work.assignment.returned": _("%(actor)s returned %(object)s for more work"),
            "work.assignment.refused": _("%(actor)s refused %(object)s"),
            "work.assignment.recalled": _("%(actor)s recalled %(object)s"),
            "work.assignment.overdue": _("%(object)s became overdue"),
            "work.assignment.recurred": _("%(actor)s opened the next occurrence of %(object)s"),
            "work.extension.requested": _("%(actor)s asked for more time on %(object)s"),
            "work.extension.approved": _("%(actor)s extended the deadline of %(object)s"),
            "work.extension.rejected": _("%(actor)s rejected the extension of %(object)s"),
            "work.proposal.raised": _("%(actor)s raised %(object)s"),
            "work.proposal.decided": _("%(actor)s decided on %(object)s"),
        }
        for code, sentence in sentences.items():
            register(code, sentence)
        register_field_labels(
            {
                "execution": lambda: _("execution"),
                "verification": lambda: _("verification"),
                "progress": lambda: _("progress (%)"),
                "due_date": lambda: _("deadline"),
                "lead": lambda: _("lead unit"),
                "assigner": lambda: _("assigning unit"),
                "reason": lambda: _("reason"),
                "note": lambda: _("note"),
                "decision": lambda: _("decision"),
                "directives": lambda: _("directives"),
                "raised_to": lambda: _("raised to"),
                "year": lambda: _("year"),
            }
        )
        register_value_labels("execution", Execution)
        register_value_labels("verification", Verification)
        register_module(Module("work", lambda: _("Work"), "work:programme_list", "list-check", 10))

        from .apps_dashboard import register_dashboard

        register_dashboard()
