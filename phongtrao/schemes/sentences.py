"""Audit sentences and labels of the schemes app (registered in SchemesConfig.ready)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongtrao.audit.registry import register, register_field_labels, register_value_labels

from .enums import PhaseStatus, SchemeState


def _about_phase(template):
    """A sentence naming the phase kept in the entry's new values."""

    def sentence(entry) -> str:
        actor = entry.actor.get_full_name() if entry.actor_id else _("The system")
        phase = (entry.new or {}).get("phase", "")
        return str(template) % {"actor": actor, "phase": phase, "object": entry.object_repr}

    return sentence


def register_all() -> None:
    register("schemes.scheme.created", gettext_lazy("%(actor)s created the scheme %(object)s"))
    register("schemes.scheme.approved", gettext_lazy("%(actor)s passed the last gate: the scheme %(object)s is approved"))
    register("schemes.scheme.cancelled", gettext_lazy("%(actor)s cancelled the scheme %(object)s"))
    register("schemes.phase.started", _about_phase(gettext_lazy("%(actor)s started the phase “%(phase)s” of %(object)s")))
    register(
        "schemes.phase.completed",
        _about_phase(gettext_lazy("%(actor)s passed the gate of the phase “%(phase)s” of %(object)s")),
    )
    register(
        "schemes.phase.deadline_moved",
        _about_phase(gettext_lazy("%(actor)s moved the deadline of the phase “%(phase)s” of %(object)s")),
    )
    register(
        "schemes.document.attached",
        _about_phase(gettext_lazy("%(actor)s attached a document to the phase “%(phase)s” of %(object)s")),
    )
    register_field_labels(
        {
            "phase": lambda: gettext_lazy("phase"),
            "phases": lambda: gettext_lazy("phases"),
            "phase_status": lambda: gettext_lazy("phase status"),
            "phase_deadline": lambda: gettext_lazy("deadline"),
            "original_deadline": lambda: gettext_lazy("original deadline"),
            "actual_start": lambda: gettext_lazy("started on"),
            "completed_on": lambda: gettext_lazy("completed on"),
            "late_days": lambda: gettext_lazy("days late"),
            "scheme_state": lambda: gettext_lazy("state of the scheme"),
            "approved_on": lambda: gettext_lazy("approved on"),
            "document": lambda: gettext_lazy("document"),
            "document_kind": lambda: gettext_lazy("document kind"),
            "file_name": lambda: gettext_lazy("file name"),
            "basis": lambda: gettext_lazy("basis"),
            "lead": lambda: gettext_lazy("lead unit"),
            "title": lambda: gettext_lazy("title"),
            "reason": lambda: gettext_lazy("reason"),
            "note": lambda: gettext_lazy("note"),
        }
    )
    register_value_labels("phase_status", PhaseStatus)
    register_value_labels("scheme_state", SchemeState)
