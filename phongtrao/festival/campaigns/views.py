"""The campaign pages and the nominations: fetch through a scoped helper (404), validate with a
form, call one action, render. Campaigns are national: every signed-in user reads them; what a
user may not do on a page they can see answers 403."""

from __future__ import annotations

import datetime
import io
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Format

from .. import core
from ..enums import DocumentKind, NominationState
from ..permissions import can_manage_campaign, organising_units
from . import actions
from .forms import CampaignForm, DocumentForm, FileForm, NominationForm, PinForm, WithdrawForm
from .queries import (
    CampaignRow,
    area_choices,
    campaign_counts,
    campaign_rows,
    document_units,
    documents_for,
    filter_nominations,
    get_document_for,
    get_nomination_document_for,
    get_nomination_for,
    latest_decision,
    nominating_units,
    sorted_documents,
)

PAGE_SIZE = 50


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def _file_response(stored) -> FileResponse:
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name, content_type=content_type)


# --- campaigns -----------------------------------------------------------------------------------


def _new_campaign_initial(rows: list[CampaignRow]) -> dict:
    """The year after the latest campaign, with the usual window 1/7–19/8 (domain.md §1.3)."""
    year = max([row.campaign.year for row in rows], default=timezone.localdate().year - 1) + 1
    return {
        "year": year,
        "window_start": datetime.date(year, 7, 1),
        "window_end": datetime.date(year, 8, 19),
        "festival_day": datetime.date(year, 8, 19),
        "travel_days": 1,
    }


@login_required
@require_GET
def home(request):
    owners = organising_units(request.user)
    rows = campaign_rows(request.user)
    form = CampaignForm(owners=owners, initial=_new_campaign_initial(rows)) if owners else None
    context = {"rows": rows, "form": form}
    return render(request, "festival/campaigns/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    owners = organising_units(request.user)
    if not owners:
        raise PermissionDenied
    form = CampaignForm(request.POST or None, owners=owners, initial=_new_campaign_initial(campaign_rows(request.user)))
    created = []
    if request.method == "POST" and submit(
        form,
        lambda data: created.append(core.campaign_create(actor=request.user, owner=data["owner"], **form.values())),
    ):
        messages.success(request, _("The campaign for %(year)s is open.") % {"year": created[0].year})
        return redirect("festival:campaign", year=created[0].year)
    return render(request, "festival/campaigns/campaign_form.html", {"form": form}, status=_status(request))


@login_required
@require_GET
def campaign_detail(request, year):
    campaign = core.get_campaign(year)
    documents = sorted_documents(documents_for(request.user, campaign))
    context = {
        "campaign": campaign,
        "counts": campaign_counts(request.user, campaign),
        "national_plans": [d for d in documents if d.kind == DocumentKind.NATIONAL_PLAN],
        "provincial_plans": [d for d in documents if d.kind == DocumentKind.PROVINCIAL_PLAN],
        "other_documents": [d for d in documents if d.kind not in (DocumentKind.NATIONAL_PLAN, DocumentKind.PROVINCIAL_PLAN)],
        "can_manage": can_manage_campaign(request.user, campaign),
        "can_add_document": bool(document_units(request.user, campaign)),
        "can_nominate": bool(nominating_units(request.user, campaign)),
        "nominations_open": actions.nominations_open(campaign),
    }
    return render(request, "festival/campaigns/campaign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, year):
    campaign = core.get_campaign(year)
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    initial = {name: getattr(campaign, name) for name in actions.EDITABLE_CAMPAIGN_FIELDS}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit(
        form, lambda data: actions.campaign_update(actor=request.user, campaign=campaign, **form.values())
    ):
        messages.success(request, _("The campaign was saved."))
        return redirect("festival:campaign", year=campaign.year)
    return render(request, "festival/campaigns/campaign_form.html", {"form": form, "campaign": campaign}, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, year):
    campaign = core.get_campaign(year)
    units = document_units(request.user, campaign)
    if not units:
        raise PermissionDenied
    initial = {"kind": DocumentKind.NATIONAL_PLAN if units[0].pk == campaign.owner_id else DocumentKind.PROVINCIAL_PLAN}
    form = DocumentForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and submit(
        form,
        lambda data: actions.document_add(
            actor=request.user,
            campaign=campaign,
            unit=data["unit"],
            kind=data["kind"],
            title=data["title"],
            number=data["number"],
            issued_on=data["issued_on"],
            file=data["file"],
        ),
    ):
        messages.success(request, _("The document was added."))
        return redirect(reverse("festival:campaign", args=[campaign.year]) + "#documents")
    return render(request, "festival/campaigns/document_form.html", {"form": form, "campaign": campaign}, status=_status(request))


@never_cache
@login_required
@require_GET
def document_download(request, year, pk):
    campaign = core.get_campaign(year)
    return _file_response(get_document_for(request.user, campaign, pk))


# --- nominations ---------------------------------------------------------------------------------


@login_required
@require_GET
def nomination_list(request, year):
    campaign = core.get_campaign(year)
    form, nominations = filter_nominations(request.user, campaign, request.GET)
    page = Paginator(nominations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "form": form,
        "page_obj": page,
        "can_nominate": bool(nominating_units(request.user, campaign)),
        "nominations_open": actions.nominations_open(campaign),
        "can_manage": can_manage_campaign(request.user, campaign),
    }
    return render(request, "festival/campaigns/nominations.html", context)


@never_cache
@login_required
@require_GET
def nomination_list_xlsx(request, year):
    campaign = core.get_campaign(year)
    params = {**request.GET.dict(), "year": str(campaign.year)}
    exporter = registry.get("festival.nominations")(user=request.user, params=params)
    content = exporter.export(Format.XLSX)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=exporter.filename(Format.XLSX), content_type=Format.XLSX.content_type
    )


def _may_add_now(user, campaign) -> bool:
    return actions.nominations_open(campaign) or can_manage_campaign(user, campaign)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request, year):
    campaign = core.get_campaign(year)
    units = nominating_units(request.user, campaign)
    if not units:
        raise PermissionDenied
    raw = request.POST.get("unit") or request.GET.get("unit") or ""
    unit = next((u for u in units if str(u.pk) == raw), units[0])
    open_now = _may_add_now(request.user, campaign)
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        units=units,
        areas=area_choices(unit),
        initial={"unit": unit.pk, "proposed_date": campaign.festival_day},
    )
    created = []
    if request.method == "POST" and submit(
        form,
        lambda data: created.append(
            actions.nomination_create(
                actor=request.user, campaign=campaign, unit=data["unit"], area=data["area"], **form.values()
            )
        ),
    ):
        messages.success(request, _("“%(site)s” was nominated.") % {"site": created[0].site_name})
        return redirect("festival:nomination", year=campaign.year, pk=created[0].pk)
    context = {"campaign": campaign, "form": form, "unit": unit, "units": units, "open_now": open_now}
    return render(request, "festival/campaigns/nomination_form.html", context, status=_status(request))


def _pin_initial(nomination) -> dict:
    return {"pin": nomination.pin or PinForm.CLEAR, "reason": nomination.pin_reason}


def _detail_context(request, campaign, nomination, **forms) -> dict:
    user = request.user
    may_change = actions.may_change_nomination(user, nomination)
    changeable = may_change and nomination.state == NominationState.SUBMITTED and _may_add_now(user, campaign)
    can_manage = can_manage_campaign(user, campaign)
    return {
        "campaign": campaign,
        "nomination": nomination,
        "documents": list(nomination.documents.select_related("uploaded_by").order_by("pk")),
        "changeable": changeable,
        "may_change": may_change,
        "can_manage": can_manage,
        "nominations_open": actions.nominations_open(campaign),
        "decision": latest_decision(nomination) if can_manage else None,
        "pin_form": forms.get("pin_form") or (PinForm(initial=_pin_initial(nomination)) if can_manage else None),
        "file_form": forms.get("file_form") or (FileForm() if changeable else None),
        "withdraw_form": forms.get("withdraw_form") or (WithdrawForm() if changeable else None),
    }


@login_required
@require_GET
def nomination_detail(request, year, pk):
    campaign = core.get_campaign(year)
    nomination = get_nomination_for(request.user, campaign, pk)
    return render(request, "festival/campaigns/nomination.html", _detail_context(request, campaign, nomination))


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request, year, pk):
    campaign = core.get_campaign(year)
    nomination = get_nomination_for(request.user, campaign, pk)
    if not actions.may_change_nomination(request.user, nomination):
        raise PermissionDenied
    fields = {name: getattr(nomination, name) for name in actions.NOMINATION_FIELDS}
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        areas=area_choices(nomination.unit),
        initial={**fields, "area": nomination.area_id},
    )
    if request.method == "POST" and submit(
        form,
        lambda data: actions.nomination_update(actor=request.user, nomination=nomination, area=data["area"], **form.values()),
    ):
        messages.success(request, _("The nomination was saved."))
        return redirect("festival:nomination", year=campaign.year, pk=nomination.pk)
    context = {
        "campaign": campaign,
        "nomination": nomination,
        "form": form,
        "unit": nomination.unit,
        "open_now": _may_add_now(request.user, campaign),
        "withdrawn": nomination.state != NominationState.SUBMITTED,
    }
    return render(request, "festival/campaigns/nomination_form.html", context, status=_status(request))


def _post_on_nomination(request, year, pk, *, allowed, form, run, done: str, form_name: str):
    """The shape of the POST forms of the detail page: 403 for who sees but may not act; errors back
    on the detail page (400); success back to it with a message."""
    campaign = core.get_campaign(year)
    nomination = get_nomination_for(request.user, campaign, pk)
    if not allowed(request.user, nomination):
        raise PermissionDenied
    if submit(form, lambda data: run(nomination, data)):
        messages.success(request, done)
        return redirect("festival:nomination", year=campaign.year, pk=nomination.pk)
    nomination = get_nomination_for(request.user, campaign, pk)
    context = _detail_context(request, campaign, nomination, **{form_name: form})
    context["open_panel"] = form_name
    return render(request, "festival/campaigns/nomination.html", context, status=400)


@login_required
@require_POST
def nomination_withdraw(request, year, pk):
    return _post_on_nomination(
        request,
        year,
        pk,
        allowed=actions.may_change_nomination,
        form=WithdrawForm(request.POST),
        run=lambda nomination, data: actions.nomination_withdraw(
            actor=request.user, nomination=nomination, reason=data["reason"]
        ),
        done=_("The nomination was withdrawn."),
        form_name="withdraw_form",
    )


@login_required
@require_POST
def nomination_pin(request, year, pk):
    form = PinForm(request.POST)
    return _post_on_nomination(
        request,
        year,
        pk,
        allowed=lambda user, nomination: can_manage_campaign(user, nomination.campaign),
        form=form,
        run=lambda nomination, data: actions.nomination_pin(
            actor=request.user, nomination=nomination, pin=form.pin_value(), reason=data["reason"]
        ),
        done=_("The pin was saved."),
        form_name="pin_form",
    )


@login_required
@require_POST
def nomination_document_add(request, year, pk):
    return _post_on_nomination(
        request,
        year,
        pk,
        allowed=actions.may_change_nomination,
        form=FileForm(request.POST, request.FILES),
        run=lambda nomination, data: actions.nomination_document_add(
            actor=request.user, nomination=nomination, file=data["file"]
        ),
        done=_("The document was attached."),
        form_name="file_form",
    )


@never_cache
@login_required
@require_GET
def nomination_document_download(request, year, pk):
    campaign = core.get_campaign(year)
    return _file_response(get_nomination_document_for(request.user, campaign, pk))
