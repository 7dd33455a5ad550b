"""Benchmark (b): a filtered, scoped assignment list of 50 rows vs a bare Django view of the same size.

    python bench/bench_list.py --scale 0.1 --repeat 7

Subject: a provincial officer opens the list behind a number of their dashboard,
GET /work/dashboard/list/?unit=<province>&metric=<figure>&from=..&to=.. (work.views_dashboard.
metric_list): the assignments led in the province's subtree that the figure counts over the
period, scoped to the officer, ordered by deadline, 50 per page, with the form, the count and
the pagination. That is the work app's filtered assignment list.

Baseline: a bare Django view behind the same middleware (session, auth, CSRF, CSP), for the same
logged-in officer, rendering a template that extends the same base.html (same navigation, same
context processors) with the same table markup, from the same 50 rows given as plain dicts
fetched once beforehand. What the measured page costs beyond it is the application's own work:
scope, filter form, count and page queries, model instances.

Throughput is measured in-process with django.test.Client, one request at a time: each run makes
--requests requests to one view and then to the other (order alternating between runs), and
requests/s = requests / elapsed. Medians over --repeat runs. In-process rather than gunicorn +
wrk so that the two views share everything but the view itself (no network or worker noise);
the load test (bench/loadtest.sh) covers the served path. Goal: at least 50% of the baseline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

GOAL = 0.5
PAGE = 50
PREFERRED = ("in_progress", "overdue", "assigned", "due")

# The same table as work/dashboard/metric_list.html, from dicts.
BARE_TEMPLATE = """{% extends "base.html" %}{% load i18n l10n pt %}
{% block title %}{{ metric_label }} · {{ unit_name }}{% endblock %}
{% block breadcrumbs %}
<nav aria-label="breadcrumb"><ol class="breadcrumb small mb-2">
  <li class="breadcrumb-item"><a href="{{ dashboard_url }}">{{ unit_name }}</a></li>
  <li class="breadcrumb-item active" aria-current="page">{{ metric_label }}</li>
</ol></nav>
{% endblock %}
{% block content %}
<h1 class="h4 mb-1">{{ metric_label }}: {{ unit_name }}</h1>
<p class="text-muted small mb-2">{{ definition }} {{ period_text }}</p>
<div class="d-flex justify-content-between align-items-center mb-2">
  <p class="small text-muted mb-0" id="pt-list-count" data-count="{{ count|unlocalize }}">{{ count_text }}</p>
  <a class="btn btn-sm btn-outline-secondary" href="{{ export_url }}"><i class="bi bi-file-earmark-excel"></i> Xuất Excel</a>
</div>
<div class="card pt-card"><div class="pt-table-wrap">
<table class="table table-hover align-middle mb-0" id="pt-metric-list">
  <thead><tr>
    <th scope="col">{% translate "Number" context "work list" %}</th>
    <th scope="col">{% translate "Assignment" context "work list" %}</th>
    <th scope="col" class="d-none d-md-table-cell">{% translate "Lead unit" %}</th>
    <th scope="col">{% translate "Deadline" %}</th>
    <th scope="col">{% translate "Execution" context "work list" %}</th>
    <th scope="col" class="text-end">{% translate "Progress" %}</th>
  </tr></thead>
  <tbody>
  {% for a in page_obj %}
  <tr data-assignment="{{ a.pk|unlocalize }}">
    <td class="text-nowrap">{{ a.code }}</td>
    <td><a href="{{ a.url }}">{{ a.title }}</a><div class="small text-muted">{{ a.programme }}</div></td>
    <td class="d-none d-md-table-cell">{{ a.lead }}</td>
    <td class="text-nowrap">{{ a.due_date|date:"d/m/Y" }}{% if a.extended %}<div class="small text-muted"><del>
      {{ a.original_due_date|date:"d/m/Y" }}</del></div>{% endif %}</td>
    <td><span class="badge {{ a.badge }}">{{ a.execution }}</span>{% if a.verification %}
      <span class="badge text-bg-light border">{{ a.verification }}</span>{% endif %}</td>
    <td class="text-end text-nowrap">{{ a.progress|unlocalize }}%</td>
  </tr>
  {% endfor %}
  </tbody>
</table>
</div></div>
<div class="mt-2">{% include "includes/pagination.html" %}</div>
{% endblock %}
"""

_BARE: dict[str, Any] = {}  # what the bare view renders, prepared once by `prepare`


class _Rows:
    """A sequence of `total` rows of which only the first page exists: the paginator counts it
    and slices it like the real queryset, so the pagination markup is the same."""

    def __init__(self, rows: list[dict], total: int) -> None:
        self.rows, self.total = rows, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return self.rows[index]


def bare_list(request):
    from django.core.paginator import Paginator
    from django.http import HttpResponse
    from django.template import engines

    template = _BARE.get("template")
    if template is None:
        template = _BARE["template"] = engines["django"].from_string(BARE_TEMPLATE)
    page = Paginator(_Rows(_BARE["rows"], _BARE["count"]), PAGE).get_page(1)
    return HttpResponse(template.render({**_BARE["context"], "page_obj": page}, request))


def __getattr__(name: str):
    """`urlpatterns`: the measured page and the bare view under one URLconf (ROOT_URLCONF is set
    to this module while measuring); built on first use, after django.setup()."""
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("bench/bare-list/", bare_list), path("", include("phongtrao.urls"))]
    raise AttributeError(name)


# --- the subject ---------------------------------------------------------------------------------


def provincial_officers():
    from phongtrao.org.models import User

    return User.objects.filter(is_active=True, memberships__role="officer", memberships__unit__kind="provincial_police").order_by(
        "pk"
    )


def choose(user=None) -> dict[str, Any]:
    """The officer, province, figure and period: the first provincial officer (by id) whose
    province has a full page of 50 under a figure (preferring in progress, then overdue...)."""
    import datetime

    from django.utils import timezone

    from phongtrao.org.queries import forget_scope
    from phongtrao.work import metrics

    today = timezone.localdate()
    periods = [
        metrics.Period.this_year(today),
        metrics.Period(datetime.date(today.year - 2, 1, 1), datetime.date(today.year, 12, 31), today),
    ]
    candidates = [user] if user is not None else list(provincial_officers()[:40])
    best: tuple[int, dict[str, Any]] | None = None
    for officer in candidates:
        forget_scope(officer)
        unit = metrics.default_dashboard_unit(officer)
        if unit is None:
            continue
        for period in periods:
            for key in PREFERRED:
                count = metrics.metric_assignments(officer, unit, key, period).count()
                found = {"user": officer, "unit": unit, "metric": key, "period": period, "count": count}
                if count >= PAGE:
                    return found
                if best is None or count > best[0]:
                    best = (count, found)
    if best is None:
        raise SystemExit("No provincial officer in this database: generate the data set first.")
    return best[1]


def list_url(s: dict[str, Any]) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    from phongtrao.work.forms_dashboard import format_date

    params = {"unit": s["unit"].pk, "metric": s["metric"], "from": format_date(s["period"].start)}
    params["to"] = format_date(s["period"].end)
    return f"{reverse('work:metric_list')}?{urlencode(params)}"


def page_rows(s: dict[str, Any]) -> list[dict]:
    """The 50 rows of the first page, as the page orders them, as plain dicts."""
    from django.urls import reverse

    from phongtrao.work import metrics
    from phongtrao.work.views_dashboard import EXECUTION_BADGES

    assignments = (
        metrics.metric_assignments(s["user"], s["unit"], s["metric"], s["period"])
        .select_related("lead", "programme")
        .order_by("due_date", "path")[:PAGE]
    )
    return [
        {
            "pk": a.pk,
            "code": a.code,
            "title": a.title,
            "url": reverse("work:assignment_detail", args=[a.pk]),
            "programme": a.programme.title,
            "lead": a.lead.name,
            "due_date": a.due_date,
            "original_due_date": a.original_due_date,
            "extended": a.was_extended,
            "execution": str(a.get_execution_display()),
            "badge": EXECUTION_BADGES.get(a.execution, "text-bg-secondary"),
            "verification": str(a.get_verification_display()) if a.verification != "none" else "",
            "progress": a.progress,
        }
        for a in assignments
    ]


def prepare(s: dict[str, Any]) -> None:
    """Fill what the bare view renders (outside any timing)."""
    from phongtrao.work.metrics import METRICS

    metric = METRICS[s["metric"]]
    period = s["period"]
    _BARE["rows"] = page_rows(s)
    _BARE["count"] = s["count"]
    _BARE["context"] = {
        "metric_label": metric.label,
        "unit_name": s["unit"].name,
        "definition": metric.definition,
        "period_text": f"Kỳ {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}; tình trạng đến {period.cutoff:%d/%m/%Y}.",
        "count": s["count"],
        "count_text": f"{s['count']} nhiệm vụ",
        "dashboard_url": "/work/dashboard/",
        "export_url": "/work/dashboard/list.xlsx",
    }


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def row_ids(html: str) -> list[str]:
    import re

    return re.findall(r'<tr data-assignment="(\d+)"', html)


def check(s: dict[str, Any], client) -> dict[str, int]:
    """Both views answer 200 with the same 50 rows in the same order; returns their sizes."""
    app = client.get(list_url(s))
    bare = client.get("/bench/bare-list/")
    assert app.status_code == 200, app.status_code
    assert bare.status_code == 200, bare.status_code
    app_html, bare_html = app.content.decode(), bare.content.decode()
    assert row_ids(app_html) == row_ids(bare_html), "the bare view does not show the page's rows"
    assert len(row_ids(app_html)) == min(PAGE, s["count"])
    return {"app": len(app.content), "bare": len(bare.content)}


def run(repeat: int, requests: int = 20, s: dict[str, Any] | None = None) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    s = s or choose()
    with override_settings(ROOT_URLCONF=__name__):
        prepare(s)
        client = client_for(s["user"])
        sizes = check(s, client)
        with CaptureQueriesContext(connection) as captured:
            client.get(list_url(s))
        app_queries = len(captured)  # now: the log is reset by the next request
        with CaptureQueriesContext(connection) as captured:
            client.get("/bench/bare-list/")
        bare_queries = len(captured)
        url = list_url(s)

        def burst(target: str):
            def go():
                for _ in range(requests):
                    client.get(target)

            return go

        cpu: dict[str, list[float]] = {}
        times = common.interleaved({"app": burst(url), "bare": burst("/bench/bare-list/")}, repeat, cpu=cpu)
    app_rps = requests / common.median(times["app"])
    bare_rps = requests / common.median(times["bare"])
    share = app_rps / bare_rps
    verdict = "met" if share >= GOAL else "MISSED"
    app_cpu, bare_cpu = requests / common.median(cpu["app"]), requests / common.median(cpu["bare"])
    in_process = connection.vendor == "sqlite"
    common.print_table(
        f"(b) Assignment list: {s['user'].username} on {s['unit'].name}, metric={s['metric']}, "
        f"{s['period'].start:%d/%m/%Y}–{s['period'].end:%d/%m/%Y} ({s['count']} rows, page of {PAGE}); "
        f"medians of {repeat} runs × {requests} requests, in-process test Client",
        [
            [
                "GET /work/dashboard/list/ vs bare view",
                f"{app_rps:.1f} req/s ({common.ms(1 / app_rps)})",
                f"{bare_rps:.1f} req/s ({common.ms(1 / bare_rps)})",
                f"{share:.0%}",
                f"≥ {GOAL:.0%} {verdict}",
            ],
            [
                "  the same, from this process's CPU time" + ("" if in_process else " (excludes the database server)"),
                f"{app_cpu:.1f} req/s",
                f"{bare_cpu:.1f} req/s",
                f"{app_cpu / bare_cpu:.0%}",
                "",
            ],
            ["SQL queries per request", str(app_queries), str(bare_queries), "", ""],
            ["response size", f"{sizes['app']:,} B", f"{sizes['bare']:,} B", "", ""],
        ],
        ["measured", "page", "bare view (baseline)", "share", "goal"],
    )
    return {"app_rps": app_rps, "bare_rps": bare_rps, "share": share, "cpu_share": app_cpu / bare_cpu, "sizes": sizes}


def main(argv=None) -> None:
    import argparse

    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--requests", type=int, default=20)
    known, rest = extra.parse_known_args(argv)
    args = common.parse_args(__doc__.splitlines()[1], rest)
    common.setup(args.scale)
    data = common.ensure_data(args.scale, generate=not args.no_generate)
    common.print_machine({"data": data})
    start = time.perf_counter()
    run(args.repeat, known.requests)
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
