"""Smoke run of the benchmarks (bench/bench_dashboard.py, bench_list.py, bench_documents.py) at
scale 0.01: nothing is timed; each benchmark runs once and its baseline must compute the same
numbers (the same figures, the same rows). The data set is generated once for the module inside
a transaction that is rolled back at the end, so no other test sees it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import override_settings

SCALE = 0.01


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """The generated data set at scale 0.01, shared by the module's tests, rolled back after them
    (each test runs in a savepoint inside it, as Django's setUpTestData does)."""
    from phongtrao import generator

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            generator.generate(scale=SCALE, log=lambda line: None)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def data(national, db):
    return national


def test_helpers(capsys):
    from bench import common

    times = common.timeit(lambda: sum(range(100)), repeat=3, warmup=0)
    assert len(times) == 3
    assert all(t >= 0 for t in times)
    assert common.median([3.0, 1.0, 2.0]) == 2.0
    info = common.machine_info()
    assert {"cpu", "cpus", "python", "django"} <= set(info)
    common.print_table("Title", [["a", "1.0 ms"], ["bb", "2"]], ["name", "value"])
    out = capsys.readouterr().out
    assert "Title" in out
    assert "| bb" in out


def test_dashboard_function_and_page_agree_with_raw_sql(data):
    from bench import bench_dashboard

    subject = bench_dashboard.subject()
    assert subject["unit"].parent is None  # a V05 officer's national dashboard: the Ministry
    numbers = bench_dashboard.check_function(subject)  # asserts metrics function == raw SQL
    assert numbers["three years"][0] > 0  # something was assigned
    queries = bench_dashboard.check_page(subject)  # asserts every number on the page == raw SQL
    assert queries > 0


def test_list_page_and_bare_view_show_the_same_rows(data):
    from bench import bench_list

    subject = bench_list.choose()
    assert subject["count"] > 0
    with override_settings(ROOT_URLCONF="bench.bench_list"):
        bench_list.prepare(subject)
        client = bench_list.client_for(subject["user"])
        sizes = bench_list.check(subject, client)  # asserts the same rows, in the same order
    assert abs(sizes["app"] - sizes["bare"]) < 0.1 * sizes["app"]  # templates of the same size


def test_documents_and_their_baselines_render(data):
    from bench import bench_dashboard, bench_documents

    user = bench_dashboard.v05_user()
    cases = bench_documents.cases(user)
    assert len(cases) >= 2
    for case in cases:
        assert case["export"]()[:2] == b"PK", case["label"]  # DOCX and XLSX are zip files
        assert case["baseline"]()[:2] == b"PK", case["baseline_label"]
