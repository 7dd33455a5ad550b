"""Pages of periodic reporting: fetch through a scoped helper (404), validate, call one action."""

from __future__ import annotations

import io
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Exporter, Format

from . import actions
from .enums import TargetStatus
from .forms import DraftForm, RequestCreateForm, ReturnForm, SubmitForm
from .models import ReportTarget, Submission
from .permissions import can_manage, can_read_draft, can_report_for, sees_every_target
from .queries import (
    Progress,
    direct_units,
    draft_attachments,
    draft_is_open,
    filter_requests,
    get_attachment_for,
    get_request_for,
    get_target_for,
    kind_counts,
    progress_of,
    reachable_units,
    reportable_targets,
    request_rows,
    requesting_units,
    targets_of,
    units_of_kind,
    versions_of,
)

PAGE_SIZE = 50
TARGET_PAGE_SIZE = 100


# --- the list ------------------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request):
    form, requests = filter_requests(request.user, request.GET)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": request_rows(request.user, page.object_list),
            "can_create": requesting_units(request.user).exists(),
        },
    )


# --- a new request -------------------------------------------------------------------------------


def _chosen_units(form: RequestCreateForm, owner) -> list:
    """The units of the three pickers together; codes outside the owner's reach are an error."""
    data = form.cleaned_data
    units = list(data["target_units"])
    if data["target_kind"]:
        units += list(units_of_kind(owner, data["target_kind"], data["target_under"]))
    elif data["target_under"] is not None:
        message = _("Choose the kind of units to ask below %(unit)s.") % {"unit": data["target_under"]}
        raise ValidationError({"target_kind": message})
    codes = form.codes()
    if codes:
        wanted = {code.upper() for code in codes}
        found = list(reachable_units(owner).filter(code__in=wanted | set(codes)))
        missing = sorted(wanted - {unit.code.upper() for unit in found})
        if missing:
            raise ValidationError(
                {"target_codes": _("No unit within reach has these codes: %(codes)s.") % {"codes": ", ".join(missing)}}
            )
        units += found
    return units


def _create(request, form: RequestCreateForm, data: dict):
    owner = data["owner"]
    try:
        return actions.request_create(
            actor=request.user,
            owner=owner,
            title=data["title"],
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            cutoff=data["cutoff"],
            due_date=data["due_date"],
            instructions=data["instructions"],
            fields=form.labels(),
            target_units=_chosen_units(form, owner),
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "fields" in exc.error_dict:
            exc.error_dict["fields_text"] = exc.error_dict.pop("fields")
        raise


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    owners = requesting_units(request.user)
    raw = request.POST.get("owner") or request.GET.get("owner") or ""
    owner = (owners.filter(pk=raw).first() if raw.isdigit() else None) or owners.first()
    if owner is None:
        raise Http404
    form = RequestCreateForm(
        request.POST or None, owners=owners, owner=owner, kinds=kind_counts(owner), direct=direct_units(owner)
    )
    created = []
    if request.method == "POST" and submit(form, lambda data: created.append(_create(request, form, data))):
        count = created[0].targets.count()
        messages.success(
            request,
            ngettext("The request was sent to %(count)s unit.", "The request was sent to %(count)s units.", count)
            % {"count": count},
        )
        return redirect("reporting:detail", pk=created[0].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/create.html", {"form": form, "owner": owner, "owners": owners}, status=status)


# --- one request ---------------------------------------------------------------------------------


def _status_filter(request) -> str:
    status = request.GET.get("status", "")
    return status if status in TargetStatus.values else ""


def _draft_form(target: ReportTarget, data=None, files=None) -> DraftForm:
    return DraftForm(data, files, target=target, attachments=draft_attachments(target))


@login_required
@require_GET
def request_detail(request, pk):
    report_request = get_request_for(request.user, pk)
    status = _status_filter(request)
    visible = ReportTarget.objects.visible_to(request.user).filter(request=report_request)
    progress = progress_of(visible).get(report_request.pk, Progress())
    mine = reportable_targets(request.user, report_request)
    own = mine[0] if len(mine) == 1 else None
    context = {
        "req": report_request,
        "sees_all": sees_every_target(request.user, report_request),
        "can_manage": can_manage(request.user, report_request),
        "progress": progress,
        "status": status,
        "page_obj": Paginator(targets_of(request.user, report_request, status), TARGET_PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "mine": mine,
        "own": own,
        "own_versions": versions_of(own) if own else [],
        "draft_form": _draft_form(own) if own and draft_is_open(own) else None,
    }
    return render(request, "reporting/detail.html", context)


@login_required
@require_POST
def request_close(request, pk):
    report_request = get_request_for(request.user, pk)
    if not can_manage(request.user, report_request):
        raise Http404
    try:
        actions.request_close(actor=request.user, request=report_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("The request is closed."))
    return redirect("reporting:detail", pk=report_request.pk)


# --- one unit's report ---------------------------------------------------------------------------


def _target_context(request, target: ReportTarget, draft_form=None, return_form=None) -> dict:
    user = request.user
    versions = versions_of(target)
    latest = versions[0] if versions else None
    writable = can_report_for(user, target) and draft_is_open(target)
    returnable = can_manage(user, target.request) and target.request.is_open and latest is not None and not target.latest_returned
    if writable and draft_form is None:
        draft_form = _draft_form(target)
    if returnable and return_form is None and latest is not None:
        return_form = ReturnForm(initial={"version": latest.version})
    return {
        "target": target,
        "req": target.request,
        "versions": versions,
        "latest": latest,
        "shows_draft": can_read_draft(user, target),
        "draft_files": draft_attachments(target) if can_read_draft(user, target) else [],
        "draft_form": draft_form if writable else None,
        "return_form": return_form if returnable else None,
    }


@login_required
@require_GET
def target_detail(request, pk):
    target = get_target_for(request.user, pk)
    return render(request, "reporting/target.html", _target_context(request, target))


@login_required
@require_POST
def draft_save(request, pk):
    target = get_target_for(request.user, pk)
    if not can_report_for(request.user, target):
        raise Http404
    form = _draft_form(target, request.POST, request.FILES)

    def save(data):
        actions.draft_save(
            actor=request.user,
            target=target,
            text=data["text"],
            figures=form.figures(),
            add_files=data["add_files"],
            remove_attachments=[int(pk) for pk in data["remove"]],
        )

    if submit(form, save):
        if form.cleaned_data["intent"] == DraftForm.REVIEW:
            return redirect("reporting:submit", pk=target.pk)
        messages.success(request, _("Draft saved."))
        if request.POST.get("back") == "request":
            return redirect(reverse("reporting:detail", args=[target.request_id]) + "#my-report")
        return redirect("reporting:target", pk=target.pk)
    return render(request, "reporting/target.html", _target_context(request, target, draft_form=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def submission_submit(request, pk):
    """Review the saved draft, then confirm: the version submitted is final."""
    target = get_target_for(request.user, pk)
    if not can_report_for(request.user, target):
        raise Http404
    form = SubmitForm(request.POST or None, initial={"revision": target.draft_revision})
    submitted = []
    if request.method == "POST" and submit(
        form,
        lambda data: submitted.append(actions.submission_submit(actor=request.user, target=target, revision=data["revision"])),
    ):
        messages.success(request, _("Version %(version)s was submitted.") % {"version": submitted[0].version})
        return redirect("reporting:detail", pk=target.request_id)
    errors = [message for messages_ in form.errors.values() for message in messages_]
    if errors:  # show the draft as it is now, with a form for its current revision
        target = get_target_for(request.user, pk)
        form = SubmitForm(initial={"revision": target.draft_revision})
    request_fields = target.request.fields
    figures = [(field["label"], target.draft_figures.get(field["key"])) for field in request_fields]
    context = {
        "target": target,
        "req": target.request,
        "form": form,
        "errors": errors,
        "figures": figures,
        "files": draft_attachments(target),
        "can_submit": draft_is_open(target),
        "next_version": (target.latest_version or 0) + 1,
    }
    return render(request, "reporting/submit.html", context, status=400 if request.method == "POST" else 200)


def _version(target: ReportTarget, number: int) -> Submission:
    return get_object_or_404(target.submissions.all(), version=number)


@login_required
@require_POST
def submission_return(request, pk):
    target = get_target_for(request.user, pk)
    if not can_manage(request.user, target.request):
        raise Http404
    form = ReturnForm(request.POST)
    if submit(
        form,
        lambda data: actions.submission_return(
            actor=request.user, submission=_version(target, data["version"]), reason=data["reason"]
        ),
    ):
        messages.success(request, _("The report was returned to %(unit)s.") % {"unit": target.unit.name})
        return redirect("reporting:target", pk=target.pk)
    return render(request, "reporting/target.html", _target_context(request, target, return_form=form), status=400)


@never_cache
@login_required
@require_GET
def attachment_download(request, pk):
    attachment = get_attachment_for(request.user, pk)
    content_type = mimetypes.guess_type(attachment.name)[0] or "application/octet-stream"
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=content_type)


# --- downloads -----------------------------------------------------------------------------------


def _download(exporter: Exporter, fmt: Format) -> FileResponse:
    content = exporter.export(fmt)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=exporter.filename(fmt), content_type=fmt.content_type)


@never_cache
@login_required
@require_GET
def request_list_xlsx(request):
    return _download(registry.get("reporting.request_list")(user=request.user, params=request.GET), Format.XLSX)


@never_cache
@login_required
@require_GET
def consolidated_xlsx(request, pk):
    exporter = registry.get("reporting.consolidated_sheet")(user=request.user, params={"request": str(pk)})
    return _download(exporter, Format.XLSX)


@never_cache
@login_required
@require_GET
def consolidated_report(request, pk, fmt: Format):
    exporter = registry.get("reporting.consolidated_report")(user=request.user, params={"request": str(pk)})
    return _download(exporter, fmt)
