"""The API: one NinjaAPI under /api/v1/, assembled from the routers that domain apps contribute.

To add a domain, write its router (e.g. phongtrao/work/api.py with `router = Router(tags=[...])`)
and add one line to ROUTERS. Every router inherits the authentication, error format and
pagination settings below.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.module_loading import import_string
from ninja import NinjaAPI

from . import errors
from .auth import ApiTokenAuth, SessionAuth
from .docs import LocalSwagger

# (URL prefix under /api/v1/, dotted path of a ninja Router)
ROUTERS: list[tuple[str, str]] = [
    ("", "phongtrao.api.routers.org.router"),
    ("", "phongtrao.api.routers.work.router"),
    ("", "phongtrao.api.routers.deadlines.router"),
    ("", "phongtrao.api.routers.meetings.router"),
    ("", "phongtrao.api.routers.festival_results.router"),
    ("", "phongtrao.api.routers.festival_selection.router"),
]


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Phong Trào API",
        version="1",
        description=(
            "Read access to Phong Trào, scoped exactly like the web interface. Authenticate with the "
            "browser session or with a personal token: `Authorization: Bearer <token>`."
        ),
        urls_namespace="api:v1",
        auth=[ApiTokenAuth(), SessionAuth()],
        docs=LocalSwagger(),
        docs_decorator=login_required,
    )
    errors.install(api)
    for prefix, dotted_path in ROUTERS:
        api.add_router(prefix, import_string(dotted_path))
    return api


api = build_api()
