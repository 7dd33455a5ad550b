"""Pages of the festival's results: the list of reported sites, the form, the XLSX template and
import (with its progress page), the roll-up with its chart, the summary downloads, and the
organisers' page of result fields. Thin views: fetch through a scoped helper, validate, call one
action, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.audit.models import AuditEntry
from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Exporter, Format
from phongtrao.org.enums import AreaLevel
from phongtrao.org.models import Tag, Unit
from phongtrao.org.queries import acts_for

from ..core import get_campaign
from ..enums import ImportStatus, ResultFieldGroup, ResultFieldKind, SiteKind
from ..models import Campaign, ResultField
from ..permissions import can_manage_campaign
from . import actions
from . import fields as field_actions
from .forms import ImportForm, ResultFieldForm, ResultRowForm
from .importer import SYNC_LIMIT, run_import
from .queries import (
    communes_of,
    fields_of,
    filter_rows,
    get_import_for,
    get_row_for,
    recent_imports,
    reporting_unit_for,
    reporting_units,
    used_field_keys,
    visible_provinces,
)
from .rollup import GROUPINGS, NO_REGION, chart, rollup
from .tasks import import_results

PAGE_SIZE = 50
ROLLUP_PAGE_SIZE = 100
LIST_FIGURES = 2  # figures shown in the list (the first fields of the year)


def _download(exporter: Exporter, fmt: Format) -> FileResponse:
    content = exporter.export(fmt)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=exporter.filename(fmt), content_type=fmt.content_type)


# --- the list ------------------------------------------------------------------------------------


@login_required
@require_GET
def result_list(request, year: int):
    campaign = get_campaign(year)
    user = request.user
    form, rows = filter_rows(user, campaign, request.GET)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    fields = fields_of(campaign)
    shown = fields[:LIST_FIGURES]
    items = [
        {
            "row": row,
            "figures": [row.values.get(f.key) for f in shown],
            "editable": acts_for(user, row.unit),
        }
        for row in page.object_list
    ]
    return render(
        request,
        "festival/results/list.html",
        {
            "campaign": campaign,
            "form": form,
            "page_obj": page,
            "items": items,
            "shown_fields": shown,
            "can_report": bool(reporting_units(user)),
            "can_manage": can_manage_campaign(user, campaign),
            "imports": recent_imports(user, campaign, limit=5),
        },
    )


# --- entry by form -------------------------------------------------------------------------------


def _reporter_unit(request) -> Unit:
    unit = reporting_unit_for(request.user, request.POST.get("unit") or request.GET.get("unit"))
    if unit is None:
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def result_create(request, year: int):
    campaign = get_campaign(year)
    unit = _reporter_unit(request)
    fields = fields_of(campaign)
    communes = communes_of(unit)
    initial = {"commune": communes.first().pk} if unit.area and unit.area.level == AreaLevel.COMMUNE else None
    form = ResultRowForm(request.POST or None, communes=communes, fields=fields, initial=initial)
    created = []

    def save(data):
        created.append(
            actions.result_create(
                actor=request.user,
                campaign=campaign,
                unit=unit,
                commune=data["commune"],
                site_name=data["site_name"],
                site_kind=data["site_kind"],
                site_level=data["site_level"],
                held_on=data["held_on"],
                values=form.values(),
            )
        )

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("The results of “%(site)s” were saved.") % {"site": created[0].site_name})
        if request.POST.get("next") == "another":
            return redirect(reverse("festival:result_create", args=[year]) + "?" + urlencode({"unit": unit.pk}))
        return redirect("festival:results", year=year)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "unit": unit, "units": reporting_units(request.user), "row": None}
    return render(request, "festival/results/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, year: int, pk: int):
    campaign = get_campaign(year)
    row = get_row_for(request.user, campaign, pk)
    if not acts_for(request.user, row.unit):
        raise PermissionDenied
    fields = fields_of(campaign)
    form = ResultRowForm(request.POST or None, communes=communes_of(row.unit), fields=fields, row=row)

    def save(data):
        actions.result_update(
            actor=request.user,
            row=row,
            commune=data["commune"],
            site_name=data["site_name"],
            site_kind=data["site_kind"],
            site_level=data["site_level"],
            held_on=data["held_on"],
            values=form.values(),
        )

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("The results of “%(site)s” were saved.") % {"site": form.cleaned_data["site_name"]})
        return redirect("festival:results", year=year)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "unit": row.unit, "units": [], "row": row}
    return render(request, "festival/results/form.html", context, status=status)


# --- the template and the import -----------------------------------------------------------------


@never_cache
@login_required
@require_GET
def results_template(request, year: int):
    campaign = get_campaign(year)
    exporter = registry.get("festival.results_template")(user=request.user, params={"year": str(campaign.year)})
    return _download(exporter, Format.XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def results_import(request, year: int):
    campaign = get_campaign(year)
    units = reporting_units(request.user)
    if not units:
        raise PermissionDenied
    unit = reporting_unit_for(request.user, request.POST.get("unit") or request.GET.get("unit"))
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        units=Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("sort_key", "pk"),
        initial={"unit": unit.pk if unit else None},
    )
    started = []

    def upload(data):
        started.append(actions.import_upload(actor=request.user, campaign=campaign, unit=data["unit"], uploaded=data["file"]))

    if request.method == "POST" and submit(form, upload):
        result_import = started[0]
        if actions.runs_in_background(result_import):
            import_results.enqueue(result_import.pk)
        else:
            run_import(result_import.pk)
        return redirect("festival:results_import_status", year=year, pk=result_import.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "campaign": campaign,
        "form": form,
        "fields": fields_of(campaign),
        "sync_limit": SYNC_LIMIT,
        "imports": recent_imports(request.user, campaign),
    }
    return render(request, "festival/results/import.html", context, status=status)


def _import_summary(result_import) -> dict:
    """Created and updated counts of a finished import, from its audit entry."""
    if result_import.status != ImportStatus.DONE:
        return {}
    entry = AuditEntry.objects.for_object(result_import).filter(code="festival.results.imported").order_by("-pk").first()
    return dict(entry.new or {}) if entry is not None else {}


@never_cache
@login_required
@require_GET
def results_import_status(request, year: int, pk: int):
    campaign = get_campaign(year)
    result_import = get_import_for(request.user, campaign, pk)
    running = result_import.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    context = {
        "campaign": campaign,
        "imp": result_import,
        "running": running,
        "summary": _import_summary(result_import),
        "errors": result_import.errors,
    }
    template = "festival/results/import_status.html"
    if request.htmx:
        template += "#status"
    return render(request, template, context)


# --- the roll-up ---------------------------------------------------------------------------------


class Filters:
    """The roll-up's parameters read from the query string; unknown values fall back quietly on
    the page (the API answers 422 instead)."""

    def __init__(self, user, campaign: Campaign, params) -> None:
        group_by = params.get("group_by", "")
        self.group_by = group_by if group_by in GROUPINGS else "region"
        raw_province = params.get("province", "")
        self.province = visible_provinces(user).filter(pk=raw_province).first() if raw_province.isdigit() else None
        raw_region = params.get("region", "")
        self.outside = raw_region == NO_REGION
        self.region = Tag.objects.filter(pk=raw_region, kind="region").first() if raw_region.isdigit() else None
        if self.group_by == "region":  # the filters narrow the drill-down, not the first level
            self.province, self.region, self.outside = None, None, False
        elif self.group_by == "commune":
            self.region, self.outside = None, False


def _drill_url(year: int, group_by: str, group_key: str) -> str:
    base = reverse("festival:results_rollup", args=[year])
    if group_by == "region":
        return f"{base}?{urlencode({'group_by': 'province', 'region': group_key})}"
    if group_by == "province":
        return f"{base}?{urlencode({'group_by': 'commune', 'province': group_key})}"
    return ""


@login_required
@require_GET
def results_rollup(request, year: int):
    campaign = get_campaign(year)
    filters = Filters(request.user, campaign, request.GET)
    fields = fields_of(campaign)
    result = rollup(
        request.user,
        campaign,
        filters.group_by,
        province=filters.province,
        region=filters.region,
        outside=filters.outside,
        fields=fields,
    )
    chart_keys = ["sites", *(f.key for f in fields)]
    chart_key = request.GET.get("field", "")
    if chart_key not in chart_keys:
        chart_key = "participants" if "participants" in chart_keys else "sites"
    page = Paginator(result.groups, ROLLUP_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"group": g, "kinds": g.kind_counts(), "values": result.field_values(g), "url": _drill_url(year, filters.group_by, g.key)}
        for g in page.object_list
    ]
    query = urlencode({k: v for k, v in request.GET.items() if k in ("group_by", "province", "region") and v})
    context = {
        "campaign": campaign,
        "result": result,
        "rows": rows,
        "page_obj": page,
        "total_kinds": result.total.kind_counts(),
        "total_values": result.field_values(result.total),
        "kind_labels": [str(label) for label in SiteKind.labels],
        "chart": chart(result, chart_key),
        "chart_key": chart_key,
        "chart_choices": [("sites", _("Number of sites")), *((f.key, f.label) for f in fields)],
        "chart_label": dict([("sites", _("Number of sites")), *((f.key, f.label) for f in fields)])[chart_key],
        "group_by": filters.group_by,
        "query": query,
        "provinces": visible_provinces(request.user) if filters.group_by == "commune" else [],
        "field_groups": _field_groups(fields),
        "cards": [{"key": f.key, "label": f.label, "value": result.total.totals.get(f.key, 0)} for f in fields[:2]],
    }
    return render(request, "festival/results/rollup.html", context)


def _field_groups(fields: list[ResultField]) -> list[tuple[str, int]]:
    """The header row above the fields: each run of fields of one group under its group's name."""
    labels = dict(ResultFieldGroup.choices)
    runs: list[tuple[str, int]] = []
    for field in fields:
        label = str(labels.get(field.group, field.group))
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1] + 1)
        else:
            runs.append((label, 1))
    return runs


@never_cache
@login_required
@require_GET
def results_summary_docx(request, year: int):
    campaign = get_campaign(year)
    exporter = registry.get("festival.results_summary_report")(user=request.user, params={"year": str(campaign.year)})
    return _download(exporter, Format.DOCX)


@never_cache
@login_required
@require_GET
def results_summary_xlsx(request, year: int):
    campaign = get_campaign(year)
    exporter = registry.get("festival.results_summary_sheet")(user=request.user, params={"year": str(campaign.year)})
    return _download(exporter, Format.XLSX)


# --- the year's result fields (organisers) -------------------------------------------------------


def _managed_campaign(request, year: int) -> Campaign:
    campaign = get_campaign(year)
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def result_fields(request, year: int):
    """The figures of the year, and a form to add one."""
    campaign = _managed_campaign(request, year)
    form = ResultFieldForm(request.POST or None, initial={"group": ResultFieldGroup.OUTCOMES, "kind": ResultFieldKind.COUNT})

    def create(data):
        field_actions.result_field_create(
            actor=request.user,
            campaign=campaign,
            label=data["label"],
            group=data["group"],
            kind=data["kind"],
            order=data["order"],
            required=data["required"],
        )

    if request.method == "POST" and submit(form, create):
        messages.success(request, _("The figure “%(label)s” was added.") % {"label": form.cleaned_data["label"]})
        return redirect("festival:result_fields", year=year)
    fields = fields_of(campaign)
    used = used_field_keys(campaign, fields)
    items = [{"field": f, "in_use": f.key in used} for f in fields]
    status = 400 if request.method == "POST" else 200
    return render(request, "festival/results/fields.html", {"campaign": campaign, "form": form, "items": items}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def result_field_edit(request, year: int, pk: int):
    campaign = _managed_campaign(request, year)
    field = get_object_or_404(ResultField, campaign=campaign, pk=pk)
    initial = {"label": field.label, "group": field.group, "kind": field.kind, "order": field.order, "required": field.required}
    form = ResultFieldForm(request.POST or None, initial=initial)

    def update(data):
        field_actions.result_field_update(
            actor=request.user,
            field=field,
            label=data["label"],
            group=data["group"],
            kind=data["kind"],
            order=data["order"] if data["order"] is not None else field.order,
            required=data["required"],
        )

    if request.method == "POST" and submit(form, update):
        messages.success(request, _("The figure “%(label)s” was saved.") % {"label": form.cleaned_data["label"]})
        return redirect("festival:result_fields", year=year)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "field": field, "in_use": field_actions.field_in_use(field)}
    return render(request, "festival/results/field_edit.html", context, status=status)


@login_required
@require_POST
def result_field_delete(request, year: int, pk: int):
    campaign = _managed_campaign(request, year)
    field = get_object_or_404(ResultField, campaign=campaign, pk=pk)
    try:
        field_actions.result_field_delete(actor=request.user, field=field)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The figure “%(label)s” was deleted.") % {"label": field.label})
    return redirect("festival:result_fields", year=year)
