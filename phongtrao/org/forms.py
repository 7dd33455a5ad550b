from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RESIDENTIAL_TYPES, AreaLevel, DivisionType
from .models import Area, Tag


class AreaFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Area.objects.none(), required=False, empty_label=_("All provinces")
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *AreaLevel.choices])
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), required=False, to_field_name="code", empty_label=_("All tags")
    )

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces if provinces is not None else Area.objects.none()
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            )


class ResidentialAreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the residential area"), max_length=255)
    division_type = forms.ChoiceField(
        label=_("Type"),
        choices=[(c.value, c.label) for c in DivisionType if c in RESIDENTIAL_TYPES],
        initial=DivisionType.VILLAGE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["class"] = "form-control"
        self.fields["division_type"].widget.attrs["class"] = "form-select"


class AreaTagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
