from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import Unit

from .enums import OTHER_DOCUMENT, SchemeState
from .models import Phase
from .standard import PhaseTemplate, standard_phases

DATE_INPUT = {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class SchemeFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *SchemeState.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].widget.attrs.update({"class": "form-select form-select-sm", "data-autosubmit": ""})


class SchemeCreateForm(forms.Form):
    """A scheme from the standard phases: dates follow from the start date and each phase's duration."""

    title = forms.CharField(label=_("Title of the scheme"), max_length=500)
    basis = forms.CharField(label=_("Basis"), max_length=500, required=False, help_text=_("For example: Nghị quyết 12-NQ/TW."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())
    lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, owners, units, templates: tuple[PhaseTemplate, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = templates or standard_phases()
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = units
        self.fields["start"].initial = timezone.localdate()
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()
            self.fields["lead"].initial = self.fields["owner"].initial
        for number, template in enumerate(self.templates, start=1):
            self.fields[f"duration_{number}"] = forms.IntegerField(
                label=_("Duration (days)"), min_value=1, max_value=365, initial=template.duration
            )
            self.fields[f"owner_{number}"] = forms.ModelChoiceField(
                label=_("Responsible unit"), queryset=units, required=False, empty_label=_("The lead unit")
            )
        _style(self)

    def main_fields(self):
        return [self[name] for name in ("title", "basis", "description", "owner", "lead", "start")]

    def phase_rows(self):
        """(number, template, duration field, owner field) for each phase, for the template."""
        return [
            (number, template, self[f"duration_{number}"], self[f"owner_{number}"])
            for number, template in enumerate(self.templates, start=1)
        ]

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        count = len(self.templates)
        return {
            "owner": data["owner"],
            "lead": data["lead"],
            "title": data["title"],
            "basis": data["basis"],
            "description": data["description"],
            "start": data["start"],
            "durations": [data[f"duration_{n}"] for n in range(1, count + 1)],
            "owners": [data[f"owner_{n}"] for n in range(1, count + 1)],
        }


class PhaseStartForm(forms.Form):
    on = forms.DateField(label=_("Started on"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        _style(self)


class PhaseCompleteForm(forms.Form):
    on = forms.DateField(label=_("Completed on"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        _style(self)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs=DATE_INPUT))
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document kind"))
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=255)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, phase: Phase, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind, kind if kind != OTHER_DOCUMENT else _("Other document")) for kind in phase.document_kinds()
        ]
        self.fields["kind"].initial = next(iter(phase.missing_documents(phase.documents.all())), OTHER_DOCUMENT)
        _style(self)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
