import pytest
from django.test import Client

from phongtrao.api import actions

API = "/api/v1"


@pytest.fixture
def api_get(client_for):
    """api_get(user, path, **params) -> response of GET /api/v1<path> for a session of that user."""

    def get(user, path, **params):
        return client_for(user).get(f"{API}{path}", params)

    return get


@pytest.fixture
def issue_token():
    """issue_token(user, **kwargs) -> (token, secret), issued by the user themself."""

    def issue(user, name="Integration", **kwargs):
        return actions.token_issue(actor=user, user=user, name=name, **kwargs)

    return issue


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}
