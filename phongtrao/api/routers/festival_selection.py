"""Endpoints of the festival's site selection: run a selection with given weights and constraints,
read the latest run.

Selection runs are the campaign's organisers' (can_manage_campaign): anyone else who is signed in
gets 403 (the campaign itself is public to signed-in users, its selection is not); an unknown year
is 404. A run with up to 2,000 candidates is solved before the answer; a larger one is queued for
the worker and the answer has status "queued": GET it again for its progress and result.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import Router, Status

from phongtrao.festival.core import get_campaign
from phongtrao.festival.models import Campaign, SelectionDecision, SelectionRun
from phongtrao.festival.permissions import can_manage_campaign
from phongtrao.festival.selection import actions
from phongtrao.festival.selection.explain import problem_text, reason_text
from phongtrao.festival.selection.queries import latest_run
from phongtrao.festival.selection.scoring import KINDS

from ..auth import caller
from ..schemas import ERRORS, ERRORS_WITH_VALIDATION, ErrorOut
from ..schemas_festival_selection import SelectionIn, SelectionRunOut

router = Router(tags=["festival"])

NON_FIELD = "__all__"


def _campaign_for(request, year: int) -> Campaign:
    campaign = get_campaign(year)
    if not can_manage_campaign(caller(request), campaign):
        raise PermissionDenied
    return campaign


def _parameters(payload: SelectionIn) -> dict[str, Any]:
    """The body as Settings.to_dict keys (only what was given: the rest is the campaign's)."""
    data: dict[str, Any] = {}
    if payload.weights is not None:
        data["weights"] = payload.weights.model_dump(exclude_none=True)
    if payload.constraints is not None:
        constraints = payload.constraints.model_dump(exclude_none=True)
        for name in ("kind_min", "kind_max_share"):
            if name in constraints:
                given = {str(kind): value for kind, value in constraints.pop(name).items()}
                data[name] = {kind: given.get(kind, "") for kind in KINDS}  # replaces the campaign's
        data.update(constraints)
    return data


def _out(run: SelectionRun) -> dict[str, Any]:
    selected = (
        SelectionDecision.objects.filter(run=run, selected=True)
        .select_related("nomination__province", "nomination__region")
        .order_by("rank")
    )
    return {
        "id": run.pk,
        "year": run.campaign.year,
        "status": run.status,
        "progress": run.progress,
        "candidates": run.candidates,
        "considered": run.considered,
        "selected_count": run.selected_count,
        "objective": run.objective,
        "solve_seconds": run.solve_seconds,
        "parameters": run.parameters,
        "pins": run.pins,
        "problems": [
            {"code": p.get("code", ""), "message": problem_text(p.get("code", ""), p.get("detail"))} for p in run.problems
        ],
        "selected": [
            {
                "nomination_id": d.nomination_id,
                "site_name": d.nomination.site_name,
                "province": d.nomination.province.name,
                "region": d.nomination.region.code if d.nomination.region else None,
                "kind": d.nomination.kind,
                "rank": d.rank,
                "score": d.score,
                "parts": d.parts,
                "reason": d.reason,
                "reason_text": reason_text(d.reason, d.detail),
            }
            for d in selected
        ],
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "adopted_at": run.adopted_at,
    }


def _invalid(exc: DjangoValidationError) -> Status:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
    problems = [
        {"field": field, "message": message, "type": "invalid"} for field, messages in fields.items() for message in messages
    ]
    return Status(422, {"detail": " ".join(p["message"] for p in problems), "errors": problems})


@router.post(
    "/festival/{year}/selection",
    response={201: SelectionRunOut, **ERRORS_WITH_VALIDATION, 403: ErrorOut},
    summary="Run the site selection",
)
def festival_selection_start(request, year: int, payload: SelectionIn):
    """Choose the national showcase sites with the campaign's weights and constraints, overridden by
    the body's. The answer lists the selected sites with every part of their scores and the reason
    each is in; `problems` says in words why no selection exists when the constraints conflict."""
    campaign = _campaign_for(request, year)
    try:
        run = actions.start_run(actor=caller(request), campaign=campaign, parameters=_parameters(payload))
    except DjangoValidationError as exc:
        return _invalid(exc)
    run.refresh_from_db()
    run.campaign = campaign
    return Status(201, _out(run))


@router.get(
    "/festival/{year}/selection",
    response={200: SelectionRunOut, **ERRORS, 403: ErrorOut},
    summary="The latest site selection",
)
def festival_selection_latest(request, year: int):
    """The latest run of the campaign (404 when none has been run)."""
    campaign = _campaign_for(request, year)
    run = latest_run(campaign)
    if run is None:
        raise Http404
    return _out(run)
