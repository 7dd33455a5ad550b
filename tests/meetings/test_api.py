"""POST /api/v1/directives/extract: proposals only, scoped unit names, clear 422s, auth like the other routes."""

import pytest
from django.test import Client

from phongtrao.api import actions as api_actions
from phongtrao.audit.models import AuditEntry
from phongtrao.meetings.models import Directive

URL = "/api/v1/directives/extract"
TEXT = (
    "Giao Cục XDPT bảo vệ ANTQ chủ trì, phối hợp với Văn phòng Bộ hoàn thành 3 đề án, xong trước ngày 15/6/2023. "
    "Các đại biểu đã thảo luận sôi nổi."
)


def _post(client, payload, **extra):
    return client.post(URL, payload, content_type="application/json", **extra)


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_proposals(world, units):
    response = _post(_session(world.central), {"text": TEXT, "meeting_date": "2023-05-23"})
    assert response.status_code == 200, response.content
    (proposal,) = response.json()
    assert proposal["responsible"] == {"unit_id": world.v05.pk, "code": "V05", "name": world.v05.name}
    assert [c["code"] for c in proposal["coordinators"]] == ["V01"]
    assert proposal["deadline"] == {"date": "2023-06-15", "phrase": "trước ngày 15/6/2023", "kind": "point", "recurrence": ""}
    assert proposal["action"].startswith("Chủ trì, phối hợp với Văn phòng Bộ hoàn thành 3 đề án")
    assert 0.7 <= proposal["confidence"] <= 1
    assert "giao" in proposal["reasons"]
    assert not Directive.objects.exists()


def test_units_the_caller_cannot_name_stay_unnamed(world, units):
    text = "Yêu cầu Công an xã Tà Xùa hoàn thành trước ngày 30/6/2025."
    own = _post(_session(world.officer_b), {"text": text, "meeting_date": "2025-06-01"}).json()
    other = _post(_session(world.officer_a), {"text": text, "meeting_date": "2025-06-01"}).json()
    assert own[0]["responsible"]["code"] == "CAX03868"
    assert other[0]["responsible"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "   ", "meeting_date": "2023-05-23"}, "text"),
        ({"text": "Yêu cầu hoàn thành. " * 120_000, "meeting_date": "2023-05-23"}, "text"),
        ({"text": TEXT, "meeting_date": "23/05/2023"}, "meeting_date"),
        ({"meeting_date": "2023-05-23"}, "text"),
        ({"text": TEXT, "meeting_date": "1800-01-01"}, "meeting_date"),
    ],
)
def test_bad_input_is_422_naming_the_field(world, payload, field):
    before = AuditEntry.objects.count()
    response = _post(_session(world.central), payload)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] and body["errors"][0]["field"] == field
    assert AuditEntry.objects.count() == before


def test_authentication(world, units):
    assert _post(Client(), {"text": TEXT, "meeting_date": "2023-05-23"}).status_code == 401
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.central)
    assert _post(session, {"text": TEXT, "meeting_date": "2023-05-23"}).status_code in {401, 403}
    _token, secret = api_actions.token_issue(actor=world.central, user=world.central, name="Tích hợp")
    bearer = Client(headers={"Authorization": f"Bearer {secret}"})
    assert _post(bearer, {"text": TEXT, "meeting_date": "2023-05-23"}).status_code == 200
