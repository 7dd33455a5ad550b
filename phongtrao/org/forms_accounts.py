"""Forms of the account pages. They check shape only; the actions check rules and scope."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .enums import Role
from .models import Unit

_INDENT = "\u00a0\u00a0"  # no-break spaces: a select shows the tree without any markup


class UnitChoiceField(forms.ModelChoiceField):
    """Units in tree order, indented by depth, with their code: usable for ~100 units a province."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{_INDENT * obj.depth}{obj.name} ({obj.code})"


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select")
        else:
            field.widget.attrs.setdefault("class", "form-control")


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or username"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"class": "form-control form-control-sm", "placeholder": _("Name or username")}),
    )

    def query(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


class ProfileFieldsMixin(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Unaccented letters, digits and . @ + - _ only."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    rank = forms.CharField(label=_("Rank"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class PasswordPairMixin(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=lazy(password_validators_help_text_html, str)(),
    )
    password_confirm = forms.CharField(label=_("Password again"), strip=False, widget=forms.PasswordInput(render_value=False))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", ValidationError(_("The two passwords do not match."), code="mismatch"))
        return data


class AccountCreateForm(ProfileFieldsMixin, PasswordPairMixin):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OFFICER)

    field_order = ["username", "full_name", "rank", "position", "email", "phone", "unit", "role", "password", "password_confirm"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name in ("password", "password_confirm"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        _style(self)

    def action_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("password_confirm", None)
        return data


class AccountUpdateForm(ProfileFieldsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    @staticmethod
    def initial_for(user) -> dict:
        return {name: getattr(user, name) for name in ("username", "full_name", "rank", "position", "email", "phone")}


class SetPasswordForm(PasswordPairMixin):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "pw")
        super().__init__(*args, **kwargs)
        for name in ("password", "password_confirm"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        self.fields["password"].label = _("New password")
        _style(self)


class MembershipAddForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OFFICER)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("prefix", "m")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        _style(self)


class SetActiveForm(forms.Form):
    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")
