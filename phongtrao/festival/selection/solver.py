"""Selection of the national showcase sites (điểm chỉ đạo): an exact solve with CP-SAT.

Pure Python and CP-SAT: dataclasses in (scoring.Candidate, scoring.Settings), dataclasses out
(``Outcome``), no Django model, so it can be benchmarked (bench/bench_selection.py) and checked against
exhaustive search (tests/festival/test_selection_solver.py). The score, the constraints and the rules of
eligibility and pins are described in scoring.py.

The solve
---------
Maximise the total score subject to the constraints and the pins, exactly. Ties are broken
deterministically: candidates are ranked by score (descending), then id (ascending), and the objective
is ``sum((score * BIG + (N - rank)) * x)`` with ``BIG = max_sites * N + 1``, more than any sum of at
most max_sites tie-break terms: the total score decides, and among the selections with the best total
score, better-ranked candidates win. The total score reported is the sum of the selected scores.

Pruning that keeps optimality
-----------------------------
Call a *group* the candidates sharing every attribute a constraint looks at: (province, kind, in a
priority region or not). Every constraint is a function of the number of selected candidates in each
group (the total, the province caps, the priority count, the count and share of each kind), plus the
pins, which are fixed. Let P be the number of pins in of a province and G a group of that province: at
most K - P unpinned candidates of G can be selected (the province cap). Call T(G) the K - P best
unpinned eligible candidates of G by rank (score desc, id asc); all of G if it has fewer.

Claim: every optimal selection consists of the pins in and candidates of the T(G) only.

Proof (exchange argument). Take an optimal selection S and an unpinned x in S with x in G but not in
T(G); then G has more than K - P unpinned eligible candidates and |T(G)| = K - P. S holds at most
K - P unpinned candidates of G, x among them, so at most K - P - 1 of them lie in T(G), and some y in
T(G) is not in S. Let S' = S - {x} + {y}. S' has the same count in every group, so it meets every
constraint (and keeps every pin); y ranks before x, so its weight ``score * BIG + N - rank`` is strictly
larger and S' has a strictly larger objective than S: a contradiction. Hence no such x exists. The
same swaps turn any feasible selection into one within the pins and the T(G), so pruning never turns a
feasible problem infeasible either. The pruned model therefore has the same optimum as the unreduced
one (the same total score and, the weights being distinct, the same selection), with at most
provinces × kinds × 2 × K candidates (34 × 5 × 2 × 2 = 680) whatever the number of nominations.
``prune=False`` keeps the unreduced model: the baseline of the benchmark.

Infeasibility
-------------
Explained in words (codes and values of explain.PROBLEMS): first by cheap pre-checks (``_prechecks``:
min above max, pins too many overall or in a province or of a kind, too few eligible candidates at K
per province overall, in the priority regions or of a kind, kind minimums above the maximum, pins in
withdrawn); when CP-SAT still finds no selection, each family of constraints is enforced by an
assumption literal, CP-SAT names a sufficient set of them (``sufficient_assumptions_for_infeasibility``)
and a deletion pass reduces it to a minimal set of families that cannot hold together.
"""

from __future__ import annotations

import gc
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from .explain import FEASIBLE, INFEASIBLE, OPTIMAL, Decision, Problem, explain_selection
from .scoring import KINDS, PIN_IN, Candidate, Prepared, Settings, prepare, site_ref

# Up to this many eligible candidates, an infeasible problem is diagnosed on the unreduced model (a
# minimal set of conflicting families); above it, on the pruned one, where the province cap always stays
# in the set (the pruning relies on it).
DIAGNOSE_FULL_LIMIT = 5000


@dataclass
class Outcome:
    status: str  # OPTIMAL, FEASIBLE (time limit reached with a selection) or INFEASIBLE
    objective: int | None  # the total score of the selection
    selected: list[int]  # ids, best ranked first
    decisions: list[Decision]  # one per candidate, in the order given
    problems: list[Problem]
    candidates: int
    considered: int  # candidates given to CP-SAT
    solve_seconds: float  # pruning, building and solving the model
    timings: dict[str, float] = field(default_factory=dict)


def _prechecks(prep: Prepared, settings: Settings) -> list[Problem]:
    """Conflicts visible without solving, each in words."""
    problems: list[Problem] = []
    s = settings
    cands = prep.candidates
    if s.min_sites > s.max_sites:
        problems.append(Problem("min_over_max", {"min": s.min_sites, "max": s.max_sites}))
    if sum(s.kind_min.values()) > s.max_sites:
        problems.append(Problem("kind_min_over_max", {"total": sum(s.kind_min.values()), "max": s.max_sites}))
    if s.min_priority > s.max_sites:
        problems.append(Problem("priority_over_max", {"min": s.min_priority, "max": s.max_sites}))
    withdrawn_pins = [i for i, c in enumerate(cands) if c.pin == PIN_IN and c.withdrawn]
    if withdrawn_pins:
        problems.append(Problem("pinned_withdrawn", {"sites": [site_ref(prep, i) for i in withdrawn_pins]}))
    if len(prep.pinned_in) > s.max_sites:
        problems.append(Problem("pins_over_max", {"count": len(prep.pinned_in), "max": s.max_sites}))
    pins_by_province: dict[Any, list[int]] = defaultdict(list)
    for i in prep.pinned_in:
        pins_by_province[cands[i].province].append(i)
    for indexes in pins_by_province.values():
        if len(indexes) > s.max_per_province:
            problems.append(
                Problem(
                    "pins_over_province_cap",
                    {
                        "province": cands[indexes[0]].province_name,
                        "count": len(indexes),
                        "limit": s.max_per_province,
                        "sites": [site_ref(prep, i) for i in indexes],
                    },
                )
            )
    for kind, share in s.kind_max_share.items():
        pinned = sum(1 for i in prep.pinned_in if cands[i].kind == kind)
        if pinned and 100 * pinned > share * s.max_sites:
            problems.append(Problem("pins_over_kind_share", {"kind": kind, "count": pinned, "share": share, "max": s.max_sites}))

    # What the eligible candidates can give at most, K per province.
    k = s.max_per_province
    per_province: Counter = Counter()
    priority_per_province: Counter = Counter()
    kind_per_province: dict[str, Counter] = defaultdict(Counter)
    for i in prep.eligible:
        c = cands[i]
        per_province[c.province] += 1
        if prep.priority[i]:
            priority_per_province[c.province] += 1
        kind_per_province[c.kind][c.province] += 1
    capacity = sum(min(k, n) for n in per_province.values())
    if capacity < s.min_sites:
        problems.append(
            Problem(
                "too_few_candidates",
                {
                    "eligible": len(prep.eligible),
                    "provinces": len(per_province),
                    "limit": k,
                    "capacity": capacity,
                    "min": s.min_sites,
                },
            )
        )
    priority_capacity = sum(min(k, n) for n in priority_per_province.values())
    if priority_capacity < s.min_priority <= s.max_sites:
        problems.append(
            Problem(
                "too_few_priority",
                {
                    "eligible": sum(priority_per_province.values()),
                    "capacity": priority_capacity,
                    "limit": k,
                    "min": s.min_priority,
                    "regions": list(s.priority_regions),
                },
            )
        )
    for kind in KINDS:
        wanted = s.kind_min.get(kind, 0)
        kind_capacity = sum(min(k, n) for n in kind_per_province[kind].values())
        if wanted and kind_capacity < wanted:
            problems.append(
                Problem(
                    "too_few_kind",
                    {"kind": kind, "eligible": sum(kind_per_province[kind].values()), "capacity": kind_capacity, "min": wanted},
                )
            )
    return problems


def _prune(prep: Prepared, settings: Settings, *, keep_pin_slots: bool = True) -> list[int]:
    """The pins in and, per (province, kind, priority) group, the K - P best unpinned eligible
    candidates (P: pins in of the province; P = 0 when ``keep_pin_slots`` is False, for diagnosis
    where the pins may be relaxed). See the module docstring for the proof."""
    cands = prep.candidates
    pins: Counter = Counter()
    if keep_pin_slots:
        for i in prep.pinned_in:
            pins[cands[i].province] += 1
    groups: dict[tuple, list[int]] = defaultdict(list)
    pinned = set(prep.pinned_in)
    for i in prep.eligible:
        if i not in pinned:
            c = cands[i]
            groups[(c.province, c.kind, prep.priority[i])].append(i)
    kept = list(prep.pinned_in)
    ranks = prep.ranks
    for (province, _kind, _prio), members in groups.items():
        room = settings.max_per_province - pins[province]
        if room <= 0:
            continue
        kept.extend(sorted(members, key=ranks.__getitem__)[:room] if len(members) > room else members)
    return kept


# Families of constraints that an infeasibility may name.
FAMILIES = ("min_sites", "max_sites", "province_cap", "min_priority", "kind_min", "kind_share", "pins_in")


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[int, Any]
    literals: dict[tuple[str, str], Any]  # (family, kind or "") -> enforcement literal


def _build(prep: Prepared, settings: Settings, pool: Sequence[int], *, assumptions: bool = False) -> _Model:
    """The CP-SAT model over the candidates in ``pool``. With ``assumptions``, each family of
    constraints is enforced by a literal (for the diagnosis of an infeasible problem)."""
    s = settings
    cands = prep.candidates
    model = cp_model.CpModel()
    x = {i: model.new_bool_var(f"x{i}") for i in pool}
    literals: dict[tuple[str, str], Any] = {}

    def enforce(constraint, family: str, kind: str = ""):
        if assumptions:
            key = (family, kind)
            if key not in literals:
                literals[key] = model.new_bool_var(f"a_{family}_{kind}")
            constraint.only_enforce_if(literals[key])

    everything = cp_model.LinearExpr.sum(list(x.values()))
    enforce(model.add(everything >= s.min_sites), "min_sites")
    enforce(model.add(everything <= s.max_sites), "max_sites")
    by_province: dict[Any, list] = defaultdict(list)
    by_kind: dict[str, list] = defaultdict(list)
    priority = []
    for i, var in x.items():
        c = cands[i]
        by_province[c.province].append(var)
        by_kind[c.kind].append(var)
        if prep.priority[i]:
            priority.append(var)
    for variables in by_province.values():
        if len(variables) > s.max_per_province:
            enforce(model.add(cp_model.LinearExpr.sum(variables) <= s.max_per_province), "province_cap")
    if s.min_priority:
        enforce(model.add(cp_model.LinearExpr.sum(priority) >= s.min_priority), "min_priority")
    for kind in KINDS:
        wanted = s.kind_min.get(kind, 0)
        if wanted:
            enforce(model.add(cp_model.LinearExpr.sum(by_kind[kind]) >= wanted), "kind_min", kind)
        share = s.kind_max_share.get(kind)
        if share is not None and share < 100 and by_kind[kind]:
            enforce(model.add(100 * cp_model.LinearExpr.sum(by_kind[kind]) <= share * everything), "kind_share", kind)
    pinned = [i for i in prep.pinned_in if i in x]
    for i in pinned:
        enforce(model.add(x[i] == 1), "pins_in")
    n = len(cands)
    big = s.max_sites * n + 1
    model.maximize(cp_model.LinearExpr.weighted_sum(list(x.values()), [prep.scores[i] * big + (n - prep.ranks[i]) for i in x]))
    if assumptions:
        model.add_assumptions(list(literals.values()))
    return _Model(model, x, literals)


# CP-SAT's presolve pays on large models (100,000 variables: 6.8 s with it, 11.8 s without) but
# dominates on the pruned ones (376 variables: 70 ms with it, 13 ms without): off below this size.
PRESOLVE_FROM = 2000


def _solver(time_limit: float, workers: int, variables: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    solver.parameters.cp_model_presolve = variables >= PRESOLVE_FROM
    return solver


def _diagnose(prep: Prepared, settings: Settings, time_limit: float) -> list[Problem]:
    """A minimal set of families of constraints that cannot hold together (deletion pass over the
    assumption literals: a family is dropped from the set while the rest stays infeasible)."""
    full = len(prep.eligible) <= DIAGNOSE_FULL_LIMIT
    pool = prep.eligible if full else _prune(prep, settings, keep_pin_slots=False)
    built = _build(prep, settings, pool, assumptions=True)
    keys = list(built.literals)

    def infeasible(active: list[tuple[str, str]]) -> bool | None:
        built.model.clear_assumptions()
        built.model.add_assumptions([built.literals[key] for key in active if key in built.literals])
        status = _solver(time_limit, 1, len(built.x)).solve(built.model)
        if status == cp_model.INFEASIBLE:
            return True
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        return None  # unknown: keep the family

    solver = _solver(time_limit, 1, len(built.x))
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        return [Problem("unknown", {})]
    by_index = {built.literals[key].index: key for key in keys}
    core = [by_index[index] for index in solver.sufficient_assumptions_for_infeasibility() if index in by_index] or keys
    # Without the pruning the province cap may be dropped; with it, the cap always stays: the pruned
    # candidates were chosen under it, so a conflict found among them holds only with the cap.
    cap = ("province_cap", "")
    fixed = [] if full else [cap]
    core = [key for key in core if key not in fixed]
    for key in list(core):
        trial = [k for k in core if k != key]
        if infeasible(trial + fixed) is True:
            core = trial
    core = core + fixed
    core.sort(key=lambda key: (FAMILIES.index(key[0]), KINDS.index(key[1]) if key[1] else -1))
    return [Problem("conflict", {"constraints": [_family_detail(key, settings, prep) for key in core]})]


def _family_detail(key: tuple[str, str], settings: Settings, prep: Prepared) -> dict[str, Any]:
    family, kind = key
    details: dict[str, dict[str, Any]] = {
        "min_sites": {"min": settings.min_sites},
        "max_sites": {"max": settings.max_sites},
        "province_cap": {"limit": settings.max_per_province},
        "min_priority": {"min": settings.min_priority, "regions": list(settings.priority_regions)},
        "kind_min": {"kind": kind, "min": settings.kind_min.get(kind, 0)},
        "kind_share": {"kind": kind, "share": settings.kind_max_share.get(kind, 100)},
        "pins_in": {"count": len(prep.pinned_in), "sites": [site_ref(prep, i) for i in prep.pinned_in]},
    }
    return {"family": family, **details[family]}


def select(
    candidates: Sequence[Candidate],
    settings: Settings,
    year: int,
    *,
    prune: bool = True,
    time_limit: float = 60.0,
    workers: int = 1,
    explain: bool = True,
) -> Outcome:
    """Score the candidates, choose the sites exactly, and explain every candidate."""
    with _gc_paused():
        return _select(candidates, settings, year, prune=prune, time_limit=time_limit, workers=workers, explain=explain)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Scoring and explaining create a few objects per candidate and keep them all: the cyclic
    garbage collector would walk them again and again for nothing (more than half of the time at
    100,000 candidates). Paused for the call, restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _select(
    candidates: Sequence[Candidate], settings: Settings, year: int, *, prune: bool, time_limit: float, workers: int, explain: bool
) -> Outcome:
    started = time.perf_counter()
    prep = prepare(candidates, settings, year)
    scored = time.perf_counter()
    timings = {"score": scored - started}
    problems = _prechecks(prep, settings)
    selected_idx: list[int] = []
    status = INFEASIBLE
    considered = 0
    solve_seconds = 0.0
    if not problems:
        t0 = time.perf_counter()
        pool = _prune(prep, settings) if prune else list(prep.eligible)
        considered = len(pool)
        built = _build(prep, settings, pool)
        solver = _solver(time_limit, workers, len(pool))
        result = solver.solve(built.model)
        solve_seconds = time.perf_counter() - t0
        if result in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status = OPTIMAL if result == cp_model.OPTIMAL else FEASIBLE
            selected_idx = [i for i, var in built.x.items() if solver.boolean_value(var)]
        elif result == cp_model.INFEASIBLE:
            problems = _diagnose(prep, settings, time_limit)
        else:
            problems = [Problem("time_limit", {"seconds": time_limit})]
    timings["solve"] = solve_seconds
    selected_idx.sort(key=prep.ranks.__getitem__)
    t1 = time.perf_counter()
    decisions = explain_selection(prep, settings, year, selected_idx, status) if explain else []
    timings["explain"] = time.perf_counter() - t1
    return Outcome(
        status=status,
        objective=sum(prep.scores[i] for i in selected_idx) if status != INFEASIBLE else None,
        selected=[candidates[i].id for i in selected_idx],
        decisions=decisions,
        problems=problems,
        candidates=len(candidates),
        considered=considered,
        solve_seconds=solve_seconds,
        timings=timings,
    )
