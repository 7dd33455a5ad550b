"""Endpoints of the meetings app: directive extraction from Vietnamese text.

The extraction writes nothing; it proposes. Units are matched against what the caller may name
(the units they can see, the top-level units and the partner bodies), exactly as on the page.
"""

from django.utils.translation import gettext as _
from ninja import Router

from phongtrao.meetings.extraction import ExtractionInputError, Proposal, check_text, extract_for
from phongtrao.meetings.unitmatch import UnitRef

from ..auth import caller
from ..errors import InvalidParameter
from ..schemas import ERRORS_WITH_VALIDATION
from ..schemas_meetings import ExtractIn, ProposedDirectiveOut

router = Router(tags=["meetings"])


def _unit(ref: UnitRef | None) -> dict | None:
    return None if ref is None else {"unit_id": ref.id, "code": ref.code, "name": ref.name}


def _out(proposal: Proposal) -> dict:
    deadline = proposal.deadline
    return {
        "sentence": proposal.text,
        "action": proposal.action,
        "responsible": _unit(proposal.responsible),
        "responsible_group": proposal.responsible_group,
        "coordinators": [_unit(c) for c in proposal.coordinators],
        "deadline": None
        if deadline is None
        else {"date": deadline.date, "phrase": deadline.phrase, "kind": deadline.kind, "recurrence": deadline.recurrence or ""},
        "confidence": proposal.confidence,
        "reasons": proposal.reasons,
    }


@router.post(
    "/directives/extract",
    response={200: list[ProposedDirectiveOut], **ERRORS_WITH_VALIDATION},
    summary="Propose directives from a text",
)
def directive_extract(request, payload: ExtractIn):
    """The directives found in `text`, with lead unit, coordinating units and deadline (counted
    from `meeting_date`), in the order of the text. Nothing is recorded."""
    try:
        text = check_text(payload.text)
    except ExtractionInputError as exc:
        raise InvalidParameter("text", exc.message) from None
    if not 2000 <= payload.meeting_date.year <= 2100:
        raise InvalidParameter("meeting_date", _("Enter a meeting date between 2000 and 2100."))
    return [_out(p) for p in extract_for(caller(request), text, payload.meeting_date)]
