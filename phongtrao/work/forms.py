import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import Unit, User

from .enums import Category, Priority, ProgressMode, ProposalKind, Recurrence

DATE_INPUT = {"class": "form-control", "placeholder": "dd/mm/yyyy"}


class BootstrapMixin:
    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ProgrammeForm(BootstrapMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=500)
    basis = forms.CharField(label=_("Basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    max_extensions = forms.IntegerField(label=_("Extensions allowed per assignment"), min_value=0, max_value=10, initial=2)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units
        self.style()


class AssignmentForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.TASK)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label=_("Basis"), required=False, help_text=_("The document, directive or conclusion it comes from."))
    lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    coordinators = forms.ModelMultipleChoiceField(label=_("Coordinating units"), queryset=Unit.objects.none(), required=False)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs=DATE_INPUT))
    due_date = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs=DATE_INPUT))
    progress_mode = forms.ChoiceField(label=_("Progress is"), choices=ProgressMode.choices, initial=ProgressMode.MANUAL)
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=Recurrence.choices, required=False)

    def __init__(self, *args, leads, coordinators, sub=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads
        self.fields["coordinators"].queryset = coordinators
        self.fields["coordinators"].widget.attrs["size"] = 6
        if sub:
            del self.fields["category"]
        self.style()


class ForwardForm(BootstrapMixin, forms.Form):
    leads = forms.ModelMultipleChoiceField(
        label=_("Forward to"), queryset=Unit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_date = forms.DateField(
        label=_("Deadline for them"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT),
        help_text=_("Leave empty to give them the same deadline."),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = units
        self.style()


class ProgressForm(BootstrapMixin, forms.Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = forms.FileField(label=_("Attachments"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class CompleteForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ExtensionForm(BootstrapMixin, forms.Form):
    proposed_due_date = forms.DateField(label=_("Proposed deadline"), widget=forms.DateInput(attrs=DATE_INPUT))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_proposed_due_date(self) -> datetime.date:
        value = self.cleaned_data["proposed_due_date"]
        if value.year > 2100:
            raise forms.ValidationError(_("Enter a real date."))
        return value


class ExtensionDecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), choices=[("1", _("Approve")), ("0", _("Reject"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ProposalForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices)
    unit = forms.ModelChoiceField(label=_("Raised by"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Summary"), max_length=500)
    text = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 4}))
    raised_to = forms.ModelChoiceField(label=_("Raised to (leader)"), queryset=User.objects.none())

    def __init__(self, *args, units, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["raised_to"].queryset = leaders
        self.fields["raised_to"].label_from_instance = lambda u: f"{u.get_full_name()} — {u.position}".strip(" —")
        self.style()


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    directive_title = forms.CharField(label=_("Directive (becomes an assignment)"), required=False, max_length=500)
    directive_lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none(), required=False)
    directive_due = forms.DateField(label=_("Deadline"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))

    def __init__(self, *args, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive_lead"].queryset = leads
        self.style()

    def clean(self):
        data = super().clean()
        wanted = [data.get("directive_title"), data.get("directive_lead"), data.get("directive_due")]
        if any(wanted) and not all(wanted):
            raise forms.ValidationError(_("A directive needs its title, lead unit and deadline."))
        return data
