from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A password needs a lower-case letter, an upper-case letter, a digit and a symbol."""

    def validate(self, password: str, user=None) -> None:
        checks = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if not all(checks):
            raise ValidationError(
                _("The password must contain a lower-case letter, an upper-case letter, a digit and a symbol."),
                code="password_character_classes",
            )

    def get_help_text(self) -> str:
        return _("Your password must contain a lower-case letter, an upper-case letter, a digit and a symbol.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with a message our catalogue translates (Django's Vietnamese lacks it)."""

    def get_error_message(self) -> str:
        return _("This password is too short. It must contain at least %(min_length)d characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self) -> str:
        return _("Your password must contain at least %(min_length)d characters.") % {"min_length": self.min_length}
