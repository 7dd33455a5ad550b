"""The selection's solver against exhaustive search: on small seeded instances every subset is
enumerated, so the optimum, the pins, the explanations and the diagnosis of infeasibility are checked
against the truth, not against the solver itself. No database: the core is pure Python."""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from django.utils import translation

from phongtrao.festival.selection.explain import LEFT_OUT_REASONS, SELECTED_REASONS, problem_text, reason_text
from phongtrao.festival.selection.scoring import Candidate, Settings, parse_settings, score_parts
from phongtrao.festival.selection.solver import select

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "phongtrao" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
FRAGMENTS = [ROOT / "phongtrao" / "locale_fragments" / name for name in ("festival_selection.po", "festival_campaigns.po")]
YEAR = 2023
KINDS = ("commune", "residential", "school")
ALL_FAMILIES = frozenset({"min_sites", "max_sites", "province_cap", "min_priority", "kind_min", "kind_share", "pins_in"})
VIETNAMESE = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


@pytest.fixture
def vietnamese(settings, tmp_path):
    """Until festival_selection.po is merged into the catalogue, serve a merged catalogue from a
    temporary path (the catalogue first: its translations win, as in the lead's merge)."""
    with translation.override("vi"):
        merged = translation.gettext("Among the best") != "Among the best"
    if not merged:
        target = tmp_path / "vi" / "LC_MESSAGES"
        target.mkdir(parents=True)
        msgcat, msgfmt = shutil.which("msgcat"), shutil.which("msgfmt")
        assert msgcat and msgfmt, "gettext is installed by make setup"
        merged_po = target / "django.po"
        sources = [str(CATALOGUE), *(str(f) for f in FRAGMENTS if f.exists())]
        subprocess.run([msgcat, "--use-first", "-o", str(merged_po), *sources], check=True)  # noqa: S603
        subprocess.run([msgfmt, "-o", str(target / "django.mo"), str(merged_po)], check=True)  # noqa: S603
        settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


def instance(seed: int) -> tuple[list[Candidate], Settings]:
    """8-14 candidates in 2-4 provinces, small limits; some pinned, withdrawn or recent hosts."""
    rng = random.Random(seed)
    n = rng.randint(8, 14)
    provinces = rng.randint(2, 4)
    candidates = [
        Candidate(
            id=i + 1,
            province=rng.randint(1, provinces),
            province_name=f"Tỉnh {i}",
            kind=rng.choice(KINDS),
            region=rng.choice(["", "", "tay-bac", "tay-nguyen", "dong-bang"]),
            name=f"Điểm {i + 1}",
            ethnic_minority_share=rng.choice([0, 10, 35, 60, 90]),
            is_border=rng.random() < 0.3,
            is_island=rng.random() < 0.1,
            is_religious=rng.random() < 0.3,
            security_complexity=rng.choice([1, 1, 2, 3]),
            movement_class=rng.choice(["", "average", "good", "excellent"]),
            models_count=rng.randint(0, 6),
            last_hosted_year=rng.choice([None, None, None, 2012, 2019, 2021, 2022]),
            withdrawn=rng.random() < 0.08,
            pin=rng.choice(["", "", "", "", "", "", "", "", "in", "out"]),
        )
        for i in range(n)
    ]
    maximum = rng.randint(2, 6)
    settings = Settings(
        weights={
            "ethnic_minority": rng.choice([0, 30]),
            "border": rng.choice([5, 20]),
            "island": 20,
            "religious": rng.choice([0, 15]),
            "security": 10,
            "movement_excellent": 20,
            "movement_good": 10,
            "models": rng.choice([0, 5]),
            "priority_region": rng.choice([0, 25]),
            "years_since_hosted": rng.choice([0, 2]),
        },
        min_sites=rng.randint(1, maximum),
        max_sites=maximum,
        max_per_province=rng.choice([1, 2, 2, 3]),
        min_priority=rng.choice([0, 1, 2, 3]),
        priority_regions=("tay-bac", "tay-nguyen"),
        recent_years=rng.choice([0, 3, 5]),
        kind_min={kind: rng.choice([0, 0, 1, 2]) for kind in ("residential", "school")},
        kind_max_share=rng.choice([{}, {}, {"commune": 50}, {"residential": 40}]),
    )
    return candidates, settings


# --- an independent brute force ------------------------------------------------------------------


def eligible(c: Candidate, s: Settings) -> bool:
    """The rules as written in scoring.py's docstring, re-implemented."""
    if c.pin == "out" or c.withdrawn:
        return False
    if c.pin == "in":
        return True
    recent = s.recent_years > 0 and c.last_hosted_year is not None and c.last_hosted_year >= YEAR - s.recent_years
    return not recent


def is_priority(c: Candidate, s: Settings) -> bool:
    return c.region in s.priority_regions


def meets(chosen: tuple[Candidate, ...], pool: list[Candidate], s: Settings, families=ALL_FAMILIES) -> bool:
    size = len(chosen)
    kinds = Counter(c.kind for c in chosen)
    checks = {
        "min_sites": lambda: size >= s.min_sites,
        "max_sites": lambda: size <= s.max_sites,
        "pins_in": lambda: all(c in chosen for c in pool if c.pin == "in"),
        "province_cap": lambda: not size or max(Counter(c.province for c in chosen).values()) <= s.max_per_province,
        "min_priority": lambda: sum(is_priority(c, s) for c in chosen) >= s.min_priority,
        "kind_min": lambda: all(kinds[k] >= m for k, m in s.kind_min.items()),
        "kind_share": lambda: all(100 * kinds[k] <= share * size for k, share in s.kind_max_share.items()),
    }
    return all(check() for family, check in checks.items() if family in families)


def brute_force(candidates: list[Candidate], s: Settings, families=ALL_FAMILIES) -> int | None:
    """The best total score over every subset of the eligible candidates (None: no subset fits)."""
    if "pins_in" in families and any(c.pin == "in" and c.withdrawn for c in candidates):
        return None
    pool = [c for c in candidates if eligible(c, s)]
    score = {c.id: sum(score_parts(c, s, YEAR).values()) for c in candidates}
    best = None
    for size in range(len(pool) + 1):
        for chosen in itertools.combinations(pool, size):
            if meets(chosen, pool, s, families):
                total = sum(score[c.id] for c in chosen)
                best = total if best is None else max(best, total)
    return best


SEEDS = range(60)


@dataclass
class Solved:
    candidates: list[Candidate]
    settings: Settings
    truth: int | None
    outcome: object
    unpruned: object


@pytest.fixture(scope="module")
def solved() -> list[Solved]:
    results = []
    for seed in SEEDS:
        candidates, settings = instance(seed)
        results.append(
            Solved(
                candidates,
                settings,
                brute_force(candidates, settings),
                select(candidates, settings, YEAR),
                select(candidates, settings, YEAR, prune=False),
            )
        )
    return results


def test_the_instances_cover_feasible_and_infeasible_cases(solved):
    feasible = [s for s in solved if s.truth is not None]
    diagnosed = [s for s in solved if s.truth is None and any(p.code == "conflict" for p in s.outcome.problems)]
    assert len(feasible) >= 25
    assert len(solved) - len(feasible) >= 10
    assert diagnosed, "some instances must pass the pre-checks and still be infeasible"


def test_the_optimum_equals_exhaustive_search_with_and_without_pruning(solved):
    for case in solved:
        assert case.outcome.objective == case.truth
        assert case.unpruned.objective == case.truth
        if case.truth is not None:
            assert case.outcome.status == "optimal"
            # The tie-break makes the optimum unique: pruning keeps the very same selection.
            assert case.outcome.selected == case.unpruned.selected
            assert case.outcome.considered <= case.unpruned.considered


def test_the_selection_meets_every_constraint_and_respects_the_pins(solved):
    for case in (c for c in solved if c.truth is not None):
        s = case.settings
        chosen = tuple(c for c in case.candidates if c.id in set(case.outcome.selected))
        pool = [c for c in case.candidates if eligible(c, s)]
        assert meets(chosen, pool, s)
        assert all(eligible(c, s) for c in chosen)  # never pinned out, withdrawn, or a recent host unless pinned in
        assert {c.id for c in case.candidates if c.pin == "in"} <= set(case.outcome.selected)


def test_every_part_of_the_score_is_visible_and_adds_up(solved):
    for case in solved:
        for decision in case.outcome.decisions:
            assert all(points > 0 for points in decision.parts.values())
            assert sum(decision.parts.values()) == decision.score


# --- the explanations are true -------------------------------------------------------------------


def check_reason(case: Solved, decision, selected_ids: set[int]) -> None:
    s = case.settings
    by_id = {c.id: c for c in case.candidates}
    c = by_id[decision.id]
    rank = {d.id: d.rank for d in case.outcome.decisions}
    score = {d.id: d.score for d in case.outcome.decisions}
    chosen = [by_id[i] for i in selected_ids]
    out_eligible = [x for x in case.candidates if eligible(x, s) and x.id not in selected_ids]
    per_province = Counter(x.province for x in chosen)
    kinds = Counter(x.kind for x in chosen)
    priority_count = sum(is_priority(x, s) for x in chosen)
    reason, detail = decision.reason, decision.detail
    assert decision.selected == (c.id in selected_ids)
    assert reason in (SELECTED_REASONS if decision.selected else LEFT_OUT_REASONS)
    assert reason not in ("unproven_in", "unproven_out", "no_solution")
    if reason == "pinned_in":
        assert c.pin == "in"
    elif reason == "pinned_out":
        assert c.pin == "out"
    elif reason == "withdrawn":
        assert c.withdrawn and c.pin != "out"
    elif reason == "recent_host":
        assert s.recent_years and c.last_hosted_year >= YEAR - s.recent_years and c.pin != "in"
        assert detail["year"] == c.last_hosted_year
    elif reason == "best":
        rivals = [
            y
            for y in out_eligible
            if rank[y.id] < decision.rank and (y.province == c.province or per_province[y.province] < s.max_per_province)
        ]
        assert not rivals, "a better candidate left out could have taken its place"
    elif reason in ("priority_minimum", "kind_minimum", "kind_share_in"):
        rival = by_id[detail["rival"]["id"]]
        assert rival.id not in selected_ids and eligible(rival, s) and rank[rival.id] < decision.rank
        if reason == "priority_minimum":
            assert is_priority(c, s) and not is_priority(rival, s) and priority_count == s.min_priority
        elif reason == "kind_minimum":
            assert rival.kind != c.kind and kinds[c.kind] == s.kind_min[c.kind]
        else:
            assert rival.kind != c.kind and 100 * (kinds[rival.kind] + 1) > s.kind_max_share[rival.kind] * len(chosen)
    elif reason in ("province_cap", "province_full"):
        same = [x for x in chosen if x.province == c.province]
        assert len(same) == s.max_per_province
        assert {site["id"] for site in detail["sites"]} == {x.id for x in same}
        if reason == "province_cap":  # K selected sites of the province, all ranked above it
            assert all(rank[x.id] < decision.rank and score[x.id] >= decision.score for x in same)
        else:
            assert any(rank[x.id] > decision.rank for x in same)
    elif reason in ("below_cutoff", "tie_cutoff"):
        unpinned = [x for x in chosen if x.pin != "in"]
        lowest = min(score[x.id] for x in unpinned)
        assert len(chosen) == s.max_sites and per_province[c.province] < s.max_per_province
        assert detail["cutoff"] == lowest
        assert all(rank[x.id] < decision.rank for x in unpinned)
        assert (decision.score == lowest) if reason == "tie_cutoff" else (decision.score < lowest)
    elif reason == "pins_fill":
        assert len(chosen) == s.max_sites and all(x.pin == "in" for x in chosen)
    elif reason in ("priority_quota", "kind_quota"):
        lowest = by_id[detail["lowest"]["id"]]
        assert lowest.id in selected_ids and lowest.pin != "in" and rank[lowest.id] > decision.rank
        assert len(chosen) == s.max_sites and per_province[c.province] < s.max_per_province
        if reason == "priority_quota":
            assert is_priority(lowest, s) and not is_priority(c, s) and priority_count == s.min_priority
        else:
            assert lowest.kind != c.kind and kinds[lowest.kind] == s.kind_min[lowest.kind]
    elif reason == "kind_share":
        share = s.kind_max_share[c.kind]
        grows = len(chosen) + (1 if len(chosen) < s.max_sites else 0)
        assert 100 * (kinds[c.kind] + 1) > share * grows
    else:
        pytest.fail(f"unexpected reason {reason}")


def test_every_candidate_gets_a_true_reason(solved):
    seen: Counter = Counter()
    for case in (c for c in solved if c.truth is not None):
        decisions = case.outcome.decisions
        assert [d.id for d in decisions] == [c.id for c in case.candidates]
        selected = set(case.outcome.selected)
        for decision in decisions:
            check_reason(case, decision, selected)
            seen[decision.reason] += 1
    assert {"pinned_in", "pinned_out", "withdrawn", "recent_host", "best", "province_cap", "below_cutoff"} <= set(seen)
    assert seen["priority_minimum"] + seen["kind_minimum"] + seen["priority_quota"] + seen["kind_quota"] > 0


@pytest.mark.usefixtures("vietnamese")
def test_every_reason_reads_as_a_vietnamese_sentence(solved):
    with translation.override("vi"):
        for case in solved:
            for decision in case.outcome.decisions:
                text = reason_text(decision.reason, decision.detail)
                assert text.endswith(".") and "%(" not in text
                assert VIETNAMESE & set(text.lower()), text


# --- infeasibility in words ----------------------------------------------------------------------


@pytest.mark.usefixtures("vietnamese")
def test_every_infeasible_instance_is_explained_in_vietnamese(solved):
    for case in (c for c in solved if c.truth is None):
        assert case.outcome.status == "infeasible"
        assert case.outcome.selected == []
        assert case.outcome.problems
        assert all(d.reason in ("no_solution", "pinned_out", "withdrawn", "recent_host") for d in case.outcome.decisions)
        with translation.override("vi"):
            for problem in case.outcome.problems:
                text = problem_text(problem.code, problem.detail)
                assert "%(" not in text and VIETNAMESE & set(text.lower()), text


def test_a_named_conflict_is_true_and_minimal(solved):
    """The families named cannot hold together (exhaustive search), and dropping any one of them lets
    the rest hold: the explanation names exactly the constraints in conflict."""
    checked = 0
    for case in solved:
        for problem in case.outcome.problems:
            if problem.code != "conflict":
                continue
            named = frozenset(item["family"] for item in problem.detail["constraints"])
            assert named
            assert brute_force(case.candidates, case.settings, named) is None
            for family in named:
                assert brute_force(case.candidates, case.settings, named - {family}) is not None, (named, family)
            checked += 1
    assert checked


@pytest.mark.usefixtures("vietnamese")
def test_pre_checks_name_the_constraint():
    candidates = [
        Candidate(id=i, province=i % 2, province_name=f"Tỉnh {i % 2}", kind="commune", name=f"Điểm {i}") for i in range(1, 7)
    ]
    cases = {
        "min_over_max": (candidates, Settings(min_sites=5, max_sites=3, min_priority=0, kind_min={})),
        "too_few_candidates": (candidates, Settings(min_sites=5, max_sites=6, max_per_province=2, min_priority=0, kind_min={})),
        "too_few_priority": (candidates, Settings(min_sites=1, max_sites=4, min_priority=1, kind_min={})),
        "too_few_kind": (candidates, Settings(min_sites=1, max_sites=4, min_priority=0, kind_min={"school": 1})),
        "kind_min_over_max": (candidates, Settings(min_sites=1, max_sites=2, min_priority=0, kind_min={"commune": 3})),
        "pins_over_max": (
            [replace(c, pin="in") for c in candidates[:3]],
            Settings(min_sites=1, max_sites=2, min_priority=0, kind_min={}),
        ),
        "pins_over_province_cap": (
            [replace(c, pin="in", province=0, province_name="Tỉnh 0") for c in candidates[:3]],
            Settings(min_sites=1, max_sites=5, max_per_province=2, min_priority=0, kind_min={}),
        ),
        "pinned_withdrawn": (
            [replace(candidates[0], pin="in", withdrawn=True), *candidates[1:]],
            Settings(min_sites=1, max_sites=3, min_priority=0, kind_min={}),
        ),
    }
    for code, (given, settings) in cases.items():
        outcome = select(given, settings, YEAR)
        assert outcome.status == "infeasible"
        assert code in {p.code for p in outcome.problems}, code
    with translation.override("vi"):
        problem = next(p for p in select(*cases["pins_over_province_cap"], YEAR).problems if p.code == "pins_over_province_cap")
        text = problem_text(problem.code, problem.detail)
    assert "Điểm 1" in text and "Tỉnh 0" in text and "2" in text


@pytest.mark.usefixtures("vietnamese")
def test_a_pin_in_overrides_the_recent_hosting_rule_and_says_so():
    candidates = [
        Candidate(id=1, province=1, kind="commune", name="A", last_hosted_year=2022, pin="in"),
        Candidate(id=2, province=2, kind="commune", name="B", last_hosted_year=2022),
        Candidate(id=3, province=3, kind="commune", name="C"),
    ]
    outcome = select(candidates, Settings(min_sites=1, max_sites=3, min_priority=0, kind_min={}), YEAR)
    assert outcome.selected == [3, 1] or set(outcome.selected) == {1, 3}
    reasons = {d.id: (d.reason, d.detail) for d in outcome.decisions}
    assert reasons[1] == ("pinned_in", {"year": 2022})
    assert reasons[2][0] == "recent_host"
    with translation.override("vi"):
        assert "2022" in reason_text(*reasons[1])


def test_pruning_keeps_the_optimum_at_a_few_thousand_candidates():
    rng = random.Random(5)
    candidates = [
        Candidate(
            id=i,
            province=rng.randrange(34),
            kind=rng.choice(("commune", "residential", "agency", "enterprise", "school")),
            region=rng.choice(("", "", "tay-bac", "tay-nguyen", "tay-nam-bo")),
            ethnic_minority_share=rng.randint(0, 100),
            is_border=rng.random() < 0.2,
            security_complexity=rng.choice((1, 2, 3)),
            models_count=rng.randint(0, 6),
            last_hosted_year=rng.choice((None, None, 2015, 2021)),
        )
        for i in range(1, 3001)
    ]
    settings = Settings(kind_max_share={"commune": 60})
    pruned, full = select(candidates, settings, YEAR), select(candidates, settings, YEAR, prune=False)
    assert pruned.status == full.status == "optimal"
    assert pruned.objective == full.objective and pruned.selected == full.selected
    assert pruned.considered <= 34 * 5 * 2 * settings.max_per_province < full.considered


# --- settings ------------------------------------------------------------------------------------


def test_settings_round_trip_and_defaults():
    settings = Settings()
    assert Settings.from_dict(settings.to_dict()) == settings
    assert (settings.min_sites, settings.max_sites, settings.max_per_province, settings.min_priority) == (25, 30, 2, 10)
    assert settings.priority_regions == ("tay-bac", "tay-nguyen", "tay-nam-bo")


@pytest.mark.usefixtures("vietnamese")
def test_bad_settings_get_vietnamese_messages_keyed_by_field():
    with translation.override("vi"):
        _settings, errors = parse_settings(
            {
                "weights": {"border": -1, "nonsense": 3},
                "min_sites": 40,
                "max_sites": 30,
                "max_per_province": "x",
                "kind_min": {"school": 20, "residential": 20},
                "kind_max_share": {"commune": 150},
            }
        )
    assert {"weight_border", "weights", "min_sites", "max_per_province", "kind_min", "kind_max_share_commune"} <= set(errors)
    for messages in errors.values():
        assert all(VIETNAMESE & set(message.lower()) for message in messages), messages
