from django.utils.translation import gettext_lazy as _

from phongtrao.org.enums import DivisionType, Role

from .registry import register, register_field_labels, register_value_labels

register("org.user.created", _("%(actor)s created the account of %(object)s"))
register("org.user.updated", _("%(actor)s changed the account of %(object)s"))
register("org.user.deactivated", _("%(actor)s locked the account of %(object)s"))
register("org.user.activated", _("%(actor)s unlocked the account of %(object)s"))
register("org.user.password_set", _("%(actor)s set a new password for %(object)s"))
register("org.user.imported", _("%(actor)s imported the account of %(object)s from a spreadsheet"))
register("org.membership.created", _("%(actor)s gave %(object)s a role"))
register("org.membership.removed", _("%(actor)s removed a role of %(object)s"))
register("org.area.created", _("%(actor)s added the area %(object)s"))
register("org.area.updated", _("%(actor)s changed the area %(object)s"))
register("org.area.imported", _("%(actor)s imported the area %(object)s from a spreadsheet"))
register("org.area.tags_changed", _("%(actor)s changed the tags of %(object)s"))
register("org.unit.updated", _("%(actor)s changed the unit %(object)s"))
register("org.committee.created", _("%(actor)s created the steering committee %(object)s"))
register("org.committee.updated", _("%(actor)s changed the steering committee %(object)s"))
register("common.calendar_day.created", _("%(actor)s added the calendar exception %(object)s"))
register("common.calendar_day.deleted", _("%(actor)s removed the calendar exception %(object)s"))
register("notifications.settings.updated", _("%(actor)s changed their notification settings"))
register("api.token.issued", _("%(actor)s issued the API token %(object)s"))
register("api.token.revoked", _("%(actor)s revoked the API token %(object)s"))

register_field_labels(
    {
        "name": lambda: _("name"),
        "full_name": lambda: _("full name"),
        "username": lambda: _("username"),
        "email": lambda: _("email"),
        "rank": lambda: _("rank"),
        "position": lambda: _("position"),
        "phone": lambda: _("phone"),
        "is_active": lambda: _("active"),
        "role": lambda: _("role"),
        "unit": lambda: _("unit"),
        "tags": lambda: _("tags"),
        "division_type": lambda: _("division type"),
        "parent": lambda: _("belongs to"),
    }
)
register_value_labels("division_type", DivisionType)
register_value_labels("role", Role)
