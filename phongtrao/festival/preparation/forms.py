"""Forms of site preparation. They check the shape of the input; the actions check the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongtrao.org.models import Area, Tag, Unit

from ..enums import ChecklistPart, SiteKind, SiteLevel
from .access import levels_for
from .queries import Filters

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ATTRS = {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=dict(DATE_ATTRS)),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )


def _style(form: forms.Form, *, small: bool = False) -> None:
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", f"{css} {css}-sm" if small else css)


class BoardFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *SiteLevel.choices])
    kind = forms.ChoiceField(label=_("Kind of site"), required=False, choices=[("", _("All kinds")), *SiteKind.choices])
    region = forms.ModelChoiceField(label=_("Region"), required=False, queryset=Tag.objects.none(), empty_label=_("All regions"))
    below = forms.IntegerField(label=_("Readiness below (%)"), required=False, min_value=1, max_value=100)
    overdue = forms.BooleanField(label=_("Only sites with overdue steps"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        _style(self, small=True)

    def filters(self) -> Filters:
        """The filters as asked; invalid ones are ignored, as on every list page."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            level=data["level"], kind=data["kind"], region=data["region"], below=data["below"], overdue=bool(data["overdue"])
        )


class SiteRegisterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=pgettext_lazy("festival site", "Host unit"), queryset=Unit.objects.none(), widget=forms.HiddenInput
    )
    level = forms.ChoiceField(label=_("Level"))
    kind = forms.ChoiceField(label=_("Kind of site"), choices=SiteKind.choices)
    name = forms.CharField(label=_("Name of the site"), max_length=255)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    date = date_field(_("Date"))
    address = forms.CharField(label=_("Venue"), max_length=500, required=False)

    def __init__(self, *args, units, unit, areas, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        self.fields["unit"].initial = unit.pk
        cast(forms.ChoiceField, self.fields["level"]).choices = [(value, SiteLevel(value).label) for value in levels_for(unit)]
        area_field = cast(forms.ModelChoiceField, self.fields["area"])
        area_field.queryset = areas
        area_field.initial = unit.area_id
        self.fields["area"].help_text = _("The area of the host unit or an area directly below it.")
        _style(self)


class SiteEditForm(forms.Form):
    name = forms.CharField(label=_("Name of the site"), max_length=255)
    date = date_field(_("Date"))
    address = forms.CharField(label=_("Venue"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _("The steps not yet done keep their distance to the site's date.")
        _style(self)


def _owner_label(user) -> str:
    unit_name = getattr(user, "unit_name", "")
    return f"{user.get_full_name()} ({unit_name})" if unit_name else user.get_full_name()


class TaskEditForm(forms.Form):
    owner = forms.TypedChoiceField(label=pgettext_lazy("step of a site", "Owner"), required=False, coerce=int, empty_value=None)
    owner_name = forms.CharField(
        label=_("Or the name of someone without an account"),
        max_length=255,
        required=False,
        help_text=_("For example: Chủ tịch UBND xã, Bí thư Đoàn thanh niên."),
    )
    due_date = date_field(pgettext_lazy("step of a site", "Due date"), required=False)
    note = forms.CharField(
        label=pgettext_lazy("step of a site", "Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, owners, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {user.pk: user for user in owners}
        field = cast(forms.TypedChoiceField, self.fields["owner"])
        field.choices = [("", _("— no one —")), *((user.pk, _owner_label(user)) for user in owners)]
        field.error_messages["invalid_choice"] = _("Choose a person of %(unit)s or of a unit below it.") % {"unit": unit.name}
        _style(self)

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return self.owners.get(pk) if pk is not None else None


class TaskAddForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), choices=ChecklistPart.choices)
    title = forms.CharField(label=_("Step"), max_length=300)
    due_date = date_field(pgettext_lazy("step of a site", "Due date"), required=False)
    optional = forms.BooleanField(label=_("Optional"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class ProgrammeStepForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), choices=ChecklistPart.choices)
    title = forms.CharField(label=_("Step"), max_length=300)
    offset_days = forms.IntegerField(
        label=_("Days relative to the site's date"),
        initial=0,
        help_text=_("For example -7: due a week before the site's date; 0: on the day."),
    )
    optional = forms.BooleanField(label=_("Optional"), required=False)

    def __init__(self, *args, small: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self, small=small)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
