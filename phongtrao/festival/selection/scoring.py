"""The score of a candidate site and the settings of a selection (weights and constraints).

Pure Python: dataclasses in, dataclasses out, no Django model, so the solver can be benchmarked and
checked exhaustively.

The score
---------
Every candidate's score is a sum of integer parts, one per criterion (``score_parts``); the parts
are kept, so every point of a score can be shown. Weights are editable (``Settings.weights``):

- ``ethnic_minority``: the weight times the ethnic-minority share (percent), divided by 100, rounded down;
- ``border``, ``island``, ``religious``, ``priority_region``: the weight when the fact holds;
- ``security``: the weight per level above "stable" (complex 1×, especially complex 2×);
- ``movement_excellent`` / ``movement_good``: last year's classification of the movement;
- ``models``: the weight per model in place, counting at most ``models_cap`` models;
- ``years_since_hosted``: the weight per year since the site last hosted national leaders, counting at
  most ``years_cap`` years (a site that never hosted them gets the cap).

The constraints
---------------
Between ``min_sites`` and ``max_sites`` sites; at most ``max_per_province`` (K) per province; at least
``min_priority`` (M) in the priority regions (``priority_regions``, region tag codes); at least
``kind_min[kind]`` of each kind, and at most ``kind_max_share[kind]`` percent of the selected sites of
that kind; none that hosted national leaders in the last ``recent_years`` (Y) years.

Eligibility and pins (decided here, shown in every explanation)
---------------------------------------------------------------
- pinned out: never selected;
- withdrawn by its province: never selected; pinning a withdrawn nomination *in* is a conflict reported
  in words (the province took it back: the organisers must not overrule that silently);
- hosted national leaders within the last Y years before the campaign (last_hosted_year >= year - Y):
  not eligible, unless pinned in: a pin in is the organisers' deliberate exception to this rule, and
  the explanation says so;
- pinned in: always selected; when the pins alone break a constraint (too many, too many in one
  province, too many of one kind) the run is infeasible and says which constraint and which pins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..enums import SiteKind

KINDS: tuple[str, ...] = tuple(SiteKind.values)

WEIGHT_KEYS: tuple[str, ...] = (
    "ethnic_minority",
    "border",
    "island",
    "religious",
    "security",
    "movement_excellent",
    "movement_good",
    "models",
    "priority_region",
    "years_since_hosted",
)
DEFAULT_WEIGHTS: dict[str, int] = {
    "ethnic_minority": 30,
    "border": 20,
    "island": 20,
    "religious": 15,
    "security": 10,
    "movement_excellent": 20,
    "movement_good": 10,
    "models": 5,
    "priority_region": 25,
    "years_since_hosted": 2,
}
MAX_WEIGHT = 1000
MAX_SITES_LIMIT = 1000
MAX_CAP = 50
DEFAULT_PRIORITY_REGIONS: tuple[str, ...] = ("tay-bac", "tay-nguyen", "tay-nam-bo")

PIN_IN = "in"
PIN_OUT = "out"

# --- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Weights and constraints of one selection. Stored as ``to_dict()`` in Campaign.selection_settings
    and in SelectionRun.parameters."""

    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    models_cap: int = 4
    years_cap: int = 10
    min_sites: int = 25
    max_sites: int = 30
    max_per_province: int = 2
    min_priority: int = 10
    priority_regions: tuple[str, ...] = DEFAULT_PRIORITY_REGIONS
    recent_years: int = 3
    kind_min: dict[str, int] = field(default_factory=lambda: {"residential": 3, "school": 1})
    kind_max_share: dict[str, int] = field(default_factory=dict)  # percent of the selected sites; absent (or 100) = no limit

    def weight(self, key: str) -> int:
        return self.weights.get(key, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": {key: self.weight(key) for key in WEIGHT_KEYS},
            "models_cap": self.models_cap,
            "years_cap": self.years_cap,
            "min_sites": self.min_sites,
            "max_sites": self.max_sites,
            "max_per_province": self.max_per_province,
            "min_priority": self.min_priority,
            "priority_regions": list(self.priority_regions),
            "recent_years": self.recent_years,
            # Every kind, so that the stored dict is complete (0: no minimum, 100: no maximum share).
            "kind_min": {kind: self.kind_min.get(kind, 0) for kind in KINDS},
            "kind_max_share": {kind: self.kind_max_share.get(kind, 100) for kind in KINDS},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Settings:
        """The settings stored by ``to_dict`` (missing keys take their defaults). Raises
        SettingsError when a value is not valid: use ``parse_settings`` for the messages."""
        settings, errors = parse_settings(data or {})
        if errors:
            raise SettingsError(errors)
        return settings


class SettingsError(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def parse_settings(data: Mapping[str, Any], base: Settings | None = None) -> tuple[Settings, dict[str, list[str]]]:
    """Read settings from ``data`` over ``base`` (the defaults when None): the keys of ``to_dict``,
    where ``weights``, ``kind_min`` and ``kind_max_share`` may be partial. Returns the settings (the
    base values where a value was wrong) and the errors, keyed like the settings form's fields:
    ``weight_<criterion>``, ``kind_min_<kind>``, ``kind_max_share_<kind>`` and the constraint names."""
    base = base or Settings()
    errors: dict[str, list[str]] = {}

    def number(key: str, value: Any, low: int, high: int, current: int) -> int:
        parsed = _as_int(value)
        if parsed is None or not low <= parsed <= high:
            message = _("Enter a whole number from %(low)s to %(high)s.") % {"low": _grouped(low), "high": _grouped(high)}
            errors.setdefault(key, []).append(message)
            return current
        return parsed

    weights = dict(base.weights)
    raw_weights = data.get("weights") or {}
    if not isinstance(raw_weights, Mapping):
        errors["weights"] = [_("The weights must be given by criterion.")]
        raw_weights = {}
    for key, value in raw_weights.items():
        if key not in WEIGHT_KEYS:
            errors.setdefault("weights", []).append(_("There is no criterion “%(key)s”.") % {"key": key})
            continue
        weights[key] = number(f"weight_{key}", value, 0, MAX_WEIGHT, base.weight(key))

    values: dict[str, int] = {}
    limits = {
        "models_cap": (0, MAX_CAP),
        "years_cap": (0, MAX_CAP),
        "min_sites": (1, MAX_SITES_LIMIT),
        "max_sites": (1, MAX_SITES_LIMIT),
        "max_per_province": (1, MAX_SITES_LIMIT),
        "min_priority": (0, MAX_SITES_LIMIT),
        "recent_years": (0, MAX_CAP),
    }
    for key, (low, high) in limits.items():
        current = getattr(base, key)
        values[key] = number(key, data[key], low, high, current) if key in data else current

    regions = base.priority_regions
    if "priority_regions" in data:
        raw = data["priority_regions"]
        if isinstance(raw, str):
            raw = raw.replace(";", ",").split(",")
        if not isinstance(raw, Iterable) or not all(isinstance(code, str) for code in raw):
            errors["priority_regions"] = [_("Give the priority regions as a list of region codes.")]
        else:
            regions = tuple(dict.fromkeys(code.strip() for code in raw if code.strip()))

    kind_min = dict(base.kind_min)
    kind_share = dict(base.kind_max_share)
    for name, target, low, high in (("kind_min", kind_min, 0, MAX_SITES_LIMIT), ("kind_max_share", kind_share, 1, 100)):
        raw_kinds = data.get(name) or {}
        if not isinstance(raw_kinds, Mapping):
            errors[name] = [_("Give these values by kind of site.")]
            continue
        for kind, value in raw_kinds.items():
            if kind not in KINDS:
                errors.setdefault(name, []).append(_("There is no kind of site “%(kind)s”.") % {"kind": kind})
                continue
            if value in (None, ""):
                target.pop(kind, None)
                continue
            target[kind] = number(f"{name}_{kind}", value, low, high, target.get(kind, 0))
    kind_min = {kind: n for kind, n in kind_min.items() if n}
    kind_share = {kind: n for kind, n in kind_share.items() if n < 100}

    settings = Settings(
        weights=weights,
        priority_regions=regions,
        kind_min=kind_min,
        kind_max_share=kind_share,
        **values,
    )
    errors.update({k: v for k, v in settings_errors(settings).items() if k not in errors})
    return settings, errors


def settings_errors(settings: Settings) -> dict[str, list[str]]:
    """Checks across fields, with Vietnamese-translatable messages keyed by field. (The solver's
    pre-checks catch the same conflicts in words when the core is called directly.)"""
    errors: dict[str, list[str]] = {}
    if settings.min_sites > settings.max_sites:
        errors["min_sites"] = [
            _("The minimum number of sites (%(min)s) cannot exceed the maximum (%(max)s).")
            % {"min": settings.min_sites, "max": settings.max_sites}
        ]
    if settings.min_priority > settings.max_sites:
        errors["min_priority"] = [
            _("The minimum in the priority regions (%(min)s) cannot exceed the maximum number of sites (%(max)s).")
            % {"min": settings.min_priority, "max": settings.max_sites}
        ]
    if settings.min_priority and not settings.priority_regions:
        errors["priority_regions"] = [_("Choose the priority regions, or set their minimum to 0.")]
    total = sum(settings.kind_min.values())
    if total > settings.max_sites:
        errors["kind_min"] = [
            _("The minimums per kind add up to %(total)s, more than the maximum of %(max)s sites.")
            % {"total": total, "max": settings.max_sites}
        ]
    return errors


# --- candidates and scores -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A nomination as the solver sees it. ``province`` is any key (the province's id); ``region`` is
    the code of its region tag ("" when in none)."""

    id: int
    province: Any
    kind: str
    region: str = ""
    name: str = ""
    province_name: str = ""
    ethnic_minority_share: int = 0
    is_border: bool = False
    is_island: bool = False
    is_religious: bool = False
    security_complexity: int = 1
    movement_class: str = ""
    models_count: int = 0
    last_hosted_year: int | None = None
    withdrawn: bool = False
    pin: str = ""


def scorer(settings: Settings, year: int) -> Callable[[Candidate], dict[str, int]]:
    """The function giving a candidate's points per criterion (criteria worth 0 points are left out;
    the score is their sum). Built once per run: the weights are read once, not once per candidate."""
    w = {key: settings.weight(key) for key in WEIGHT_KEYS}
    ethnic, border, island, religious = w["ethnic_minority"], w["border"], w["island"], w["religious"]
    security, excellent, good, models = w["security"], w["movement_excellent"], w["movement_good"], w["models"]
    priority, hosted = w["priority_region"], w["years_since_hosted"]
    models_cap, years_cap = settings.models_cap, settings.years_cap
    regions = frozenset(settings.priority_regions)
    never_hosted = hosted * years_cap

    def parts(c: Candidate) -> dict[str, int]:
        # Plain comparisons rather than min(): this runs once per candidate, 100,000 times at national scale.
        result: dict[str, int] = {}
        share = c.ethnic_minority_share
        if share and ethnic:
            points = ethnic * (share if share < 100 else 100) // 100
            if points:
                result["ethnic_minority"] = points
        if c.is_border and border:
            result["border"] = border
        if c.is_island and island:
            result["island"] = island
        if c.is_religious and religious:
            result["religious"] = religious
        level = c.security_complexity
        if level > 1 and security:
            result["security"] = security * (level - 1 if level < 3 else 2)
        movement = c.movement_class
        if movement == "excellent":
            if excellent:
                result["movement_excellent"] = excellent
        elif movement == "good" and good:
            result["movement_good"] = good
        count = c.models_count
        if count and models and models_cap:
            result["models"] = models * (count if count < models_cap else models_cap)
        if priority and c.region in regions:
            result["priority_region"] = priority
        if hosted:
            last = c.last_hosted_year
            if last is None:
                points = never_hosted
            else:
                years = year - last
                points = 0 if years <= 0 else hosted * (years if years < years_cap else years_cap)
            if points:
                result["years_since_hosted"] = points
        return result

    return parts


def score_parts(candidate: Candidate, settings: Settings, year: int) -> dict[str, int]:
    """The points of each criterion of one candidate (see ``scorer``)."""
    return scorer(settings, year)(candidate)


# --- prepared candidates -------------------------------------------------------------------------


@dataclass(slots=True)
class Prepared:
    """The candidates with their scores, ranks (1 = best: score desc, then id asc), priority flags
    and eligibility, computed once for the solver and the explanations."""

    candidates: Sequence[Candidate]
    scores: list[int]
    parts: list[dict[str, int]]
    ranks: list[int]  # 1 = best
    priority: list[bool]
    out_reason: list[str]  # "" when eligible (pinned in included)
    pinned_in: list[int]  # indexes
    eligible: list[int]  # indexes, pins in included


def is_recent_host(candidate: Candidate, settings: Settings, year: int) -> bool:
    return (
        settings.recent_years > 0
        and candidate.last_hosted_year is not None
        and candidate.last_hosted_year >= year - settings.recent_years
    )


def prepare(candidates: Sequence[Candidate], settings: Settings, year: int) -> Prepared:
    score = scorer(settings, year)
    parts = [score(c) for c in candidates]
    scores = [sum(p.values()) for p in parts]
    keys = [(-points, c.id) for points, c in zip(scores, candidates, strict=True)]  # rank: score desc, then id asc
    ranks = [0] * len(candidates)
    for position, index in enumerate(sorted(range(len(candidates)), key=keys.__getitem__), start=1):
        ranks[index] = position
    regions = frozenset(settings.priority_regions)
    priority = [c.region in regions for c in candidates]
    out_reason = [""] * len(candidates)
    pinned_in: list[int] = []
    eligible: list[int] = []
    recent_from = year - settings.recent_years if settings.recent_years > 0 else None
    for i, c in enumerate(candidates):
        if c.pin == PIN_OUT:
            out_reason[i] = "pinned_out"
        elif c.withdrawn:
            out_reason[i] = "withdrawn"
        elif c.pin == PIN_IN:
            pinned_in.append(i)
            eligible.append(i)
        elif recent_from is not None and c.last_hosted_year is not None and c.last_hosted_year >= recent_from:
            out_reason[i] = "recent_host"
        else:
            eligible.append(i)
    return Prepared(candidates, scores, parts, ranks, priority, out_reason, pinned_in, eligible)


def site_ref(prep: Prepared, i: int) -> dict[str, Any]:
    c = prep.candidates[i]
    return {"id": c.id, "name": c.name, "score": prep.scores[i]}
