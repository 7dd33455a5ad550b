from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phongtrao.common.text import normalize
from phongtrao.org.models import Area, Unit

from ..enums import ResultFieldGroup, ResultFieldKind, ResultSource, SiteKind, SiteLevel
from ..models import ResultField, ResultRow

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _style(form: forms.Form, small: bool = False) -> None:
    size = " form-select-sm" if small else ""
    control = " form-control-sm" if small else ""
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.HiddenInput):
            continue
        css = f"form-select{size}" if isinstance(widget, forms.Select) else f"form-control{control}"
        widget.attrs.setdefault("class", css)


class ResultFieldForm(forms.Form):
    label = forms.CharField(label=_("Name of the figure"), max_length=200)
    group = forms.ChoiceField(label=_("Group"), choices=ResultFieldGroup.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultFieldKind.choices)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, required=False)
    required = forms.BooleanField(label=_("Every site must report it"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class RowFilterForm(forms.Form):
    q = forms.CharField(label=_("Site or commune"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Area.objects.none(), required=False, empty_label=_("All provinces")
    )
    kind = forms.ChoiceField(label=_("Kind of site"), required=False, choices=[("", _("All kinds")), *SiteKind.choices])
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *SiteLevel.choices])
    source = forms.ChoiceField(label=_("Entered by"), required=False, choices=[("", _("Form or import")), *ResultSource.choices])

    def __init__(self, *args, provinces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = provinces
        _style(self, small=True)

    def clean_q(self) -> str:
        return normalize(self.cleaned_data.get("q", ""))


class ResultRowForm(forms.Form):
    """One site's results: where and when, then one whole number per field of the year."""

    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Area.objects.none(), empty_label=None)
    site_name = forms.CharField(
        label=_("Name of the site"),
        max_length=255,
        help_text=_("The commune itself, or the residential area, agency, enterprise or school that held the festival."),
    )
    site_kind = forms.ChoiceField(label=_("Kind of site"), choices=SiteKind.choices)
    site_level = forms.ChoiceField(label=_("Level"), choices=SiteLevel.choices, initial=SiteLevel.COMMUNE)
    held_on = forms.DateField(
        label=_("Held on"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )

    def __init__(self, *args, communes, fields: list[ResultField], row: ResultRow | None = None, **kwargs) -> None:
        if row is not None and "initial" not in kwargs:
            initial: dict[str, object] = {
                "commune": row.commune_id,
                "site_name": row.site_name,
                "site_kind": row.site_kind,
                "site_level": row.site_level,
                "held_on": row.held_on,
            }
            for result_field in fields:
                value = row.values.get(result_field.key)
                initial[f"value_{result_field.key}"] = "" if value is None else str(value)
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
        self.result_fields = fields
        self.value_names: list[str] = []
        for result_field in fields:
            name = f"value_{result_field.key}"
            money = result_field.kind == ResultFieldKind.MONEY
            self.fields[name] = forms.CharField(
                label=result_field.label,
                required=False,
                max_length=25,
                help_text=_("In đồng, e.g. 15.000.000") if money else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            )
            self.fields[name].must_report = result_field.required  # type: ignore[attr-defined]
            self.value_names.append(name)
        _style(self)

    def value_fields(self):
        return [self[name] for name in self.value_names]

    def groups(self) -> list[tuple[str, list]]:
        """The figures under their group headings, in the fields' order."""
        labels = dict(ResultFieldGroup.choices)
        grouped: dict[str, list] = {}
        for result_field, name in zip(self.result_fields, self.value_names, strict=True):
            grouped.setdefault(result_field.group, []).append(self[name])
        return [(str(labels.get(group, group)), bound) for group, bound in grouped.items()]

    def values(self) -> dict[str, str]:
        return {name.removeprefix("value_"): self.cleaned_data.get(name, "") for name in self.value_names}


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Importing unit"), queryset=Unit.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("Results workbook (.xlsx)"),
        help_text=_(
            "Fill in the template of this year; every row is checked and the file is imported only if all rows are right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        _style(self)
