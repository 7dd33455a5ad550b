"""Pages of the site selection: the settings, the pins, the runs and their explained results.

Only the campaign's organisers (can_manage_campaign) see these pages; anyone else gets a 404, as if
there were no selection. A province reads the decision on its own nomination's page instead
(festival:nomination). Views fetch through queries (404), validate with a form, call one action.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Format
from phongtrao.org.models import Area

from ..enums import RunStatus
from ..models import Campaign, Nomination, SelectionRun
from . import actions
from .explain import problem_text
from .forms import DecisionFilterForm, SettingsForm
from .queries import (
    decision_rows,
    decisions_of,
    get_campaign_for_selection,
    get_run_for,
    is_finished,
    latest_run,
    parameter_rows,
    pinned_nominations,
    recent_runs,
    run_counts,
)

PAGE_SIZE = 50
POLL_SECONDS = 2


def _run_context(request, campaign: Campaign, run: SelectionRun | None) -> dict:
    """The run's summary, problems, counts and one page of its explained decisions."""
    if run is None:
        return {"run": None}
    provinces = Area.objects.filter(pk__in=Nomination.objects.filter(campaign=campaign).values("province")).order_by("sort_key")
    form = DecisionFilterForm(request.GET or None, provinces=provinces)
    finished = is_finished(run)
    page = Paginator(decisions_of(run, form.filters()), PAGE_SIZE).get_page(request.GET.get("page")) if finished else None
    return {
        "run": run,
        "finished": finished,
        "adoptable": run.status in actions.ADOPTABLE and run.adopted_at is None,
        "problems": [problem_text(p.get("code", ""), p.get("detail")) for p in run.problems] if finished else [],
        "counts": run_counts(run) if run.status in actions.ADOPTABLE else None,
        "filter_form": form,
        "page_obj": page,
        "rows": decision_rows(page.object_list) if page is not None else [],
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def selection(request, year):
    """The campaign's settings form, its pins, the run button and the latest run."""
    campaign = get_campaign_for_selection(request.user, year)
    current = actions.campaign_settings(campaign)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(current))
    if request.method == "POST" and submit(
        form, lambda data: actions.settings_update(actor=request.user, campaign=campaign, data=form.settings_data())
    ):
        messages.success(request, _("The weights and constraints were saved."))
        return redirect("festival:selection", year=campaign.year)
    context = {
        "campaign": campaign,
        "form": form,
        "settings": current,
        "pinned": pinned_nominations(campaign),
        "runs": recent_runs(campaign),
        "base_url": reverse("festival:selection", args=[campaign.year]),
        **_run_context(request, campaign, latest_run(campaign)),
    }
    return render(request, "festival/selection/selection.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def selection_start(request, year):
    """Run the selection with the campaign's saved weights and constraints."""
    campaign = get_campaign_for_selection(request.user, year)
    try:
        run = actions.start_run(actor=request.user, campaign=campaign)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("festival:selection", year=campaign.year)
    if run.status == RunStatus.QUEUED:
        messages.info(request, _("The selection is queued; this page shows its progress."))
    return redirect("festival:selection_run", year=campaign.year, pk=run.pk)


@login_required
@require_GET
def selection_run(request, year, pk):
    campaign = get_campaign_for_selection(request.user, year)
    run = get_run_for(request.user, campaign, pk)
    context = {
        "campaign": campaign,
        "base_url": reverse("festival:selection_run", args=[campaign.year, run.pk]),
        "parameter_rows": parameter_rows(run.parameters),
        **_run_context(request, campaign, run),
    }
    return render(request, "festival/selection/run.html", context)


@never_cache
@login_required
@require_GET
def selection_run_status(request, year, pk):
    """The small progress partial polled while a run is queued or running; once it has finished, an
    htmx request is told to reload the page (which then shows the result)."""
    campaign = get_campaign_for_selection(request.user, year)
    run = get_run_for(request.user, campaign, pk)
    response = render(
        request,
        "festival/selection/includes/run_status.html",
        {"campaign": campaign, "run": run, "finished": is_finished(run), "poll_seconds": POLL_SECONDS},
    )
    if is_finished(run) and getattr(request, "htmx", False):
        response["HX-Refresh"] = "true"
    return response


@never_cache
@login_required
@require_GET
def selection_run_xlsx(request, year, pk):
    campaign = get_campaign_for_selection(request.user, year)
    run = get_run_for(request.user, campaign, pk)
    exporter = registry.get("festival.selection_run")(user=request.user, params={"year": str(campaign.year), "run": str(run.pk)})
    content = exporter.export(Format.XLSX)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=exporter.filename(Format.XLSX),
        content_type=Format.XLSX.content_type,
    )


@login_required
@require_POST
def selection_adopt(request, year, pk):
    """The run's selected nominations become the national showcase sites."""
    campaign = get_campaign_for_selection(request.user, year)
    run = get_run_for(request.user, campaign, pk)
    try:
        created = actions.adopt_run(actor=request.user, run=run)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The selection is adopted: %(count)s national site created.",
                "The selection is adopted: %(count)s national sites created.",
                len(created),
            )
            % {"count": len(created)},
        )
    return redirect("festival:selection_run", year=campaign.year, pk=run.pk)
