"""Filters of the work dashboard and of the lists behind its numbers: the period, a figure, a row.

The unit is not a form field: views fetch it with metrics.get_dashboard_unit_for, which answers
404 for a unit whose dashboard the user may not see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phongtrao.org.models import Unit

from .metrics import METRICS, Period, default_dashboard_unit, get_dashboard_unit_for

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def format_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class PeriodForm(forms.Form):
    """?from=dd/mm/yyyy&to=dd/mm/yyyy; both optional, this year by default."""

    def __init__(self, data=None, *args, today: datetime.date | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.today = today or timezone.localdate()
        default = Period.this_year(self.today)
        for name, label, initial in (
            ("from", pgettext_lazy("period", "From"), default.start),
            ("to", pgettext_lazy("period", "To"), default.end),
        ):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=DATE_FORMATS,
                widget=forms.DateInput(
                    format="%d/%m/%Y",
                    attrs={"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"},
                ),
                initial=initial,
            )

    def _clean_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Enter a date between 01/01/2000 and 31/12/2100."))
        return day

    def clean_from(self):
        return self._clean_day("from")

    def clean_to(self):
        return self._clean_day("to")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", _("The period cannot end before it starts."))
        return cleaned

    def period(self) -> Period:
        """The chosen period; this year where a date is missing; this year when the input is invalid."""
        default = Period.this_year(self.today)
        if not self.is_bound or not self.is_valid():
            return default
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        if start is None:
            start = default.start if end is None or default.start <= end else datetime.date(end.year, 1, 1)
        if end is None:
            end = default.end if default.end >= start else datetime.date(start.year, 12, 31)
        return Period(start, end, self.today)


class MetricListForm(PeriodForm):
    """The list behind one number: the figure, and own=1 for the unit's own row of the drill-down."""

    metric = forms.ChoiceField(choices=[(key, metric.label) for key, metric in METRICS.items()])
    own = forms.BooleanField(required=False)


@dataclass(frozen=True)
class ListFilters:
    unit: Unit
    metric: str
    period: Period
    own: bool


def dashboard_unit_from(user, data) -> Unit:
    """?unit=<id>, or the user's default unit; 404 for a unit whose dashboard is not theirs."""
    pk = str(data.get("unit") or "").strip()
    if pk:
        if not pk.isdigit():
            raise Http404
        return get_dashboard_unit_for(user, int(pk))
    unit = default_dashboard_unit(user)
    if unit is None:
        raise Http404
    return unit


def metric_list_filters(user, data) -> tuple[MetricListForm, ListFilters]:
    """The filters of a list behind a number, as the page and its export read them.

    An unknown figure or unit answers 404; an invalid date falls back to this year, with the
    error on the form.
    """
    form = MetricListForm(data)
    form.is_valid()
    metric = form.cleaned_data.get("metric")
    if metric is None:
        raise Http404
    unit = dashboard_unit_from(user, data)
    return form, ListFilters(unit=unit, metric=metric, period=form.period(), own=bool(form.cleaned_data.get("own")))
