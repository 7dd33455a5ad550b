"""The national data set for benchmarks and load tests (`manage.py generate_national`).

At scale 1: the complete unit tree (34 provincial police, 3,319 commune police, V05 overseeing
the provinces), 63,000 residential areas, 20,000 users with their memberships, a work programme
per unit and year over three years holding 50,000 assignments with 1,000,000 progress reports
and the audit rows the actions would have written, one festival campaign with 100,000 result
rows and 100,000 candidate sites. At scale s every count but the unit tree is multiplied by s
(at least 1; at least one leader in V05 and in each province, so that every step has an actor
the permissions allow).

Deterministic: one seed gives the same rows on SQLite and PostgreSQL (compare `checksum()`).
The dates are fixed too: the histories run up to `as_of` (default 15/11/2026), not to today.

What is generated is recognisable, so that `reset` removes exactly that: users named "gen_…",
and everything they created, reported, submitted or nominated; residential areas whose path
segment starts with "g" ("01/00004/g12/"). The unit tree stays (load_reference owns it).
"""

from __future__ import annotations

import datetime
import gc
import random
import time
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from phongtrao.audit.models import AuditEntry
from phongtrao.common.text import fold, normalize, person_sort_key, sort_key
from phongtrao.festival.core import campaign_create
from phongtrao.festival.enums import MovementClass, NominationState, ResultFieldKind, SecurityComplexity, SiteKind, SiteLevel
from phongtrao.festival.geography import region_map
from phongtrao.festival.models import Campaign, Nomination, ResultField, ResultRow
from phongtrao.org.enums import AreaLevel, DivisionType, Role, TagKind, UnitKind
from phongtrao.org.models import Area, Membership, Tag, Unit, User
from phongtrao.org.reference import DEPARTMENT_CODE, load_reference
from phongtrao.work.enums import DONE_STATES, Category, ExtensionStatus, Priority, ProgressMode
from phongtrao.work.models import Assignment, AssignmentCoordinator, ExtensionRequest, Programme, ProgressReport

from . import lifecycle, vocab
from .bulk import Table, Writer, explicit_timestamps, next_id, purge, reset_sequences

USERNAME_PREFIX = "gen_"
RESIDENTIAL_MARK = "g"  # first letter of a generated residential area's path segment
BENCH_PASSWORD = "PhongTrao@Bench2026"  # noqa: S105  benchmark accounts only, documented in bench/README.md
DEFAULT_SEED = 2026
DEFAULT_AS_OF = datetime.date(2026, 11, 15)
YEARS = 3
ACTING_ROLES = (Role.OFFICER, Role.LEADER, Role.ADMIN)
LEADING_ROLES = (Role.LEADER, Role.ADMIN)
DAY = datetime.timedelta(days=1)
CHUNK = 1000  # assignments simulated and written together
AUDIT = Table(
    AuditEntry, ("created_at", "actor", "code", "content_type", "object_id", "object_repr", "unit", "unit_path", "old", "new")
)
REPORTS = Table(ProgressReport, ("assignment", "unit", "reported_on", "progress", "text", "reported_by", "created_at"))


@dataclass(frozen=True)
class Targets:
    residential_areas: int
    users: int
    assignments: int
    progress_reports: int
    result_rows: int
    nominations: int

    @classmethod
    def at_scale(cls, scale: float) -> Targets:
        return cls(*(max(1, round(value * scale)) for value in (63_000, 20_000, 50_000, 1_000_000, 100_000, 100_000)))


@dataclass
class Summary:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class AlreadyGenerated(Exception):
    """Generated data is present: delete it first (reset)."""


def generated_users():
    return User.objects.filter(username__startswith=USERNAME_PREFIX)


def generated_areas():
    return Area.objects.filter(level=AreaLevel.RESIDENTIAL_AREA, path__contains=f"/{RESIDENTIAL_MARK}")


def has_generated_data() -> bool:
    return generated_users().exists() or generated_areas().exists()


@contextmanager
def _bulk_session() -> Iterator[None]:
    """No query log (with DEBUG on, Django would keep and, on SQLite, re-quote every statement of
    thousands of rows), no cyclic garbage collection (its full passes walk every object the process
    holds and tripled the time of bulk_create; the rows built here form no cycles) and, on SQLite,
    a 256 MB page cache for the indexes being filled (about 5% less CPU at scale 0.3)."""
    debug = settings.DEBUG
    settings.DEBUG = False
    collecting = gc.isenabled()
    gc.disable()
    cache_size = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        yield
    finally:
        settings.DEBUG = debug
        if collecting:
            gc.enable()
        if cache_size is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def reset(log: Callable[[str], None] = print) -> None:
    """Delete everything the generator made, in one transaction (the unit tree and V05's
    oversight of the provinces stay). Rows other people added that hang off generated rows are
    deleted with them when they cascade (a progress report on a generated assignment), and stop
    the reset when they protect (an assignment of another user in a generated programme)."""
    started = time.perf_counter()
    users = generated_users()
    assignments = Assignment.objects.filter(created_by__in=users)
    assignment_type = ContentType.objects.get_for_model(Assignment)
    with _bulk_session(), transaction.atomic():
        purge(Nomination.objects.filter(created_by__in=users), log)
        purge(ResultRow.objects.filter(submitted_by__in=users), log)
        purge(Campaign.objects.filter(created_by__in=users), log)
        ids = assignments.annotate(text_id=Cast("pk", CharField())).values("text_id")
        purge(AuditEntry.objects.filter(Q(actor__in=users) | Q(content_type=assignment_type, object_id__in=ids)), log)
        purge(assignments, log)
        purge(Programme.objects.filter(created_by__in=users), log)
        purge(generated_areas(), log)
        purge(users, log)
    log(f"reset done in {time.perf_counter() - started:.1f} s (commit included)")


class _Generator:
    def __init__(
        self, *, scale: float, seed: int, as_of: datetime.date, batch_size: int, plain: bool, log: Callable[[str], None]
    ) -> None:
        self.scale = scale
        self.plain = plain
        self.seed = seed
        self.as_of = as_of
        self.years = list(range(as_of.year - YEARS + 1, as_of.year + 1))
        self.targets = Targets.at_scale(scale)
        self.batch_size = batch_size
        self.log = log
        self.tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.summary = Summary()

    def rng(self, name: str) -> random.Random:
        """A stream of its own for each step: changing one step leaves the others' rows alone."""
        return random.Random(f"{self.seed}/{name}")  # noqa: S311  test data, not secrets

    def moment(self, day: datetime.date, minute: int) -> datetime.datetime:
        return lifecycle.at(day, minute, self.tz)

    def step(self, name: str, function: Callable[[], dict[str, int]]) -> None:
        started = time.perf_counter()
        counts = function()
        seconds = time.perf_counter() - started
        self.summary.seconds[name] = seconds
        self.summary.counts.update(counts)
        shown = ", ".join(f"{key}={value:,}" for key, value in counts.items())
        self.log(f"{name:<22} {seconds:7.1f} s  {shown}")

    # --- the unit tree -------------------------------------------------------------------------

    def units(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        if (
            not Unit.objects.filter(code=DEPARTMENT_CODE).exists()
            or not Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE).exists()
        ):
            report = load_reference()
            counts["reference_units_created"] = report.units_created
        self.v05 = Unit.objects.get(code=DEPARTMENT_CODE)
        police = Unit.objects.filter(is_active=True, area__isnull=False).select_related("area").order_by("code")
        self.provinces = list(police.filter(kind=UnitKind.PROVINCIAL_POLICE))
        self.v05.oversees.add(*self.provinces)  # as the demo does: V05 directs the provincial police
        province_by_pk = {p.pk: p for p in self.provinces}
        self.communes = [u for u in police.filter(kind=UnitKind.COMMUNE_POLICE) if u.parent_id in province_by_pk]
        self.communes_of: dict[int, list[Unit]] = {p.pk: [] for p in self.provinces}
        for unit in self.communes:
            self.communes_of[unit.parent_id].append(unit)  # type: ignore[index]
        self.province_of = {u.pk: province_by_pk[u.parent_id] for u in self.communes}  # type: ignore[index]
        # The area of every police unit kept (the query asked for units that have one).
        self.area_of: dict[int, Area] = {u.pk: u.area for u in [*self.provinces, *self.communes] if u.area is not None}
        commune_area_ids = [self.area_of[u.pk].pk for u in self.communes]
        self.region: dict[int, int | None] = {}
        for start in range(0, len(commune_area_ids), 2000):
            self.region.update(region_map(commune_area_ids[start : start + 2000]))
        self.region_code = dict(Tag.objects.filter(kind=TagKind.REGION).values_list("pk", "code"))
        flags = Area.tags.through.objects.filter(tag__code__in=["bien-gioi", "hai-dao"]).values_list("area_id", "tag__code")
        self.border_areas = {area for area, code in flags if code == "bien-gioi"}
        self.island_areas = {area for area, code in flags if code == "hai-dao"}
        counts.update(provinces=len(self.provinces), communes=len(self.communes))
        return counts

    # --- residential areas ---------------------------------------------------------------------

    def _residential_kind(self, commune: Unit, rng: random.Random) -> tuple[str, str]:
        area = self.area_of[commune.pk]
        south = int(self.area_of[self.province_of[commune.pk].pk].gso_code or 0) >= 70
        region = self.region_code.get(self.region.get(area.pk) or 0, "")
        if area.division_type == DivisionType.WARD:
            return (
                ("Khu phố", DivisionType.QUARTER) if south or rng.random() < 0.15 else ("Tổ dân phố", DivisionType.STREET_GROUP)
            )
        if area.division_type == DivisionType.SPECIAL_ZONE:
            return "Khu dân cư", DivisionType.OTHER_RESIDENTIAL
        if region == "tay-bac":
            return ("Bản", DivisionType.HIGHLAND_VILLAGE) if rng.random() < 0.7 else ("Thôn", DivisionType.VILLAGE)
        if region == "tay-nguyen":
            return ("Buôn", DivisionType.HIGHLAND_VILLAGE) if rng.random() < 0.5 else ("Thôn", DivisionType.VILLAGE)
        if south or region == "tay-nam-bo":
            return "Ấp", DivisionType.HAMLET
        return "Thôn", DivisionType.VILLAGE

    def residential_areas(self) -> dict[str, int]:
        rng = self.rng("residential")
        weights = [rng.randint(50, 150) for _ in self.communes]
        counts = lifecycle.allocate(self.targets.residential_areas, weights, [0] * len(self.communes))
        taken = set(Area.objects.filter(level=AreaLevel.RESIDENTIAL_AREA).values_list("parent_id", "name"))
        stamp = self.moment(datetime.date(self.years[0], 1, 2), 480)
        keys = lru_cache(maxsize=None)(lambda name: (fold(name), sort_key(name)))
        rows: list[Area] = []
        for commune, wanted in zip(self.communes, counts, strict=True):
            if not wanted:
                continue
            area = self.area_of[commune.pk]
            label, kind = self._residential_kind(commune, rng)
            number = 0
            remaining = wanted
            while remaining:
                number += 1
                name = normalize(f"{label} {number}")
                if (area.pk, name) in taken:
                    continue
                folded, key = keys(name)
                rows.append(
                    Area(
                        name=name,
                        name_folded=folded,
                        sort_key=key,
                        level=AreaLevel.RESIDENTIAL_AREA,
                        division_type=kind,
                        gso_code="",
                        parent_id=area.pk,
                        path=f"{area.path}{RESIDENTIAL_MARK}{number}/",
                        created_at=stamp,
                        updated_at=stamp,
                    )
                )
                remaining -= 1
        for pk, row in enumerate(rows, start=next_id(Area)):
            row.pk = pk
        with explicit_timestamps(Area):
            Writer(self.batch_size, plain=self.plain).write(rows)
        reset_sequences(Area)
        self.residential_of: dict[int, list[Area]] = {}
        for row in rows:
            self.residential_of.setdefault(row.parent_id, []).append(row)  # type: ignore[arg-type]
        return {"residential_areas": len(rows)}

    # --- users and memberships -----------------------------------------------------------------

    def _full_name(self, rng: random.Random) -> str:
        family = rng.choices([n for n, _w in vocab.FAMILY_NAMES], [w for _n, w in vocab.FAMILY_NAMES])[0]
        if rng.random() < 0.7:
            return f"{family} {rng.choice(vocab.MALE_MIDDLE)} {rng.choice(vocab.MALE_GIVEN)}"
        return f"{family} {rng.choice(vocab.FEMALE_MIDDLE)} {rng.choice(vocab.FEMALE_GIVEN)}"

    def users(self) -> dict[str, int]:
        rng = self.rng("users")
        provinces, communes = self.provinces, self.communes
        total = max(self.targets.users, len(provinces) + 1)
        central = max(1, round(total * 0.01))
        provincial = max(len(provinces), round(total * 0.3))
        provincial = min(provincial, total - central)
        local = total - central - provincial
        per_province = [
            1 + n
            for n in lifecycle.allocate(
                provincial - len(provinces), [len(self.communes_of[p.pk]) + 20 for p in provinces], [0] * len(provinces)
            )
        ]
        per_commune = lifecycle.allocate(local, [rng.randint(2, 6) for _ in communes], [0] * len(communes))
        staffing = [(self.v05, central, "v05")]
        staffing += [(p, n, "province") for p, n in zip(provinces, per_province, strict=True)]
        staffing += [(c, n, "commune") for c, n in zip(communes, per_commune, strict=True) if n]
        # One hash for every account, salted from the seed so that the rows are reproducible.
        # A deterministic salt as long as Django's own (22 characters), so log-ins do not re-hash it.
        password = make_password(BENCH_PASSWORD, salt=f"phongtraogenerated{self.seed:08d}"[:22].ljust(22, "x"))
        joined = self.moment(datetime.date(self.years[0], 1, 2), 450)
        users: list[User] = []
        roles: list[tuple[Unit, str]] = []
        for unit, count, level in staffing:
            for number in range(1, count + 1):
                if number == 1:
                    role: str = Role.LEADER if level != "commune" or rng.random() < 0.3 else Role.OFFICER
                else:
                    role = rng.choices([Role.OFFICER, Role.LEADER, Role.ADMIN, Role.VIEWER], [70, 12, 5, 13])[0]
                full_name = normalize(self._full_name(rng))
                username = f"{USERNAME_PREFIX}{unit.code.lower()}_{number:03d}"
                kind = "leader" if role in LEADING_ROLES else "other"
                users.append(
                    User(
                        username=username,
                        password=password,
                        full_name=full_name,
                        sort_key=person_sort_key(full_name or username),
                        email=f"{username}@gen.bca.vn",
                        rank=rng.choices(vocab.RANKS, vocab.RANK_WEIGHTS)[0],
                        position=rng.choice(vocab.POSITIONS[(level, kind)]),
                        phone=f"09{rng.randrange(10**8):08d}" if rng.random() < 0.6 else "",
                        is_active=True,
                        date_joined=joined,
                    )
                )
                roles.append((unit, role))
        User.objects.bulk_create(users, batch_size=self.batch_size)
        memberships = [
            Membership(user_id=user.pk, unit_id=unit.pk, role=role, created_at=joined)
            for user, (unit, role) in zip(users, roles, strict=True)
        ]
        with explicit_timestamps(Membership):
            Writer(self.batch_size, plain=self.plain).write(memberships)
        acting: dict[int, list[int]] = {}
        leading: dict[int, list[int]] = {}
        for user, (unit, role) in zip(users, roles, strict=True):
            if role in ACTING_ROLES:
                acting.setdefault(unit.pk, []).append(user.pk)
            if role in LEADING_ROLES:
                leading.setdefault(unit.pk, []).append(user.pk)
        # Who may act for a unit: its own people, else those of its province (an ancestor).
        self.acting = {u.pk: acting.get(u.pk) or acting[self.province_of[u.pk].pk] for u in communes}
        self.leading = {u.pk: leading.get(u.pk) or leading[self.province_of[u.pk].pk] for u in communes}
        for unit in [self.v05, *provinces]:
            self.acting[unit.pk] = acting[unit.pk]
            self.leading[unit.pk] = leading[unit.pk]
        self.v05_leader = User.objects.get(pk=leading[self.v05.pk][0])
        return {"users": len(users), "memberships": len(memberships)}

    # --- work programmes -----------------------------------------------------------------------

    def programmes(self) -> dict[str, int]:
        rng = self.rng("programmes")
        existing = {(p.owner_id, p.year): p for p in Programme.objects.filter(year__in=self.years)}
        created: list[Programme] = []
        self.programme: dict[tuple[int, int], Programme] = {}
        for year in self.years:
            for owner in [self.v05, *self.provinces]:
                programme = existing.get((owner.pk, year))
                if programme is None:
                    stamp = self.moment(datetime.date(year, 1, rng.randint(3, 10)), rng.randint(480, 960))
                    programme = Programme(
                        owner=owner,
                        year=year,
                        title=f"Chương trình công tác năm {year} của {owner.name}",
                        basis=f"Kế hoạch số {rng.randint(10, 400)}/KH-{owner.code} ngày {stamp:%d/%m/%Y}",
                        max_extensions=2,
                        created_by_id=self.leading[owner.pk][0],
                        created_at=stamp,
                    )
                    created.append(programme)
                self.programme[(owner.pk, year)] = programme
        with explicit_timestamps(Programme, AuditEntry):
            Programme.objects.bulk_create(created, batch_size=self.batch_size)
            programme_type = ContentType.objects.get_for_model(Programme).pk
            AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        created_at=p.created_at,
                        actor_id=p.created_by_id,
                        code="work.programme.created",
                        content_type_id=programme_type,
                        object_id=str(p.pk),
                        object_repr=str(p)[:255],
                        unit_id=p.owner_id,
                        unit_path=p.owner.path,
                        old=None,
                        new={"title": p.title, "year": p.year},
                    )
                    for p in created
                ],
                batch_size=self.batch_size,
            )
        return {"programmes": len(created)}

    # --- assignments, progress reports and their audit rows ------------------------------------

    def _start(self, rng: random.Random, year: int) -> datetime.date:
        first = datetime.date(year, 1, 2)
        last = min(datetime.date(year, 12, 20), self.as_of)
        return first + DAY * rng.randint(0, max(0, (last - first).days))

    def _specs(self) -> list[_Spec]:
        rng = self.rng("assignments")
        total = self.targets.assignments
        n_central = round(total * 0.02)
        children_budget = round(total * 0.06)
        n_provincial = round(total * 0.04)
        specs: list[_Spec] = []
        codes: dict[tuple[int, str], int] = {}
        priorities = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]

        def top(
            owner: Unit, lead: Unit, *, year: int, titles: list[str], categories: tuple[int, int, int], days: list[int]
        ) -> _Spec:
            programme = self.programme[(owner.pk, year)]
            category = rng.choices([Category.KEY_TASK, Category.WORK_AREA, Category.TASK], categories)[0]
            prefix = {Category.KEY_TASK: "TT", Category.WORK_AREA: "MCT"}.get(category, "NV")
            number = codes[(programme.pk, category)] = codes.get((programme.pk, category), 0) + 1
            start = self._start(rng, year)
            title = rng.choice(titles).format(year=year, quarter=(start.month - 1) // 3 + 1)
            spec = _Spec(
                programme=programme,
                assigner=owner,
                lead=lead,
                category=category,
                code=f"{prefix}{number}",
                title=title,
                priority=rng.choices(priorities, [10, 60, 22, 8])[0],
                start=start,
                due=start + DAY * (rng.choice(days) + rng.randint(-5, 10)),
                basis=f"Kế hoạch số {rng.randint(10, 900)}/KH-{owner.code} ngày {start:%d/%m/%Y}",
            )
            specs.append(spec)
            return spec

        central = [
            top(
                self.v05,
                rng.choice(self.provinces),
                year=rng.choice(self.years),
                titles=vocab.V05_TITLES,
                categories=(30, 10, 60),
                days=[60, 90, 120, 180],
            )
            for _ in range(n_central)
        ]
        for parent in central:
            communes = self.communes_of[parent.lead.pk]
            if children_budget < 3 or not communes or rng.random() >= 0.4:
                others = [p for p in self.provinces if p.pk != parent.lead.pk]
                if others and rng.random() < 0.2:
                    parent.coordinators = [(p, None) for p in rng.sample(others, k=min(len(others), rng.randint(1, 2)))]
                continue
            picked = rng.sample(communes, k=min(len(communes), rng.randint(3, 12), children_budget))
            children_budget -= len(picked)
            parent.count_mode = True
            for number, lead in enumerate(picked, start=1):
                start = min(parent.start + DAY * rng.randint(0, 10), self.as_of, parent.due)
                due = parent.due - DAY * rng.randint(0, min(10, (parent.due - start).days))
                specs.append(
                    _Spec(
                        programme=parent.programme,
                        assigner=parent.lead,
                        lead=lead,
                        category=Category.TASK,
                        code=f"{parent.code}.{number}",
                        title=parent.title,
                        priority=parent.priority,
                        start=start,
                        due=due,
                        basis=f"Thực hiện chỉ đạo của {parent.lead.name}",
                        parent=parent,
                    )
                )
        for _ in range(n_provincial):
            province = rng.choice(self.provinces)
            spec = top(
                province,
                province,
                year=rng.choice(self.years),
                titles=vocab.PROVINCE_TITLES,
                categories=(20, 10, 70),
                days=[30, 60, 90, 120],
            )
            communes = self.communes_of[province.pk]
            if communes and rng.random() < 0.25:
                spec.coordinators = [
                    (c, spec.due if rng.random() < 0.5 else None) for c in rng.sample(communes, k=min(len(communes), 2))
                ]
        while len(specs) < total:
            if not self.communes:
                province = rng.choice(self.provinces)
                top(
                    province,
                    province,
                    year=rng.choice(self.years),
                    titles=vocab.PROVINCE_TITLES,
                    categories=(0, 0, 1),
                    days=[30, 60, 90],
                )
                continue
            commune = self.communes[rng.randrange(len(self.communes))]
            province = self.province_of[commune.pk]
            spec = top(
                province,
                commune,
                year=rng.choice(self.years),
                titles=vocab.COMMUNE_TITLES,
                categories=(0, 0, 1),
                days=[14, 30, 45, 60, 90],
            )
            neighbours = self.communes_of[province.pk]
            if len(neighbours) > 1 and rng.random() < 0.05:
                other = rng.choice(neighbours)
                if other.pk != commune.pk:
                    spec.coordinators = [(other, None)]
        base = next_id(Assignment)
        for offset, spec in enumerate(specs):
            spec.pk = base + offset
            spec.path = f"{spec.parent.path if spec.parent else ''}{spec.pk:08d}/"
        return specs

    def assignments(self) -> dict[str, int]:
        specs = self._specs()
        planner, player, people = self.rng("plans"), self.rng("lifecycles"), self.rng("people")
        plans = [
            lifecycle.plan(
                planner,
                start=s.start,
                due=s.due,
                as_of=self.as_of,
                count_mode=s.count_mode,
                can_extend=s.parent is None and not s.count_mode,
            )
            for s in specs
        ]
        quotas = lifecycle.allocate(
            self.targets.progress_reports, [lifecycle.weight(p) for p in plans], [1 if p.window else 0 for p in plans]
        )
        assignment_type = ContentType.objects.get_for_model(Assignment).pk
        writer = Writer(self.batch_size, plain=self.plain)
        children: dict[int, list[lifecycle.ChildState]] = {}
        parents: list[tuple[_Spec, Assignment]] = []
        with explicit_timestamps(Assignment, ProgressReport, AuditEntry, ExtensionRequest):
            for index, (spec, plan, quota) in enumerate(zip(specs, plans, quotas, strict=True)):
                if spec.count_mode:
                    life = lifecycle.Lifecycle(due_date=spec.due)
                else:
                    life = lifecycle.play(player, plan, quota, as_of=self.as_of, tz=self.tz)
                row = self._write_assignment(writer, spec, life, people, assignment_type)
                if spec.count_mode:
                    parents.append((spec, row))
                elif spec.parent is not None:
                    children.setdefault(spec.parent.pk, []).append(
                        lifecycle.ChildState(life.execution, life.completed_on, life.first_active)
                    )
                if (index + 1) % CHUNK == 0:
                    writer.flush()
            writer.flush()
            # Forwarded assignments: their state is the roll-up of their sub-assignments.
            settled = []
            for spec, row in parents:
                life = lifecycle.settle_parent(
                    player, start=spec.start, due=spec.due, children=children.get(spec.pk, []), as_of=self.as_of, tz=self.tz
                )
                self._apply(row, life, spec)
                settled.append(row)
                self._audit(writer, spec, life.entries, spec.people, assignment_type)
            fields = ["execution", "verification", "progress", "completed_on", "updated_at"]
            Assignment.objects.bulk_update(settled, fields, batch_size=self.batch_size)
            writer.flush()
        reset_sequences(Assignment)
        return {
            "assignments": writer.written.get(Assignment, 0),
            "coordinators": writer.written.get(AssignmentCoordinator, 0),
            "extensions": writer.written.get(ExtensionRequest, 0),
            "progress_reports": writer.written.get(ProgressReport, 0),
            "audit_entries": writer.written.get(AuditEntry, 0),
        }

    def _apply(self, row: Assignment, life: lifecycle.Lifecycle, spec: _Spec) -> None:
        row.execution = life.execution
        row.verification = life.verification
        row.progress = life.progress
        row.completed_on = life.completed_on
        row.due_date = life.due_date or spec.due
        row.closing_reason = life.closing_reason
        moments = [e.at for e in life.entries] + [r.at for r in life.reports[-1:]]
        row.updated_at = max([row.created_at, *moments])

    def _write_assignment(
        self, writer: Writer, spec: _Spec, life: lifecycle.Lifecycle, rng: random.Random, assignment_type: int
    ) -> Assignment:
        acting_lead = self.acting[spec.lead.pk]
        acting_assigner = self.acting[spec.assigner.pk]
        spec.people = {
            "assigner": rng.choice(acting_assigner),
            "reviewer": rng.choice(acting_assigner),
            "lead": rng.choice(acting_lead),
            "leader": rng.choice(self.leading[spec.lead.pk]),
        }
        created = self.moment(spec.start, rng.randint(*lifecycle.CREATION_MINUTES))
        row = Assignment(
            pk=spec.pk,
            programme_id=spec.programme.pk,
            parent_id=spec.parent.pk if spec.parent else None,
            path=spec.path,
            code=spec.code,
            category=spec.category,
            title=spec.title,
            content="",
            basis=spec.basis,
            assigner_id=spec.assigner.pk,
            lead_id=spec.lead.pk,
            priority=spec.priority,
            start_date=spec.start,
            due_date=spec.due,
            original_due_date=spec.due,
            progress_mode=ProgressMode.COUNT if spec.count_mode else ProgressMode.MANUAL,
            weight=1,
            recurrence="",
            created_by_id=spec.people["assigner"],
            created_at=created,
            updated_at=created,
        )
        self._apply(row, life, spec)
        writer.add(row)
        spec.repr = str(row)[:255]
        for unit, due in spec.coordinators:
            progress = 100 if life.execution in DONE_STATES else rng.randint(0, max(0, life.progress))
            writer.add(AssignmentCoordinator(assignment_id=spec.pk, unit_id=unit.pk, due_date=due, progress=progress))
        if life.extension is not None:
            writer.add(
                ExtensionRequest(
                    assignment_id=spec.pk,
                    requested_by_id=spec.people["lead"],
                    status=ExtensionStatus.APPROVED,
                    decided_by_id=spec.people["reviewer"],
                    decision_note="",
                    **life.extension,
                )
            )
        creation = lifecycle.Entry(
            created,
            "work.assignment.created",
            "creator",
            None,
            {"title": spec.title, "due_date": spec.due.isoformat(), "lead": spec.lead.name, "assigner": spec.assigner.name},
        )
        self._audit(writer, spec, [creation] if spec.count_mode else [creation, *life.entries], spec.people, assignment_type)
        lead_path = spec.lead.path
        object_id = str(spec.pk)
        for report in life.reports:
            reporter = spec.people["lead"] if rng.random() < 0.8 else rng.choice(acting_lead)
            writer.add_row(REPORTS, (spec.pk, spec.lead.pk, report.day, report.progress, report.text, reporter, report.at))
            entry = report.entry
            writer.add_row(
                AUDIT,
                (
                    entry.at,
                    reporter,
                    entry.code,
                    assignment_type,
                    object_id,
                    spec.repr,
                    spec.lead.pk,
                    lead_path,
                    entry.old,
                    entry.new,
                ),
            )
        return row

    def _audit(
        self, writer: Writer, spec: _Spec, entries: list[lifecycle.Entry], people: dict[str, int], content_type: int
    ) -> None:
        actors = {
            "creator": people["assigner"],
            "assigner": people["reviewer"],
            "lead": people["lead"],
            "system": None,
        }
        for entry in entries:
            actor = people["leader"] if entry.code == "work.assignment.refused" else actors[entry.side]
            writer.add_row(
                AUDIT,
                (
                    entry.at,
                    actor,
                    entry.code,
                    content_type,
                    str(spec.pk),
                    spec.repr,
                    spec.lead.pk,
                    spec.lead.path,
                    entry.old,
                    entry.new,
                ),
            )

    # --- the festival --------------------------------------------------------------------------

    def campaign(self) -> dict[str, int]:
        as_of = self.as_of
        year = as_of.year if as_of >= datetime.date(as_of.year, 10, 1) else as_of.year - 1
        campaign = Campaign.objects.filter(year=year).first()
        created = 0
        if campaign is None:
            campaign = campaign_create(
                actor=self.v05_leader,
                owner=self.v05,
                year=year,
                theme=vocab.FESTIVAL_THEME,
                window_start=datetime.date(year, 8, 1),
                window_end=datetime.date(year, 8, 31),
                festival_day=datetime.date(year, 8, 19),
                nomination_deadline=datetime.date(year, 6, 30),
                results_due=datetime.date(year, 9, 30),
                plan_number=f"125/KH-BCA-V05 ({year})",
                plan_date=datetime.date(year, 3, 15),
            )
            # The action stamps the present; the data set keeps its own calendar.
            opened = self.moment(datetime.date(year, 3, 16), 540)
            Campaign.objects.filter(pk=campaign.pk).update(created_at=opened, updated_at=opened)
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Campaign), object_id=str(campaign.pk), actor=self.v05_leader
            ).update(created_at=opened)
            created = 1
        self.festival = campaign
        self.result_fields = list(
            ResultField.objects.filter(campaign=campaign).order_by("order", "pk").values_list("key", "kind")
        )
        return {"campaigns": created, "result_fields": len(self.result_fields)}

    def _site_name(self, kind: str, commune: Unit, number: int, residential: list[Area]) -> str:
        area = self.area_of[commune.pk]
        short = area.name.split(" ", 1)[1] if area.name.startswith(("Xã ", "Phường ")) else area.name.removeprefix("Đặc khu ")
        if kind == SiteKind.RESIDENTIAL:
            return residential[number - 1].name if number <= len(residential) else f"Khu dân cư số {number}"
        if kind == SiteKind.COMMUNE:
            return area.name if number == 1 else f"{area.name} (điểm {number})"
        if kind == SiteKind.ENTERPRISE:
            index = number - 1
            name = f"{vocab.ENTERPRISES[index % 4]} {vocab.ENTERPRISE_NAMES[(index // 4) % 8]} {short}"
            return name if index < 32 else f"{name} {index // 32 + 1}"
        names = vocab.SCHOOLS if kind == SiteKind.SCHOOL else vocab.AGENCIES
        index = number - 1
        name = f"{names[index % len(names)]} {short}"
        return name if index < len(names) else f"{name} số {index // len(names) + 1}"

    def _festival_day(self, rng: random.Random) -> datetime.date:
        campaign = self.festival
        if rng.random() < 0.7:
            first = max(campaign.window_start, campaign.festival_day - 9 * DAY)
            last = min(campaign.window_end, campaign.festival_day + 6 * DAY)
        else:
            first, last = campaign.window_start, campaign.window_end
        return first + DAY * rng.randint(0, (last - first).days)

    def _figures(self, rng: random.Random, kind: str) -> dict[str, int]:
        scale = {"commune": 4.0, "school": 2.0, "residential": 1.0}.get(str(kind), 0.6)
        participants = round(rng.randint(80, 600) * scale)
        gifts = rng.randint(0, 30)
        sessions = rng.randint(0, 8)
        known = {
            "participants": participants,
            "gifts_count": gifts,
            "gifts_value": gifts * rng.choice([200_000, 300_000, 500_000, 1_000_000]),
            "awards_minister": 1 if rng.random() < 0.01 else 0,
            "awards_province": rng.choices([0, 1, 2], [80, 15, 5])[0],
            "awards_director": rng.choices([0, 1, 2, 3], [60, 25, 10, 5])[0],
            "awards_medal": rng.choices([0, 1], [95, 5])[0],
            "awards_commune": rng.randint(0, 6),
            "propaganda_sessions": sessions,
            "propaganda_attendees": sessions * rng.randint(20, 150),
            "articles": rng.randint(0, 6),
            "reportages": rng.choices([0, 1, 2], [80, 15, 5])[0],
            "posters": rng.randint(0, 20),
            "social_posts": rng.randint(0, 15),
            "models_launched": rng.choices([0, 1, 2, 3], [50, 30, 15, 5])[0],
            "commitments": rng.randint(0, participants // 2),
            "weapons": rng.choices([0, 1, 2, 5], [85, 9, 4, 2])[0],
        }
        values = {}
        for key, field_kind in self.result_fields:
            if key in known:
                values[key] = known[key]
            else:
                values[key] = rng.randint(0, 1000) * 10_000 if field_kind == ResultFieldKind.MONEY else rng.randint(0, 50)
        return values

    def result_rows(self) -> dict[str, int]:
        rng = self.rng("results")
        counts = lifecycle.allocate(
            self.targets.result_rows, [rng.randint(10, 50) for _ in self.communes], [0] * len(self.communes)
        )
        kinds = [SiteKind.RESIDENTIAL, SiteKind.COMMUNE, SiteKind.SCHOOL, SiteKind.AGENCY, SiteKind.ENTERPRISE]
        rows: list[ResultRow] = []
        for commune, count in zip(self.communes, counts, strict=True):
            area = self.area_of[commune.pk]
            province = self.province_of[commune.pk]
            residential = self.residential_of.get(area.pk, [])
            numbers: dict[str, int] = {}
            for _ in range(count):
                kind = rng.choices(kinds, [62, 6, 14, 10, 8])[0]
                number = numbers[kind] = numbers.get(kind, 0) + 1
                if kind == SiteKind.COMMUNE:
                    level = SiteLevel.COMMUNE if rng.random() < 0.8 else SiteLevel.PROVINCE
                else:
                    level = SiteLevel.GRASSROOTS if rng.random() < 0.9 else SiteLevel.COMMUNE
                held = self._festival_day(rng)
                submitted = min(held + DAY * rng.randint(1, 20), self.as_of)
                rows.append(
                    ResultRow(
                        campaign=self.festival,
                        unit_id=commune.pk,
                        commune_id=area.pk,
                        province_id=self.area_of[province.pk].pk,
                        region_id=self.region.get(area.pk),
                        site_name=self._site_name(kind, commune, number, residential),
                        site_kind=kind,
                        site_level=level,
                        held_on=held,
                        values=self._figures(rng, kind),
                        submitted_by_id=rng.choice(self.acting[commune.pk]),
                        submitted_at=self.moment(submitted, rng.randint(480, 1020)),
                    )
                )
        with explicit_timestamps(ResultRow):
            Writer(self.batch_size, plain=self.plain).write(rows)
        return {"result_rows": len(rows)}

    def nominations(self) -> dict[str, int]:
        rng = self.rng("nominations")
        campaign = self.festival
        counts = lifecycle.allocate(
            self.targets.nominations, [rng.randint(10, 50) for _ in self.communes], [0] * len(self.communes)
        )
        kinds = [SiteKind.RESIDENTIAL, SiteKind.COMMUNE, SiteKind.SCHOOL, SiteKind.AGENCY, SiteKind.ENTERPRISE]
        classes = [MovementClass.EXCELLENT, MovementClass.GOOD, MovementClass.AVERAGE, MovementClass.WEAK, MovementClass.UNRATED]
        complexity = [SecurityComplexity.NORMAL, SecurityComplexity.COMPLEX, SecurityComplexity.VERY_COMPLEX]
        minority = {"tay-bac": (40, 95), "tay-nguyen": (20, 70), "tay-nam-bo": (0, 30)}
        rows: list[Nomination] = []
        for commune, count in zip(self.communes, counts, strict=True):
            area = self.area_of[commune.pk]
            province = self.province_of[commune.pk]
            residential = self.residential_of.get(area.pk, [])
            region_code = self.region_code.get(self.region.get(area.pk) or 0, "")
            numbers: dict[str, int] = {}
            for _ in range(count):
                kind = rng.choices(kinds, [50, 15, 12, 12, 11])[0]
                number = numbers[kind] = numbers.get(kind, 0) + 1
                site_area: Area = area
                if kind == SiteKind.RESIDENTIAL and residential:
                    site_area = residential[(number - 1) % len(residential)]
                    cycle = (number - 1) // len(residential)
                    name = site_area.name if cycle == 0 else f"{site_area.name} (điểm {cycle + 1})"
                else:
                    name = self._site_name(kind, commune, number, [])
                low, high = minority.get(region_code, (0, 15))
                models_count = rng.choices(range(9), [5, 15, 20, 20, 15, 10, 7, 5, 3])[0]
                created = self.moment(campaign.window_start - DAY * rng.randint(45, 120), rng.randint(480, 1020))
                rows.append(
                    Nomination(
                        campaign=campaign,
                        unit_id=province.pk,
                        area_id=site_area.pk,
                        province_id=self.area_of[province.pk].pk,
                        kind=kind,
                        site_name=name,
                        site_name_folded=fold(name),
                        proposed_date=self._festival_day(rng),
                        ethnic_minority_share=rng.randint(low, high),
                        is_border=province.area_id in self.border_areas and rng.random() < 0.35,
                        is_island=area.pk in self.island_areas or area.division_type == DivisionType.SPECIAL_ZONE,
                        is_religious=rng.random() < 0.12,
                        security_complexity=rng.choices(complexity, [60, 30, 10])[0],
                        movement_class=rng.choices(classes, [25, 45, 20, 5, 5])[0],
                        models_count=models_count,
                        models_text="; ".join(rng.sample(vocab.MODELS, k=min(models_count, len(vocab.MODELS)))),
                        last_hosted_year=rng.randint(2015, campaign.year - 1) if rng.random() < 0.1 else None,
                        reason=rng.choice(vocab.NOMINATION_REASONS),
                        state=NominationState.WITHDRAWN if rng.random() < 0.04 else NominationState.SUBMITTED,
                        created_by_id=rng.choice(self.acting[province.pk]),
                        created_at=created,
                        updated_at=created,
                    )
                )
        regions: dict[int, int | None] = {}
        area_ids = sorted({row.area_id for row in rows})
        for start in range(0, len(area_ids), 2000):
            regions.update(region_map(area_ids[start : start + 2000]))
        for row in rows:
            row.region_id = regions.get(row.area_id)
        with explicit_timestamps(Nomination):
            Writer(self.batch_size, plain=self.plain).write(rows)
        return {"nominations": len(rows)}

    def run(self) -> Summary:
        started = time.perf_counter()
        self.log(
            f"generate_national: scale={self.scale} seed={self.seed} as_of={self.as_of:%d/%m/%Y} "
            f"years={self.years[0]}-{self.years[-1]} database={connection.vendor}"
        )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.step("units", self.units)
            self.step("residential areas", self.residential_areas)
            self.step("users", self.users)
            self.step("programmes", self.programmes)
            self.step("assignments+reports", self.assignments)
            self.step("festival campaign", self.campaign)
            self.step("festival results", self.result_rows)
            self.step("festival nominations", self.nominations)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are INITIALLY DEFERRED
            commit = time.perf_counter()
        self.summary.seconds["commit"] = time.perf_counter() - commit
        if connection.vendor == "postgresql":
            analyzed = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.summary.seconds["analyze"] = time.perf_counter() - analyzed
        self.summary.seconds["total"] = time.perf_counter() - started
        extra = "".join(
            f", {key} {self.summary.seconds[key]:.1f} s" for key in ("commit", "analyze") if key in self.summary.seconds
        )
        self.log(f"{'total':<22} {self.summary.seconds['total']:7.1f} s{extra}")
        return self.summary


@dataclass(eq=False)
class _Spec:
    """One assignment to generate, before its lifecycle is played."""

    programme: Programme
    assigner: Unit
    lead: Unit
    category: str
    code: str
    title: str
    priority: int
    start: datetime.date
    due: datetime.date
    basis: str
    parent: _Spec | None = None
    count_mode: bool = False
    coordinators: list[tuple[Unit, datetime.date | None]] = field(default_factory=list)
    pk: int = 0
    path: str = ""
    repr: str = ""
    people: dict[str, int] = field(default_factory=dict)


def generate(
    *,
    scale: float = 1.0,
    seed: int = DEFAULT_SEED,
    as_of: datetime.date = DEFAULT_AS_OF,
    batch_size: int = 2000,
    plain_bulk_create: bool = False,
    log: Callable[[str], None] = print,
) -> Summary:
    """Generate the national data set; refuses (AlreadyGenerated) when generated data is present."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    if has_generated_data():
        raise AlreadyGenerated("generated data is already present; delete it first (generate_national --reset)")
    with _bulk_session():
        return _Generator(scale=scale, seed=seed, as_of=as_of, batch_size=batch_size, plain=plain_bulk_create, log=log).run()
