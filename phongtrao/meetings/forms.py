from __future__ import annotations

from typing import cast

from django import forms
from django.forms import formset_factory
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongtrao.org.models import Unit
from phongtrao.work import queries as work_queries

from .enums import DeadlineKind, MeetingKind
from .extraction import MAX_PROPOSALS, ExtractionInputError, check_text, read_upload

DATE_INPUT = {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.HiddenInput | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class MeetingForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Organising unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE_INPUT))
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    chair_name = forms.CharField(
        label=_("Chaired by"), max_length=255, required=False, help_text=_("For example: Thứ trưởng Lê Quốc Hùng.")
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owners
            if owners.count() == 1:
                self.fields["owner"].initial = owners.first()
        _style(self)


class AttendeeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    rank = forms.CharField(label=_("Rank"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        _style(self)


class AttendingUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit or partner body"), queryset=Unit.objects.none())
    note = forms.CharField(label=pgettext_lazy("meetings", "Note"), max_length=255, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        _style(self)


class ConnectedPointForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Host unit"), queryset=Unit.objects.none())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100000, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        _style(self)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("What was presented"), max_length=500)
    presenter = forms.CharField(label=_("Presented by"), max_length=255, required=False)
    assignment = forms.IntegerField(
        label=_("Assignment number"),
        min_value=1,
        required=False,
        help_text=_("Optional: the number in the address of the assignment's page."),
    )
    proposal = forms.IntegerField(
        label=_("Proposal number"),
        min_value=1,
        required=False,
        help_text=_("Optional: the number in the address of the proposal's page."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        _style(self)

    def clean_assignment(self):
        pk = self.cleaned_data["assignment"]
        if pk is None:
            return None
        try:
            return work_queries.get_assignment_for(self.user, pk)
        except Http404:
            raise forms.ValidationError(_("There is no assignment with this number that you can see.")) from None

    def clean_proposal(self):
        pk = self.cleaned_data["proposal"]
        if pk is None:
            return None
        try:
            return work_queries.get_proposal_for(self.user, pk)
        except Http404:
            raise forms.ValidationError(_("There is no proposal with this number that you can see.")) from None


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    propose = forms.BooleanField(
        label=_("Propose directives from this text"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ProgrammeChoiceForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Work programme"), queryset=Unit.objects.none(), empty_label=None)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        _style(self)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class UnitChoicesMixin:
    """Lead and coordinating units as plain choices shared by many forms on one page: the units are
    read once, not once per form (the extraction page can show hundreds of proposals)."""

    def set_units(self, unit_choices: list[tuple[str, str]]) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        fields["lead"].choices = [("", _("— choose —")), *unit_choices]
        fields["coordinators"].choices = unit_choices


class DirectiveForm(UnitChoicesMixin, forms.Form):
    action = forms.CharField(label=_("Action"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.TypedChoiceField(label=_("Lead unit"), coerce=int, required=False, empty_value=None)
    coordinators = forms.TypedMultipleChoiceField(label=_("Coordinating units"), coerce=int, required=False)
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, unit_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units(unit_choices)
        self.fields["coordinators"].widget.attrs["size"] = 4
        _style(self)


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the conclusions"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": _("Paste the article, the minutes or the conclusion notice here…")}
        ),
    )
    file = forms.FileField(label=_("Or upload a Word document (.docx)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".docx,.txt"
        _style(self)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        try:
            if upload:
                data["document"] = read_upload(upload)
            else:
                data["document"] = check_text(data.get("text") or "")
        except ExtractionInputError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


class ProposalForm(UnitChoicesMixin, forms.Form):
    selected = forms.BooleanField(
        label=_("Select"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    sentence = forms.CharField(widget=forms.HiddenInput, max_length=20000)
    text = forms.CharField(widget=forms.HiddenInput, max_length=20000)
    action = forms.CharField(label=_("Action"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead = forms.TypedChoiceField(label=_("Lead unit"), coerce=int, required=False, empty_value=None)
    coordinators = forms.TypedMultipleChoiceField(label=_("Coordinating units"), coerce=int, required=False)
    due_date = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    deadline_phrase = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    deadline_kind = forms.ChoiceField(widget=forms.HiddenInput, required=False, choices=DeadlineKind.choices)
    recurrence = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    confidence = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=100)
    reasons = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)

    def __init__(self, *args, unit_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units(list(unit_choices))
        self.fields["coordinators"].widget.attrs["size"] = 3
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("selected") and not (data.get("action") or "").strip():
            self.add_error("action", _("Enter what is to be done."))
        return data


ProposalFormSet = formset_factory(ProposalForm, extra=0, max_num=MAX_PROPOSALS, absolute_max=MAX_PROPOSALS + 10)


class ProposalsSubmitForm(forms.Form):
    """The extraction page's buttons: confirm the selected proposals into a programme, or keep them as proposed."""

    CONFIRM, KEEP = "confirm", "keep"
    programme = forms.ModelChoiceField(label=_("Work programme"), queryset=Unit.objects.none(), required=False)
    mode = forms.ChoiceField(choices=[(CONFIRM, CONFIRM), (KEEP, KEEP)])

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.CONFIRM and not data.get("programme"):
            self.add_error("programme", _("Choose the work programme the assignments belong to."))
        return data
