"""Forms of the leaders and the schedule: they validate input; the actions check the rest."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from phongtrao.org.enums import TagKind
from phongtrao.org.models import Tag

from ..enums import LeaderBody, LeaderRank
from ..models import Campaign, Leader
from .actions import MAX_SITES_LIMIT
from .days import days_text, parse_days
from .queries import on_schedule


def day_label(day: datetime.date) -> str:
    return dateformat.format(day, "D d/m/Y")


def window_choices(campaign: Campaign) -> list[tuple[str, str]]:
    return [(day.isoformat(), day_label(day)) for day in campaign.window_days()]


class LeaderForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=255, help_text=_("For example: Deputy Prime Minister."))
    body = forms.ChoiceField(label=_("Body"), choices=LeaderBody.choices)
    rank = forms.TypedChoiceField(label=_("Leader rank"), choices=LeaderRank.choices, coerce=int)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "position"):
            self.fields[name].widget.attrs["class"] = "form-control"
        for name in ("body", "rank"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["is_active"].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_for(cls, leader: Leader) -> dict:
        return {name: getattr(leader, name) for name in ("full_name", "position", "body", "rank", "is_active")}


class AvailabilityForm(forms.Form):
    RANGES = "ranges"
    BOXES = "boxes"

    entry = forms.ChoiceField(
        label=_("How to enter the days"),
        choices=[(RANGES, _("Type the days as dates and ranges")), (BOXES, _("Tick the days below"))],
        initial=RANGES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    days_text = forms.CharField(
        label=_("Available days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dates dd/mm/yyyy and ranges, separated by commas: 01/08/2023–05/08/2023, 14/08/2023."),
    )
    days = forms.MultipleChoiceField(
        label=_("Days of the window"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    preferred_regions = forms.ModelMultipleChoiceField(
        label=_("Preferred regions"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    preferred_sites = forms.ModelMultipleChoiceField(label=_("Preferred sites"), queryset=Tag.objects.none(), required=False)
    max_sites = forms.IntegerField(label=_("At most this many sites"), min_value=1, max_value=MAX_SITES_LIMIT, initial=3)
    note = forms.CharField(label=_("Note on the days"), max_length=500, required=False)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        days = self.fields["days"]
        days.choices = window_choices(campaign)  # type: ignore[attr-defined]
        regions = self.fields["preferred_regions"]
        regions.queryset = Tag.objects.filter(kind=TagKind.REGION).order_by("sort_key")  # type: ignore[attr-defined]
        sites = self.fields["preferred_sites"]
        sites.queryset = on_schedule(campaign).select_related("province").order_by("name", "pk")  # type: ignore[attr-defined]
        sites.label_from_instance = lambda site: f"{site.name} ({site.province.name})"  # type: ignore[attr-defined]
        sites.widget.attrs.update({"class": "form-select", "size": 8})
        self.fields["days_text"].widget.attrs["class"] = "form-control"
        self.fields["max_sites"].widget.attrs["class"] = "form-control"
        self.fields["note"].widget.attrs["class"] = "form-control"

    @classmethod
    def initial_for(cls, availability) -> dict:
        if availability is None:
            return {"entry": cls.RANGES}
        days = sorted(availability.day_set())
        return {
            "entry": cls.RANGES,
            "days_text": days_text(days),
            "days": [day.isoformat() for day in days],
            "preferred_regions": list(availability.preferred_regions.all()),
            "preferred_sites": list(availability.preferred_sites.all()),
            "max_sites": availability.max_sites,
            "note": availability.note,
        }

    def clean(self):
        data = super().clean()
        if data.get("entry") == self.BOXES:
            data["day_list"] = sorted(datetime.date.fromisoformat(day) for day in data.get("days", []))
        else:
            try:
                data["day_list"] = parse_days(
                    data.get("days_text", ""), start=self.campaign.window_start, end=self.campaign.window_end
                )
            except ValidationError as exc:
                self.add_error("days_text", exc)
        return data


class AssignmentForm(forms.Form):
    """A site's leader and day, set by hand."""

    leader = forms.ModelChoiceField(label=_("Leader"), queryset=Leader.objects.none(), empty_label=_("Choose a leader"))
    day = forms.TypedChoiceField(label=_("Day"), coerce=datetime.date.fromisoformat)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        leader = self.fields["leader"]
        leader.queryset = Leader.objects.filter(is_active=True)  # type: ignore[attr-defined]
        leader.label_from_instance = lambda item: f"{item.full_name} – {item.position}"  # type: ignore[attr-defined]
        leader.widget.attrs["class"] = "form-select"
        day = self.fields["day"]
        day.choices = window_choices(campaign)  # type: ignore[attr-defined]
        day.widget.attrs["class"] = "form-select"
