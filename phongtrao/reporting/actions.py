"""Every state change of periodic reporting: send a request, save a draft, submit a version,
return a version, close the request.

Each action is keyword-only, checks who may act (PermissionDenied otherwise), validates its input
with Vietnamese messages keyed by field (ValidationError, nothing written), runs in its own
transaction and writes its audit row. Drafts, versions and returns are audited on the target, in
the unit that reports, so both that unit and the requesting side see them in their history.
A draft's content is never put in the audit: the requester does not read drafts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.org.models import Unit

from .enums import ReportKind, RequestState
from .figures import parse_number, vn_figure
from .models import Attachment, ReportRequest, ReportTarget, Submission, SubmissionReturn
from .permissions import can_manage, can_report_for, can_request_for
from .queries import reachable_units

MAX_FIELDS = 30
MAX_LABEL_LENGTH = 200
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_DRAFT_FILES = 20
ALLOWED_EXTENSIONS = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png"})


def _date_text(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require_active(actor) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_active):
        raise PermissionDenied


def _raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- the request ---------------------------------------------------------------------------------


def _period_errors(period_start, period_end, cutoff, due_date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    required = {
        "period_start": _("Enter the first day of the reporting period."),
        "period_end": _("Enter the last day of the reporting period."),
        "cutoff": _("Enter the data cut-off date."),
        "due_date": _("Enter the due date."),
    }
    values = {"period_start": period_start, "period_end": period_end, "cutoff": cutoff, "due_date": due_date}
    for name, value in values.items():
        if value is None:
            errors[name] = [required[name]]
    if errors:
        return errors
    if period_end < period_start:
        errors["period_end"] = [_("The end of the period cannot be before its start.")]
    elif not period_start <= cutoff <= period_end:
        errors["cutoff"] = [
            _("The data cut-off date must lie within the reporting period (%(start)s to %(end)s).")
            % {"start": _date_text(period_start), "end": _date_text(period_end)}
        ]
    if due_date < period_start:
        errors["due_date"] = [_("The due date cannot be before the start of the period.")]
    return errors


def _field_definitions(labels: Iterable[str]) -> tuple[list[dict[str, str]], list[str]]:
    cleaned = [normalize(label) for label in labels]
    cleaned = [label for label in cleaned if label]
    errors: list[str] = []
    if len(cleaned) > MAX_FIELDS:
        errors.append(_("Ask for at most %(count)s figures.") % {"count": MAX_FIELDS})
    if any(len(label) > MAX_LABEL_LENGTH for label in cleaned):
        errors.append(_("A figure's name may have at most %(count)s characters.") % {"count": MAX_LABEL_LENGTH})
    seen: set[str] = set()
    for label in cleaned:
        if label.casefold() in seen:
            errors.append(_("The figure “%(label)s” is listed twice.") % {"label": label})
        seen.add(label.casefold())
    return [{"key": f"f{index}", "label": label} for index, label in enumerate(cleaned, start=1)], errors


@transaction.atomic
def request_create(
    *,
    actor,
    owner: Unit,
    title: str,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    cutoff: datetime.date,
    due_date: datetime.date,
    instructions: str = "",
    fields: Sequence[str] = (),
    target_units: Iterable[Unit],
) -> ReportRequest:
    """Send a request to units the owner may direct: below it, or overseen by it (and below those)."""
    _require_active(actor)
    if not can_request_for(actor, owner):
        raise PermissionDenied
    errors = _period_errors(period_start, period_end, cutoff, due_date)
    title = normalize(title)
    if not title:
        errors["title"] = [_("Enter the title of the request.")]
    if kind not in ReportKind.values:
        errors["kind"] = [_("Choose the kind of report.")]
    definitions, field_errors = _field_definitions(fields)
    if field_errors:
        errors["fields"] = field_errors
    units = list({unit.pk: unit for unit in target_units}.values())
    if not units:
        errors["target_units"] = [_("Choose at least one unit to report.")]
    else:
        reachable = set(reachable_units(owner).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
        outside = sorted((u for u in units if u.pk not in reachable), key=lambda u: u.path)
        if outside:
            errors["target_units"] = [
                _("%(owner)s may not ask these units for reports: %(units)s.")
                % {"owner": owner.name, "units": ", ".join(u.name for u in outside[:10]) + (" …" if len(outside) > 10 else "")}
            ]
    _raise_if(errors)
    request = ReportRequest.objects.create(
        owner=owner,
        title=title,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        cutoff=cutoff,
        due_date=due_date,
        instructions=instructions.strip(),
        fields=definitions,
        created_by=actor,
    )
    ReportTarget.objects.bulk_create([ReportTarget(request=request, unit=unit) for unit in units], batch_size=500)
    auditing.record(
        actor=actor,
        obj=request,
        code="reporting.request.created",
        unit=owner,
        new={
            "report_title": title,
            "report_kind": kind,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "cutoff": cutoff.isoformat(),
            "due_date": due_date.isoformat(),
            "report_figures": [d["label"] for d in definitions],
            "target_count": len(units),
        },
    )
    return request


@transaction.atomic
def request_close(*, actor, request: ReportRequest) -> ReportRequest:
    """No more drafts, versions or returns; the consolidation stays available."""
    _require_active(actor)
    request = ReportRequest.objects.select_for_update().select_related("owner").get(pk=request.pk)
    if not can_manage(actor, request):
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(_("This request is already closed."))
    request.state = RequestState.CLOSED
    request.closed_at = timezone.now()
    request.closed_by = actor
    request.save(update_fields=["state", "closed_at", "closed_by"])
    auditing.record(
        actor=actor,
        obj=request,
        code="reporting.request.closed",
        unit=request.owner,
        old={"request_state": RequestState.OPEN.value},
        new={"request_state": RequestState.CLOSED.value},
    )
    return request


# --- a unit's report -----------------------------------------------------------------------------


def _locked_target(target: ReportTarget) -> ReportTarget:
    return ReportTarget.objects.select_for_update().select_related("request__owner", "unit").get(pk=target.pk)


def _latest(target: ReportTarget) -> Submission | None:
    return target.submissions.select_related("returned").order_by("-version").first()


def _is_returned(submission: Submission) -> bool:
    return hasattr(submission, "returned")  # fetched with the version by _latest


def _check_writable(target: ReportTarget) -> Submission | None:
    """The request is open and the unit owes a version: none yet, or the last one came back."""
    if not target.request.is_open:
        raise ValidationError(_("This request is closed: nothing more can be submitted."))
    latest = _latest(target)
    if latest is not None and not _is_returned(latest):
        raise ValidationError(
            _("Version %(version)s has been submitted. It can only be changed if the requesting unit returns it.")
            % {"version": latest.version}
        )
    return latest


def _figure_values(target: ReportTarget, figures: Mapping[str, object]) -> tuple[dict, dict[str, list[str]]]:
    values: dict[str, int | float] = {}
    errors: dict[str, list[str]] = {}
    for field in target.request.fields:
        raw = figures.get(field["key"])
        try:
            number = parse_number(raw)
        except ValueError:
            errors[f"figure_{field['key']}"] = [
                _("“%(label)s” must be a number, e.g. 12 or 1.250 or 2,5.") % {"label": field["label"]}
            ]
            continue
        if number is not None:
            values[field["key"]] = number
    return values, errors


def _file_errors(files: Sequence, kept: int) -> list[str]:
    errors: list[str] = []
    if kept + len(files) > MAX_DRAFT_FILES:
        errors.append(_("A report can have at most %(count)s attached files.") % {"count": MAX_DRAFT_FILES})
    for upload in files:
        name = PurePosixPath(upload.name or "").name
        if PurePosixPath(name).suffix.lower() not in ALLOWED_EXTENSIONS:
            errors.append(
                _("“%(name)s”: only PDF, Word, Excel, OpenDocument and JPEG/PNG files can be attached.") % {"name": name}
            )
        elif upload.size > MAX_FILE_SIZE:
            errors.append(_("“%(name)s” is larger than 10 MB.") % {"name": name})
        elif upload.size == 0:
            errors.append(_("“%(name)s” is empty.") % {"name": name})
    return errors


@transaction.atomic
def draft_save(
    *,
    actor,
    target: ReportTarget,
    text: str,
    figures: Mapping[str, object],
    add_files: Sequence = (),
    remove_attachments: Iterable[int] = (),
) -> ReportTarget:
    """Save the unit's working draft: text, figures (numbers or empty) and attached files."""
    _require_active(actor)
    target = _locked_target(target)
    if not can_report_for(actor, target):
        raise PermissionDenied
    _check_writable(target)
    values, errors = _figure_values(target, figures)
    draft_files = {a.pk: a for a in target.attachments.filter(in_draft=True)}
    removing = [draft_files[int(pk)] for pk in remove_attachments if int(pk) in draft_files]
    file_errors = _file_errors(add_files, len(draft_files) - len(removing))
    if file_errors:
        errors["add_files"] = file_errors
    _raise_if(errors)

    for attachment in removing:
        if attachment.submissions.exists():  # kept with the versions that included it
            attachment.in_draft = False
            attachment.save(update_fields=["in_draft"])
        else:  # never part of a version: the row goes now, the file once the change is committed
            storage, name = attachment.file.storage, attachment.file.name
            attachment.delete()
            if name:
                transaction.on_commit(partial(storage.delete, name))
    for upload in add_files:
        name = normalize(PurePosixPath(upload.name).name)[:255]
        Attachment.objects.create(target=target, file=upload, name=name, size=upload.size, uploaded_by=actor)

    target.draft_text = (text or "").strip()
    target.draft_figures = values
    target.draft_saved_at = timezone.now()
    target.draft_saved_by = actor
    target.draft_revision += 1
    target.save(update_fields=["draft_text", "draft_figures", "draft_saved_at", "draft_saved_by", "draft_revision"])
    new: dict[str, object] = {"draft_revision": target.draft_revision}
    if add_files:
        new["files_added"] = len(add_files)
    if removing:
        new["files_removed"] = len(removing)
    auditing.record(actor=actor, obj=target, code="reporting.draft.saved", unit=target.unit, new=new)
    return target


@transaction.atomic
def submission_submit(*, actor, target: ReportTarget, revision: int) -> Submission:
    """Submit the saved draft as the next version. `revision` is the draft revision the author
    reviewed: if the draft changed since, nothing is submitted."""
    _require_active(actor)
    target = _locked_target(target)
    if not can_report_for(actor, target):
        raise PermissionDenied
    _check_writable(target)
    if revision != target.draft_revision:
        raise ValidationError(_("The draft has changed since you reviewed it. Review it again before submitting."))
    errors: dict[str, list[str]] = {}
    if not target.draft_text.strip():
        errors["text"] = [_("Write the report before submitting it.")]
    for field in target.request.fields:
        if field["key"] not in target.draft_figures:
            errors[f"figure_{field['key']}"] = [_("Enter “%(label)s” before submitting.") % {"label": field["label"]}]
    _raise_if(errors)

    version = (target.submissions.aggregate(last=Max("version"))["last"] or 0) + 1
    now = timezone.now()
    submission = Submission.objects.create(
        target=target,
        version=version,
        text=target.draft_text,
        figures=dict(target.draft_figures),
        submitted_by=actor,
        submitted_at=now,
    )
    submission.attachments.set(target.attachments.filter(in_draft=True))
    late = timezone.localdate(now) > target.request.due_date
    labels = target.request.field_labels()
    auditing.record(
        actor=actor,
        obj=target,
        code="reporting.submission.submitted",
        unit=target.unit,
        new={
            "version": version,
            "submitted_late": late,
            "report_figures": [
                f"{labels[key]}: {vn_figure(value)}" for key, value in submission.figures.items() if key in labels
            ],
        },
    )
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str) -> SubmissionReturn:
    """Send the latest version back with a reason; the unit may then submit a new version."""
    _require_active(actor)
    target = _locked_target(submission.target)
    if not can_manage(actor, target.request):
        raise PermissionDenied
    if not target.request.is_open:
        raise ValidationError(_("This request is closed: nothing more can be submitted."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for returning the report.")]})
    latest = _latest(target)
    if latest is None or latest.pk != submission.pk:
        raise ValidationError(_("Only the latest version can be returned."))
    if _is_returned(latest):
        raise ValidationError(_("This version has already been returned."))
    returned = SubmissionReturn.objects.create(submission=latest, reason=reason, returned_by=actor)
    auditing.record(
        actor=actor,
        obj=target,
        code="reporting.submission.returned",
        unit=target.unit,
        new={"version": latest.version, "reason": reason},
    )
    return returned
