from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .actions import NAME_MAX_LENGTH


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. “Provincial reporting system”."),
    )
    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        input_formats=["%d/%m/%Y"],
        help_text=_("Optional, dd/mm/yyyy. The token stops working at the end of that day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"class": "form-control", "autocomplete": "off"})
        self.fields["expires_on"].widget.attrs.update(
            {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        )
        self.fields["expires_on"].error_messages["invalid"] = _("Enter the expiry date as dd/mm/yyyy.")

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("The expiry date cannot be in the past."))
        return value

    def expires_at(self) -> datetime | None:
        """The last moment of the chosen day in local time: the token works through that day."""
        value = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        return timezone.make_aware(datetime.combine(value, time.max))
