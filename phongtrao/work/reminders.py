"""Who must be told what about the work programme, and the notifications that tell them.

Deadline reminders (run every night, see tasks.run_nightly)
----------------------------------------------------------
Reminded people: the officers and leaders (role officer or leader, not viewers, not unit
administrators) who are members of exactly the unit concerned, with an active account:
  * the lead unit, for the assignment's deadline;
  * each coordinating unit that has not finished its part (not completed, progress < 100),
    for its own deadline (the assignment's when it has none).
Only open assignments count (not started, in progress, overdue). Reminders are sent on
working days only (phongtrao.common.calendar); "N working days before the deadline" means
that N working days remain in (today, deadline]:
    working_days_between(today, deadline) == N
for an N in the person's settings (0 = on the deadline, or on the last working day before a
deadline that falls on a day off). Overdue: k = working_days_between(deadline, today) ≥ 1 is
how many working days have passed since the deadline; "daily" reminds at every k, "weekly" at
k = 1, 6, 11, … (every 5 working days), "never" not at all. Each reminder has a dedupe key
(work.due.<assignment>.<deadline>.<N>, work.overdue.<assignment>.<deadline>.<day>, with
.u<unit> for a coordinating unit), so a second run on the same day sends nothing new, and an
approved extension (a new deadline) starts the reminders afresh.

Queries: a constant number whatever the number of assignments (the settings in use, the
candidate assignments, the candidate coordinators, the memberships with their settings).

The leader digest
-----------------
On working days, each unit leader (role leader, digest not turned off) gets one message on the
subtrees of the units they lead: open assignments overdue and due within 5 working days, and
what waits for their decision (phongtrao.work.queries.awaiting_decision). Empty digests are
not sent. The key work.digest.<day> makes it once a day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phongtrao.common import calendar
from phongtrao.notifications.actions import Message, deliver, notify
from phongtrao.notifications.enums import OverdueRepeat
from phongtrao.notifications.queries import overdue_repeat_of, reminder_days_in_use, reminder_days_of
from phongtrao.org.enums import Role
from phongtrao.org.models import Membership, User

from .enums import OPEN_STATES, ProposalKind
from .models import Assignment, AssignmentCoordinator, ExtensionRequest, Proposal

REMINDED_ROLES = (Role.OFFICER, Role.LEADER)
WEEKLY_EVERY = 5  # working days
DIGEST_HORIZON = 5  # working days
DIGEST_ITEMS = 10
TITLE_SHOWN = 200

LEAD = "lead"
COORDINATOR = "coordinator"
DUE = "due"
OVERDUE = "overdue"


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1] + "…"


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def assignment_url(pk: int) -> str:
    return reverse("work:assignment_detail", args=[pk])


# --- deadline reminders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """One person to remind today about one deadline (of the lead unit or of a coordinating unit)."""

    user_id: int
    assignment_id: int
    unit_id: int
    unit_name: str
    role: str  # LEAD or COORDINATOR
    kind: str  # DUE or OVERDUE
    deadline: datetime.date
    days: int  # working days left (DUE) or past the deadline (OVERDUE)
    code: str
    title: str
    on: datetime.date

    @property
    def dedupe_key(self) -> str:
        unit = f".u{self.unit_id}" if self.role == COORDINATOR else ""
        if self.kind == DUE:
            return f"work.due.{self.assignment_id}{unit}.{self.deadline.isoformat()}.{self.days}"
        return f"work.overdue.{self.assignment_id}{unit}.{self.deadline.isoformat()}.{self.on.isoformat()}"


def _due_windows(today: datetime.date, days: set[int]) -> dict[datetime.date, int]:
    """Deadline -> N for every deadline that is N working days after today, for each N in `days`."""
    windows: dict[datetime.date, int] = {}
    for n in days:
        first = calendar.add_working_days(today, n)
        stop = calendar.add_working_days(today, n + 1)
        day = first
        while day < stop:
            windows[day] = n
            day += datetime.timedelta(days=1)
    return windows


def _overdue_wanted(repeat: str, past: int) -> bool:
    if past < 1 or repeat == OverdueRepeat.NEVER:
        return False
    if repeat == OverdueRepeat.WEEKLY:
        return (past - 1) % WEEKLY_EVERY == 0
    return True


@dataclass(frozen=True)
class _Deadline:
    assignment_id: int
    unit_id: int
    unit_name: str
    role: str
    deadline: datetime.date
    code: str
    title: str


def _candidates(today: datetime.date, window_dates: list[datetime.date]) -> list[_Deadline]:
    """Open deadlines in the reminder windows or already past: two queries."""
    in_scope = Q(due_date__in=window_dates) | Q(due_date__lt=today)
    leads = (
        Assignment.objects.filter(in_scope, execution__in=OPEN_STATES)
        .order_by()
        .values_list("pk", "lead_id", "lead__name", "due_date", "code", "title")
    )
    result = [_Deadline(pk, unit, name, LEAD, due, code, title) for pk, unit, name, due, code, title in leads]
    coordinators = (
        AssignmentCoordinator.objects.filter(assignment__execution__in=OPEN_STATES, completed_on__isnull=True, progress__lt=100)
        .annotate(deadline=Coalesce("due_date", "assignment__due_date"))
        .filter(Q(deadline__in=window_dates) | Q(deadline__lt=today))
        .order_by()
        .values_list("assignment_id", "unit_id", "unit__name", "deadline", "assignment__code", "assignment__title")
    )
    result += [_Deadline(pk, unit, name, COORDINATOR, due, code, title) for pk, unit, name, due, code, title in coordinators]
    return result


def due_reminders(on: datetime.date) -> list[Reminder]:
    """Everyone to remind on day `on`, about which deadline. Reads only; see the module doc."""
    if not calendar.is_working_day(on):
        return []
    windows = _due_windows(on, reminder_days_in_use())
    deadlines = _candidates(on, sorted(windows))
    if not deadlines:
        return []
    units = {d.unit_id for d in deadlines}
    people: dict[int, list[tuple[int, tuple[int, ...], str]]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(unit_id__in=units, role__in=REMINDED_ROLES, user__is_active=True)
        .order_by()
        .values_list(
            "unit_id", "user_id", "user__notification_settings__reminder_days", "user__notification_settings__overdue_repeat"
        )
    )
    for unit_id, user_id, days_text, repeat in memberships:
        people[unit_id].append((user_id, reminder_days_of(days_text), overdue_repeat_of(repeat)))
    past_cache: dict[datetime.date, int] = {}
    reminders = []
    for item in deadlines:
        if item.deadline >= on:
            kind, count = DUE, windows.get(item.deadline)
        else:
            kind = OVERDUE
            if item.deadline not in past_cache:
                past_cache[item.deadline] = calendar.working_days_between(item.deadline, on)
            count = past_cache[item.deadline]
        if count is None:
            continue
        for user_id, days, repeat in people.get(item.unit_id, ()):
            wanted = count in days if kind == DUE else _overdue_wanted(repeat, count)
            if wanted:
                reminders.append(
                    Reminder(
                        user_id=user_id,
                        assignment_id=item.assignment_id,
                        unit_id=item.unit_id,
                        unit_name=item.unit_name,
                        role=item.role,
                        kind=kind,
                        deadline=item.deadline,
                        days=count,
                        code=item.code,
                        title=item.title,
                        on=on,
                    )
                )
    return reminders


def reminder_title(reminder: Reminder) -> str:
    params = {
        "title": _short(reminder.title),
        "date": _date(reminder.deadline),
        "days": reminder.days,
        "unit": reminder.unit_name,
    }
    coordinating = reminder.role == COORDINATOR
    if reminder.kind == DUE and reminder.days == 0:
        if coordinating:
            return _("The part of %(unit)s in “%(title)s” is due on %(date)s") % params
        return _("The assignment “%(title)s” is due on %(date)s") % params
    if reminder.kind == DUE and coordinating:
        return (
            ngettext(
                "The part of %(unit)s in “%(title)s” is due in %(days)s working day, on %(date)s",
                "The part of %(unit)s in “%(title)s” is due in %(days)s working days, on %(date)s",
                reminder.days,
            )
            % params
        )
    if reminder.kind == DUE:
        return (
            ngettext(
                "The assignment “%(title)s” is due in %(days)s working day, on %(date)s",
                "The assignment “%(title)s” is due in %(days)s working days, on %(date)s",
                reminder.days,
            )
            % params
        )
    if coordinating:
        return (
            ngettext(
                "The part of %(unit)s in “%(title)s” is %(days)s working day overdue (deadline %(date)s)",
                "The part of %(unit)s in “%(title)s” is %(days)s working days overdue (deadline %(date)s)",
                reminder.days,
            )
            % params
        )
    return (
        ngettext(
            "The assignment “%(title)s” is %(days)s working day overdue (deadline %(date)s)",
            "The assignment “%(title)s” is %(days)s working days overdue (deadline %(date)s)",
            reminder.days,
        )
        % params
    )


def reminder_body(reminder: Reminder) -> str:
    params = {"code": reminder.code or "—", "unit": reminder.unit_name, "date": _date(reminder.deadline)}
    if reminder.role == COORDINATOR:
        return _("Number %(code)s. Coordinating unit: %(unit)s. Its deadline: %(date)s.") % params
    return _("Number %(code)s. Lead unit: %(unit)s. Deadline: %(date)s.") % params


def send_due_reminders(on: datetime.date) -> int:
    """Create today's reminders (each once: see the dedupe keys). Returns how many were new."""
    reminders = due_reminders(on)
    if not reminders:
        return 0
    content_type_id = ContentType.objects.get_for_model(Assignment).pk
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            Message(
                recipient_id=r.user_id,
                code=f"work.assignment.{r.kind}",
                title=reminder_title(r),
                body=reminder_body(r),
                url=assignment_url(r.assignment_id),
                content_type_id=content_type_id,
                object_id=r.assignment_id,
                dedupe_key=r.dedupe_key,
            )
            for r in reminders
        ]
    return len(deliver(messages))


# --- the daily digest for unit leaders ----------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    pk: int
    code: str
    title: str
    due_date: datetime.date
    lead_name: str


@dataclass
class UnitDigest:
    unit_id: int
    unit_name: str
    overdue: list[DigestItem] = field(default_factory=list)
    due_soon: list[DigestItem] = field(default_factory=list)


@dataclass
class Digest:
    """What one leader is told on one day."""

    user_id: int
    on: datetime.date
    units: list[UnitDigest]
    completions: list[Assignment]
    extensions: list[ExtensionRequest]
    proposals: list[Proposal]
    counts: dict[str, int]

    @property
    def is_empty(self) -> bool:
        return not any(self.counts.values())


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _first(queryset, counts: dict[str, int], name: str) -> list:
    items = list(queryset[: DIGEST_ITEMS + 1])
    counts[name] = queryset.count() if len(items) > DIGEST_ITEMS else len(items)
    return items[:DIGEST_ITEMS]


def leader_digest(on: datetime.date) -> list[Digest]:
    """One digest per unit leader for day `on` (working days only; empty ones left out).

    Overdue and due-soon work is read in one query for the whole country and bucketed by unit
    subtree; what waits for each leader's decision is read per leader (awaiting_decision)."""
    if not calendar.is_working_day(on):
        return []
    rows = (
        Membership.objects.filter(role=Role.LEADER, user__is_active=True, unit__is_active=True)
        .filter(Q(user__notification_settings__isnull=True) | Q(user__notification_settings__daily_digest=True))
        .order_by("user_id", "unit__path")
        .values_list("user_id", "unit_id", "unit__name", "unit__path")
    )
    led: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for user_id, unit_id, name, path in rows:
        if not any(path.startswith(p) for _u, _n, p in led[user_id]):  # a subtree already covered
            led[user_id].append((unit_id, name, path))
    if not led:
        return []
    horizon = calendar.add_working_days(on, DIGEST_HORIZON + 1)  # due before this: within 5 working days
    buckets: dict[str, dict[str, list[DigestItem]]] = defaultdict(lambda: {"overdue": [], "due_soon": []})
    open_work = (
        Assignment.objects.filter(execution__in=OPEN_STATES, due_date__lt=horizon)
        .order_by("due_date", "path")
        .values_list("pk", "code", "title", "due_date", "lead__name", "lead__path")
    )
    for pk, code, title, due, lead_name, lead_path in open_work:
        item = DigestItem(pk, code, title, due, lead_name)
        section = "overdue" if due < on else "due_soon"
        for prefix in _ancestor_paths(lead_path):
            buckets[prefix][section].append(item)
    from .queries import awaiting_decision

    users = User.objects.in_bulk(list(led))
    digests = []
    for user_id, units in led.items():
        user = users.get(user_id)
        if user is None:
            continue
        counts = {"overdue": 0, "due_soon": 0}
        unit_digests = []
        for unit_id, name, path in units:
            bucket = buckets.get(path, {"overdue": [], "due_soon": []})
            counts["overdue"] += len(bucket["overdue"])
            counts["due_soon"] += len(bucket["due_soon"])
            unit_digests.append(UnitDigest(unit_id, name, bucket["overdue"], bucket["due_soon"]))
        waiting = awaiting_decision(user)
        digest = Digest(
            user_id=user_id,
            on=on,
            units=unit_digests,
            completions=_first(waiting["completions"], counts, "completions"),
            extensions=_first(waiting["extensions"], counts, "extensions"),
            proposals=_first(waiting["proposals"], counts, "proposals"),
            counts=counts,
        )
        if not digest.is_empty:
            digests.append(digest)
    return digests


def _items(lines: list[str], items: list[DigestItem], total: int) -> None:
    for item in items[:DIGEST_ITEMS]:
        lines.append(
            "  • "
            + _("%(code)s %(title)s — %(unit)s, deadline %(date)s")
            % {"code": item.code, "title": _short(item.title), "unit": item.lead_name, "date": _date(item.due_date)}
        )
    if total > DIGEST_ITEMS:
        lines.append("  " + _("… and %(count)s more") % {"count": total - DIGEST_ITEMS})


def digest_title(digest: Digest) -> str:
    c = digest.counts
    waiting = c["completions"] + c["extensions"] + c["proposals"]
    return _(
        "Daily digest %(date)s: %(overdue)s overdue, %(soon)s due within 5 working days, %(waiting)s waiting for your decision"
    ) % {"date": _date(digest.on), "overdue": c["overdue"], "soon": c["due_soon"], "waiting": waiting}


def digest_body(digest: Digest) -> str:
    lines: list[str] = []
    for unit in digest.units:
        if not unit.overdue and not unit.due_soon:
            continue
        lines.append(_("%(unit)s and the units under it:") % {"unit": unit.unit_name})
        if unit.overdue:
            lines.append(_("Overdue (%(count)s):") % {"count": len(unit.overdue)})
            _items(lines, unit.overdue, len(unit.overdue))
        if unit.due_soon:
            lines.append(_("Due within 5 working days (%(count)s):") % {"count": len(unit.due_soon)})
            _items(lines, unit.due_soon, len(unit.due_soon))
        lines.append("")
    c = digest.counts
    if c["completions"] or c["extensions"] or c["proposals"]:
        lines.append(_("Waiting for your decision:"))
        if c["completions"]:
            lines.append(_("Completed work to verify (%(count)s):") % {"count": c["completions"]})
            lines += [f"  • {a.code} {_short(a.title)} — {a.lead.name}" for a in digest.completions]
        if c["extensions"]:
            lines.append(_("Extension requests (%(count)s):") % {"count": c["extensions"]})
            lines += [
                "  • "
                + _("%(code)s %(title)s — to %(date)s")
                % {"code": e.assignment.code, "title": _short(e.assignment.title), "date": _date(e.proposed_due_date)}
                for e in digest.extensions
            ]
        if c["proposals"]:
            lines.append(_("Difficulties and proposals raised to you (%(count)s):") % {"count": c["proposals"]})
            lines += [f"  • {_short(p.title)} — {p.unit.name}" for p in digest.proposals]
    return "\n".join(lines).strip()


def send_leader_digests(on: datetime.date) -> int:
    """Create the day's digests (once a day per leader). Returns how many were new."""
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            Message(
                recipient_id=d.user_id,
                code="work.digest",
                title=digest_title(d),
                body=digest_body(d),
                url=reverse("home"),
                dedupe_key=f"work.digest.{on.isoformat()}",
            )
            for d in leader_digest(on)
        ]
    return len(deliver(messages)) if messages else 0


# --- notifications of state changes (called by the actions) ----------------------------------------


def unit_people(unit_id: int) -> list[int]:
    """Officers and leaders of exactly this unit, with active accounts (one query)."""
    return list(
        Membership.objects.filter(unit_id=unit_id, role__in=REMINDED_ROLES, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


TO_LEAD = {"created", "recurred", "returned", "accepted", "recalled", "extension_approved", "extension_rejected"}
TO_ASSIGNER = {"completed", "refused", "extension_requested"}
EVENTS = TO_LEAD | TO_ASSIGNER


def _event_title(assignment: Assignment, code: str, extension: ExtensionRequest | None) -> str:
    params = {
        "title": _short(assignment.title),
        "date": _date(assignment.due_date),
        "unit": assignment.lead.name,
        "assigner": assignment.assigner.name,
    }
    if extension is not None:
        params["date"] = _date(extension.proposed_due_date)
    titles = {
        "created": _("%(assigner)s assigned “%(title)s” to %(unit)s, due %(date)s"),
        "recurred": _("%(assigner)s assigned “%(title)s” to %(unit)s, due %(date)s"),
        "completed": _("%(unit)s reported “%(title)s” done: its result waits for verification"),
        "returned": _("The result of “%(title)s” was returned for more work"),
        "accepted": _("The result of “%(title)s” was accepted"),
        "refused": _("%(unit)s refused the assignment “%(title)s”"),
        "recalled": _("%(assigner)s recalled the assignment “%(title)s”"),
        "extension_requested": _("%(unit)s asks to extend “%(title)s” to %(date)s"),
        "extension_approved": _("The deadline of “%(title)s” is extended to %(date)s"),
        "extension_rejected": _("The extension of “%(title)s” was not approved"),
    }
    return titles[code] % params


def notify_assignment_event(
    assignment: Assignment, code: str, actor, *, extension: ExtensionRequest | None = None, note: str = ""
) -> None:
    """Tell the people concerned about a state change, when the action's transaction commits.

    created, recurred, returned, accepted, recalled, extension_approved, extension_rejected → the
    lead unit's officers and leaders; completed, refused, extension_requested → the assigning
    unit's officers and leaders and the person who gave the assignment. Never the actor."""
    if code not in EVENTS:
        raise ValueError(f"Unknown assignment event {code!r}")
    if code in TO_LEAD:
        recipients = unit_people(assignment.lead_id)
    else:
        recipients = unit_people(assignment.assigner_id)
        if assignment.created_by_id:
            recipients.append(assignment.created_by_id)
    actor_pk = getattr(actor, "pk", None)
    recipients = [pk for pk in recipients if pk != actor_pk]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _event_title(assignment, code, extension)
        body = note.strip() or (extension.reason if extension is not None and code == "extension_requested" else "")
    notify(
        recipients=recipients,
        code=f"work.assignment.{code}",
        title=title,
        body=body,
        url=assignment_url(assignment.pk),
        obj=assignment,
        dedupe_key=f"work.assignment.created.{assignment.pk}" if code in {"created", "recurred"} else None,
    )


def notify_proposal_event(proposal: Proposal, code: str, actor) -> None:
    """raised → the leader it is raised to; decided → the raising unit's officers and leaders."""
    actor_pk = getattr(actor, "pk", None)
    with translation.override(settings.LANGUAGE_CODE):
        params = {"unit": proposal.unit.name, "title": _short(proposal.title)}
        if code == "raised":
            recipients = [proposal.raised_to_id]
            if proposal.kind == ProposalKind.OBSTACLE:
                title = _("%(unit)s raised a difficulty to you: “%(title)s”") % params
            else:
                title = _("%(unit)s raised a proposal to you: “%(title)s”") % params
            body = proposal.text
        elif code == "decided":
            recipients = unit_people(proposal.unit_id)
            title = _("A decision was made on “%(title)s”") % params
            body = proposal.decision
        else:
            raise ValueError(f"Unknown proposal event {code!r}")
    notify(
        recipients=[pk for pk in recipients if pk != actor_pk],
        code=f"work.proposal.{code}",
        title=title,
        body=body,
        url=reverse("work:proposal_detail", args=[proposal.pk]),
        obj=proposal,
    )
