"""The settings form. It checks shape; the action checks the rules (and repeats the parsing)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .enums import MAX_REMINDER_COUNT, MAX_REMINDER_DAYS, OverdueRepeat
from .models import format_reminder_days, parse_reminder_days


def _days_help() -> str:
    return gettext(
        "Numbers of working days before the deadline, separated by commas: “5,1” reminds you 5 working days "
        "and again 1 working day before. Weekends, public holidays and Tết are not counted. 0 means on the "
        "deadline itself; leave it empty for no reminder. At most %(count)s numbers, each at most %(max)s."
    ) % {"count": MAX_REMINDER_COUNT, "max": MAX_REMINDER_DAYS}


class SettingsForm(forms.Form):
    reminder_days = forms.CharField(
        label=_("Remind me before a deadline (working days)"),
        required=False,
        max_length=50,
        help_text=lazy(_days_help, str)(),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "placeholder": "5,1"}),
    )
    overdue_repeat = forms.ChoiceField(
        label=_("While an assignment is overdue, remind me"),
        choices=OverdueRepeat.choices,
        help_text=_("Reminders are sent on working days only, starting on the first working day after the deadline."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    email = forms.BooleanField(
        label=_("Also send my notifications by email"),
        required=False,
        help_text=_("To the email address of your account. Notifications are always shown in the app."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    daily_digest = forms.BooleanField(
        label=_("Daily digest for unit leaders"),
        required=False,
        help_text=_(
            "Each working morning, unit leaders receive one message on their unit and the units under it: "
            "overdue work, work due within 5 working days, and what waits for their decision."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    @classmethod
    def initial_for(cls, settings_obj) -> dict:
        return {
            "reminder_days": settings_obj.reminder_days,
            "overdue_repeat": settings_obj.overdue_repeat,
            "email": settings_obj.email,
            "daily_digest": settings_obj.daily_digest,
        }

    def clean_reminder_days(self) -> str:
        try:
            return format_reminder_days(parse_reminder_days(self.cleaned_data["reminder_days"]))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
