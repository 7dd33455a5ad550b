"""Thin views: fetch through a scoped helper (404 outside the user's scope), validate a form,
call one action, render. Pages that change a meeting answer 404 to those who may only read it."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import apply_errors, submit
from phongtrao.documents import registry
from phongtrao.documents.registry import Format
from phongtrao.org.models import Unit
from phongtrao.work import queries as work_queries

from . import actions
from .enums import MeetingKind
from .extraction import Proposal, extract_for_meeting
from .forms import (
    AgendaItemForm,
    AttachmentForm,
    AttendeeForm,
    AttendingUnitForm,
    ConclusionForm,
    ConnectedPointForm,
    DirectiveForm,
    ExtractForm,
    MeetingForm,
    ProposalFormSet,
    ProposalsSubmitForm,
    RejectForm,
)
from .models import Meeting
from .permissions import can_record
from .queries import (
    default_programme,
    get_attachment_for,
    get_directive_for,
    get_meeting_for,
    meeting_page,
    meetings_for,
    owner_units,
    programmes_for,
    unit_choices,
)
from .unitmatch import nameable_units

PAGE_SIZE = 50


def _recordable(request, pk) -> Meeting:
    """The meeting, if the user may record for it; 404 otherwise (also for those who may only read it)."""
    meeting = get_meeting_for(request.user, pk)
    if not can_record(request.user, meeting.owner):
        raise Http404
    return meeting


@login_required
@require_GET
def meeting_list(request):
    page = Paginator(meetings_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/list.html", {"page_obj": page, "can_create": owner_units(request.user).exists()})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    owners = owner_units(request.user)
    if not owners.exists():
        raise Http404
    form = MeetingForm(request.POST or None, owners=owners, initial={"date": timezone.localdate()})
    created = {}
    if request.method == "POST" and submit(
        form, lambda data: created.setdefault("meeting", actions.meeting_create(actor=request.user, **data))
    ):
        messages.success(request, _("The meeting has been recorded."))
        return redirect("meetings:edit", pk=created["meeting"].pk)
    return render(request, "meetings/form.html", {"form": form}, status=400 if request.method == "POST" else 200)


def _detail_context(request, meeting: Meeting, **extra) -> dict:
    context = {"meeting": meeting, **meeting_page(request.user, meeting)}
    if context["can_record"]:
        programmes = list(programmes_for(request.user, meeting))
        context.update(
            {
                "programmes": programmes,
                "default_programme": default_programme(programmes, meeting),
                "conclusion_form": ConclusionForm(),
            }
        )
    context.update(extra)
    return context


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


def _edit_context(request, meeting: Meeting, **bound) -> dict:
    units = unit_choices(meeting.owner)
    forms = {
        "meeting_form": MeetingForm(initial={f: getattr(meeting, f) for f in actions.MEETING_FIELDS}),
        "attendee_form": AttendeeForm(units=units),
        "unit_form": AttendingUnitForm(units=units),
        "point_form": ConnectedPointForm(units=units) if meeting.kind == MeetingKind.ONLINE_CONFERENCE else None,
        "agenda_form": AgendaItemForm(user=request.user),
        "attachment_form": AttachmentForm(),
    }
    forms.update(bound)
    return {"meeting": meeting, **meeting_page(request.user, meeting), **forms}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = _recordable(request, pk)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if submit(form, lambda data: actions.meeting_update(actor=request.user, meeting=meeting, **data)):
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
        meeting.refresh_from_db()
        return render(request, "meetings/edit.html", _edit_context(request, meeting, meeting_form=form), status=400)
    return render(request, "meetings/edit.html", _edit_context(request, meeting))


def _add_view(form_name: str, make_form, run, message):
    """A POST endpoint of the edit page: one form, one action, back to the edit page."""

    @login_required
    @require_POST
    def view(request, pk):
        meeting = _recordable(request, pk)
        form = make_form(request, meeting)
        if submit(form, lambda data: run(request, meeting, data)):
            messages.success(request, str(message))
            return redirect("meetings:edit", pk=meeting.pk)
        return render(request, "meetings/edit.html", _edit_context(request, meeting, **{form_name: form}), status=400)

    return view


attendee_add = _add_view(
    "attendee_form",
    lambda r, m: AttendeeForm(r.POST, units=unit_choices(m.owner)),
    lambda r, m, d: actions.attendee_add(actor=r.user, meeting=m, **d),
    gettext_lazy("The attendee has been added."),
)
attending_unit_add = _add_view(
    "unit_form",
    lambda r, m: AttendingUnitForm(r.POST, units=unit_choices(m.owner)),
    lambda r, m, d: actions.attending_unit_add(actor=r.user, meeting=m, **d),
    gettext_lazy("The unit has been added."),
)
point_add = _add_view(
    "point_form",
    lambda r, m: ConnectedPointForm(r.POST, units=unit_choices(m.owner)),
    lambda r, m, d: actions.connected_point_add(actor=r.user, meeting=m, **d),
    gettext_lazy("The connected point has been added."),
)
agenda_add = _add_view(
    "agenda_form",
    lambda r, m: AgendaItemForm(r.POST, user=r.user),
    lambda r, m, d: actions.agenda_item_add(actor=r.user, meeting=m, **d),
    gettext_lazy("The agenda item has been added."),
)
attachment_add = _add_view(
    "attachment_form",
    lambda r, m: AttachmentForm(r.POST, r.FILES),
    lambda r, m, d: actions.attachment_add(actor=r.user, meeting=m, file=d["file"]),
    gettext_lazy("The file has been attached."),
)


@never_cache
@login_required
@require_GET
def attachment_download(request, pk):
    attachment = get_attachment_for(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def conclusion_add(request, pk):
    """A conclusion typed by the officer; with "propose", its directives are proposed at once."""
    meeting = _recordable(request, pk)
    form = ConclusionForm(request.POST)

    def create(data):
        conclusion = actions.conclusion_create(actor=request.user, meeting=meeting, text=data["text"])
        if data["propose"]:
            for proposal in extract_for_meeting(request.user, meeting, conclusion.text):
                actions.directive_propose(actor=request.user, conclusion=conclusion, draft=_draft(proposal))

    if submit(form, create):
        messages.success(request, _("The conclusion has been recorded."))
        return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting, conclusion_form=form), status=400)


def _draft(proposal: Proposal, units: dict[int, Unit] | None = None) -> actions.DirectiveDraft:
    ids = ([proposal.responsible.id] if proposal.responsible else []) + [c.id for c in proposal.coordinators]
    known = units if units is not None else {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    deadline = proposal.deadline
    return actions.DirectiveDraft(
        sentence=proposal.text,
        conclusion_text=proposal.sentence,
        action=proposal.action,
        lead=known.get(proposal.responsible.id) if proposal.responsible else None,
        coordinators=[known[c.id] for c in proposal.coordinators if c.id in known],
        due_date=deadline.date if deadline else None,
        deadline_phrase=deadline.phrase if deadline else "",
        deadline_kind=deadline.kind if deadline else "",
        recurrence=(deadline.recurrence or "") if deadline else "",
        confidence=round(proposal.confidence * 100),
        reasons=proposal.reasons,
    )


# --- directives --------------------------------------------------------------------------------


def _unit_choice_list(meeting: Meeting, extra_ids=()) -> list[tuple[int, str]]:
    units = unit_choices(meeting.owner) | Unit.objects.filter(pk__in=[i for i in extra_ids if i])
    return [(unit.pk, unit.name) for unit in units.distinct().order_by("depth", "path")]


@login_required
@require_http_methods(["GET", "POST"])
def directive_edit(request, pk):
    directive = get_directive_for(request.user, pk)
    meeting = directive.conclusion.meeting
    if not can_record(request.user, meeting.owner) or not directive.is_proposed:
        raise Http404
    current = [directive.lead_id, *directive.coordinators.values_list("pk", flat=True)]
    choices = _unit_choice_list(meeting, current)
    initial = {
        "action": directive.action,
        "lead": directive.lead_id,
        "coordinators": current[1:],
        "due_date": directive.due_date,
    }
    form = DirectiveForm(request.POST or None, unit_choices=choices, initial=initial)

    def save(data):
        units = Unit.objects.in_bulk([data["lead"], *data["coordinators"]])
        actions.directive_update(
            actor=request.user,
            directive=directive,
            action=data["action"],
            lead=units.get(data["lead"]) if data["lead"] else None,
            coordinators=[units[i] for i in data["coordinators"] if i in units],
            due_date=data["due_date"],
        )

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("The directive has been saved."))
        return redirect("meetings:detail", pk=meeting.pk)
    context = {"directive": directive, "meeting": meeting, "form": form}
    return render(request, "meetings/directive_form.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def directive_confirm(request, pk):
    directive = get_directive_for(request.user, pk)
    meeting = directive.conclusion.meeting
    if not can_record(request.user, meeting.owner):
        raise Http404
    programme_id = request.POST.get("programme", "")
    if not programme_id.isdigit() or not programmes_for(request.user, meeting).filter(pk=programme_id).exists():
        raise Http404
    programme = work_queries.get_programme_for(request.user, programme_id)
    try:
        confirmed = actions.directive_confirm(actor=request.user, directive=directive, programme=programme)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(f"{meeting_url(meeting)}#directive-{directive.pk}")
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The directive has become the assignment %(code)s.") % {"code": confirmed.assignment.code})
    return redirect(f"{meeting_url(meeting)}#directive-{directive.pk}")


@login_required
@require_POST
def directive_reject(request, pk):
    directive = get_directive_for(request.user, pk)
    meeting = directive.conclusion.meeting
    if not can_record(request.user, meeting.owner):
        raise Http404
    form = RejectForm(request.POST)
    try:
        if submit(form, lambda data: actions.directive_reject(actor=request.user, directive=directive, reason=data["reason"])):
            messages.success(request, _("The directive has been rejected."))
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
    except ValidationError as exc:  # pragma: no cover  (submit turns it into a form error)
        apply_errors(form, exc)
    return redirect(f"{meeting_url(meeting)}#directive-{directive.pk}")


def meeting_url(meeting: Meeting) -> str:
    from django.urls import reverse

    return reverse("meetings:detail", args=[meeting.pk])


# --- extraction page ---------------------------------------------------------------------------


def _proposal_initial(proposal: Proposal) -> dict:
    deadline = proposal.deadline
    return {
        # Ready to confirm as read: a confident reading with a lead unit and a deadline.
        "selected": proposal.confidence >= 0.7 and proposal.responsible is not None and deadline is not None,
        "sentence": proposal.sentence,
        "text": proposal.text,
        "action": proposal.action,
        "lead": proposal.responsible.id if proposal.responsible else None,
        "coordinators": [c.id for c in proposal.coordinators],
        "due_date": deadline.date if deadline else None,
        "deadline_phrase": deadline.phrase if deadline else "",
        "deadline_kind": deadline.kind if deadline else "",
        "recurrence": (deadline.recurrence or "") if deadline else "",
        "confidence": round(proposal.confidence * 100),
        "reasons": "; ".join(proposal.reasons),
    }


def _extract_context(request, meeting: Meeting, form, formset=None, *, submit_form=None, proposals=None) -> dict:
    programmes = programmes_for(request.user, meeting)
    if submit_form is None:
        default = default_programme(list(programmes), meeting)
        submit_form = ProposalsSubmitForm(programmes=programmes, initial={"programme": default, "mode": "confirm"})
    rows = []
    if formset is not None and formset.forms:
        names = {str(value): label for value, label in formset.forms[0].fields["coordinators"].choices}
        for index, proposal_form in enumerate(formset.forms):
            chosen = [names.get(str(value), "") for value in proposal_form["coordinators"].value() or []]
            rows.append(
                {
                    "form": proposal_form,
                    "proposal": proposals[index] if proposals else None,
                    "coordinator_names": [name for name in chosen if name],
                }
            )
    return {"meeting": meeting, "form": form, "formset": formset, "rows": rows, "submit_form": submit_form}


@login_required
@require_http_methods(["GET", "POST"])
def extract(request, pk):
    """Paste or upload → proposals with editable fields (nothing is written here)."""
    meeting = _recordable(request, pk)
    if request.method == "GET":
        return render(request, "meetings/extract.html", _extract_context(request, meeting, ExtractForm()))
    form = ExtractForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "meetings/extract.html", _extract_context(request, meeting, form), status=400)
    proposals = extract_for_meeting(request.user, meeting, form.cleaned_data["document"])
    ids = {p.responsible.id for p in proposals if p.responsible} | {c.id for p in proposals for c in p.coordinators}
    choices = _unit_choice_list(meeting, ids)
    formset = ProposalFormSet(
        initial=[_proposal_initial(p) for p in proposals], form_kwargs={"unit_choices": choices}, prefix="p"
    )
    context = _extract_context(
        request, meeting, ExtractForm(initial={"text": form.cleaned_data["document"]}), formset, proposals=proposals
    )
    context["analysed"] = True
    return render(request, "meetings/extract.html", context)


@login_required
@require_POST
def extract_record(request, pk):
    """Record the selected proposals: confirmed into a programme, or kept as proposed for later."""
    meeting = _recordable(request, pk)
    ids = set()
    for key, values in request.POST.lists():
        if key.endswith(("-lead", "-coordinators")):
            ids.update(int(v) for v in values if v.isdigit())
    choices = _unit_choice_list(meeting, nameable_units(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    formset = ProposalFormSet(request.POST, form_kwargs={"unit_choices": choices}, prefix="p")
    programmes = programmes_for(request.user, meeting)
    submit_form = ProposalsSubmitForm(request.POST, programmes=programmes)
    context_form = ExtractForm()
    if not (formset.is_valid() and submit_form.is_valid()):
        context = _extract_context(request, meeting, context_form, formset, submit_form=submit_form)
        context["analysed"] = True
        return render(request, "meetings/extract.html", context, status=400)
    selected = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("selected")]
    units = Unit.objects.in_bulk({i for d in selected for i in [d["lead"], *d["coordinators"]] if i})
    drafts = [
        actions.DirectiveDraft(
            sentence=d["text"],
            conclusion_text=d["sentence"],
            action=d["action"],
            lead=units.get(d["lead"]) if d["lead"] else None,
            coordinators=[units[i] for i in d["coordinators"] if i in units],
            due_date=d["due_date"],
            deadline_phrase=d["deadline_phrase"] if d["due_date"] else "",
            deadline_kind=d["deadline_kind"] if d["due_date"] else "",
            recurrence=d["recurrence"] if d["due_date"] else "",
            confidence=d["confidence"],
            reasons=[r for r in d["reasons"].split("; ") if r],
        )
        for d in selected
    ]
    confirm = submit_form.cleaned_data["mode"] == ProposalsSubmitForm.CONFIRM
    programme = None
    if confirm:
        programme = work_queries.get_programme_for(request.user, submit_form.cleaned_data["programme"].pk)
    try:
        directives = actions.proposals_record(actor=request.user, meeting=meeting, drafts=drafts, programme=programme)
    except ValidationError as exc:
        apply_errors(submit_form, exc)
        context = _extract_context(request, meeting, context_form, formset, submit_form=submit_form)
        context["analysed"] = True
        return render(request, "meetings/extract.html", context, status=400)
    except PermissionDenied as exc:
        raise Http404 from exc
    if confirm:
        messages.success(request, _("%(count)s directives have been confirmed as assignments.") % {"count": len(directives)})
    else:
        messages.success(request, _("%(count)s directives have been kept as proposed.") % {"count": len(directives)})
    return redirect("meetings:detail", pk=meeting.pk)


# --- conclusion notice -------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def notice(request, pk: int, fmt: Format):
    exporter = registry.get("meetings.conclusion_notice")(user=request.user, params={"meeting": str(pk)})
    content = exporter.export(fmt)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=exporter.filename(fmt), content_type=fmt.content_type)
