"""Who may call the API: the browser session or a Bearer token; everyone else gets 401."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from phongtrao.api import actions
from phongtrao.api.models import ApiToken

from .conftest import bearer

ENDPOINTS = ["/me", "/areas", "/areas/1", "/units", "/units/1"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_anonymous_gets_401_with_a_message(world, client, path):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_messages_are_vietnamese_by_default_and_follow_the_language(world, client, client_for):
    assert client.get("/api/v1/me").json()["detail"].startswith("Cần xác thực")
    assert client_for(world.officer_a).get("/api/v1/units/999999").json()["detail"] == "Không tìm thấy."
    english = client.get("/api/v1/me", headers={"Accept-Language": "en"}).json()["detail"]
    assert english.startswith("Authentication required")


def test_session_auth_enforces_csrf_on_unsafe_methods(world):
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory
    from ninja.errors import HttpError

    from phongtrao.api.auth import SessionAuth

    factory = RequestFactory()
    for method in ("post", "put", "patch", "delete"):
        request = getattr(factory, method)("/api/v1/anything")
        request.user = world.officer_a
        request.session = SessionStore()
        request._dont_enforce_csrf_checks = False
        with pytest.raises(HttpError) as raised:
            SessionAuth()(request)
        assert raised.value.status_code == 403
    safe = factory.get("/api/v1/me")
    safe.user = world.officer_a
    assert SessionAuth()(safe) == world.officer_a


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Bearer nonsense", "Token abc", "Basic b2ZmaWNlcjpwdw=="])
def test_bad_authorization_headers_get_401(world, header):
    from django.test import Client

    assert Client(headers={"Authorization": header}).get("/api/v1/me").status_code == 401


def test_bearer_token_authenticates_as_its_owner_with_the_same_scope(world, issue_token):
    _, secret = issue_token(world.officer_a)
    client = bearer(secret)
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "officer_a"
    assert client.get(f"/api/v1/areas/{world.area_b.pk}").status_code == 404
    assert client.get(f"/api/v1/areas/{world.area_a.pk}").status_code == 200
    listed = {item["id"] for item in client.get("/api/v1/units").json()["items"]}
    assert listed == {world.province_a.pk, world.commune_a.pk, world.commune_a2.pk}


def test_bearer_scheme_is_case_insensitive(world, issue_token):
    from django.test import Client

    _, secret = issue_token(world.officer_b)
    assert Client(headers={"Authorization": f"bearer {secret}"}).get("/api/v1/me").status_code == 200


def test_token_records_last_use(world, issue_token):
    token, secret = issue_token(world.officer_a)
    assert token.last_used_at is None
    bearer(secret).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(world, issue_token):
    token, secret = issue_token(world.officer_a)
    client = bearer(secret)
    client.get("/api/v1/me")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_revoked_token_gets_401(world, issue_token):
    token, secret = issue_token(world.officer_a)
    client = bearer(secret)
    assert client.get("/api/v1/me").status_code == 200
    actions.token_revoke(actor=world.officer_a, token=token)
    assert client.get("/api/v1/me").status_code == 401


def test_expired_token_gets_401(world, issue_token):
    token, secret = issue_token(world.officer_a, expires_at=timezone.now() + timedelta(days=1))
    assert bearer(secret).get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(secret).get("/api/v1/me").status_code == 401


def test_inactive_user_token_and_session_get_401(world, issue_token, client_for):
    _, secret = issue_token(world.officer_a)
    session = client_for(world.officer_a)
    assert session.get("/api/v1/me").status_code == 200
    world.officer_a.is_active = False
    world.officer_a.save()
    assert bearer(secret).get("/api/v1/me").status_code == 401
    assert session.get("/api/v1/me").status_code == 401


def test_secret_is_never_stored(world, issue_token):
    token, secret = issue_token(world.officer_a)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    for column, value in row.items():
        assert value != secret, column
        assert secret not in str(value), column
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:8]
    from phongtrao.audit.models import AuditEntry

    for entry in AuditEntry.objects.values("old", "new", "object_repr"):
        assert secret not in str(entry)


def test_each_token_is_distinct(world, issue_token):
    secrets = {issue_token(world.officer_a, name=f"t{n}")[1] for n in range(5)}
    assert len(secrets) == 5
    assert all(len(s) >= 40 for s in secrets)


def test_openapi_schema_needs_login_and_lists_the_endpoints(world, client, client_for):
    assert client.get("/api/v1/openapi.json").status_code == 302
    schema = client_for(world.officer_a).get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/areas", "/api/v1/areas/{area_id}", "/api/v1/units", "/api/v1/units/{unit_id}"} <= set(
        schema["paths"]
    )
    schemes = schema["components"]["securitySchemes"]
    assert schemes["ApiTokenAuth"] == {"type": "http", "scheme": "bearer"}
