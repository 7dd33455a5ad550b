from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "phongtrao.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from phongtrao.audit.registry import register, register_field_labels
        from phongtrao.common.navigation import Module, register_module

        register("meetings.meeting.created", _("%(actor)s recorded the meeting %(object)s"))
        register("meetings.attendee.added", _("%(actor)s added an attendee to %(object)s"))
        register_field_labels(
            {
                "title": lambda: _("title"),
                "date": lambda: _("date"),
                "kind": lambda: _("kind"),
                "attendee": lambda: _("attendee"),
            }
        )
        register_module(Module("meetings", lambda: _("Meetings"), "meetings:list", "people", 20))
