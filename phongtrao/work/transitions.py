"""The lifecycle of an assignment on two axes (anchors.md §2.2), as one table.

Execution: not started → in progress → done on time / done late, with overdue set by the
system, refused (by the lead, with a reason) and recalled (by the assigner). Verification of a
finished assignment: waiting → accepted, or returned for more work (which reopens execution).
docs/work-transitions.md is generated from this table and a test checks that they agree.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Execution, Verification

E = Execution
V = Verification


@dataclass(frozen=True)
class Transition:
    name: str
    label: object  # lazy Vietnamese label of the action
    who: str  # who may do it (documentation)
    execution_from: frozenset[str]
    verification_from: frozenset[str]
    result: str  # documentation of the resulting state


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "report_progress", gettext_lazy("report progress"), "lead or coordinating unit",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS, E.OVERDUE}), frozenset({V.NONE, V.RETURNED}),
            "not started → in progress; overdue stays overdue",
        ),
        Transition(
            "mark_overdue", gettext_lazy("mark overdue"), "the system, every night",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS}), frozenset({V.NONE, V.RETURNED}),
            "overdue",
        ),
        Transition(
            "complete", gettext_lazy("report completion"), "lead unit",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS, E.OVERDUE}), frozenset({V.NONE, V.RETURNED}),
            "done on time if completed on or before the deadline, else done late; verification → waiting",
        ),
        Transition(
            "refuse", gettext_lazy("refuse"), "lead unit (with a reason)",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS}), frozenset({V.NONE}),
            "refused (closed)",
        ),
        Transition(
            "recall", gettext_lazy("recall"), "assigning unit (with a reason)",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS, E.OVERDUE}), frozenset({V.NONE, V.RETURNED}),
            "recalled (closed), with its open sub-assignments",
        ),
        Transition(
            "request_extension", gettext_lazy("request an extension"), "lead unit",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS, E.OVERDUE}), frozenset({V.NONE, V.RETURNED}),
            "a pending extension request (at most the programme's limit, one pending at a time)",
        ),
        Transition(
            "approve_extension", gettext_lazy("approve an extension"), "assigning unit",
            frozenset({E.NOT_STARTED, E.IN_PROGRESS, E.OVERDUE}), frozenset({V.NONE, V.RETURNED}),
            "new deadline (the old one kept); overdue → in progress",
        ),
        Transition(
            "accept", gettext_lazy("accept"), "assigning unit",
            frozenset({E.DONE_ON_TIME, E.DONE_LATE}), frozenset({V.WAITING}),
            "verification → accepted",
        ),
        Transition(
            "return", gettext_lazy("return for more work"), "assigning unit (with a reason)",
            frozenset({E.DONE_ON_TIME, E.DONE_LATE}), frozenset({V.WAITING}),
            "verification → returned; execution reopens (in progress, or overdue past the deadline)",
        ),
    ]
}  # fmt: skip


def allowed(name: str, execution: str, verification: str) -> bool:
    transition = TRANSITIONS[name]
    return execution in transition.execution_from and verification in transition.verification_from


def check(name: str, assignment) -> None:
    """Refuse an action the lifecycle does not allow, with a sentence an officer understands."""
    if not allowed(name, assignment.execution, assignment.verification):
        raise ValidationError(
            _("You cannot %(action)s an assignment that is “%(execution)s” (%(verification)s).")
            % {
                "action": TRANSITIONS[name].label,
                "execution": assignment.get_execution_display(),
                "verification": assignment.get_verification_display().lower(),
            },
            code="transition_refused",
        )


def markdown_table() -> str:
    """The table as Markdown, for docs/work-transitions.md."""
    lines = [
        "| action | who | execution before | verification before | result |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSITIONS.values():
        lines.append(
            f"| `{t.name}` | {t.who} | {', '.join(sorted(t.execution_from))} | "
            f"{', '.join(sorted(t.verification_from))} | {t.result} |"
        )
    return "\n".join(lines)
