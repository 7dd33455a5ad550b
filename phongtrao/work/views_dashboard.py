"""The work dashboard: the Government's figures for a unit's subtree, the drill-down to its child
units, the list behind every number, a monthly trend, what waits for the user's decision, and
the downloads (lists, the drill-down table, a programme's progress report)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phongtrao.documents import registry
from phongtrao.documents.registry import Exporter, Format
from phongtrao.org.models import Unit
from phongtrao.org.queries import scope_of, unit_scope_prefixes

from .enums import Execution, Verification
from .forms_dashboard import PeriodForm, dashboard_unit_from, format_date, metric_list_filters
from .metrics import (
    METRICS,
    DrillRow,
    MetricSet,
    Period,
    TrendPoint,
    child_units,
    dashboard_root,
    drill_down,
    may_see_dashboard,
    metric_assignments,
    months_ending,
    total,
    trend,
)
from .models import Programme
from .queries import awaiting_decision

PAGE_SIZE = 50
EXECUTION_BADGES = {
    Execution.NOT_STARTED: "text-bg-light border",
    Execution.IN_PROGRESS: "text-bg-primary",
    Execution.OVERDUE: "text-bg-danger",
    Execution.DONE_ON_TIME: "text-bg-success",
    Execution.DONE_LATE: "text-bg-warning",
    Execution.REFUSED: "text-bg-secondary",
    Execution.RECALLED: "text-bg-secondary",
}
# What the list behind a number shows: loading only these columns, not every column of the
# assignment, its lead unit and its programme (bench/README_bench.md, benchmark b).
LIST_FIELDS = (
    "code", "title", "due_date", "original_due_date", "execution", "verification", "progress",
    "lead", "lead__name", "programme", "programme__title",
)  # fmt: skip
AWAITING_SHOWN = 5
CHANGES_SINCE_DAYS = 7


# --- links ---------------------------------------------------------------------------------------


def period_params(unit: Unit, period: Period) -> dict[str, str]:
    return {"unit": str(unit.pk), "from": format_date(period.start), "to": format_date(period.end)}


def dashboard_url(unit: Unit, period: Period) -> str:
    return f"{reverse('work:dashboard')}?{urlencode(period_params(unit, period))}"


def list_url(unit: Unit, period: Period, metric: str, *, own: bool = False) -> str:
    params = {**period_params(unit, period), "metric": metric}
    if own:
        params["own"] = "1"
    return f"{reverse('work:metric_list')}?{urlencode(params)}"


# --- what the page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    url: str


def _cells(unit: Unit, period: Period, figures: MetricSet, *, own: bool = False) -> list[Cell]:
    return [Cell(figures.value(key), list_url(unit, period, key, own=own)) for key in METRICS]


def _cards(unit: Unit, period: Period, figures: MetricSet) -> list[dict]:
    cells = _cells(unit, period, figures)
    return [
        {"key": key, "label": metric.label, "definition": metric.definition, "value": cell.value, "url": cell.url}
        for (key, metric), cell in zip(METRICS.items(), cells, strict=True)
    ]


def _rows(unit: Unit, period: Period, rows: list[DrillRow]) -> list[dict]:
    return [
        {
            "unit": row.unit,
            "own": row.own,
            "url": None if row.own else dashboard_url(row.unit, period),
            "cells": _cells(row.unit, period, row.metrics, own=row.own),
            "rate": row.metrics.on_time_rate,
        }
        for row in rows
    ]


def _unit_choices(user, unit: Unit, breadcrumbs: list[Unit]) -> list[tuple[int, str]]:
    """The selector: the top of the user's dashboards and the units right under it, the user's own
    units, and the current unit with its ancestors; deeper units are reached by the drill-down."""
    root = dashboard_root(user)
    units: dict[int, Unit] = {}
    if root is not None:
        units[root.pk] = root
        units.update((child.pk, child) for child in child_units(user, root))
    if scope_of(user).is_everything:
        units.update((u.pk, u) for u in Unit.objects.filter(parent__isnull=True))
    units.update((m.unit.pk, m.unit) for m in scope_of(user).memberships)
    units.update((u.pk, u) for u in [*breadcrumbs, unit])
    ordered = sorted(units.values(), key=lambda u: u.path)
    top = min((u.depth for u in ordered), default=0)
    return [(u.pk, "\u2003" * (u.depth - top) + u.name) for u in ordered]


def _breadcrumbs(user, unit: Unit) -> list[Unit]:
    ancestors = Unit.objects.filter(path__in=unit.ancestor_paths()).exclude(pk=unit.pk).order_by("depth")
    return [a for a in ancestors if may_see_dashboard(user, a)]


def _awaiting(user) -> list[dict]:
    pending = awaiting_decision(user)
    labels = {
        "proposals": _("Proposals and obstacles raised to me"),
        "completions": _("Completed work to verify"),
        "extensions": _("Extension requests to decide"),
    }
    return [
        {"key": key, "label": label, "count": pending[key].count(), "items": list(pending[key][:AWAITING_SHOWN])}
        for key, label in labels.items()
    ]


def _changes(user, unit: Unit) -> dict:
    """The "what changed" page for the unit's subtree since a week ago (its form takes a unit code)."""
    prefixes = unit_scope_prefixes(user)
    in_scope = prefixes is None or any(unit.path.startswith(p) for p in prefixes)
    since = timezone.localdate() - datetime.timedelta(days=CHANGES_SINCE_DAYS)
    params = {"since": format_date(since), **({"unit": unit.code} if in_scope else {})}
    return {"url": f"{reverse('audit:changes')}?{urlencode(params)}", "since": since, "unit_code": params.get("unit", "")}


# --- the trend chart (server-rendered SVG: the CSP allows no inline script or style) -------------

CHART = {"width": 720, "height": 240, "left": 40, "right": 12, "top": 14, "bottom": 30}


def _nice_ceiling(value: int) -> int:
    """1, 2, 5, 10, 20, 50... at or above `value` (at least 4 so that the grid has whole steps)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= max(value, 4):
                return step * factor
        step *= 10


def trend_chart(unit: Unit, points: list[TrendPoint]) -> dict:
    """Bars per month (assigned; done on time stacked with done late) and a line of the work
    overdue at each month's end. Every bar and point links to the list behind it."""
    width, height = CHART["width"], CHART["height"]
    plot_w = width - CHART["left"] - CHART["right"]
    plot_h = height - CHART["top"] - CHART["bottom"]
    base = CHART["top"] + plot_h
    peak = max([max(p.metrics.assigned, p.metrics.done, p.metrics.overdue) for p in points] or [0])
    ceiling = _nice_ceiling(peak)

    def y(value: int) -> float:
        return round(base - plot_h * value / ceiling, 1)

    slot = plot_w / max(len(points), 1)
    bar = round(min(slot * 0.32, 22), 1)
    months, line = [], []
    for index, point in enumerate(points):
        figures, period = point.metrics, point.period
        centre = CHART["left"] + slot * (index + 0.5)
        label = period.start.strftime("%m/%Y")
        bars = []
        for key, x, bottom, value, colour in (
            ("assigned", centre - bar - 1, 0, figures.assigned, "#0d6efd"),
            ("done_on_time", centre + 1, 0, figures.done_on_time, "#198754"),
            ("done_late", centre + 1, figures.done_on_time, figures.done_late, "#fd7e14"),
        ):
            if value:
                bars.append(
                    {
                        "x": round(x, 1),
                        "y": y(bottom + value),
                        "height": round(y(bottom) - y(bottom + value), 1),
                        "colour": colour,
                        "url": list_url(unit, period, key),
                        "title": f"{label} · {METRICS[key].label}: {value}",
                    }
                )
        point_y = y(figures.overdue)
        line.append(f"{round(centre, 1)},{point_y}")
        months.append(
            {
                "label": period.start.strftime("%m/%y"),
                "x": round(centre, 1),
                "bars": bars,
                "overdue": {
                    "x": round(centre, 1),
                    "y": point_y,
                    "value": figures.overdue,
                    "url": list_url(unit, period, "overdue"),
                    "title": f"{label} · {METRICS['overdue'].label}: {figures.overdue}",
                },
                "point": point,
                "cells": _cells(unit, period, figures),
            }
        )
    grid = [{"y": y(value), "value": value} for value in (0, ceiling // 2, ceiling)]
    return {
        **CHART,
        "bar": bar,
        "base": base,
        "right_edge": width - CHART["right"],
        "axis_x": CHART["left"] - 6,
        "label_y": height - 10,
        "grid": grid,
        "months": months,
        "line": " ".join(line),
    }


# --- pages ---------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request):
    user = request.user
    unit = dashboard_unit_from(user, request.GET)
    form = PeriodForm(request.GET if {"from", "to"} & set(request.GET) else None)
    period = form.period()
    rows = drill_down(user, unit, period)
    figures = total(rows)  # the rows add up to unit_metrics(user, unit, period): no second pass over the work
    breadcrumbs = _breadcrumbs(user, unit)
    months = months_ending(period.cutoff, today=period.today)
    context = {
        "unit": unit,
        "period": period,
        "form": form,
        "breadcrumbs": [(u, dashboard_url(u, period)) for u in breadcrumbs],
        "unit_choices": _unit_choices(user, unit, breadcrumbs),
        "metrics": figures,
        "cards": _cards(unit, period, figures),
        "metric_labels": [metric.label for metric in METRICS.values()],
        "rows": _rows(unit, period, rows),
        "total": figures,
        "total_cells": _cells(unit, period, figures),
        "chart": trend_chart(unit, trend(user, unit, months)),
        "awaiting": _awaiting(user),
        "changes": _changes(user, unit),
        "programmes": Programme.objects.visible_to(user).filter(owner=unit).order_by("-year")[:6],
        "query": urlencode(period_params(unit, period)),
    }
    return render(request, "work/dashboard/dashboard.html", context)


def _page_with_count(queryset, number) -> Page:
    """Paginator(queryset, PAGE_SIZE).get_page(number) in one query instead of two: the page's
    rows carry the number of rows the filters keep (COUNT(*) OVER (), counted before LIMIT), so
    the list is not filtered twice, once to count it and once for the page. Past the last page,
    and for an empty list, the paginator answers as usual."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        index = int(number or 1)
    except (TypeError, ValueError):
        index = 1
    rows: list = []
    if index >= 1:
        start = (index - 1) * PAGE_SIZE
        rows = list(queryset.annotate(rows_in_list=Window(Count("pk")))[start : start + PAGE_SIZE])
    if not rows:
        return paginator.get_page(number)
    paginator.count = rows[0].rows_in_list  # what Paginator.count would have counted
    return Page(rows, index, paginator)


@login_required
@require_GET
def metric_list(request):
    form, filters = metric_list_filters(request.user, request.GET)
    assignments = (
        metric_assignments(request.user, filters.unit, filters.metric, filters.period, own=filters.own)
        .select_related("lead", "programme")
        .only(*LIST_FIELDS)
        .order_by("due_date", "path")
    )
    page = _page_with_count(assignments, request.GET.get("page"))
    # What each row shows, worked out once per page: in the template, {% url %} and
    # get_..._display on 50 rows took as long as rendering the rest of the page.
    executions = {value: str(label) for value, label in Execution.choices}
    verifications = {value: str(label) for value, label in Verification.choices}
    for assignment in page:
        assignment.badge = EXECUTION_BADGES.get(assignment.execution, "text-bg-secondary")
        assignment.url = reverse("work:assignment_detail", args=[assignment.pk])
        assignment.execution_label = executions.get(assignment.execution, assignment.execution)
        verified = assignment.verification != Verification.NONE
        assignment.verification_label = verifications.get(assignment.verification, "") if verified else ""
    metric = METRICS[filters.metric]
    return render(
        request,
        "work/dashboard/metric_list.html",
        {
            "form": form,
            "filters": filters,
            "metric": metric,
            "page_obj": page,
            "dashboard_url": dashboard_url(filters.unit, filters.period),
            "today": timezone.localdate(),
        },
    )


def _download(exporter: Exporter, fmt: Format) -> FileResponse:
    content = exporter.export(fmt)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=exporter.filename(fmt), content_type=fmt.content_type)


@never_cache
@login_required
@require_GET
def metric_list_xlsx(request):
    return _download(registry.get("work.metric_list")(user=request.user, params=request.GET), Format.XLSX)


@never_cache
@login_required
@require_GET
def dashboard_xlsx(request):
    return _download(registry.get("work.dashboard_table")(user=request.user, params=request.GET), Format.XLSX)


@never_cache
@login_required
@require_GET
def programme_report(request, pk: int, fmt: Format):
    exporter = registry.get("work.programme_report")(user=request.user, params={"programme": str(pk)})
    return _download(exporter, fmt)
