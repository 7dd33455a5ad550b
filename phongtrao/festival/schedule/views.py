"""Pages of the leaders and the leaders' schedule: fetch through a scoped helper (404), validate,
call one action, render.

Leaders' pages and the leader feed are the organisers' (404 for anyone else). The schedule page
and its sheet show each user the sites of the schedule they may see; solving and hand edits are
the organisers' (403 for someone who sees the site but may not act on it).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Format

from ..core import get_campaign
from ..enums import AssignmentSource
from ..models import Campaign, LeaderAssignment
from ..permissions import can_manage_campaign
from . import actions, ical
from .days import days_text
from .forms import AssignmentForm, AvailabilityForm, LeaderForm, day_label
from .queries import (
    Schedule,
    availability_of,
    board_for,
    get_leader,
    get_site_for,
    leader_rows,
    required_rank,
    sites_for,
)
from .solver import rank_label


def _organised(request, year: int) -> Campaign:
    campaign = get_campaign(year)
    if not can_manage_campaign(request.user, campaign):
        raise Http404
    return campaign


# --- leaders -------------------------------------------------------------------------------------


@login_required
@require_GET
def leader_list(request, year):
    campaign = _organised(request, year)
    rows = leader_rows(campaign)
    for row in rows:
        row.feed = ical.feed_url(request, request.user, campaign, ical.LEADER, row.leader.pk)
    return render(request, "festival/schedule/leaders.html", {"campaign": campaign, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def leader_create(request, year):
    campaign = _organised(request, year)
    form = LeaderForm(request.POST or None)
    created = []
    if request.method == "POST" and submit(
        form, lambda data: created.append(actions.leader_create(actor=request.user, campaign=campaign, **data))
    ):
        messages.success(request, _("%(leader)s was added. Enter the days they are available.") % {"leader": created[0]})
        return redirect("festival:leader_availability", year=campaign.year, pk=created[0].pk)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "leader": None}
    return render(request, "festival/schedule/leader_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def leader_edit(request, year, pk):
    campaign = _organised(request, year)
    leader = get_leader(pk)
    form = LeaderForm(request.POST or None, initial=LeaderForm.initial_for(leader))
    if request.method == "POST" and submit(
        form, lambda data: actions.leader_update(actor=request.user, campaign=campaign, leader=leader, **data)
    ):
        messages.success(request, _("The leader's details were saved."))
        return redirect("festival:leaders", year=campaign.year)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "leader": leader}
    return render(request, "festival/schedule/leader_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def leader_availability(request, year, pk):
    campaign = _organised(request, year)
    leader = get_leader(pk)
    availability = availability_of(campaign, leader)
    form = AvailabilityForm(request.POST or None, campaign=campaign, initial=AvailabilityForm.initial_for(availability))

    def save(data):
        actions.availability_set(
            actor=request.user,
            campaign=campaign,
            leader=leader,
            days=data["day_list"],
            preferred_regions=data["preferred_regions"],
            preferred_sites=data["preferred_sites"],
            max_sites=data["max_sites"],
            note=data["note"],
        )

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("The availability of %(leader)s was saved.") % {"leader": leader})
        return redirect("festival:leaders", year=campaign.year)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "leader": leader}
    return render(request, "festival/schedule/availability_form.html", context, status=status)


# --- calendar feeds ------------------------------------------------------------------------------


def _feed_user(request, kind: str, pk: int):
    """Whose rights a feed is read with: a signed link's user, else the session's (None: log in)."""
    token = request.GET.get("token")
    if token:
        user = ical.token_user(token, kind, pk)
        if user is None:
            raise Http404
        return user
    return request.user if request.user.is_authenticated else None


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@never_cache
@require_GET
def leader_ical(request, year, pk):
    user = _feed_user(request, ical.LEADER, pk)
    if user is None:
        return redirect_to_login(request.get_full_path())
    campaign = get_campaign(year)
    if not can_manage_campaign(user, campaign):
        raise Http404
    leader = get_leader(pk)
    assignments = list(
        LeaderAssignment.objects.filter(campaign=campaign, leader=leader).select_related(
            "leader", "site__unit", "site__area", "site__province"
        )
    )
    return _calendar_response(ical.leader_calendar(campaign, leader, assignments), f"lanh-dao-{leader.pk}-{campaign.year}.ics")


@never_cache
@require_GET
def site_ical(request, year, pk):
    user = _feed_user(request, ical.SITE, pk)
    if user is None:
        return redirect_to_login(request.get_full_path())
    campaign = get_campaign(year)
    site = sites_for(user, campaign).select_related("unit", "area", "province").filter(pk=pk).first()
    if site is None:
        raise Http404
    assignment = LeaderAssignment.objects.filter(site=site).select_related("leader").first()
    if assignment is not None:
        assignment.site = site
    return _calendar_response(ical.site_calendar(campaign, site, assignment), f"diem-{site.pk}-{campaign.year}.ics")


# --- the schedule --------------------------------------------------------------------------------


@login_required
@require_GET
def schedule(request, year):
    campaign = get_campaign(year)
    board = board_for(request.user, campaign)
    for row in board.rows + board.unassigned:
        row.site_feed = ical.feed_url(request, request.user, campaign, ical.SITE, row.site.pk)
        if board.manage and row.assignment is not None:
            row.leader_feed = ical.feed_url(request, request.user, campaign, ical.LEADER, row.assignment.leader_id)
    return render(request, "festival/schedule/schedule.html", {"campaign": campaign, "board": board})


@login_required
@require_POST
def schedule_solve(request, year):
    campaign = get_campaign(year)
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    try:
        result = actions.schedule_solve(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        total = result.covered + len(result.uncovered)
        text = ngettext(
            "The schedule covers %(covered)s of %(total)s site (solved in %(seconds)s s).",
            "The schedule covers %(covered)s of %(total)s sites (solved in %(seconds)s s).",
            total,
        ) % {"covered": result.covered, "total": total, "seconds": f"{result.solve_seconds:.1f}".replace(".", ",")}
        if result.status == "feasible":
            text += " " + _("The time limit was reached: the schedule is good but may not be the best possible.")
        messages.success(request, text)
    return redirect("festival:schedule", year=campaign.year)


def _editable_site(request, year, pk):
    """The site to edit: 404 unless the user sees it, 403 if they see it but do not organise."""
    campaign = get_campaign(year)
    site = get_site_for(request.user, campaign, pk)
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    site.campaign = campaign
    return campaign, site


def _check_context(campaign, site, form: AssignmentForm, schedule: Schedule | None = None) -> dict:
    """What the hand edit would give: its clashes (hard ones refuse the edit) and the leader's free days."""
    context: dict = {"campaign": campaign, "site": site, "checked": False, "clashes": []}
    if form.is_bound and form.is_valid():
        leader, day = form.cleaned_data["leader"], form.cleaned_data["day"]
        schedule = schedule or Schedule.load(campaign)
        availability = schedule.availabilities.get(leader.pk)
        context.update(
            checked=True,
            leader=leader,
            day=day,
            clashes=actions.proposed_clashes(site, leader, day, schedule),
            leader_days_text=days_text(availability.day_set()) if availability else "",
        )
        context["hard"] = any(clash.hard for clash in context["clashes"])
    return context


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, year, pk):
    campaign, site = _editable_site(request, year, pk)
    assignment = LeaderAssignment.objects.filter(site=site).select_related("leader").first()
    if request.method == "POST":
        form = AssignmentForm(request.POST, campaign=campaign)
        saved = []
        if submit(
            form,
            lambda data: saved.append(
                actions.assignment_set(actor=request.user, site=site, leader=data["leader"], day=data["day"])
            ),
        ):
            _assignment, soft = saved[0]
            messages.success(request, _("The leader of %(site)s was set by hand.") % {"site": site.name})
            for clash in soft:
                messages.warning(request, clash.message)
            return redirect(reverse("festival:schedule", args=[campaign.year]) + f"#site-{site.pk}")
    else:  # a choice in the query string (the check without JavaScript), else the current attendance
        data = request.GET if "leader" in request.GET else None
        if data is None and assignment is not None:
            data = {"leader": str(assignment.leader_id), "day": assignment.day.isoformat()}
        form = AssignmentForm(data, initial={"day": site.date.isoformat()}, campaign=campaign)
    context = {
        **_check_context(campaign, site, form),
        "form": form,
        "assignment": assignment,
        "source_manual": AssignmentSource.MANUAL,
        "site_day": day_label(site.date),
        "rank": rank_label(required_rank(site)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "festival/schedule/edit.html", context, status=status)


@login_required
@require_GET
def schedule_check(request, year, pk):
    """The clashes of a leader and a day chosen in the edit form, before saving (an HTMX partial)."""
    campaign, site = _editable_site(request, year, pk)
    form = AssignmentForm(request.GET, campaign=campaign)
    return render(request, "festival/schedule/edit.html#check", _check_context(campaign, site, form))


@login_required
@require_POST
def schedule_clear(request, year, pk):
    campaign, site = _editable_site(request, year, pk)
    try:
        actions.assignment_clear(actor=request.user, site=site)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(site)s no longer has a leader.") % {"site": site.name})
    return redirect(reverse("festival:schedule", args=[campaign.year]) + f"#site-{site.pk}")


@never_cache
@login_required
@require_GET
def schedule_xlsx(request, year):
    exporter = registry.get("festival.schedule")(user=request.user, params={"year": str(year)})
    content = exporter.export(Format.XLSX)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=exporter.filename(Format.XLSX), content_type=Format.XLSX.content_type
    )
