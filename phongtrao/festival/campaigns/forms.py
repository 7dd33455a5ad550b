"""Forms of the campaign pages and the nominations. They check shapes (a date, a number, a choice);
the rules (window, area, deadline, duplicates) are the actions', so every entry path shares them."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phongtrao.org.enums import AreaLevel
from phongtrao.org.models import Area, Tag, Unit

from ..enums import DocumentKind, MovementClass, NominationState, Pin, SecurityComplexity, SiteKind

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label, *, required: bool = True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )


def _number_field(label, *, required: bool = False, minimum: int = 0, maximum: int | None = None) -> forms.IntegerField:
    """A whole number; the range is the action's to check (with its own message), the browser gets a hint."""
    attrs = {"min": str(minimum), "inputmode": "numeric"}
    if maximum is not None:
        attrs["max"] = str(maximum)
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs=attrs),
        error_messages={"invalid": _("Enter a whole number.")},
    )


def _style(form: forms.Form, small: bool = False) -> None:
    size = " form-select-sm" if small else ""
    control = " form-control-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.HiddenInput, forms.RadioSelect)):
            continue
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", f"form-select{size}")
        else:
            widget.attrs.setdefault("class", f"form-control{control}")


# --- campaigns -----------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    """A campaign's settings; `owner` and `year` only when it is opened."""

    owner = forms.ModelChoiceField(label=_("Organising unit"), queryset=Unit.objects.none(), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2005, max_value=2100)
    theme = forms.CharField(label=_("Theme"), max_length=500)
    window_start = _date_field(_("First day of the window"))
    window_end = _date_field(_("Last day of the window"))
    festival_day = _date_field(_("Festival day"))
    nomination_deadline = _date_field(_("Deadline for nominations"), required=False)
    results_due = _date_field(_("Deadline for results"), required=False)
    wrap_up_date = _date_field(_("Wrap-up conference"), required=False)
    plan_number = forms.CharField(label=_("National plan number"), max_length=100, required=False)
    plan_date = _date_field(_("National plan date"), required=False)
    travel_days = forms.IntegerField(label=_("Travel days between regions"), min_value=0, max_value=10, initial=1)

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:  # editing: the unit and the year stay
            del self.fields["owner"]
            del self.fields["year"]
        else:
            cast(forms.ModelChoiceField, self.fields["owner"]).queryset = Unit.objects.filter(pk__in=[u.pk for u in owners])
            if owners:
                self.fields["owner"].initial = owners[0].pk
        _style(self)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "owner"}


class DocumentForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number and symbol"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    issued_on = _date_field(_("Issued on"), required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument or JPEG/PNG, at most 10 MB."))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        _style(self)


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument or JPEG/PNG, at most 10 MB."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_file_%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)
        _style(self)


# --- nominations ---------------------------------------------------------------------------------


class NominationFilterForm(forms.Form):
    PINNED_ANY = "any"
    NOT_PINNED = "none"

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Area.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Tag.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind of site"), required=False, choices=[("", _("All kinds")), *SiteKind.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *NominationState.choices])
    pinned = forms.ChoiceField(
        label=_("Pinned by hand"),
        required=False,
        choices=[
            ("", _("Pinned or not")),
            (PINNED_ANY, _("Pinned in or out")),
            (Pin.IN, _("Pinned in")),
            (Pin.OUT, _("Pinned out")),
            (NOT_PINNED, _("Not pinned")),
        ],
    )

    def __init__(self, *args, provinces, regions, **kwargs):
        super().__init__(*args, **kwargs)
        province = cast(forms.ModelChoiceField, self.fields["province"])
        province.queryset = provinces
        province.empty_label = _("All provinces")
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = regions
        region.empty_label = _("All regions")
        self.fields["q"].widget.attrs["placeholder"] = _("Site, commune, province…")
        _style(self, small=True)


class NominationForm(forms.Form):
    """A nomination's facts. The nominating unit is chosen only when it is created; the area is
    offered from that unit's province but any commune or residential area is accepted here, so
    the action can say why one outside the province is refused."""

    unit = forms.ModelChoiceField(label=_("Nominating unit"), queryset=Unit.objects.none(), empty_label=None)
    area = forms.ModelChoiceField(
        label=_("Commune or residential area"),
        queryset=Area.objects.filter(level__in=[AreaLevel.COMMUNE, AreaLevel.RESIDENTIAL_AREA]),
        error_messages={"invalid_choice": _("Choose a commune or residential area from the list.")},
    )
    kind = forms.ChoiceField(label=_("Kind of site"), choices=SiteKind.choices)
    site_name = forms.CharField(
        label=_("Name of the site"),
        max_length=255,
        required=False,
        help_text=_("For a commune or residential area, leave empty to use the area's name."),
    )
    proposed_date = _date_field(_("Proposed date"))
    ethnic_minority_share = _number_field(_("Ethnic-minority share (%)"), maximum=100)
    is_border = forms.BooleanField(label=_("Border area"), required=False)
    is_island = forms.BooleanField(label=_("Island"), required=False)
    is_religious = forms.BooleanField(label=_("Area with many religious followers"), required=False)
    security_complexity = forms.TypedChoiceField(
        label=_("Security situation"), choices=SecurityComplexity.choices, coerce=int, initial=SecurityComplexity.NORMAL
    )
    movement_class = forms.ChoiceField(
        label=_("Last year's movement classification"), choices=MovementClass.choices, required=False
    )
    models_count = _number_field(_("Number of models in place"))
    models_text = forms.CharField(
        label=_("Models in place"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example “Camera an ninh”, “Tiếng loa an ninh”, one per line."),
    )
    last_hosted_year = _number_field(_("Last year it hosted national leaders"), minimum=2005)
    reason = forms.CharField(label=_("Why this site"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units=None, areas: list[tuple[int, str]] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the nominating unit stays
            del self.fields["unit"]
        else:
            unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
            unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        area = cast(forms.ModelChoiceField, self.fields["area"])
        area.choices = [("", _("— choose —")), *areas]
        _style(self)

    def values(self) -> dict:
        """The facts for the action (the unit and the area are passed on their own)."""
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        data.pop("area", None)
        for name in ("ethnic_minority_share", "models_count"):
            if data.get(name) is None:
                data[name] = 0
        return data


class PinForm(forms.Form):
    CLEAR = "clear"

    pin = forms.ChoiceField(
        label=_("Pin"),
        choices=[(Pin.IN, _("Pin in: always selected")), (Pin.OUT, _("Pin out: never selected")), (CLEAR, _("Clear the pin"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_pin_%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)
        _style(self)

    def pin_value(self) -> str:
        value = self.cleaned_data["pin"]
        return Pin.NONE if value == self.CLEAR else value


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_withdraw_%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)
        _style(self)
