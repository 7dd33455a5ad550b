"""Forms of the site selection: the weights and constraints, and the filters of the result table.
Their fields are named like the keys of the settings' errors (scoring.parse_settings), so an
action's ValidationError lands on the right field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phongtrao.org.enums import TagKind
from phongtrao.org.models import Area, Tag

from ..enums import SiteKind
from .explain import CRITERIA, LEFT_OUT_REASONS, SELECTED_REASONS
from .queries import LEFT_OUT, SELECTED
from .scoring import KINDS, MAX_CAP, MAX_SITES_LIMIT, MAX_WEIGHT, WEIGHT_KEYS, Settings

CONSTRAINTS = (
    ("min_sites", _("Minimum number of sites"), 1, MAX_SITES_LIMIT),
    ("max_sites", _("Maximum number of sites"), 1, MAX_SITES_LIMIT),
    ("max_per_province", _("At most this many sites per province (K)"), 1, MAX_SITES_LIMIT),
    ("min_priority", _("At least this many sites in the priority regions (M)"), 0, MAX_SITES_LIMIT),
    ("recent_years", _("No site that hosted national leaders in the last Y years (Y)"), 0, MAX_CAP),
    ("models_cap", _("Models in place: count at most"), 0, MAX_CAP),
    ("years_cap", _("Years since hosting: count at most"), 0, MAX_CAP),
)

WEIGHT_HELP = {
    "ethnic_minority": _("Full points when the whole population is from ethnic minorities, in proportion below."),
    "security": _("Points per level above “stable”."),
    "models": _("Points per model in place."),
    "years_since_hosted": _("Points per year since it last hosted national leaders (never: the maximum)."),
}


def _number(label, low: int, high: int | None, *, required: bool = True, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        required=required,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
    )


class SettingsForm(forms.Form):
    """Weights (points per criterion) and constraints of the campaign's selection."""

    priority_regions = forms.MultipleChoiceField(
        label=_("Priority regions"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in WEIGHT_KEYS:
            self.fields[f"weight_{key}"] = _number(CRITERIA[key], 0, MAX_WEIGHT, help_text=WEIGHT_HELP.get(key, ""))
        for name, label, low, high in CONSTRAINTS:
            self.fields[name] = _number(label, low, high)
        for kind, label in SiteKind.choices:
            self.fields[f"kind_min_{kind}"] = _number(label, 0, MAX_SITES_LIMIT)
            self.fields[f"kind_max_share_{kind}"] = _number(label, 1, 100, required=False)
        regions = cast(forms.MultipleChoiceField, self.fields["priority_regions"])
        regions.choices = list(Tag.objects.filter(kind=TagKind.REGION).order_by("sort_key").values_list("code", "name"))

    @classmethod
    def initial_for(cls, settings: Settings) -> dict[str, Any]:
        initial: dict[str, Any] = {f"weight_{key}": settings.weight(key) for key in WEIGHT_KEYS}
        for name, *_rest in CONSTRAINTS:
            initial[name] = getattr(settings, name)
        initial["priority_regions"] = list(settings.priority_regions)
        for kind in KINDS:
            initial[f"kind_min_{kind}"] = settings.kind_min.get(kind, 0)
            initial[f"kind_max_share_{kind}"] = settings.kind_max_share.get(kind)
        return initial

    def weight_fields(self):
        return [self[f"weight_{key}"] for key in WEIGHT_KEYS]

    def constraint_fields(self):
        return [self[name] for name, *_rest in CONSTRAINTS]

    def kind_rows(self):
        return [(label, self[f"kind_min_{kind}"], self[f"kind_max_share_{kind}"]) for kind, label in SiteKind.choices]

    def settings_data(self) -> dict[str, Any]:
        """The cleaned values in the shape of Settings.to_dict (for the actions)."""
        data = self.cleaned_data
        return {
            "weights": {key: data[f"weight_{key}"] for key in WEIGHT_KEYS},
            **{name: data[name] for name, *_rest in CONSTRAINTS},
            "priority_regions": list(data["priority_regions"]),
            "kind_min": {kind: data[f"kind_min_{kind}"] for kind in KINDS},
            "kind_max_share": {kind: data[f"kind_max_share_{kind}"] or "" for kind in KINDS},
        }


class DecisionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Selected and left out")), (SELECTED, _("Selected")), (LEFT_OUT, _("Left out"))],
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Area.objects.none(), required=False)
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    nomination = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        province = cast(forms.ModelChoiceField, self.fields["province"])
        province.queryset = provinces
        province.empty_label = _("All provinces")
        reason = cast(forms.ChoiceField, self.fields["reason"])
        reason.choices = [
            ("", _("All reasons")),
            (_("Selected"), list(SELECTED_REASONS.items())),
            (_("Left out"), list(LEFT_OUT_REASONS.items())),
        ]
        for name in ("status", "province", "reason"):
            self.fields[name].widget.attrs.update({"class": "form-select form-select-sm", "data-autosubmit": ""})

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_valid() else {}
