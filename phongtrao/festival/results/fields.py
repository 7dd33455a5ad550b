"""The figures every unit reports for a year (ResultField): add, edit, delete while unused.

The defaults (festival.defaults.RESULT_FIELDS) are copied into each new campaign; the organisers
of the campaign adjust them for the year. A field's key is fixed when it is created (the rows'
values are stored under it); its label, group, kind, order and whether it is required may change.
A field may be deleted only while no row holds a value for it.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import fold, normalize

from ..enums import ResultFieldGroup, ResultFieldKind
from ..models import Campaign, ResultField, ResultRow
from ..permissions import can_manage_campaign

MAX_LABEL_LENGTH = 200
MAX_FIELDS = 60
MAX_ORDER = 32767
_NOT_KEY = re.compile(r"[^a-z0-9]+")

# Audit keys, prefixed so that they never collide with another app's labels.
AUDIT_KEYS = {
    "label": "result_field_label",
    "group": "result_field_group",
    "kind": "result_field_kind",
    "order": "result_field_order",
    "required": "result_field_required",
}


def _snapshot(field: ResultField) -> dict:
    return {AUDIT_KEYS[name]: getattr(field, name) for name in AUDIT_KEYS}


def _errors(campaign: Campaign, *, label: str, group: str, kind: str, order: int | None, exclude: int | None = None) -> dict:
    errors: dict[str, list[str]] = {}
    if not label:
        errors["label"] = [_("Enter the name of the figure.")]
    elif len(label) > MAX_LABEL_LENGTH:
        errors["label"] = [_("The name of a figure may have at most %(count)s characters.") % {"count": MAX_LABEL_LENGTH}]
    else:
        others = ResultField.objects.filter(campaign=campaign)
        if exclude is not None:
            others = others.exclude(pk=exclude)
        if any(fold(other) == fold(label) for other in others.values_list("label", flat=True)):
            errors["label"] = [_("Another figure of this year already has this name.")]
    if group not in ResultFieldGroup.values:
        errors["group"] = [_("Choose the group of the figure.")]
    if kind not in ResultFieldKind.values:
        errors["kind"] = [_("Choose whether the figure is a count or an amount in đồng.")]
    if order is not None and not 0 <= order <= MAX_ORDER:
        errors["order"] = [_("The order must be a whole number from 0 to %(max)s.") % {"max": MAX_ORDER}]
    return errors


def new_key(campaign: Campaign, label: str) -> str:
    """A key made from the label ("Số người tham dự" -> "so_nguoi_tham_du"), unique in the campaign."""
    base = _NOT_KEY.sub("_", fold(label)).strip("_")[:34].strip("_") or "figure"
    if base[0].isdigit():  # a key of digits would read as a list index in JSON paths
        base = f"f_{base}"
    taken = set(ResultField.objects.filter(campaign=campaign).values_list("key", flat=True))
    key, suffix = base, 2
    while key in taken:
        key = f"{base}_{suffix}"
        suffix += 1
    return key


def field_in_use(field: ResultField) -> bool:
    """Whether any row of the campaign holds a value (zero included) for this field."""
    return ResultRow.objects.filter(campaign_id=field.campaign_id, values__has_key=field.key).exists()


@transaction.atomic
def result_field_create(
    *, actor, campaign: Campaign, label: str, group: str, kind: str, order: int | None = None, required: bool = False
) -> ResultField:
    """Add a figure to the year's results; by default it comes last."""
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    label = normalize(label)
    errors = _errors(campaign, label=label, group=group, kind=kind, order=order)
    if ResultField.objects.filter(campaign=campaign).count() >= MAX_FIELDS:
        errors.setdefault("label", []).append(_("A year may have at most %(count)s figures.") % {"count": MAX_FIELDS})
    if errors:
        raise ValidationError(errors)
    if order is None:
        last = ResultField.objects.filter(campaign=campaign).aggregate(last=Max("order"))["last"]
        order = min(MAX_ORDER, (last if last is not None else -1) + 1)
    field = ResultField.objects.create(
        campaign=campaign, key=new_key(campaign, label), label=label, group=group, kind=kind, order=order, required=required
    )
    auditing.record(actor=actor, obj=field, code="festival.result_field.created", unit=campaign.owner, new=_snapshot(field))
    return field


@transaction.atomic
def result_field_update(
    *, actor, field: ResultField, label: str, group: str, kind: str, order: int, required: bool
) -> ResultField:
    """Change a figure's label, group, kind, order or whether it is required (not its key)."""
    field = ResultField.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=field.pk)
    campaign = field.campaign
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    label = normalize(label)
    errors = _errors(campaign, label=label, group=group, kind=kind, order=order, exclude=field.pk)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(field)
    field.label, field.group, field.kind, field.order, field.required = label, group, kind, order, required
    old, new = auditing.diff(before, _snapshot(field))
    if new:
        field.save(update_fields=["label", "group", "kind", "order", "required"])
        auditing.record(actor=actor, obj=field, code="festival.result_field.changed", unit=campaign.owner, old=old, new=new)
    return field


@transaction.atomic
def result_field_delete(*, actor, field: ResultField) -> None:
    """Delete a figure nobody has reported yet."""
    field = ResultField.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=field.pk)
    campaign = field.campaign
    if not can_manage_campaign(actor, campaign):
        raise PermissionDenied
    if field_in_use(field):
        raise ValidationError(
            _("Figures have already been reported for “%(label)s”: it cannot be deleted.") % {"label": field.label}
        )
    auditing.record(actor=actor, obj=field, code="festival.result_field.deleted", unit=campaign.owner, old=_snapshot(field))
    field.delete()
