"""The one shape of a thin view that changes state: a valid form, one action, errors back on the form."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404


def apply_errors(form, exc: ValidationError) -> None:
    """Put an action's errors on the form: on the named field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def submit(form, action: Callable[[dict], Any]) -> bool:
    """Run `action(cleaned_data)` for a valid form. A ValidationError lands on the form; a
    PermissionDenied answers 404 (what a user may not touch, they may not know exists)."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    except PermissionDenied as exc:
        raise Http404 from exc
    return True
