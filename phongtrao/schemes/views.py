"""Thin views: fetch through a scoped helper, validate a form, call one action, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.org.enums import Branch, Role, UnitKind
from phongtrao.org.models import Unit
from phongtrao.org.queries import scope_of

from . import actions
from .enums import PhaseStatus
from .forms import CancelForm, DeadlineForm, DocumentForm, PhaseCompleteForm, PhaseStartForm, SchemeCreateForm, SchemeFilterForm
from .queries import get_document_for, get_phase_for, get_scheme_for, scheme_phases, schemes_for, summarise
from .schedule import COMPACT_WIDTH, default_calendar, timeline

PAGE_SIZE = 30
EDITING_ROLES = {Role.OFFICER, Role.LEADER, Role.ADMIN}


@login_required
@require_GET
def scheme_list(request):
    form = SchemeFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    page = Paginator(schemes_for(request.user, state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": summarise(page.object_list),
            "working_days": default_calendar()[1],
            "can_create": _owner_units(request.user).exists(),
        },
    )


def _owner_units(user):
    """Police units the user may create schemes for: where the user is an officer, leader or administrator."""
    scope = scope_of(user)
    units = Unit.objects.filter(is_active=True, branch=Branch.POLICE)
    if scope.is_everything:
        return units.exclude(kind=UnitKind.COMMUNE_POLICE).order_by("path")
    return units.filter(pk__in=[m.unit_id for m in scope.memberships if m.role in EDITING_ROLES]).order_by("path")


def _unit_choices(user):
    """Units offered as lead or responsible units: the police units the user can see, above commune level
    (schemes are drafted by departments and provinces; this keeps the list short at national scale)."""
    return (
        Unit.objects.visible_to(user)
        .filter(is_active=True, branch=Branch.POLICE)
        .exclude(kind=UnitKind.COMMUNE_POLICE)
        .order_by("path")
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheme_create(request):
    owners = _owner_units(request.user)
    if not owners.exists():
        raise Http404
    form = SchemeCreateForm(request.POST or None, owners=owners, units=_unit_choices(request.user) | owners)
    created = {}

    def create(_data):
        created["scheme"] = actions.scheme_create_from_template(actor=request.user, **form.action_arguments())

    if request.method == "POST" and submit(form, create):
        messages.success(request, _("Created the scheme “%(title)s”.") % {"title": created["scheme"].title})
        return redirect("schemes:detail", pk=created["scheme"].pk)
    context = {"form": form, "working_days": default_calendar()[1]}
    return render(request, "schemes/new.html", context, status=400 if request.method == "POST" else 200)


def _detail_context(request, scheme, bound=None) -> dict:
    """The scheme page; `bound` = (phase pk, form key, form) puts a refused form back on its phase."""
    phases, summary, working_days = scheme_phases(scheme)
    can_plan = actions.can_plan(request.user, scheme)
    rows = []
    for view in phases:
        phase = view.phase
        forms: dict[str, Any] = {}
        # Only the current phase (the first not done) can start, pass its gate or take documents here.
        current = summary.current is not None and summary.current.phase.pk == phase.pk
        if scheme.is_active and current and actions.can_work_on(request.user, phase):
            if phase.status == PhaseStatus.NOT_STARTED:
                forms["start"] = PhaseStartForm(prefix=f"p{phase.pk}")
            if phase.status == PhaseStatus.IN_PROGRESS:
                forms["complete"] = PhaseCompleteForm(prefix=f"p{phase.pk}")
            if not phase.is_done:
                forms["upload"] = DocumentForm(prefix=f"p{phase.pk}", phase=phase)
        if scheme.is_active and can_plan and not phase.is_done:
            forms["deadline"] = DeadlineForm(prefix=f"p{phase.pk}", initial={"deadline": phase.deadline})
        if bound and bound[0] == phase.pk:
            forms[bound[1]] = bound[2]
        rows.append({"view": view, "forms": forms, "open": bool(bound and bound[0] == phase.pk)})
    cancel_form = bound[2] if bound and bound[0] is None else CancelForm()
    return {
        "scheme": scheme,
        "rows": rows,
        "summary": summary,
        "working_days": working_days,
        "timeline": timeline(summary.projections, timezone.localdate()),
        "timeline_compact": timeline(summary.projections, timezone.localdate(), COMPACT_WIDTH),
        "can_plan": can_plan and scheme.is_active,
        "cancel_form": cancel_form,
    }


@login_required
@require_GET
def scheme_detail(request, pk):
    scheme = get_scheme_for(request.user, pk)
    return render(request, "schemes/detail.html", _detail_context(request, scheme))


def _phase_post(request, pk, *, key: str, form_class, run, done_message: str, form_kwargs=None):
    phase = get_phase_for(request.user, pk)
    extra = form_kwargs(phase) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, prefix=f"p{phase.pk}", **extra)
    if submit(form, lambda data: run(phase, data)):
        messages.success(request, done_message % {"phase": phase.name})
        return redirect(f"{phase.scheme.get_absolute_url()}#phase-{phase.order}")
    scheme = get_scheme_for(request.user, phase.scheme_id)
    return render(request, "schemes/detail.html", _detail_context(request, scheme, (phase.pk, key, form)), status=400)


@login_required
@require_POST
def phase_start(request, pk):
    return _phase_post(
        request,
        pk,
        key="start",
        form_class=PhaseStartForm,
        run=lambda phase, data: actions.phase_start(actor=request.user, phase=phase, on=data["on"]),
        done_message=_("Started the phase “%(phase)s”."),
    )


@login_required
@require_POST
def phase_complete(request, pk):
    return _phase_post(
        request,
        pk,
        key="complete",
        form_class=PhaseCompleteForm,
        run=lambda phase, data: actions.phase_complete(actor=request.user, phase=phase, on=data["on"], note=data["note"]),
        done_message=_("The phase “%(phase)s” passed its gate."),
    )


@login_required
@require_POST
def phase_deadline(request, pk):
    return _phase_post(
        request,
        pk,
        key="deadline",
        form_class=DeadlineForm,
        run=lambda phase, data: actions.phase_move_deadline(
            actor=request.user, phase=phase, deadline=data["deadline"], reason=data["reason"]
        ),
        done_message=_("Moved the deadline of the phase “%(phase)s”."),
    )


@login_required
@require_POST
def document_upload(request, pk):
    return _phase_post(
        request,
        pk,
        key="upload",
        form_class=DocumentForm,
        run=lambda phase, data: actions.document_attach(
            actor=request.user, phase=phase, kind=data["kind"], file=data["file"], title=data["title"]
        ),
        done_message=_("Attached the document to the phase “%(phase)s”."),
        form_kwargs=lambda phase: {"phase": phase},
    )


@never_cache
@login_required
@require_GET
def document_download(request, pk):
    document = get_document_for(request.user, pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@login_required
@require_POST
def scheme_cancel(request, pk):
    scheme = get_scheme_for(request.user, pk)
    form = CancelForm(request.POST)
    if submit(form, lambda data: actions.scheme_cancel(actor=request.user, scheme=scheme, reason=data["reason"])):
        messages.success(request, _("Cancelled the scheme “%(title)s”.") % {"title": scheme.title})
        return redirect("schemes:detail", pk=scheme.pk)
    scheme = get_scheme_for(request.user, pk)
    return render(request, "schemes/detail.html", _detail_context(request, scheme, (None, "cancel", form)), status=400)
