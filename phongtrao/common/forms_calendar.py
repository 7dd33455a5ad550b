"""Forms of the calendar page. They check shape only; calendar_day_create checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import MAX_YEAR, MIN_YEAR
from .models import NAME_MAX_LENGTH, CalendarDayKind

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)

    def year_or(self, default: int) -> int:
        return self.cleaned_data["year"] if self.is_valid() else default


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a valid date as dd/mm/yyyy, e.g. 02/01/2026.")},
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=CalendarDayKind.choices,
        initial=CalendarDayKind.HOLIDAY,
        error_messages={
            "required": _("Choose whether the day is a day off or a make-up working day."),
            "invalid_choice": _("Choose whether the day is a day off or a make-up working day."),
        },
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("A day off must be a weekday; a make-up working day must be a Saturday or a Sunday."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Enter the name of the day, for example “Nghỉ bù Quốc khánh”.")},
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("e.g. Nghỉ bù Quốc khánh")}),
    )
    note = forms.CharField(
        label=_("Note or source"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        help_text=_("The document that announced it, e.g. “Văn bản 12729/VPCP-KGVX ngày 25/12/2025”."),
    )
