"""Pages of site preparation: the board (nation → province → site), a site's checklist, registering
and editing a site, and the campaign's programme. Thin views: fetch through a scoped helper (404),
validate with a form, call one action, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Format

from ..core import get_campaign
from ..models import Campaign, ChecklistTemplateItem, Site, SiteTask
from . import actions
from .access import can_edit_programme, can_mark, can_prepare
from .forms import (
    BoardFilterForm,
    MoveForm,
    ProgrammeStepForm,
    SiteEditForm,
    SiteRegisterForm,
    TaskAddForm,
    TaskEditForm,
)
from .queries import (
    checklist,
    get_board_province,
    get_site_for,
    get_task_for,
    hostable_units,
    leader_of,
    local_province,
    possible_owners,
    programme_steps,
    province_board,
    readiness_of,
    region_choices,
    site_areas,
    site_readiness,
    site_rows,
)

PAGE_SIZE = 100


# --- the board ---------------------------------------------------------------------------------


def _filter_form(request) -> BoardFilterForm:
    data = request.GET.copy()
    data.pop("page", None)
    return BoardFilterForm(data or None, regions=region_choices())


@login_required
@require_GET
def board(request, year: int):
    """The nation's board (one row per province) for those who see several provinces; a provincial
    or commune officer sees the sites of their own province directly."""
    campaign = get_campaign(year)
    province = local_province(request.user)
    if province is not None:
        return _province_page(request, campaign, province, local=True)
    form = _filter_form(request)
    context = {
        "campaign": campaign,
        "form": form,
        "board": province_board(request.user, campaign, form.filters()),
        "can_register": hostable_units(request.user).exists(),
        "filters_query": request.GET.urlencode(),
    }
    return render(request, "festival/preparation/board.html", context)


@login_required
@require_GET
def board_province(request, year: int, area_id: int):
    campaign = get_campaign(year)
    province = get_board_province(request.user, area_id)
    own = local_province(request.user)
    return _province_page(request, campaign, province, local=own is not None and own.pk == province.pk)


def _province_page(request, campaign: Campaign, province, *, local: bool):
    form = _filter_form(request)
    filters = form.filters()
    page = Paginator(site_rows(request.user, campaign, province, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    for site in page.object_list:
        site.readiness = site_readiness(site)  # type: ignore[attr-defined]
    summary = province_board(request.user, campaign, filters, province=province).rows
    export = request.GET.copy()
    export.pop("page", None)
    export["province"] = str(province.pk)
    context = {
        "campaign": campaign,
        "province": province,
        "local": local,
        "form": form,
        "page_obj": page,
        "summary": summary[0] if summary else None,
        "can_register": hostable_units(request.user).exists(),
        "export_query": export.urlencode(),
        "today": timezone.localdate(),
    }
    return render(request, "festival/preparation/province.html", context)


@never_cache
@login_required
@require_GET
def board_xlsx(request, year: int):
    params = {key: request.GET.get(key, "") for key in ("province", "level", "kind", "region", "below", "overdue")}
    exporter = registry.get("festival.site_board")(user=request.user, params={**params, "year": str(year)})
    content = exporter.export(Format.XLSX)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=exporter.filename(Format.XLSX), content_type=Format.XLSX.content_type
    )


# --- one site ----------------------------------------------------------------------------------


def _site_context(request, site: Site, *, add_form: TaskAddForm | None = None) -> dict:
    may_prepare = can_prepare(request.user, site)
    return {
        "site": site,
        "campaign": site.campaign,
        "leader": leader_of(site),
        "groups": checklist(site),
        "readiness": readiness_of(site),
        "can_prepare": may_prepare,
        "add_form": (add_form or TaskAddForm()) if may_prepare else None,
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def site_detail(request, pk: int):
    site = get_site_for(request.user, pk)
    return render(request, "festival/preparation/site.html", _site_context(request, site))


def _site_url(site_id: int, task_id: int | None = None) -> str:
    url = reverse("festival:site", args=[site_id])
    return f"{url}#task-{task_id}" if task_id else url


def _readiness_oob(request, site: Site) -> str:
    return render_to_string(
        "festival/preparation/includes/readiness.html", {"readiness": readiness_of(site), "oob": True}, request=request
    )


@login_required
@require_POST
def task_toggle(request, pk: int):
    """Mark a step done or not done ("done" = 1 or 0; without it, the other way round). With HTMX,
    the answer is the step's row and the site's readiness bar."""
    task = get_task_for(request.user, pk)
    if not can_mark(request.user, task):
        raise PermissionDenied
    wanted = request.POST.get("done", "")
    done = wanted == "1" if wanted in {"0", "1"} else task.done_at is None
    task = actions.task_mark(actor=request.user, task=task, done=done)
    if not request.htmx:
        return redirect(_site_url(task.site_id, task.pk))
    task = get_task_for(request.user, pk)
    row = render_to_string(
        "festival/preparation/includes/task_row.html",
        {"task": task, "site": task.site, "can_prepare": can_prepare(request.user, task.site), "today": timezone.localdate()},
        request=request,
    )
    return HttpResponse(row + _readiness_oob(request, task.site))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = get_task_for(request.user, pk)
    site = task.site
    if not can_prepare(request.user, site):
        raise PermissionDenied
    owners = list(possible_owners(site.unit))
    initial = {"owner": task.owner_id, "owner_name": task.owner_name, "due_date": task.due_date, "note": task.note}
    form = TaskEditForm(request.POST or None, owners=owners, unit=site.unit, initial=initial)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.task_update(
            actor=request.user,
            task=task,
            owner=data["owner"],
            owner_name=data["owner_name"],
            due_date=data["due_date"],
            note=data["note"],
        ),
    ):
        messages.success(request, _("The step “%(step)s” was saved.") % {"step": task.title})
        return redirect(_site_url(site.pk, task.pk))
    status = 400 if request.method == "POST" else 200
    return render(request, "festival/preparation/task_edit.html", {"task": task, "site": site, "form": form}, status=status)


@login_required
@require_POST
def task_add(request, pk: int):
    site = get_site_for(request.user, pk)
    if not can_prepare(request.user, site):
        raise PermissionDenied
    form = TaskAddForm(request.POST)
    created: list[SiteTask] = []
    if submit(
        form,
        lambda data: created.append(
            actions.task_add(
                actor=request.user,
                site=site,
                part=data["part"],
                title=data["title"],
                optional=data["optional"],
                due_date=data["due_date"],
            )
        ),
    ):
        messages.success(request, _("The step “%(step)s” was added.") % {"step": created[0].title})
        return redirect(_site_url(site.pk, created[0].pk))
    return render(request, "festival/preparation/site.html", _site_context(request, site, add_form=form), status=400)


@login_required
@require_POST
def task_delete(request, pk: int):
    task = get_task_for(request.user, pk)
    site = task.site
    if not can_prepare(request.user, site):
        raise PermissionDenied
    try:
        actions.task_delete(actor=request.user, task=task)
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=400)
        messages.error(request, " ".join(exc.messages))
        return redirect(_site_url(site.pk, task.pk))
    if request.htmx:
        return HttpResponse(_readiness_oob(request, site))
    messages.success(request, _("The step “%(step)s” was deleted.") % {"step": task.title})
    return redirect(_site_url(site.pk))


# --- registering and editing a site ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request, year: int):
    """A provincial, commune or grassroots site, registered by an officer of its host unit."""
    campaign = get_campaign(year)
    units = hostable_units(request.user)
    raw = request.POST.get("unit") or request.GET.get("unit") or ""
    unit = (units.filter(pk=raw).first() if raw.isdigit() else None) or units.first()
    if unit is None:  # the user hosts no site: nothing to register
        raise Http404
    form = SiteRegisterForm(request.POST or None, units=units, unit=unit, areas=site_areas(unit))
    created: list[Site] = []
    if request.method == "POST" and submit(
        form,
        lambda data: created.append(
            actions.site_register(
                actor=request.user,
                campaign=campaign,
                unit=data["unit"],
                level=data["level"],
                kind=data["kind"],
                name=data["name"],
                area=data["area"],
                date=data["date"],
                address=data["address"],
            )
        ),
    ):
        messages.success(
            request, _("The site “%(site)s” was registered with the campaign's programme.") % {"site": created[0].name}
        )
        return redirect("festival:site", pk=created[0].pk)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form, "unit": unit, "units": units}
    return render(request, "festival/preparation/site_create.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk: int):
    site = get_site_for(request.user, pk)
    if not can_prepare(request.user, site):
        raise PermissionDenied
    initial = {"name": site.name, "date": site.date, "address": site.address}
    form = SiteEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.site_update(
            actor=request.user, site=site, name=data["name"], date=data["date"], address=data["address"]
        ),
    ):
        messages.success(request, _("The site was saved."))
        return redirect("festival:site", pk=site.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "festival/preparation/site_edit.html", {"site": site, "campaign": site.campaign, "form": form}, status=status
    )


# --- the programme -----------------------------------------------------------------------------


def _programme_page(request, campaign: Campaign, *, form: ProgrammeStepForm | None = None, status: int = 200):
    editable = can_edit_programme(request.user, campaign)
    context = {
        "campaign": campaign,
        "groups": programme_steps(campaign),
        "can_edit": editable,
        "form": (form or ProgrammeStepForm(small=True)) if editable else None,
    }
    return render(request, "festival/preparation/programme.html", context, status=status)


@login_required
@require_GET
def programme(request, year: int):
    """The steps every new site of the campaign starts with. Everyone may read; organisers edit."""
    return _programme_page(request, get_campaign(year))


def _organiser_campaign(request, year: int) -> Campaign:
    campaign = get_campaign(year)
    if not can_edit_programme(request.user, campaign):
        raise PermissionDenied
    return campaign


def _step(campaign: Campaign, pk: int) -> ChecklistTemplateItem:
    return get_object_or_404(ChecklistTemplateItem, pk=pk, campaign=campaign)


@login_required
@require_POST
def programme_step_add(request, year: int):
    campaign = _organiser_campaign(request, year)
    form = ProgrammeStepForm(request.POST, small=True)
    if submit(
        form,
        lambda data: actions.programme_step_add(
            actor=request.user,
            campaign=campaign,
            part=data["part"],
            title=data["title"],
            optional=data["optional"],
            offset_days=data["offset_days"],
        ),
    ):
        messages.success(request, _("The step was added to the programme."))
        return redirect("festival:programme", year=campaign.year)
    return _programme_page(request, campaign, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def programme_step_edit(request, year: int, pk: int):
    campaign = _organiser_campaign(request, year)
    item = _step(campaign, pk)
    initial = {"part": item.part, "title": item.title, "offset_days": item.offset_days, "optional": item.optional}
    form = ProgrammeStepForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.programme_step_update(
            actor=request.user,
            item=item,
            part=data["part"],
            title=data["title"],
            optional=data["optional"],
            offset_days=data["offset_days"],
        ),
    ):
        messages.success(request, _("The step was saved."))
        return redirect(reverse("festival:programme", args=[campaign.year]) + f"#step-{item.pk}")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "festival/preparation/programme_step.html", {"campaign": campaign, "item": item, "form": form}, status=status
    )


@login_required
@require_POST
def programme_step_move(request, year: int, pk: int):
    campaign = _organiser_campaign(request, year)
    item = _step(campaign, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        actions.programme_step_move(actor=request.user, item=item, up=form.cleaned_data["direction"] == "up")
    return redirect(reverse("festival:programme", args=[campaign.year]) + f"#step-{item.pk}")


@login_required
@require_POST
def programme_step_delete(request, year: int, pk: int):
    campaign = _organiser_campaign(request, year)
    item = _step(campaign, pk)
    actions.programme_step_delete(actor=request.user, item=item)
    messages.success(request, _("The step “%(step)s” was removed from the programme.") % {"step": item.title})
    return redirect("festival:programme", year=campaign.year)
