"""Benchmark (d): site selection at 10,000 and 100,000 candidates vs plain CP-SAT on the unreduced model.

    .venv/bin/python bench/bench_selection.py --repeat 5
    .venv/bin/python bench/bench_selection.py --repeat 5 --scale 0.1      # 1,000 and 10,000 (a quick run)

Subject: phongtrao.festival.selection.solver.select with its pruning (only the K best candidates of
each (province, kind, priority region) group can be in an optimal selection; proof in solver.py).
Baseline: the same CP-SAT model (same constraints, same objective, same parameters) over every
eligible candidate, i.e. select(..., prune=False). Both are timed in the same process, taking turns.

Candidates are synthetic and seeded (no database): 34 provinces, regions as in 2025 (some provinces
wholly in Tây Bắc, Tây Nguyên or Tây Nam Bộ, a few partly), five kinds of site, facts drawn like the
demo's nominations, a few pinned in or out, some withdrawn or recent hosts. The default settings of a
campaign: 25-30 sites, at most 2 per province, at least 10 in the priority regions, at least 3
residential areas and 1 school, none that hosted national leaders in the last 3 years; plus at most
60% of one kind (communes) so that every family of constraints is in the model.

Figures, medians over --repeat runs:
  solve      pruning (pruned only), building the model and CP-SAT: what the pruning changes;
  selection  the whole call: scores, pre-checks, solve and a reason for every candidate.
The optimum (total score) and the selection itself must be identical; the script exits non-zero
otherwise. Goal (issue 6.2d): the same optimum, at least 5× faster, under 1 s at 100,000.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ortools

from bench import common
from phongtrao.festival.selection.scoring import Candidate, Settings
from phongtrao.festival.selection.solver import select

NATIONAL = 100_000  # candidates at --scale 1 (as generate_national)
YEAR = 2026
PROVINCES = 34
KINDS = ("commune", "residential", "agency", "enterprise", "school")
KIND_WEIGHTS = (40, 35, 8, 7, 10)
# Provinces wholly in a priority region, and provinces with some communes in one (after 1/7/2025).
WHOLE = {
    **dict.fromkeys(range(5), "tay-bac"),
    **dict.fromkeys(range(5, 9), "tay-nguyen"),
    **dict.fromkeys(range(9, 13), "tay-nam-bo"),
}
PARTLY = {13: "tay-bac", 14: "tay-nguyen", 15: "tay-nguyen", 16: "tay-nam-bo"}
GOAL_RATIO = 5.0
GOAL_SECONDS = 1.0


def candidates(count: int, seed: int = 20260819) -> list[Candidate]:
    rng = random.Random(seed)
    result = []
    for i in range(1, count + 1):
        province = rng.randrange(PROVINCES)
        region = WHOLE.get(province) or (PARTLY[province] if province in PARTLY and rng.random() < 0.4 else "")
        minority = rng.random() < (0.7 if region else 0.2)
        pin = "in" if rng.random() < 2 / count else ("out" if rng.random() < 5 / count else "")
        result.append(
            Candidate(
                id=i,
                province=province,
                province_name=f"Tỉnh {province + 1:02d}",
                kind=rng.choices(KINDS, KIND_WEIGHTS)[0],
                region=region,
                name=f"Điểm {i}",
                ethnic_minority_share=rng.randint(30, 100) if minority else rng.randint(0, 10),
                is_border=rng.random() < (0.35 if region else 0.1),
                is_island=rng.random() < 0.03,
                is_religious=rng.random() < 0.25,
                security_complexity=rng.choices((1, 2, 3), (60, 30, 10))[0],
                movement_class=rng.choices(("", "weak", "average", "good", "excellent"), (10, 5, 30, 35, 20))[0],
                models_count=rng.randint(0, 8),
                last_hosted_year=rng.choice((None,) * 8 + (2012, 2016, 2019, 2021, 2023, 2024, 2025)),
                withdrawn=rng.random() < 0.02,
                pin=pin,
            )
        )
    return result


def measure(given: list[Candidate], settings: Settings, repeat: int, workers: int) -> dict:
    """Both ways, taking turns (pruned first on even runs): times and the last outcomes."""
    runs = {"pruned": {"prune": True}, "unreduced": {"prune": False}}
    solve: dict[str, list[float]] = {name: [] for name in runs}
    whole: dict[str, list[float]] = {name: [] for name in runs}
    outcomes: dict = {}
    mismatches = 0
    select(given, settings, YEAR, workers=workers)  # warm-up (imports, first model)
    for index in range(repeat):
        order = list(runs.items())
        if index % 2:
            order.reverse()
        for name, options in order:
            start = time.perf_counter()
            outcomes[name] = select(given, settings, YEAR, workers=workers, **options)
            whole[name].append(time.perf_counter() - start)
            solve[name].append(outcomes[name].solve_seconds)
        a, b = outcomes["pruned"], outcomes["unreduced"]
        mismatches += (a.status, a.objective, a.selected) != (b.status, b.objective, b.selected)
    return {
        "solve": {name: statistics.median(values) for name, values in solve.items()},
        "whole": {name: statistics.median(values) for name, values in whole.items()},
        "outcomes": outcomes,
        "mismatches": mismatches,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (median)")
    parser.add_argument("--scale", type=float, default=1.0, help="1: 10,000 and 100,000 candidates; 0.1: 1,000 and 10,000")
    parser.add_argument("--workers", type=int, default=1, help="CP-SAT workers, the same for both (the application uses 1)")
    parser.add_argument("--no-generate", action="store_true", help="ignored (no database here): for bench/run_all.sh")
    args = parser.parse_args()
    sizes = [max(100, round(NATIONAL * args.scale / 10)), max(1000, round(NATIONAL * args.scale))]
    settings = Settings(kind_max_share={"commune": 60})

    common.print_machine({"ortools": ortools.__version__, "cp-sat workers": str(args.workers), "load average": _load()})
    rows = []
    failed = False
    for size in sizes:
        result = measure(candidates(size), settings, args.repeat, args.workers)
        a, b = result["outcomes"]["pruned"], result["outcomes"]["unreduced"]
        same = result["mismatches"] == 0
        failed = failed or not same
        for key, label in (("solve", "solve"), ("whole", "selection")):
            times = result[key]
            rows.append(
                [
                    f"{size:,}",
                    label,
                    f"{b.considered:,}",
                    common.ms(times["unreduced"]),
                    f"{a.considered:,}",
                    common.ms(times["pruned"]),
                    f"{times['unreduced'] / times['pruned']:.1f}×",
                    f"{a.objective:,} {'=' if same else '≠'} {b.objective:,}",
                ]
            )
        parts = ", ".join(f"{name} {common.ms(seconds)}" for name, seconds in a.timings.items())
        print(f"{size:,} candidates: {a.status}, {len(a.selected)} sites; pruned run's parts: {parts}")
        if size == sizes[-1] and args.scale >= 1:
            whole = result["whole"]
            met = whole["unreduced"] / whole["pruned"] >= GOAL_RATIO and whole["pruned"] < GOAL_SECONDS and same
            print(f"Goal at {size:,} (same optimum, ≥ {GOAL_RATIO:.0f}×, < {GOAL_SECONDS:.0f} s): {'met' if met else 'MISSED'}")
    print()
    common.print_table(
        f"Site selection, medians over {args.repeat} runs (baseline: the same CP-SAT model without pruning)",
        rows,
        [
            "candidates",
            "figure",
            "unreduced vars",
            "unreduced",
            "pruned vars",
            "pruned",
            "speed-up",
            "optimum (pruned = unreduced)",
        ],
    )
    if failed:
        print("The pruned and the unreduced models disagree: see above.")
    return 1 if failed else 0


def _load() -> str:
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
