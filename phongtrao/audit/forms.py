import datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import Unit


class ChangesFilterForm(forms.Form):
    since = forms.DateField(label=_("Changed since"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    unit = forms.ModelChoiceField(
        label=_("Unit (with its subordinate units)"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": _("No unit with this code in your scope.")},
    )
    kind = forms.ModelChoiceField(
        label=_("Kind of object"), queryset=ContentType.objects.none(), required=False, empty_label=_("All kinds")
    )

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user)
        self.fields["unit"].widget = forms.TextInput()  # a unit code; validated against the visible units
        self.fields["unit"].widget.attrs.update(
            {"class": "form-control form-control-sm", "placeholder": _("unit code, e.g. CAT14")}
        )
        self.fields["kind"].queryset = kinds
        self.fields["kind"].label_from_instance = lambda ct: str(ct.model_class()._meta.verbose_name_plural).capitalize()
        self.fields["since"].widget.attrs.update({"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy"})
        self.fields["kind"].widget.attrs["class"] = "form-select form-select-sm"

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if since < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("The date is too far in the past."))
        return since
