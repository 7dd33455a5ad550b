"""The life of one generated assignment, replayed day by day through the work lifecycle.

Nothing here touches the database. `plan` decides what happens to an assignment (finished and
accepted, returned, still open, refused, recalled, extended once) and over which days its lead
unit reports; the caller then shares the national number of progress reports among the plans
(`allocate`); `play` walks the events in date order with the state machine of
phongtrao.work.transitions, exactly as the actions would have applied them (the nightly overdue
marking included), and returns the final state with every report and audit payload in the shape
phongtrao.work.actions writes. A transition the lifecycle would refuse raises RuntimeError: the
generator cannot produce a state the application could not have reached.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from phongtrao.work.enums import CLOSED_STATES, DONE_STATES, Execution, Verification
from phongtrao.work.transitions import allowed

from . import vocab

E = Execution
V = Verification
DAY = datetime.timedelta(days=1)

# Minutes of the day of each kind of event, disjoint so that the events of one day keep their
# order when sorted by time: created, extension, progress reports, completion, decisions.
# (The nightly overdue marking is at 00:30.)
CREATION_MINUTES = (450, 479)
EXTENSION_MINUTES = (480, 539)
REPORT_MINUTES = (540, 959)
COMPLETION_MINUTES = (960, 989)
DECISION_MINUTES = (990, 1050)

# What happens to an assignment (plan.outcome).
DONE = "done"
OPEN = "open"
REFUSED = "refused"
RECALLED = "recalled"


@dataclass
class Plan:
    outcome: str
    start: datetime.date
    due: datetime.date  # the original deadline
    window: tuple[datetime.date, datetime.date] | None  # days the lead reports on (None: never started)
    extension: tuple[datetime.date, datetime.date, datetime.date] | None = None  # requested, approved, new deadline
    completed_on: datetime.date | None = None
    verified_on: datetime.date | None = None
    verdict: str = ""  # accepted, returned or "" (still waiting)
    closed_on: datetime.date | None = None  # refused or recalled on


@dataclass
class Entry:
    """One audit row to write: the moment, the code, who acted (lead, assigner or the system)."""

    at: datetime.datetime
    code: str
    side: str
    old: dict | None
    new: dict | None


@dataclass
class Report:
    """A progress report and the audit row its action writes (progress_reported or completed)."""

    day: datetime.date
    at: datetime.datetime
    progress: int
    text: str
    entry: Entry


@dataclass
class Lifecycle:
    execution: str = E.NOT_STARTED
    verification: str = V.NONE
    progress: int = 0
    due_date: datetime.date | None = None
    completed_on: datetime.date | None = None
    closing_reason: str = ""
    reports: list[Report] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    extension: dict | None = None
    first_active: datetime.date | None = None
    last_change: datetime.datetime | None = None


def at(day: datetime.date, minute_of_day: int, tz: datetime.tzinfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(minute_of_day // 60, minute_of_day % 60), tzinfo=tz)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    span = (last - first).days
    return first + DAY * (rng.randint(0, span) if span > 0 else 0)


def plan(
    rng: random.Random, *, start: datetime.date, due: datetime.date, as_of: datetime.date, count_mode: bool, can_extend: bool
) -> Plan:
    """What will happen to one assignment up to the day `as_of`. Sub-assignment roll-ups
    (count_mode) only get a shell here: their state follows their children (settle_parent)."""
    if count_mode:
        return Plan(OPEN, start, due, None)
    roll = rng.random()
    if roll < 0.02:
        # Refused while still open and before the deadline (an overdue assignment cannot be refused).
        day = _day_between(rng, start, min(due, as_of))
        started = day > start and rng.random() < 0.4
        return Plan(REFUSED, start, due, (start, day - DAY) if started else None, closed_on=day)
    if roll < 0.04:
        day = _day_between(rng, start, min(as_of, due + 30 * DAY))
        started = day > start and rng.random() < 0.5
        return Plan(RECALLED, start, due, (start, day - DAY) if started else None, closed_on=day)
    extension = None
    if can_extend and rng.random() < 0.05:
        requested = start + DAY * round((due - start).days * rng.uniform(0.5, 0.95))
        approved = requested + DAY * rng.randint(1, 5)
        if approved <= due and approved <= as_of:
            extension = (requested, approved, due + DAY * rng.randint(15, 60))
    deadline = extension[2] if extension else due
    span = max(1, (deadline - start).days)
    finish = start + DAY * round(span * rng.triangular(0.35, 1.5, 0.85))
    if extension is not None and finish <= extension[1]:
        finish = extension[1] + DAY * rng.randint(1, 10)  # finished after the extension it asked for
    if finish <= as_of and rng.random() < 0.93:
        result = Plan(DONE, start, due, (start, finish), extension=extension, completed_on=finish)
        verified = finish + DAY * rng.randint(1, 20)
        if verified <= as_of and rng.random() >= 0.08:
            result.verified_on = verified
            result.verdict = "returned" if rng.random() < 0.06 else "accepted"
        return result
    fresh = (as_of - start).days < 14
    if start >= as_of or rng.random() < (0.5 if fresh else 0.06):
        return Plan(OPEN, start, due, None, extension=extension)
    return Plan(OPEN, start, due, (start, as_of), extension=extension)


def weight(p: Plan) -> int:
    """How much reporting a plan takes: one share per day of its reporting window."""
    return 0 if p.window is None else (p.window[1] - p.window[0]).days + 1


def allocate(total: int, weights: list[int], minimum: list[int]) -> list[int]:
    """Share `total` among the items in proportion to their weights, each getting at least its
    minimum (largest remainders, ties by position: deterministic)."""
    counts = list(minimum)
    rest = total - sum(counts)
    weight_sum = sum(weights)
    if rest <= 0 or weight_sum == 0:
        return counts
    remainders = []
    given = 0
    for i, w in enumerate(weights):
        exact = rest * w / weight_sum
        whole = int(exact)
        counts[i] += whole
        given += whole
        remainders.append((exact - whole, -i))
    for _fraction, negative_index in sorted(remainders, reverse=True)[: rest - given]:
        counts[-negative_index] += 1
    return counts


class _Walk:
    """The state of one assignment while its events are applied in date order."""

    def __init__(self, life: Lifecycle, due: datetime.date, tz: datetime.tzinfo) -> None:
        self.life = life
        self.due = due
        self.tz = tz
        self.started = False

    def check(self, name: str) -> None:
        if not allowed(name, self.life.execution, self.life.verification):
            raise RuntimeError(f"generator bug: {name} refused in {self.life.execution}/{self.life.verification}")

    def nightly(self, day: datetime.date) -> None:
        """The overdue marking of the nights up to `day` (mark_overdue: due_date < day)."""
        life = self.life
        if self.due < day and allowed("mark_overdue", life.execution, life.verification):
            old = {"execution": life.execution}
            life.execution = E.OVERDUE
            life.entries.append(
                Entry(at(self.due + DAY, 30, self.tz), "work.assignment.overdue", "system", old, {"execution": E.OVERDUE})
            )

    def report(self, day: datetime.date, minute: int, progress: int, text: str) -> None:
        self.nightly(day)
        self.check("report_progress")
        life = self.life
        old = {"progress": life.progress, "execution": life.execution}
        life.progress = progress
        if life.execution == E.NOT_STARTED:
            life.execution = E.IN_PROGRESS
        self.started = True
        life.first_active = life.first_active or day
        moment = at(day, minute, self.tz)
        new = {"progress": progress, "execution": life.execution}
        life.reports.append(
            Report(day, moment, progress, text, Entry(moment, "work.assignment.progress_reported", "lead", old, new))
        )

    def complete(self, day: datetime.date, minute: int, text: str) -> None:
        self.nightly(day)
        self.check("complete")
        life = self.life
        old = {"execution": life.execution, "verification": life.verification, "progress": life.progress}
        life.completed_on = day
        life.execution = E.DONE_ON_TIME if day <= self.due else E.DONE_LATE
        life.verification = V.WAITING
        life.progress = 100
        life.first_active = life.first_active or day
        moment = at(day, minute, self.tz)
        new = {"execution": life.execution, "verification": life.verification, "progress": 100}
        if text:
            life.reports.append(Report(day, moment, 100, text, Entry(moment, "work.assignment.completed", "lead", old, new)))
        else:
            life.entries.append(Entry(moment, "work.assignment.completed", "lead", old, new))

    def accept(self, day: datetime.date, minute: int) -> None:
        self.check("accept")
        self.life.verification = V.ACCEPTED
        self.life.entries.append(
            Entry(
                at(day, minute, self.tz),
                "work.assignment.accepted",
                "assigner",
                {"verification": V.WAITING},
                {"verification": V.ACCEPTED},
            )
        )

    def give_back(self, day: datetime.date, minute: int, reason: str) -> None:
        self.check("return")
        life = self.life
        old = {"execution": life.execution, "verification": life.verification}
        life.verification = V.RETURNED
        life.completed_on = None
        life.progress = min(life.progress, 90)
        life.execution = self.reopened(day)
        new = {"execution": life.execution, "verification": life.verification, "reason": reason}
        life.entries.append(Entry(at(day, minute, self.tz), "work.assignment.returned", "assigner", old, new))

    def reopened(self, day: datetime.date) -> str:
        if self.due < day:
            return E.OVERDUE
        return E.IN_PROGRESS if (self.life.progress or self.started) else E.NOT_STARTED

    def close(self, day: datetime.date, minute: int, name: str, reason: str) -> None:
        self.nightly(day)
        self.check(name)
        life = self.life
        state = E.REFUSED if name == "refuse" else E.RECALLED
        old = {"execution": life.execution}
        life.execution = state
        life.closing_reason = reason
        code = "work.assignment.refused" if name == "refuse" else "work.assignment.recalled"
        side = "lead" if name == "refuse" else "assigner"
        life.entries.append(Entry(at(day, minute, self.tz), code, side, old, {"execution": state, "reason": reason}))

    def request_extension(self, day: datetime.date, minute: int, new_due: datetime.date, reason: str) -> None:
        self.nightly(day)
        self.check("request_extension")
        moment = at(day, minute, self.tz)
        self.life.entries.append(
            Entry(moment, "work.extension.requested", "lead", None, {"due_date": new_due.isoformat(), "reason": reason})
        )
        self.life.extension = {
            "previous_due_date": self.due,
            "proposed_due_date": new_due,
            "reason": reason,
            "requested_at": moment,
        }

    def approve_extension(self, day: datetime.date, minute: int) -> None:
        self.nightly(day)
        self.check("approve_extension")
        life = self.life
        extension = life.extension or {}
        old = {"due_date": self.due.isoformat(), "execution": life.execution}
        self.due = extension["proposed_due_date"]
        if life.execution == E.OVERDUE and self.due >= day:
            life.execution = self.reopened(day)
        moment = at(day, minute, self.tz)
        life.entries.append(
            Entry(
                moment,
                "work.extension.approved",
                "assigner",
                old,
                {"due_date": self.due.isoformat(), "execution": life.execution},
            )
        )
        extension["decided_at"] = moment


def _report_text(rng: random.Random) -> str:
    return rng.choice(vocab.REPORT_TEXTS).format(n=rng.randint(1, 12), m=rng.randint(20, 600))


def play(rng: random.Random, p: Plan, reports: int, *, as_of: datetime.date, tz: datetime.tzinfo) -> Lifecycle:
    """Apply the plan's events in date order; `reports` progress reports fall in its window (for a
    finished assignment the last of them is the completion report)."""
    life = Lifecycle()
    walk = _Walk(life, p.due, tz)
    # (day, order within the day, minute of the day, the walk's method to call with day and minute)
    events: list[tuple[datetime.date, int, int, Callable[[datetime.date, int], None]]] = []
    if p.extension is not None:
        requested, approved, new_due = p.extension
        minute = rng.randint(*EXTENSION_MINUTES)
        events.append(
            (requested, 0, minute, partial(walk.request_extension, new_due=new_due, reason=rng.choice(vocab.EXTENSION_REASONS)))
        )
        events.append((approved, 0, rng.randint(*EXTENSION_MINUTES), walk.approve_extension))
    if p.window is not None and reports:
        first, last = p.window
        plain = reports - 1 if p.outcome == DONE else reports
        span = (last - first).days
        days = sorted(first + DAY * rng.randint(0, span) for _ in range(plain))
        if p.outcome == DONE:
            targets = sorted(rng.randint(1, 95) for _ in range(plain))
        else:
            elapsed = min(1.0, ((last - first).days + 1) / max(1, (p.due - first).days + 1))
            final = max(5, min(95, round(100 * elapsed * rng.uniform(0.5, 1.05))))
            targets = [*sorted(rng.randint(1, final) for _ in range(plain - 1)), final] if plain else []
        for day, value in zip(days, targets, strict=True):
            events.append((day, 1, rng.randint(*REPORT_MINUTES), partial(walk.report, progress=value, text=_report_text(rng))))
    if p.outcome == DONE and p.completed_on is not None:
        minute = rng.randint(*COMPLETION_MINUTES)
        text = rng.choice(vocab.COMPLETION_TEXTS) if reports else ""
        events.append((p.completed_on, 2, minute, partial(walk.complete, text=text)))
        if p.verified_on is not None:
            if p.verdict == "accepted":
                decision: Callable[[datetime.date, int], None] = walk.accept
            else:
                decision = partial(walk.give_back, reason=rng.choice(vocab.RETURN_REASONS))
            events.append((p.verified_on, 3, rng.randint(*DECISION_MINUTES), decision))
    if p.outcome in (REFUSED, RECALLED) and p.closed_on is not None:
        reasons = vocab.REFUSAL_REASONS if p.outcome == REFUSED else vocab.RECALL_REASONS
        close = partial(walk.close, name="refuse" if p.outcome == REFUSED else "recall")
        events.append((p.closed_on, 3, rng.randint(*DECISION_MINUTES), partial(close, reason=rng.choice(reasons))))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    for day, _order, minute, action in events:
        action(day, minute)
    walk.nightly(as_of)
    life.due_date = walk.due
    return life


@dataclass
class ChildState:
    execution: str
    completed_on: datetime.date | None
    first_active: datetime.date | None


def settle_parent(
    rng: random.Random, *, start: datetime.date, due: datetime.date, children: list[ChildState], as_of: datetime.date, tz
) -> Lifecycle:
    """An assignment forwarded to several units: its progress is the share of sub-assignments done
    (ProgressMode.COUNT); it is completed once none of them is open, then verified."""
    life = Lifecycle(due_date=due)
    walk = _Walk(life, due, tz)
    counted = [c for c in children if c.execution not in CLOSED_STATES]
    done = [c for c in counted if c.execution in DONE_STATES]
    progress = round(100 * len(done) / len(counted)) if counted else 0
    active = [c.first_active for c in children if c.first_active is not None]
    begun_on = min(active) if active else None
    still_open = any(c.execution not in DONE_STATES and c.execution not in CLOSED_STATES for c in children)
    finish = None
    if children and not still_open:
        last_done = max((c.completed_on for c in done if c.completed_on), default=start)
        finish = last_done + DAY * rng.randint(0, 3)
        if finish > as_of:
            finish = None
    # The nightly marking sees the roll-up as it was on the night after the deadline.
    if begun_on is not None and begun_on <= due:
        life.execution = E.IN_PROGRESS
        walk.started = True
    if finish is not None:
        walk.nightly(finish)
        life.progress = progress
        walk.complete(finish, rng.randint(*COMPLETION_MINUTES), "")
        verified = finish + DAY * rng.randint(1, 15)
        if verified <= as_of and rng.random() < 0.9:
            walk.accept(verified, rng.randint(*DECISION_MINUTES))
    else:
        walk.nightly(as_of)
        if life.execution == E.NOT_STARTED and begun_on is not None:
            life.execution = E.IN_PROGRESS
        life.progress = progress
    life.first_active = begun_on
    return life
