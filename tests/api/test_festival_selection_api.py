"""POST/GET /api/v1/festival/{year}/selection: organisers run a selection with given weights and
constraints and read the latest; everyone else signed in gets 403, anonymous callers 401, an
unknown year 404; bad values are 422 naming the field, and nothing is written then."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from phongtrao.festival.enums import RunStatus, SiteKind
from phongtrao.festival.models import SelectionDecision, SelectionRun
from phongtrao.festival.selection.scoring import Settings
from tests.festival.conftest import make_campaign
from tests.festival.test_selection_actions import SMALL, nominate
from tests.festival.test_selection_solver import VIETNAMESE, vietnamese  # noqa: F401

from .conftest import API, bearer


def path(year: int) -> str:
    return f"{API}/festival/{year}/selection"


def post(user, year, payload, **extra):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.post(path(year), payload, content_type="application/json", **extra)


@pytest.fixture
def campaign(world):
    campaign = make_campaign(world)
    campaign.selection_settings = Settings.from_dict(SMALL).to_dict()
    campaign.save()
    nominate(world, campaign, "Phường Buôn Hồ", is_border=True, ethnic_minority_share=80)
    nominate(world, campaign, "Xã Ea Drông", area=world.area_commune_a2, is_religious=True)
    nominate(world, campaign, "Xã Tà Xùa", area=world.area_commune_b, models_count=2)
    nominate(world, campaign, "Bản Tà Xùa", area=world.residential_b, kind=SiteKind.RESIDENTIAL, last_hosted_year=2021)
    return campaign


def test_an_organiser_runs_a_selection_with_its_own_weights_and_constraints(world, campaign):
    response = post(world.central, 2023, {"weights": {"border": 100}, "constraints": {"max_sites": 2, "min_priority": 0}})
    assert response.status_code == 201, response.content
    data = response.json()
    run = SelectionRun.objects.get()
    assert data["id"] == run.pk and data["year"] == 2023 and data["status"] == RunStatus.OPTIMAL
    assert data["parameters"]["weights"]["border"] == 100 and data["parameters"]["max_sites"] == 2
    assert data["selected_count"] == len(data["selected"]) == 2
    assert data["objective"] == sum(site["score"] for site in data["selected"])
    assert data["problems"] == []
    first = data["selected"][0]
    assert first["site_name"] == "Phường Buôn Hồ" and first["parts"]["border"] == 100
    assert sum(first["parts"].values()) == first["score"]
    assert first["reason"] and first["reason_text"]
    assert [site["rank"] for site in data["selected"]] == sorted(site["rank"] for site in data["selected"])
    campaign.refresh_from_db()
    assert campaign.selection_settings["weights"]["border"] == 20  # the campaign's own settings are untouched


def test_get_returns_the_latest_run(world, campaign):
    assert Client().get(path(2023)).status_code == 401
    session = Client()
    session.force_login(world.central)
    assert session.get(path(2023)).status_code == 404  # no run yet
    post(world.central, 2023, {})
    second = post(world.central, 2023, {"constraints": {"max_sites": 1, "min_priority": 0}}).json()
    latest = session.get(path(2023))
    assert latest.status_code == 200 and latest.json()["id"] == second["id"] and latest.json()["selected_count"] == 1


def test_tokens_work_for_integrations(world, campaign, issue_token):
    _token, secret = issue_token(world.central)
    response = bearer(secret).post(path(2023), {}, content_type="application/json")
    assert response.status_code == 201
    assert bearer(secret).get(path(2023)).json()["id"] == response.json()["id"]


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "commune_officer_a", "partner_user", "leader_a"])
def test_everyone_else_is_refused(world, campaign, persona):
    user = getattr(world, persona)
    assert post(user, 2023, {}).status_code == 403
    session = Client()
    session.force_login(user)
    assert session.get(path(2023)).status_code == 403
    assert not SelectionRun.objects.exists()


def test_anonymous_and_unknown_year(world, campaign):
    assert post(None, 2023, {}).status_code == 401
    assert post(world.central, 1999, {}).status_code == 404
    assert not SelectionRun.objects.exists()


@pytest.mark.usefixtures("vietnamese")
def test_bad_values_are_422_naming_the_field_and_nothing_is_written(world, campaign):
    out_of_range = post(world.central, 2023, {"weights": {"border": -1}, "constraints": {"kind_min": {"castle": 1}}})
    assert out_of_range.status_code == 422
    fields = {problem["field"] for problem in out_of_range.json()["errors"]}
    assert any("border" in f for f in fields) and any("kind_min" in f for f in fields)
    with translation.override("vi"):
        crossed = post(world.central, 2023, {"constraints": {"min_sites": 9, "max_sites": 5}}, headers={"Accept-Language": "vi"})
    assert crossed.status_code == 422
    problem = crossed.json()["errors"][0]
    assert problem["field"] == "min_sites" and VIETNAMESE & set(problem["message"].lower())
    unknown_region = post(world.central, 2023, {"constraints": {"priority_regions": ["mat-trang"]}})
    assert unknown_region.status_code == 422 and unknown_region.json()["errors"][0]["field"] == "priority_regions"
    assert not SelectionRun.objects.exists()


@pytest.mark.usefixtures("vietnamese")
def test_an_infeasible_selection_is_explained_in_words(world, campaign):
    response = post(
        world.central,
        2023,
        {"constraints": {"min_sites": 3, "max_per_province": 1, "min_priority": 0}},
        headers={"Accept-Language": "vi"},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == RunStatus.INFEASIBLE and data["selected"] == [] and data["objective"] is None
    assert [p["code"] for p in data["problems"]] == ["too_few_candidates"]
    message = data["problems"][0]["message"]
    assert "Traceback" not in message and VIETNAMESE & set(message.lower())
    assert SelectionDecision.objects.filter(run_id=data["id"]).count() == 4


def test_kind_constraints_replace_the_campaigns(world, campaign):
    response = post(world.central, 2023, {"constraints": {"kind_min": {"residential": 1}, "recent_years": 0, "min_priority": 0}})
    data = response.json()
    assert response.status_code == 201 and data["status"] == RunStatus.OPTIMAL
    assert data["parameters"]["kind_min"]["residential"] == 1 and data["parameters"]["kind_min"]["school"] == 0
    assert "Bản Tà Xùa" in {site["site_name"] for site in data["selected"]}
