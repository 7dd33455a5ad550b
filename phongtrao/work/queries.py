"""Named reads of the work programme."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Assignment, ExtensionRequest, Programme, Proposal


def get_programme_for(user, pk) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(user).select_related("owner"), pk=pk)


def get_assignment_for(user, pk) -> Assignment:
    return get_object_or_404(
        Assignment.objects.visible_to(user).select_related("programme__owner", "assigner", "lead", "parent"), pk=pk
    )


def get_extension_for(user, pk) -> ExtensionRequest:
    return get_object_or_404(
        ExtensionRequest.objects.filter(assignment__in=Assignment.objects.visible_to(user)).select_related("assignment"),
        pk=pk,
    )


def get_proposal_for(user, pk) -> Proposal:
    return get_object_or_404(Proposal.objects.visible_to(user).select_related("unit", "raised_to", "assignment"), pk=pk)


def programme_tree(programme: Programme, user):
    """The programme's assignments the user may see, in tree order, with what the tree rows show."""
    return Assignment.objects.visible_to(user).filter(programme=programme).select_related("lead", "assigner").order_by("path")


def awaiting_decision(user):
    """What waits for this person: proposals raised to them, completions and extensions their units must judge."""
    from phongtrao.org.queries import scope_of

    from .enums import ExtensionStatus, ProposalStatus, Verification

    scope = scope_of(user)
    judge_paths = [m.unit.path for m in scope.memberships if m.role in {"officer", "leader", "admin"}]
    assignments = Assignment.objects.none()
    extensions = ExtensionRequest.objects.none()
    if scope.is_everything or judge_paths:
        from phongtrao.org.models import within_prefixes

        prefixes = None if scope.is_everything else judge_paths
        assignments = within_prefixes(
            Assignment.objects.filter(verification=Verification.WAITING), "assigner__path", prefixes
        ).select_related("lead", "assigner")
        extensions = within_prefixes(
            ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING), "assignment__assigner__path", prefixes
        ).select_related("assignment__lead", "requested_by")
    proposals = Proposal.objects.filter(raised_to=user, status=ProposalStatus.PENDING).select_related("unit")
    return {"proposals": proposals, "completions": assignments, "extensions": extensions}


def programmes_for(user):
    """The programmes a user may see, with their counts, as the programme list shows them."""
    from django.db.models import Count, Q

    from .enums import OPEN_STATES, Execution

    return (
        Programme.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            total=Count("assignments"),
            open=Count("assignments", filter=Q(assignments__execution__in=OPEN_STATES)),
            overdue=Count("assignments", filter=Q(assignments__execution=Execution.OVERDUE)),
        )
        .order_by("-year", "owner__path", "pk")
    )


def proposals_for(user, status: str | None = None):
    """The difficulties and proposals a user may see, optionally with one status."""
    from .enums import ProposalStatus

    proposals = Proposal.objects.visible_to(user).select_related("unit", "raised_to", "assignment")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return proposals
