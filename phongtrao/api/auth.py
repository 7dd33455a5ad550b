"""How API callers prove who they are: the browser session (with CSRF) or a Bearer token.

Both return the User, so every endpoint reads the caller from request.auth; request.user is set
to the same user for code shared with the HTML views.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from . import actions
from .queries import token_for_secret


class ApiTokenAuth(HttpBearer):
    """Header "Authorization: Bearer <token>"; revoked, expired or locked-account tokens fail."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = token_for_secret(token.strip())
        if api_token is None:
            return None
        actions.token_mark_used(token=api_token)
        request.user = api_token.user
        return api_token.user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session; unsafe methods must carry the CSRF token."""

    def _get_key(self, request: HttpRequest):
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(403, _("CSRF verification failed. Reload the page and try again.")) from exc

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        return user if user.is_authenticated and user.is_active else None


def caller(request: HttpRequest):
    """The authenticated user of an API request."""
    return request.auth  # type: ignore[attr-defined]
