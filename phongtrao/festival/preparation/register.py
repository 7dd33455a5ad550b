"""Audit sentences, field labels and the exporter of site preparation."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext


def _actor(entry) -> str:
    return entry.actor.get_full_name() if entry.actor_id else _("The system")


def _step_sentence(template):
    """A sentence naming the step the entry is about (kept in its new or old values)."""

    def sentence(entry) -> str:
        step = (entry.new or {}).get("site_step") or (entry.old or {}).get("site_step") or ""
        return str(template) % {"actor": _actor(entry), "object": entry.object_repr, "step": step}

    return sentence


def register() -> None:
    """Audit sentences, field labels, exporters and cards of this part of the festival."""
    from phongtrao.audit.registry import register as register_sentence
    from phongtrao.audit.registry import register_field_labels, register_value_labels
    from phongtrao.documents.registry import register as register_exporter

    from ..enums import ChecklistPart
    from .exporters import SiteBoard

    register_sentence("festival.site.updated", gettext_lazy("%(actor)s changed the festival site “%(object)s”"))
    sentences = {
        "festival.site.step_done": gettext_lazy("%(actor)s marked the step “%(step)s” of “%(object)s” done"),
        "festival.site.step_reopened": gettext_lazy("%(actor)s marked the step “%(step)s” of “%(object)s” not done"),
        "festival.site.step_changed": gettext_lazy("%(actor)s changed the step “%(step)s” of “%(object)s”"),
        "festival.site.step_added": gettext_lazy("%(actor)s added the step “%(step)s” to “%(object)s”"),
        "festival.site.step_deleted": gettext_lazy("%(actor)s deleted the step “%(step)s” of “%(object)s”"),
        "festival.programme.step_added": gettext_lazy("%(actor)s added the step “%(step)s” to the programme of “%(object)s”"),
        "festival.programme.step_changed": gettext_lazy("%(actor)s changed the step “%(step)s” of the programme of “%(object)s”"),
        "festival.programme.step_moved_up": gettext_lazy(
            "%(actor)s moved the step “%(step)s” up in the programme of “%(object)s”"
        ),
        "festival.programme.step_moved_down": gettext_lazy(
            "%(actor)s moved the step “%(step)s” down in the programme of “%(object)s”"
        ),
        "festival.programme.step_deleted": gettext_lazy(
            "%(actor)s removed the step “%(step)s” from the programme of “%(object)s”"
        ),
    }
    for code, template in sentences.items():
        register_sentence(code, _step_sentence(template))
    register_field_labels(
        {
            "site_name": lambda: _("name of the site"),
            "site_date": lambda: _("date of the festival at the site"),
            "venue": lambda: _("venue"),
            "site_step": lambda: _("step"),
            "step_owner": lambda: pgettext("step of a site", "owner"),
            "step_note": lambda: pgettext("step of a site", "note"),
            "step_part": lambda: _("part"),
            "step_optional": lambda: _("optional"),
            "step_offset": lambda: _("days relative to the site's date"),
        }
    )
    register_value_labels("step_part", ChecklistPart)
    register_exporter(SiteBoard)
