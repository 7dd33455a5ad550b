from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MeetingsConfig(AppConfig):
    name = "phongtrao.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from phongtrao.audit.registry import register, register_field_labels, register_value_labels
        from phongtrao.common.navigation import Module, register_module
        from phongtrao.documents import registry as documents

        from .enums import MeetingKind
        from .exporters import ConclusionNotice

        sentences = {
            "meetings.meeting.created": _("%(actor)s recorded the meeting %(object)s"),
            "meetings.meeting.updated": _("%(actor)s changed the meeting %(object)s"),
            "meetings.attendee.added": _("%(actor)s added an attendee to %(object)s"),
            "meetings.unit.added": _("%(actor)s added an attending unit to %(object)s"),
            "meetings.point.added": _("%(actor)s added a connected point to %(object)s"),
            "meetings.agenda.added": _("%(actor)s added an agenda item to %(object)s"),
            "meetings.attachment.added": _("%(actor)s attached a file to %(object)s"),
            "meetings.conclusion.created": _("%(actor)s recorded a conclusion of %(object)s"),
            "meetings.directive.proposed": _("%(actor)s proposed a directive of %(object)s"),
            "meetings.directive.updated": _("%(actor)s corrected a proposed directive of %(object)s"),
            "meetings.directive.confirmed": _("%(actor)s confirmed a directive of %(object)s as an assignment"),
            "meetings.directive.rejected": _("%(actor)s rejected a proposed directive of %(object)s"),
        }
        for code, sentence in sentences.items():
            register(code, sentence)
        register_field_labels(
            {
                "title": lambda: _("title"),
                "date": lambda: _("date"),
                "kind": lambda: _("kind"),
                "meeting_kind": lambda: _("kind"),
                "place": lambda: _("place"),
                "chair_name": lambda: _("chaired by"),
                "summary": lambda: _("summary"),
                "minutes": lambda: _("minutes"),
                "attendee": lambda: _("attendee"),
                "unit": lambda: _("unit"),
                "item": lambda: _("item"),
                "file": lambda: _("file"),
                "conclusion": lambda: _("conclusion"),
                "directive": lambda: _("directive"),
                "action": lambda: pgettext_lazy("meetings", "action"),
                "assignment": lambda: _("assignment"),
            }
        )
        register_value_labels("meeting_kind", MeetingKind)
        documents.register(ConclusionNotice)
        register_module(Module("meetings", lambda: _("Meetings"), "meetings:list", "people", 20))
