"""Audit sentences, field labels and the exporter of the leaders and the leaders' schedule."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from phongtrao.audit.registry import register as register_sentence
    from phongtrao.audit.registry import register_field_labels, register_value_labels
    from phongtrao.documents import registry

    from ..enums import AssignmentSource, LeaderBody, LeaderRank
    from .exporters import ScheduleSheet
    from .solver import Status

    register_sentence("festival.leader.created", _("%(actor)s added the leader %(object)s"))
    register_sentence("festival.leader.updated", _("%(actor)s changed the details of the leader %(object)s"))
    register_sentence("festival.leader.availability_set", _("%(actor)s set the days %(object)s is available"))
    register_sentence("festival.schedule.solved", _("%(actor)s solved the leaders' schedule of %(object)s"))
    register_sentence(
        "festival.schedule.proposed", _("The leaders' schedule solved by %(actor)s changed the attendance at %(object)s")
    )
    register_sentence("festival.schedule.assigned", _("%(actor)s set by hand the leader attending %(object)s"))
    register_sentence("festival.schedule.cleared", _("%(actor)s removed the leader attending %(object)s"))
    register_field_labels(
        {
            "leader_body": lambda: _("body the leader belongs to"),
            "leader_rank": lambda: _("rank of the leader"),
            "available_days": lambda: _("available days"),
            "max_sites": lambda: _("most sites a leader attends"),
            "preferred_regions": lambda: _("preferred regions"),
            "preferred_sites": lambda: _("preferred sites"),
            "availability_note": lambda: _("note on the days"),
            "leader": lambda: _("leader attending"),
            "attendance_day": lambda: _("day of attendance"),
            "assignment_source": lambda: _("how it was set"),
            "site_date": lambda: _("date of the site"),
            "solver_status": lambda: _("result of the solver"),
            "sites_covered": lambda: _("sites with a leader"),
            "sites_uncovered": lambda: _("sites without a leader"),
            "solve_seconds": lambda: _("solving time (s)"),
        }
    )
    register_value_labels("leader_body", LeaderBody)
    register_value_labels("leader_rank", LeaderRank)
    register_value_labels("assignment_source", AssignmentSource)
    register_value_labels(
        "solver_status",
        {Status.OPTIMAL: _("optimal"), Status.FEASIBLE: _("good, time limit reached"), Status.FAILED: _("no solution")},
    )
    registry.register(ScheduleSheet)
