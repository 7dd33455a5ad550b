"""Why each candidate is in or out, and why no selection exists: codes and values computed with
the selection (``explain``), sentences rendered in the reader's language at display time
(``reason_text``, ``problem_text``) so that a stored run reads in Vietnamese or English alike."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from ..enums import SiteKind
from .scoring import KINDS, Prepared, Settings, is_recent_host, site_ref

OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"


@dataclass(slots=True)
class Decision:
    """Why one candidate is in or out: a reason code of explain.REASONS and the values of its sentence."""

    id: int
    selected: bool
    score: int
    parts: dict[str, int]
    reason: str
    detail: dict[str, Any]
    rank: int


@dataclass(frozen=True)
class Problem:
    """Why no selection exists: a code of explain.PROBLEMS and the values of its sentence."""

    code: str
    detail: dict[str, Any] = field(default_factory=dict)


def explain_selection(prep: Prepared, settings: Settings, year: int, selected: list[int], status: str) -> list[Decision]:
    """A reason for every candidate; each is a fact about the selection, checked here:

    In: ``pinned_in``; ``best`` (no better-ranked eligible candidate that is out could take its place
    without breaking the province cap); otherwise the best such candidate y could not replace it
    because the swap would break: ``priority_minimum`` (it lies in a priority region, y does not, and
    the priority count is at its minimum), ``kind_minimum`` (its kind is at its minimum, y is of another
    kind), ``kind_share_in`` (y's kind is at its maximum share).

    Out: ``pinned_out``, ``withdrawn``, ``recent_host``; ``province_cap`` (its province already has K
    selected sites, all ranked better) or ``province_full`` (K selected, some ranked lower: they are
    kept for other constraints); otherwise, when the maximum is reached: ``below_cutoff`` /
    ``tie_cutoff`` (ranked after every unpinned selected site: score below, or equal to, the lowest),
    ``pins_fill`` (every place taken by pins in), or the worst unpinned selected site x ranks lower and
    replacing x by it would break: ``priority_quota``, ``kind_quota``, ``kind_share``; when the maximum
    is not reached, adding it would break its kind's maximum share (``kind_share``).

    ``unproven_in`` / ``unproven_out`` are only given when the time limit stopped the search before
    optimality (a better selection might then exist: with an optimal selection, the swap or the
    addition they stand for would improve it, which is impossible); ``no_solution`` when there is no
    selection at all.
    """
    s = settings
    cands = prep.candidates
    ranks = prep.ranks
    scores = prep.scores
    k_cap = s.max_per_province
    selected = sorted(selected, key=ranks.__getitem__)
    chosen = set(selected)
    pinned = set(prep.pinned_in)
    decisions: list[Decision] = []

    def decide(i: int, selected_flag: bool, reason: str, detail: dict[str, Any]) -> None:
        decisions.append(Decision(cands[i].id, selected_flag, scores[i], prep.parts[i], reason, detail, ranks[i]))

    def ineligible_detail(i: int) -> dict[str, Any]:
        reason = prep.out_reason[i]
        if reason == "recent_host":
            return {"year": cands[i].last_hosted_year, "years": s.recent_years, "campaign_year": year}
        return {}

    if status == INFEASIBLE:
        for i in range(len(cands)):
            reason = prep.out_reason[i] or "no_solution"
            decide(i, False, reason, ineligible_detail(i))
        return decisions

    total = len(selected)
    by_province: dict[Any, list[int]] = defaultdict(list)
    kind_count: Counter = Counter()
    priority_count = 0
    for i in selected:  # best ranked first
        by_province[cands[i].province].append(i)
        kind_count[cands[i].kind] += 1
        priority_count += prep.priority[i]
    full = {p for p, members in by_province.items() if len(members) >= k_cap}
    priority_tight = s.min_priority > 0 and priority_count <= s.min_priority
    kind_tight = {kind for kind in KINDS if s.kind_min.get(kind, 0) and kind_count[kind] <= s.kind_min[kind]}

    def share_blocks_swap(kind: str) -> bool:  # one more of this kind, same total
        share = s.kind_max_share.get(kind)
        return share is not None and 100 * (kind_count[kind] + 1) > share * total

    def share_blocks_add(kind: str) -> bool:  # one more of this kind, one more in total
        share = s.kind_max_share.get(kind)
        return share is not None and 100 * (kind_count[kind] + 1) > share * (total + 1)

    def swap_blocker(x: int, y: int) -> str:
        """Which constraint replacing selected x by unselected y would break ("" if none); y's
        province is assumed to have room (or to be x's)."""
        if priority_tight and prep.priority[x] and not prep.priority[y]:
            return "priority"
        kx, ky = cands[x].kind, cands[y].kind
        if kx != ky:
            if kx in kind_tight:
                return "kind_min"
            if share_blocks_swap(ky):
                return "kind_share"
        return ""

    # The best unselected eligible candidate of each province, and the best one in provinces with room.
    best_out_in: dict[Any, int] = {}
    best_out_open: int | None = None
    for i in prep.eligible:
        if i in chosen:
            continue
        p = cands[i].province
        if p not in best_out_in or ranks[i] < ranks[best_out_in[p]]:
            best_out_in[p] = i
        if p not in full and (best_out_open is None or ranks[i] < ranks[best_out_open]):
            best_out_open = i
    unpinned_selected = [i for i in selected if i not in pinned]
    worst = max(unpinned_selected, key=ranks.__getitem__) if unpinned_selected else None
    # Details shared by many candidates are built once (and stored once per decision).
    lowest = site_ref(prep, worst) if worst is not None else {}
    cutoff_detail = {"cutoff": lowest.get("score"), "lowest": lowest}
    province_detail: dict[Any, dict[str, Any]] = {}

    for i, c in enumerate(cands):
        if prep.out_reason[i]:
            decide(i, False, prep.out_reason[i], ineligible_detail(i))
        elif i in chosen:
            if i in pinned:
                detail = {"year": c.last_hosted_year} if is_recent_host(c, s, year) else {}
                decide(i, True, "pinned_in", detail)
                continue
            rivals = [j for j in (best_out_open, best_out_in.get(c.province)) if j is not None and ranks[j] < ranks[i]]
            if not rivals:
                decide(i, True, "best", {})
                continue
            y = min(rivals, key=ranks.__getitem__)
            blocker = swap_blocker(i, y)
            rival = site_ref(prep, y)
            if blocker == "priority":
                decide(i, True, "priority_minimum", {"min": s.min_priority, "rival": rival})
            elif blocker == "kind_min":
                decide(i, True, "kind_minimum", {"kind": c.kind, "min": s.kind_min[c.kind], "rival": rival})
            elif blocker == "kind_share":
                kind = cands[y].kind
                decide(i, True, "kind_share_in", {"kind": kind, "share": s.kind_max_share[kind], "rival": rival})
            else:  # a better swap exists: only possible when the time limit stopped the search
                decide(i, True, "unproven_in", {})
        elif c.province in full:
            members = by_province[c.province]  # best ranked first
            if c.province not in province_detail:
                sites = [site_ref(prep, j) for j in members]
                province_detail[c.province] = {"province": c.province_name, "limit": k_cap, "sites": sites}
            code = "province_cap" if ranks[members[-1]] < ranks[i] else "province_full"
            decide(i, False, code, province_detail[c.province])
        elif total < s.max_sites:
            if share_blocks_add(c.kind):
                decide(i, False, "kind_share", {"kind": c.kind, "share": s.kind_max_share[c.kind]})
            else:
                decide(i, False, "unproven_out", {})
        elif worst is None:
            decide(i, False, "pins_fill", {"max": s.max_sites})
        elif ranks[i] > ranks[worst]:
            decide(i, False, "tie_cutoff" if scores[i] == scores[worst] else "below_cutoff", cutoff_detail)
        else:
            blocker = swap_blocker(worst, i)
            if blocker == "priority":
                decide(i, False, "priority_quota", {"min": s.min_priority, "lowest": lowest})
            elif blocker == "kind_min":
                kind = cands[worst].kind
                decide(i, False, "kind_quota", {"kind": kind, "min": s.kind_min[kind], "lowest": lowest})
            elif blocker == "kind_share":
                decide(i, False, "kind_share", {"kind": c.kind, "share": s.kind_max_share[c.kind]})
            else:
                decide(i, False, "unproven_out", {})
    return decisions


# --- sentences -----------------------------------------------------------------------------------
# Rendered at display time, in the reader's language, from the codes and values stored with the run.

CRITERIA: dict[str, Any] = {
    "ethnic_minority": gettext_lazy("Ethnic minorities"),
    "border": gettext_lazy("Border area"),
    "island": gettext_lazy("Island"),
    "religious": gettext_lazy("Religious area"),
    "security": gettext_lazy("Security situation"),
    "movement_excellent": gettext_lazy("Movement rated excellent"),
    "movement_good": gettext_lazy("Movement rated good"),
    "models": gettext_lazy("Models in place"),
    "priority_region": gettext_lazy("Priority region"),
    "years_since_hosted": gettext_lazy("Years since it hosted national leaders"),
}

# Reason codes with a short label (the filter of the result table); the sentence is reason_text's.
SELECTED_REASONS: dict[str, Any] = {
    "pinned_in": gettext_lazy("Pinned in"),
    "best": gettext_lazy("Among the best"),
    "priority_minimum": gettext_lazy("Needed for the priority regions"),
    "kind_minimum": gettext_lazy("Needed for the spread of kinds"),
    "kind_share_in": pgettext_lazy("selected", "Better ones at their kind's maximum share"),
    "unproven_in": gettext_lazy("Best found within the time limit"),
}
LEFT_OUT_REASONS: dict[str, Any] = {
    "pinned_out": gettext_lazy("Pinned out"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "recent_host": gettext_lazy("Hosted national leaders recently"),
    "province_cap": gettext_lazy("Province already has its sites"),
    "province_full": gettext_lazy("Province full (sites kept for other constraints)"),
    "below_cutoff": gettext_lazy("Score below the lowest selected"),
    "tie_cutoff": gettext_lazy("Tie with the lowest selected"),
    "pins_fill": gettext_lazy("Every place taken by pins"),
    "priority_quota": gettext_lazy("Kept out by the priority-region minimum"),
    "kind_quota": gettext_lazy("Kept out by the spread of kinds"),
    "kind_share": pgettext_lazy("left out", "Its kind is at its maximum share"),
    "unproven_out": gettext_lazy("Left out of the best found within the time limit"),
    "no_solution": gettext_lazy("No selection possible"),
}
REASONS: dict[str, Any] = {**SELECTED_REASONS, **LEFT_OUT_REASONS}


def kind_label(kind: str) -> str:
    return str(SiteKind(kind).label) if kind in KINDS else kind


def _sites(sites: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(
        _("%(name)s (score %(score)s)") % {"name": site.get("name", ""), "score": site.get("score", "")} for site in sites
    )


def _site_values(prefix: str, site: Mapping[str, Any] | None) -> dict[str, Any]:
    site = site or {}
    return {prefix: site.get("name", ""), f"{prefix}_score": site.get("score", "")}


def _reason_templates(code: str, d: Mapping[str, Any]) -> str | None:
    """The untranslated-at-import template of a reason (None for an unknown code)."""
    templates = {
        "pinned_in": lambda: (
            _("Pinned in by the organisers, although it hosted national leaders in %(year)s.")
            if d.get("year")
            else _("Pinned in by the organisers.")
        ),
        "best": lambda: _("Among the best: no candidate left out ranks above it and could take its place."),
        "priority_minimum": lambda: _(
            "Needed to keep at least %(min)s sites in the priority regions: %(rival)s (score %(rival_score)s) "
            "ranks above it but lies outside them."
        ),
        "kind_minimum": lambda: _(
            "Needed for the spread of kinds (at least %(min)s of kind “%(kind)s”): %(rival)s "
            "(score %(rival_score)s) ranks above it but is of another kind."
        ),
        "kind_share_in": lambda: _(
            "%(rival)s (score %(rival_score)s) ranks above it, but sites of kind “%(kind)s” already reach "
            "their maximum share (%(share)s%%)."
        ),
        "unproven_in": lambda: _("Chosen in the best selection found within the time limit; a better one was not ruled out."),
        "pinned_out": lambda: _("Pinned out by the organisers."),
        "withdrawn": lambda: _("Withdrawn by the nominating province."),
        "recent_host": lambda: ngettext(
            "It hosted national leaders in %(year)s, within the last %(years)s year before %(campaign_year)s.",
            "It hosted national leaders in %(year)s, within the last %(years)s years before %(campaign_year)s.",
            d.get("years", 0),
        ),
        "province_cap": lambda: ngettext(
            "%(province)s already has %(limit)s selected site, ranked above it: %(sites)s.",
            "%(province)s already has %(limit)s selected sites, all ranked above it: %(sites)s.",
            d.get("limit", 0),
        ),
        "province_full": lambda: ngettext(
            "%(province)s already has its %(limit)s selected site (%(sites)s), kept to meet the other constraints.",
            "%(province)s already has its %(limit)s selected sites (%(sites)s), kept to meet the other constraints.",
            d.get("limit", 0),
        ),
        "below_cutoff": lambda: _("Its score is below the lowest score selected: %(cutoff)s (%(lowest)s)."),
        "tie_cutoff": lambda: _(
            "Its score equals the lowest score selected, %(cutoff)s (%(lowest)s); the tie goes to the nomination entered first."
        ),
        "pins_fill": lambda: _("All %(max)s places are taken by sites pinned in."),
        "priority_quota": lambda: _(
            "It ranks above %(lowest)s (score %(lowest_score)s), which is needed to keep at least %(min)s sites "
            "in the priority regions."
        ),
        "kind_quota": lambda: _(
            "It ranks above %(lowest)s (score %(lowest_score)s), which is needed to keep at least %(min)s sites "
            "of kind “%(kind)s”."
        ),
        "kind_share": lambda: _("Sites of kind “%(kind)s” already reach their maximum share (%(share)s%% of the sites)."),
        "unproven_out": lambda: _("Left out of the best selection found within the time limit; a better one was not ruled out."),
        "no_solution": lambda: _("No selection meets every constraint: see the problems of the run."),
    }
    template = templates.get(code)
    return template() if template else None


def reason_text(code: str, detail: Mapping[str, Any] | None = None) -> str:
    """The sentence of a reason code, in the active language."""
    d = dict(detail or {})
    template = _reason_templates(code, d)
    if template is None:
        return str(REASONS.get(code, code))
    values: dict[str, Any] = {**d, "kind": kind_label(d.get("kind", "")), "sites": _sites(d.get("sites", []))}
    values.update(_site_values("rival", d.get("rival")))
    values.update(_site_values("lowest", d.get("lowest")))
    return template % values


def _regions(d: Mapping[str, Any]) -> str:
    return ", ".join(str(name) for name in d.get("regions", []))


def _constraint_text(item: Mapping[str, Any]) -> str:
    values = {**item, "kind": kind_label(item.get("kind", "")), "regions": _regions(item), "sites": _sites(item.get("sites", []))}
    templates = {
        "min_sites": lambda: _("at least %(min)s sites"),
        "max_sites": lambda: _("at most %(max)s sites"),
        "province_cap": lambda: _("at most %(limit)s sites per province"),
        "min_priority": lambda: _("at least %(min)s sites in the priority regions (%(regions)s)"),
        "kind_min": lambda: _("at least %(min)s sites of kind “%(kind)s”"),
        "kind_share": lambda: _("at most %(share)s%% of the sites of kind “%(kind)s”"),
        "pins_in": lambda: _("the sites pinned in (%(sites)s)"),
    }
    template = templates.get(item.get("family", ""))
    return template() % values if template else str(item.get("family", ""))


def problem_text(code: str, detail: Mapping[str, Any] | None = None) -> str:
    """The sentence of an infeasibility (or of a failed run), in the active language."""
    d = dict(detail or {})
    values: dict[str, Any] = {**d, "kind": kind_label(d.get("kind", "")), "regions": _regions(d)}
    if "sites" in d:
        values["sites"] = _sites(d["sites"])
    texts = {
        "min_over_max": lambda: _("The minimum number of sites (%(min)s) exceeds the maximum (%(max)s)."),
        "kind_min_over_max": lambda: _("The minimums per kind add up to %(total)s sites, more than the maximum of %(max)s."),
        "priority_over_max": lambda: _(
            "At least %(min)s sites are wanted in the priority regions, more than the maximum of %(max)s sites."
        ),
        "pinned_withdrawn": lambda: _(
            "Pinned in although withdrawn by the nominating province: %(sites)s. Unpin them, or ask the province to "
            "submit them again."
        ),
        "pins_over_max": lambda: _("%(count)s sites are pinned in, more than the maximum of %(max)s sites."),
        "pins_over_province_cap": lambda: _(
            "%(count)s sites of %(province)s are pinned in (%(sites)s), more than the limit of %(limit)s per province."
        ),
        "pins_over_kind_share": lambda: _(
            "%(count)s sites of kind “%(kind)s” are pinned in, more than its maximum share allows "
            "(%(share)s%% of at most %(max)s sites)."
        ),
        "too_few_candidates": lambda: _(
            "At most %(capacity)s sites can be chosen from the %(eligible)s eligible candidates of %(provinces)s "
            "provinces at %(limit)s per province, fewer than the minimum of %(min)s."
        ),
        "too_few_priority": lambda: _(
            "At most %(capacity)s sites can be chosen in the priority regions (%(regions)s) from %(eligible)s "
            "eligible candidates at %(limit)s per province, fewer than the minimum of %(min)s."
        ),
        "too_few_kind": lambda: _(
            "At most %(capacity)s sites of kind “%(kind)s” can be chosen from %(eligible)s eligible candidates "
            "(with the limit per province), fewer than the minimum of %(min)s."
        ),
        "conflict": lambda: _("These constraints cannot all hold together: %(constraints)s."),
        "time_limit": lambda: _("The solver reached its time limit (%(seconds)s s) without finding a selection."),
        "unknown": lambda: _("The solver found no selection but could not tell which constraints conflict."),
        "failed": lambda: _("The run stopped on an unexpected error; the administrators can find it in the log."),
    }
    if code == "conflict":
        values["constraints"] = "; ".join(_constraint_text(item) for item in d.get("constraints", []))
    template = texts.get(code)
    return template() % values if template else code
