from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Unit

from .enums import ReportKind, RequestState
from .figures import vn_figure

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
        ),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )


def _style(form: forms.Form, small: bool = False) -> None:
    size = " form-select-sm" if small else ""
    control = " form-control-sm" if small else ""
    for bound in form.fields.values():
        widget = bound.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.CheckboxInput, forms.HiddenInput)):
            continue
        css = f"form-select{size}" if isinstance(widget, forms.Select) else f"form-control{control}"
        widget.attrs.setdefault("class", css)


class RequestFilterForm(forms.Form):
    SENT = "sent"
    TO_SUBMIT = "to_submit"

    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *RequestState.choices])
    kind = forms.ChoiceField(label=_("Kind of report"), required=False, choices=[("", _("All kinds")), *ReportKind.choices])
    year = forms.ChoiceField(label=_("Year"), required=False)
    side = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All requests")), (SENT, _("Sent by my units")), (TO_SUBMIT, _("For my units to submit"))],
    )

    def __init__(self, *args, years: list[int] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        year_field = cast(forms.ChoiceField, self.fields["year"])
        year_field.choices = [("", _("All years")), *((str(year), str(year)) for year in years)]
        _style(self, small=True)


class RequestCreateForm(forms.Form):
    """The request and the units asked: all units of a kind (below one unit or anywhere in reach),
    units picked from those directed first-hand, and any others by their codes."""

    owner = forms.ModelChoiceField(label=_("Requesting unit"), queryset=Unit.objects.none(), empty_label=None)
    title = forms.CharField(label=_("Title of the request"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period to"))
    cutoff = _date_field(_("Data cut-off date"), _("Figures are counted up to this date; it lies within the period."))
    due_date = _date_field(_("Due date"))
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    fields_text = forms.CharField(
        label=_("Figures to report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: one figure per line, e.g. “Số mô hình mới”. Each unit enters a number for each."),
    )
    target_kind = forms.ChoiceField(label=_("All units of this kind"), required=False)
    target_under = forms.ModelChoiceField(label=_("Only below"), queryset=Unit.objects.none(), required=False)
    target_units = forms.ModelMultipleChoiceField(
        label=_("Units directed first-hand"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    target_codes = forms.CharField(
        label=_("Other units by code"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "CAX24305, CAX24310"}),
        help_text=_("Unit codes separated by commas, spaces or new lines."),
    )

    def __init__(self, *args, owners, owner, kinds: dict[str, int], direct, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["owner"].initial = owner.pk
        self.fields["owner"].widget.attrs["data-autosubmit"] = "true"
        labels = dict(UnitKind.choices)
        kind_field = cast(forms.ChoiceField, self.fields["target_kind"])
        kind_field.choices = [
            ("", _("— none —")),
            *((kind, f"{labels.get(kind, kind)} ({count:,})".replace(",", ".")) for kind, count in kinds.items()),
        ]
        self.fields["target_under"].queryset = direct  # type: ignore[attr-defined]
        self.fields["target_under"].empty_label = _("anywhere in reach")  # type: ignore[attr-defined]
        self.fields["target_units"].queryset = direct  # type: ignore[attr-defined]
        _style(self)

    def labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("fields_text", "").splitlines() if line.strip()]

    def codes(self) -> list[str]:
        return [code for code in self.cleaned_data.get("target_codes", "").replace(",", " ").replace(";", " ").split() if code]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, (list, tuple)):
            return [clean_one(item, initial) for item in data if item]
        return [clean_one(data, initial)] if data else []


class DraftForm(forms.Form):
    SAVE = "save"
    REVIEW = "review"

    text = forms.CharField(label=_("Report text"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    add_files = MultipleFileField(label=_("Attach files"), required=False)
    remove = forms.MultipleChoiceField(
        label=_("Remove attached files"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    intent = forms.ChoiceField(choices=[(SAVE, SAVE), (REVIEW, REVIEW)], required=False)

    def __init__(self, *args, target, attachments=(), **kwargs) -> None:
        initial = {"text": target.draft_text}
        for field in target.request.fields:
            initial[f"figure_{field['key']}"] = vn_figure(target.draft_figures.get(field["key"]))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.figure_names: list[str] = []
        for field in target.request.fields:
            name = f"figure_{field['key']}"
            self.fields[name] = forms.CharField(
                label=field["label"],
                required=False,
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.figure_names.append(name)
        remove = cast(forms.MultipleChoiceField, self.fields["remove"])
        remove.choices = [(str(a.pk), a.name) for a in attachments]
        _style(self)

    def figure_fields(self):
        return [self[name] for name in self.figure_names]

    def figures(self) -> dict[str, str]:
        return {name.removeprefix("figure_"): self.cleaned_data.get(name, "") for name in self.figure_names}


class SubmitForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Give the reason for returning the report.")},
    )
