from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit
from phongtrao.org.enums import Role
from phongtrao.org.models import Unit, User
from phongtrao.org.queries import acts_for, scope_of, units_directed_by, units_directly_under

from . import actions, transitions
from .enums import ProposalStatus
from .forms import (
    AssignmentForm,
    CompleteForm,
    DecisionForm,
    ExtensionDecisionForm,
    ExtensionForm,
    ForwardForm,
    ProgrammeForm,
    ProgressForm,
    ProposalForm,
    ReasonForm,
)
from .models import Assignment, Programme, Proposal
from .queries import (
    get_assignment_for,
    get_extension_for,
    get_programme_for,
    get_proposal_for,
    programme_tree,
    programmes_for,
    proposals_for,
)

PAGE_SIZE = 50


def _acting_units(user):
    """Units in which the user may act (officer, leader or administrator)."""
    scope = scope_of(user)
    if scope.is_everything:
        return Unit.objects.filter(depth__lte=1, is_active=True).order_by("path")
    pks = [m.unit_id for m in scope.memberships if m.role != Role.VIEWER]
    return Unit.objects.filter(pk__in=pks, is_active=True).order_by("path")


@login_required
@require_GET
def programme_list(request):
    programmes = programmes_for(request.user)
    form = ProgrammeForm(units=_acting_units(request.user), initial={"year": timezone.localdate().year})
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "work/programme_list.html", {"page_obj": page, "form": form})


@login_required
@require_POST
def programme_create(request):
    form = ProgrammeForm(request.POST, units=_acting_units(request.user))
    holder = {}
    if submit(form, lambda data: holder.setdefault("programme", actions.programme_create(actor=request.user, **data))):
        messages.success(request, _("The work programme has been created."))
        return redirect("work:programme_detail", pk=holder["programme"].pk)
    programmes = Programme.objects.visible_to(request.user).select_related("owner")
    page = Paginator(programmes, PAGE_SIZE).get_page(1)
    return render(request, "work/programme_list.html", {"page_obj": page, "form": form}, status=400)


@login_required
@require_GET
def programme_detail(request, pk):
    programme = get_programme_for(request.user, pk)
    rows = list(programme_tree(programme, request.user))
    for row in rows:
        row.depth = min(row.path.count("/") - 1, 6)  # indentation class pt-d0 … pt-d6
    return render(
        request,
        "work/programme_detail.html",
        {"programme": programme, "rows": rows, "can_assign": acts_for(request.user, programme.owner)},
    )


def _assignment_form(request, programme: Programme, parent: Assignment | None, data=None):
    assigner = parent.lead if parent else programme.owner
    leads = units_directed_by(assigner).order_by("path")
    coordinators = Unit.objects.filter(is_active=True).filter(Q(depth__lte=1) | Q(pk__in=leads.values("pk"))).order_by("path")
    return AssignmentForm(data, leads=leads, coordinators=coordinators, sub=parent is not None)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, pk):
    """pk is the programme; ?parent=<assignment> makes a sub-assignment."""
    programme = get_programme_for(request.user, pk)
    parent = get_assignment_for(request.user, request.GET["parent"]) if request.GET.get("parent") else None
    if parent is not None and parent.programme_id != programme.pk:
        raise Http404
    if not acts_for(request.user, parent.lead if parent else programme.owner):
        raise Http404
    form = _assignment_form(request, programme, parent, request.POST or None)
    holder = {}

    def create(data):
        coordinators = [(unit, None) for unit in data.pop("coordinators")]
        holder["a"] = actions.assignment_create(
            actor=request.user, programme=programme, parent=parent, coordinators=coordinators, **data
        )

    if request.method == "POST" and submit(form, create):
        messages.success(request, _("The assignment has been given."))
        return redirect("work:assignment_detail", pk=holder["a"].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "work/assignment_form.html", {"programme": programme, "parent": parent, "form": form}, status=status)


def _detail_context(request, assignment: Assignment, **forms) -> dict:
    user = request.user
    as_lead = acts_for(user, assignment.lead)
    as_assigner = acts_for(user, assignment.assigner)

    def can(name: str) -> bool:
        return transitions.allowed(name, assignment.execution, assignment.verification)

    forward_units = units_directly_under(assignment.lead)
    context = {
        "assignment": assignment,
        "children": Assignment.objects.visible_to(user).filter(parent=assignment).select_related("lead").order_by("path"),
        "coordinators": assignment.coordinators.select_related("unit"),
        "reports": assignment.reports.select_related("unit", "reported_by").prefetch_related("attachments")[:50],
        "extensions": assignment.extensions.select_related("requested_by", "decided_by"),
        "proposals": assignment.proposals.select_related("raised_to"),
        "as_lead": as_lead,
        "as_assigner": as_assigner,
        "progress_form": ProgressForm() if as_lead and can("report_progress") and assignment.progress_mode == "manual" else None,
        "complete_form": CompleteForm() if as_lead and can("complete") else None,
        "extension_form": ExtensionForm() if as_lead and can("request_extension") else None,
        "refuse_form": ReasonForm() if acts_for(user, assignment.lead, {Role.LEADER, Role.ADMIN}) and can("refuse") else None,
        "recall_form": ReasonForm() if as_assigner and can("recall") else None,
        "verify": as_assigner and can("accept"),
        "return_form": ReasonForm() if as_assigner and can("return") else None,
        "decide_form": ExtensionDecisionForm() if as_assigner else None,
        "forward_form": ForwardForm(units=forward_units) if as_lead and assignment.is_open and forward_units.exists() else None,
        "can_add_sub": as_lead and assignment.is_open,
    }
    context.update({name: form for name, form in forms.items() if form is not None})
    return context


@login_required
@require_GET
def assignment_detail(request, pk):
    assignment = get_assignment_for(request.user, pk)
    return render(request, "work/assignment_detail.html", _detail_context(request, assignment))


def _posted_form(form_class: type) -> Callable:
    return lambda request, assignment: form_class(request.POST, request.FILES)


def _forward_form(request, assignment: Assignment) -> ForwardForm:
    return ForwardForm(request.POST, units=units_directly_under(assignment.lead))


def _assignment_action(make_form: Callable, form_name: str, run: Callable, message) -> Callable:
    """A POST endpoint: one form, one action on the assignment, back to its page (errors shown there)."""

    @login_required
    @require_POST
    def view(request, pk):
        assignment = get_assignment_for(request.user, pk)
        form = make_form(request, assignment)
        if submit(form, lambda data: run(request, assignment, data)):
            messages.success(request, str(message))
            return redirect("work:assignment_detail", pk=assignment.pk)
        assignment.refresh_from_db()
        context = _detail_context(request, assignment, **{form_name: form})
        return render(request, "work/assignment_detail.html", context, status=400)

    return view


assignment_progress = _assignment_action(
    _posted_form(ProgressForm),
    "progress_form",
    lambda r, a, d: actions.progress_report_submit(
        actor=r.user, assignment=a, progress=d["progress"], text=d["text"], files=r.FILES.getlist("attachments")
    ),
    gettext_lazy("The progress report has been recorded."),
)
assignment_complete = _assignment_action(
    _posted_form(CompleteForm),
    "complete_form",
    lambda r, a, d: actions.assignment_complete(actor=r.user, assignment=a, text=d["text"]),
    gettext_lazy("The assignment has been reported as done and waits for verification."),
)
assignment_accept = _assignment_action(
    _posted_form(CompleteForm),
    "complete_form",
    lambda r, a, d: actions.assignment_accept(actor=r.user, assignment=a, note=d["text"]),
    gettext_lazy("The results have been accepted."),
)
assignment_return = _assignment_action(
    _posted_form(ReasonForm),
    "return_form",
    lambda r, a, d: actions.assignment_return(actor=r.user, assignment=a, reason=d["reason"]),
    gettext_lazy("The assignment has been returned for more work."),
)
assignment_refuse = _assignment_action(
    _posted_form(ReasonForm),
    "refuse_form",
    lambda r, a, d: actions.assignment_refuse(actor=r.user, assignment=a, reason=d["reason"]),
    gettext_lazy("The assignment has been refused."),
)
assignment_recall = _assignment_action(
    _posted_form(ReasonForm),
    "recall_form",
    lambda r, a, d: actions.assignment_recall(actor=r.user, assignment=a, reason=d["reason"]),
    gettext_lazy("The assignment has been recalled."),
)
assignment_extension = _assignment_action(
    _posted_form(ExtensionForm),
    "extension_form",
    lambda r, a, d: actions.extension_request(actor=r.user, assignment=a, **d),
    gettext_lazy("The extension request has been sent to the assigning unit."),
)
assignment_forward = _assignment_action(
    _forward_form,
    "forward_form",
    lambda r, a, d: actions.assignment_forward(actor=r.user, assignment=a, leads=list(d["leads"]), due_date=d["due_date"]),
    gettext_lazy("The assignment has been forwarded."),
)


@login_required
@require_POST
def extension_decide(request, pk):
    extension = get_extension_for(request.user, pk)
    form = ExtensionDecisionForm(request.POST)
    if submit(form, lambda d: actions.extension_decide(actor=request.user, extension=extension, **d)):
        messages.success(request, _("The decision on the extension has been recorded."))
        return redirect("work:assignment_detail", pk=extension.assignment_id)
    assignment = extension.assignment
    return render(request, "work/assignment_detail.html", _detail_context(request, assignment, decide_form=form), status=400)


def _leaders_for(user):
    """Leaders a proposal can be raised to: leaders of the user's units and of the units above them."""
    scope = scope_of(user)
    paths = set()
    for membership in scope.memberships:
        paths.update(membership.unit.ancestor_paths())
        paths.update(membership.unit.overseen_by.values_list("path", flat=True))
    query = User.objects.filter(is_active=True, memberships__role=Role.LEADER)
    if not scope.is_everything:
        query = query.filter(memberships__unit__path__in=paths)
    return query.distinct().order_by("sort_key")


@login_required
@require_GET
def proposal_list(request):
    status = request.GET.get("status")
    proposals = proposals_for(request.user, status)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "work/proposal_list.html", {"page_obj": page, "status": status})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    assignment = get_assignment_for(request.user, request.GET["assignment"]) if request.GET.get("assignment") else None
    form = ProposalForm(
        request.POST or None,
        units=_acting_units(request.user),
        leaders=_leaders_for(request.user),
        initial={"unit": assignment.lead if assignment else None},
    )
    holder = {}
    if request.method == "POST" and submit(
        form, lambda d: holder.setdefault("p", actions.proposal_raise(actor=request.user, assignment=assignment, **d))
    ):
        messages.success(request, _("It has been sent to the leader."))
        return redirect("work:proposal_detail", pk=holder["p"].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "work/proposal_form.html", {"form": form, "assignment": assignment}, status=status)


def _directive_programme(user, proposal: Proposal) -> Programme | None:
    """Where the leader's directives go: the programme of the assignment it is about, if the leader
    may assign there, else the programme of the leader's own unit for this year."""
    if proposal.assignment and acts_for(user, proposal.assignment.programme.owner):
        return proposal.assignment.programme
    owned = [m.unit_id for m in scope_of(user).memberships if m.role in {Role.LEADER, Role.ADMIN, Role.OFFICER}]
    return Programme.objects.filter(owner_id__in=owned, year=timezone.localdate().year).order_by("owner__path").first()


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk):
    proposal = get_proposal_for(request.user, pk)
    can_decide = proposal.status == ProposalStatus.PENDING and (
        proposal.raised_to_id == request.user.pk or request.user.is_superuser
    )
    programme = _directive_programme(request.user, proposal) if can_decide else None
    leads = units_directed_by(programme.owner).order_by("path") if programme else Unit.objects.none()
    form = DecisionForm(request.POST or None, leads=leads) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise Http404

        def decide(data):
            directives = []
            if data["directive_title"]:
                if programme is None:
                    raise ValidationError(_("Your unit has no work programme for this year to put the directive in."))
                directives.append(
                    {
                        "programme": programme,
                        "title": data["directive_title"],
                        "lead": data["directive_lead"],
                        "start_date": timezone.localdate(),
                        "due_date": data["directive_due"],
                    }
                )
            actions.proposal_decide(actor=request.user, proposal=proposal, decision=data["decision"], directives=directives)

        if submit(form, decide):
            messages.success(request, _("The decision has been recorded."))
            return redirect("work:proposal_detail", pk=proposal.pk)
    directives = proposal.directives.select_related("lead")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "work/proposal_detail.html", {"proposal": proposal, "form": form, "directives": directives}, status=status
    )


@login_required
@require_GET
def programme_list_xlsx(request):
    from phongtrao.documents import registry
    from phongtrao.documents.registry import Format

    from .views_dashboard import _download

    return _download(registry.get("work.programme_list")(user=request.user, params=request.GET), Format.XLSX)


@login_required
@require_GET
def proposal_list_xlsx(request):
    from phongtrao.documents import registry
    from phongtrao.documents.registry import Format

    from .views_dashboard import _download

    return _download(registry.get("work.proposal_list")(user=request.user, params=request.GET), Format.XLSX)
