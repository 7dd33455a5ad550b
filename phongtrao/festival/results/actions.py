"""Every state change of the festival's results: report a site's results by form, change them,
upload a results workbook (checked and written by importer.py, in the request or in the background).

Actions are keyword-only, check who may act (PermissionDenied), validate with Vietnamese messages
keyed by field (ValidationError, nothing written), run in one transaction and write an audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize
from phongtrao.org.enums import AreaLevel
from phongtrao.org.models import Area, Unit

from ..core import date_text
from ..enums import ImportStatus, ResultSource, SiteKind, SiteLevel
from ..geography import region_map
from ..models import Campaign, ResultField, ResultImport, ResultRow, Site
from ..permissions import can_act_for_unit
from . import importer
from .queries import REPORTING_KINDS, fields_of

MAX_NAME_LENGTH = importer.MAX_NAME_LENGTH
MAX_VALUE = importer.MAX_VALUE
ROW_FIELDS = ("site_name", "site_kind", "site_level", "held_on")


def value_field(key: str) -> str:
    """The form field (and error key) of a figure."""
    return f"value_{key}"


def _require_reporter(actor, unit: Unit) -> None:
    if not (actor is not None and actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    if unit.kind not in REPORTING_KINDS or not unit.is_active or not can_act_for_unit(actor, unit):
        raise PermissionDenied


def _figures(fields: list[ResultField], values: Mapping[str, object]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """The figures as whole numbers >= 0 (absent ones left out); required ones present."""
    clean: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for field in fields:
        raw = values.get(field.key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required:
                errors[value_field(field.key)] = [_("Enter “%(label)s”.") % {"label": field.label}]
            continue
        parsed = importer.parse_count(raw)
        if isinstance(parsed, str):
            errors[value_field(field.key)] = [parsed]
        else:
            clean[field.key] = parsed
    return clean, errors


def _row_errors(
    campaign: Campaign,
    *,
    unit: Unit,
    commune: Area | None,
    site_name: str,
    site_kind: str,
    site_level: str,
    held_on: datetime.date | None,
    exclude: int | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if commune is None or commune.level != AreaLevel.COMMUNE:
        errors["commune"] = [_("Choose the commune where the festival was held.")]
    elif unit.area is None or not commune.path.startswith(unit.area.path):
        errors["commune"] = [_("%(commune)s lies outside the area of %(unit)s.") % {"commune": commune.name, "unit": unit.name}]
    if not site_name:
        errors["site_name"] = [_("Enter the name of the site.")]
    elif len(site_name) > MAX_NAME_LENGTH:
        errors["site_name"] = [_("The name may have at most %(count)s characters.") % {"count": MAX_NAME_LENGTH}]
    if site_kind not in SiteKind.values:
        errors["site_kind"] = [_("Choose the kind of site.")]
    if site_level not in SiteLevel.values:
        errors["site_level"] = [_("Choose the level of the site.")]
    if held_on is None:
        errors["held_on"] = [_("Enter the date the festival was held.")]
    elif not campaign.window_start <= held_on <= campaign.window_end:
        errors["held_on"] = [
            _("The date must lie within the campaign's window (%(start)s to %(end)s).")
            % {"start": date_text(campaign.window_start), "end": date_text(campaign.window_end)}
        ]
    if "commune" not in errors and "site_name" not in errors and "site_kind" not in errors:
        twins = ResultRow.objects.filter(campaign=campaign, commune=commune, site_kind=site_kind, site_name=site_name)
        if exclude is not None:
            twins = twins.exclude(pk=exclude)
        twin = twins.select_related("unit").first()
        if twin is not None:
            errors["site_name"] = [
                _("The results of this site have already been reported by %(unit)s.") % {"unit": twin.unit.name}
            ]
    return errors


def _site_for(campaign: Campaign, commune: Area, kind: str, name: str) -> Site | None:
    """The registered site these results are of, if there is one (same commune, kind and name)."""
    return (
        Site.objects.filter(campaign=campaign, area__path__startswith=commune.path, kind=kind, name=name).order_by("pk").first()
    )


def _figure_lines(fields: list[ResultField], values: Mapping[str, int], keys=None) -> list[str]:
    wanted = keys if keys is not None else values.keys()
    lines = []
    for field in fields:
        if field.key in wanted:
            value = values.get(field.key)
            shown = "—" if value is None else f"{value:,}".replace(",", ".")
            lines.append(f"{field.label}: {shown}")
    return lines


def _snapshot(row: ResultRow) -> dict:
    return {
        "result_commune": row.commune.name,
        "site_name": row.site_name,
        "site_kind": row.site_kind,
        "site_level": row.site_level,
        "held_on": row.held_on.isoformat(),
    }


@transaction.atomic
def result_create(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    commune: Area | None,
    site_name: str,
    site_kind: str,
    site_level: str,
    held_on: datetime.date | None,
    values: Mapping[str, object],
) -> ResultRow:
    """A unit reports the results of one site (commune police: their commune; provincial police:
    any commune of the province)."""
    _require_reporter(actor, unit)
    site_name = normalize(site_name)
    fields = fields_of(campaign)
    errors = _row_errors(
        campaign, unit=unit, commune=commune, site_name=site_name, site_kind=site_kind, site_level=site_level, held_on=held_on
    )
    figures, figure_errors = _figures(fields, values)
    errors.update(figure_errors)
    if errors or commune is None or commune.parent_id is None or held_on is None:
        raise ValidationError(errors)
    row = ResultRow(
        campaign=campaign,
        unit=unit,
        commune=commune,
        province_id=commune.parent_id,
        region_id=region_map([commune.pk]).get(commune.pk),
        site=_site_for(campaign, commune, site_kind, site_name),
        site_name=site_name,
        site_kind=site_kind,
        site_level=site_level,
        held_on=held_on,
        values=figures,
        source=ResultSource.FORM,
        submitted_by=actor,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # reported by someone else a moment ago
        raise ValidationError({"site_name": [_("The results of this site have already been reported.")]}) from exc
    auditing.record(
        actor=actor,
        obj=row,
        code="festival.result.created",
        unit=unit,
        new={**_snapshot(row), "result_figures": _figure_lines(fields, figures)},
    )
    return row


@transaction.atomic
def result_update(
    *,
    actor,
    row: ResultRow,
    commune: Area | None,
    site_name: str,
    site_kind: str,
    site_level: str,
    held_on: datetime.date | None,
    values: Mapping[str, object],
) -> ResultRow:
    """Correct a site's results; the audit keeps what each figure was and became."""
    row = ResultRow.objects.select_for_update(of=("self",)).select_related("campaign", "unit__area", "commune").get(pk=row.pk)
    _require_reporter(actor, row.unit)
    campaign = row.campaign
    site_name = normalize(site_name)
    fields = fields_of(campaign)
    errors = _row_errors(
        campaign,
        unit=row.unit,
        commune=commune,
        site_name=site_name,
        site_kind=site_kind,
        site_level=site_level,
        held_on=held_on,
        exclude=row.pk,
    )
    figures, figure_errors = _figures(fields, values)
    errors.update(figure_errors)
    if errors or commune is None or commune.parent_id is None or held_on is None:
        raise ValidationError(errors)
    # Figures of fields deleted since stay as they were (a field in use cannot be deleted anyway).
    known = {field.key for field in fields}
    figures = {**{k: v for k, v in row.values.items() if k not in known}, **figures}
    before = _snapshot(row)
    old_values = dict(row.values)
    if commune.pk != row.commune_id:
        row.commune = commune
        row.province_id = commune.parent_id
        row.region_id = region_map([commune.pk]).get(commune.pk)
    row.site_name, row.site_kind, row.site_level, row.held_on = site_name, site_kind, site_level, held_on
    row.values = figures
    row.site = _site_for(campaign, commune, site_kind, site_name)
    row.source = ResultSource.FORM
    row.submitted_by = actor
    old, new = auditing.diff(before, _snapshot(row))
    changed = sorted(k for k in set(old_values) | set(figures) if old_values.get(k) != figures.get(k))
    if changed:
        old["result_figures"] = _figure_lines(fields, old_values, changed)
        new["result_figures"] = _figure_lines(fields, figures, changed)
    if not new:
        return row
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError({"site_name": [_("The results of this site have already been reported.")]}) from exc
    auditing.record(actor=actor, obj=row, code="festival.result.changed", unit=row.unit, old=old, new=new)
    return row


# --- imports -------------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, actor, campaign: Campaign, unit: Unit, uploaded) -> ResultImport:
    """Store an uploaded workbook as a queued import; importer.run_import checks and writes it.
    Only the file itself is checked here (an .xlsx workbook of a sensible size)."""
    _require_reporter(actor, unit)
    name = normalize(PurePosixPath(getattr(uploaded, "name", "") or "").name)[:255]
    errors: list[str] = []
    if PurePosixPath(name).suffix.lower() != ".xlsx":
        errors.append(_("Upload the results as an Excel workbook (.xlsx) made from the template."))
    size = getattr(uploaded, "size", None)
    if size is not None and size > importer.MAX_BYTES:
        errors.append(_("The file is larger than %(size)s MB.") % {"size": importer.MAX_BYTES // (1024 * 1024)})
    elif size == 0:
        errors.append(_("The file is empty."))
    if errors:
        raise ValidationError({"file": errors})
    result_import = ResultImport(campaign=campaign, unit=unit, name=name, uploaded_by=actor, status=ImportStatus.QUEUED)
    result_import.file.save(name, uploaded, save=False)
    data_rows = None
    with result_import.file.open("rb") as handle:
        hint = importer.row_count_hint(handle.read())
    if hint is not None:
        data_rows = max(0, hint - 1)
    result_import.total_rows = data_rows or 0
    result_import.save()
    auditing.record(
        actor=actor, obj=result_import, code="festival.results.uploaded", unit=unit, new={"file_name": name, "rows": data_rows}
    )
    return result_import


def runs_in_background(result_import: ResultImport) -> bool:
    """Files of more than SYNC_LIMIT rows (or of unknown length above 256 KB) run in a task."""
    if result_import.total_rows:
        return result_import.total_rows > importer.SYNC_LIMIT
    try:
        return result_import.file.size > 256 * 1024
    except OSError:
        return True
