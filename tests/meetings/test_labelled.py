"""Directive detection, unit matching and deadlines measured on labelled sentences
(tests/data/directives_labelled.tsv). Run with -s to see the figures:

    .venv/bin/python -m pytest tests/meetings/test_labelled.py -s

The "dev" rows were written first and the rules tuned on them (with the seed article). The 30
"holdout" rows were written afterwards; their first run gave precision 0.900, recall 1.000, unit
0.889, deadline 1.000 (two reports taken for directives: "nhiều ý kiến đề nghị…", "chủ trì điểm
cầu…"; two leads missed: "X chỉ đạo…", "X là cơ quan thường trực, có trách nhiệm…"). The general
rules fixed after that run make them pass now, so they are no longer a clean hold-out: the first
run is the honest estimate of how the rules do on unseen text. The 15 "blind" rows were written
last and never tuned on: precision 1.000, recall 0.875 (it misses "Chú trọng …", an imperative
opening with a verb outside the lexicon), unit 1.000, deadline 1.000. The floors guard the whole set.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from phongtrao.meetings.extraction import extract
from phongtrao.meetings.unitmatch import matcher_for

DATA = Path(__file__).resolve().parents[1] / "data" / "directives_labelled.tsv"
FLOORS = {"precision": 0.95, "recall": 0.95, "unit": 0.93, "deadline": 0.93}


@dataclass
class Row:
    is_directive: bool
    unit: str
    deadline: str
    base: datetime.date
    sentence: str
    set: str


def rows() -> list[Row]:
    result = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "is_directive")):
            continue
        is_directive, unit, deadline, base, sentence, which = line.split("\t")
        result.append(Row(is_directive == "1", unit, deadline, datetime.date.fromisoformat(base), sentence, which))
    return result


def _code(proposal) -> str:
    if proposal.responsible is not None:
        return proposal.responsible.code
    return f"@{proposal.responsible_group}" if proposal.responsible_group else "-"


def measure(data: list[Row], matcher) -> tuple[dict[str, float], list[str]]:
    tp = fp = fn = 0
    unit_hits = deadline_hits = found = 0
    misses: list[str] = []
    for row in data:
        proposals = extract(row.sentence, base=row.base, matcher=matcher)
        if row.is_directive and proposals:
            tp += 1
        elif row.is_directive:
            fn += 1
            misses.append(f"missed: {row.sentence}")
        elif proposals:
            fp += 1
            misses.append(f"false directive: {row.sentence}")
        if not (row.is_directive and proposals):
            continue
        found += 1
        first = proposals[0]
        if _code(first) == row.unit:
            unit_hits += 1
        else:
            misses.append(f"unit {_code(first)} instead of {row.unit}: {row.sentence}")
        got = first.deadline.date.isoformat() if first.deadline else "-"
        if got == row.deadline:
            deadline_hits += 1
        else:
            misses.append(f"deadline {got} instead of {row.deadline}: {row.sentence}")
    figures = {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "unit": unit_hits / found if found else 0.0,
        "deadline": deadline_hits / found if found else 0.0,
    }
    return figures, misses


def test_labelled_sentences(world, units):
    data = rows()
    assert len(data) >= 50
    matcher = matcher_for(world.central)
    report = []
    subsets = [("all", data)] + [(which, [r for r in data if r.set == which]) for which in ("holdout", "blind")]
    for name, subset in subsets:
        figures, misses = measure(subset, matcher)
        directives = sum(r.is_directive for r in subset)
        report.append((name, figures))
        print(f"\n{name}: {len(subset)} sentences, {directives} directives")  # noqa: T201  (shown with pytest -s)
        for key, value in figures.items():
            print(f"  {key:9} {value:.3f}")  # noqa: T201
        print("\n".join(f"  - {m}" for m in misses))  # noqa: T201
    overall = report[0][1]
    assert all(overall[name] >= floor for name, floor in FLOORS.items()), overall
