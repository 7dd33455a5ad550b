"""Error responses in the caller's language, always as {"detail": "..."}."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

_QUOTED = re.compile(r"'([^']*)'")


class InvalidParameter(Exception):
    """A parameter that is well-formed but wrong (e.g. not a province): 422 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _field_name(loc) -> str:
    loc = tuple(loc)
    if len(loc) > 2 and loc[0] == "body":
        loc = loc[:1] + loc[2:]  # ("body", "payload", "due_date") names the field "due_date", not "payload.due_date"
    names = [str(part) for part in loc if part not in ("query", "path", "body", "header", "cookie", "form")]
    return ".".join(names) or "?"


def problem_message(error: dict) -> str:
    """One Vietnamese-translatable sentence per pydantic error, naming the field."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    params: dict[str, object] = {"field": _field_name(error.get("loc", ()))}
    if kind in ("enum", "literal_error"):
        template = _("“%(field)s” must be one of: %(choices)s.")
        params["choices"] = ", ".join(_QUOTED.findall(str(ctx.get("expected", ""))))
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        template = _("“%(field)s” must be a whole number.")
    elif kind in ("greater_than_equal", "greater_than"):
        template = _("“%(field)s” must be at least %(limit)s.")
        params["limit"] = ctx.get("ge", ctx.get("gt"))
    elif kind in ("less_than_equal", "less_than"):
        template = _("“%(field)s” must be at most %(limit)s.")
        params["limit"] = ctx.get("le", ctx.get("lt"))
    elif kind == "string_too_long":
        template = _("“%(field)s” may have at most %(limit)s characters.")
        params["limit"] = ctx.get("max_length")
    elif kind == "missing":
        template = _("“%(field)s” is required.")
    else:
        template = _("“%(field)s” is not valid.")
    return template % params


def install(api: NinjaAPI) -> None:
    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        response = api.create_response(
            request,
            {"detail": _("Authentication required: log in or send a valid API token (Authorization: Bearer …).")},
            status=401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": _("You do not have permission to do this.")}, status=403)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        problems = [
            {"field": _field_name(error.get("loc", ())), "message": problem_message(error), "type": error.get("type", "")}
            for error in exc.errors
        ]
        detail = " ".join(p["message"] for p in problems) or _("The request is not valid.")
        return api.create_response(request, {"detail": detail, "errors": problems}, status=422)

    @api.exception_handler(InvalidParameter)
    def invalid_parameter(request, exc):
        problem = {"field": exc.field, "message": exc.message, "type": "invalid"}
        return api.create_response(request, {"detail": exc.message, "errors": [problem]}, status=422)
