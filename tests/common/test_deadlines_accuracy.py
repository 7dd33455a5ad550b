"""Accuracy of the deadline parser on a labelled set of meeting-report and conclusion-notice sentences.

tests/data/deadlines_labelled.tsv: text, base date, expected date (or "-": no deadline), expected kind.
A sentence with a deadline counts as read correctly when the FIRST deadline found has exactly the
expected date and kind; a sentence without one counts as correct when nothing is found, and as a
false positive otherwise. `pytest -s` prints the figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from phongtrao.common.deadlines import KINDS, find_deadlines

pytestmark = pytest.mark.django_db

LABELLED = Path(__file__).resolve().parent.parent / "data" / "deadlines_labelled.tsv"
MIN_ACCURACY = 0.95  # exact date and kind, over the sentences that hold a deadline
MAX_FALSE_POSITIVE_RATE = 0.0  # over the sentences that hold none


@dataclass(frozen=True)
class Example:
    line: int
    text: str
    base: date
    expected: date | None
    kind: str


def examples() -> list[Example]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        Example(
            line=number,
            text=row["text"],
            base=date.fromisoformat(row["base_date"]),
            expected=None if row["expected"] == "-" else date.fromisoformat(row["expected"]),
            kind=row["kind"],
        )
        for number, row in enumerate(rows, start=2)
    ]


def test_the_labelled_set_is_well_formed():
    rows = examples()
    assert len(rows) >= 60
    assert len({row.text for row in rows}) == len(rows)
    for row in rows:
        assert (row.expected is None) == (row.kind == "-"), row.line
        assert row.kind == "-" or row.kind in KINDS, row.line
    assert sum(row.expected is None for row in rows) >= 20  # enough negatives to measure false positives


def test_accuracy_and_false_positive_rate():
    positives = [row for row in examples() if row.expected is not None]
    negatives = [row for row in examples() if row.expected is None]
    misses: list[str] = []
    correct = 0
    for row in positives:
        found = find_deadlines(row.text, row.base)
        got = (found[0].date, found[0].kind) if found else None
        if got == (row.expected, row.kind):
            correct += 1
        else:
            misses.append(f"  line {row.line}: expected {row.expected} {row.kind}, got {got}: {row.text}")
    false_positives = []
    for row in negatives:
        found = find_deadlines(row.text, row.base)
        if found:
            false_positives.append(f"  line {row.line}: read {[(d.phrase, str(d.date)) for d in found]}: {row.text}")
    accuracy = correct / len(positives)
    false_positive_rate = len(false_positives) / len(negatives)
    overall = (correct + len(negatives) - len(false_positives)) / (len(positives) + len(negatives))
    report = [
        f"deadline parser on {LABELLED.name}: {len(positives)} sentences with a deadline, {len(negatives)} without",
        f"  accuracy (exact date and kind): {correct}/{len(positives)} = {accuracy:.3f}",
        f"  false-positive rate: {len(false_positives)}/{len(negatives)} = {false_positive_rate:.3f}",
        f"  overall (all sentences right): {overall:.3f}",
        *misses,
        *false_positives,
    ]
    print("\n" + "\n".join(report))  # noqa: T201  (shown with pytest -s)
    assert accuracy >= MIN_ACCURACY, "\n".join(report)
    assert false_positive_rate <= MAX_FALSE_POSITIVE_RATE, "\n".join(report)
