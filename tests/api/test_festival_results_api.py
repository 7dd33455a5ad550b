"""GET /api/v1/festival/{year}/results/summary: the roll-up of the page, scoped the same way; 404
for an unknown year or a province out of reach; 422 for an unknown grouping; tokens work."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phongtrao.festival.enums import SiteKind
from phongtrao.festival.results.rollup import rollup
from tests.festival.conftest import make_campaign
from tests.festival.test_results_entry import report

from .conftest import API, bearer

PATH = f"{API}/festival/2023/results/summary"


@pytest.fixture
def campaign(world):
    return make_campaign(world)


@pytest.fixture
def rows(world, campaign):
    report(world, campaign, name="Thôn 1", participants=120, gifts_value=2_000_000)
    report(world, campaign, name="Trường A", commune=world.area_commune_a2, kind=SiteKind.SCHOOL, participants=300)
    report(world, campaign, unit=world.commune_a, actor=world.commune_officer_a, name="Tổ 2", participants=80)
    report(
        world, campaign, unit=world.province_b, actor=world.officer_b, commune=world.area_commune_b, name="Bản 1", participants=55
    )


def test_the_url_name():
    assert reverse("api:v1:results_summary", args=[2023]) == PATH


@pytest.mark.parametrize("group_by", ["region", "province", "commune"])
@pytest.mark.parametrize("persona", ["central", "superuser", "officer_a", "officer_b", "commune_officer_a", "partner_user"])
def test_the_summary_is_the_page_s_roll_up_for_the_same_user(world, campaign, rows, api_get, persona, group_by):
    user = getattr(world, persona)
    response = api_get(user, "/festival/2023/results/summary", group_by=group_by)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = rollup(user, campaign, group_by)
    assert body["group_by"] == group_by and body["year"] == 2023
    assert [(g["name"], g["sites"], g["totals"]) for g in body["groups"]] == [
        (g.label, g.sites, g.totals) for g in expected.groups
    ]
    assert body["total"]["sites"] == expected.total.sites
    assert body["total"]["totals"] == expected.total.totals
    for key in body["total"]["totals"]:
        assert body["total"]["totals"][key] == sum(g["totals"][key] for g in body["groups"])
    assert [f["key"] for f in body["fields"]][:2] == ["participants", "gifts_count"]


def test_scope_and_figures(world, campaign, rows, api_get):
    national = api_get(world.central, "/festival/2023/results/summary", group_by="province").json()
    assert {g["name"]: g["totals"]["participants"] for g in national["groups"]} == {"Tỉnh Đắk Lắk": 500, "Tỉnh Sơn La": 55}
    assert national["total"]["sites_by_kind"]["school"] == 1
    province = api_get(world.officer_b, "/festival/2023/results/summary", group_by="province").json()
    assert [g["name"] for g in province["groups"]] == ["Tỉnh Sơn La"]
    regions = api_get(world.central, "/festival/2023/results/summary").json()
    assert [(g["id"], g["sites"]) for g in regions["groups"]] == [(world.region.pk, 3), (None, 1)]


def test_communes_of_one_province(world, campaign, rows, api_get):
    body = api_get(world.central, "/festival/2023/results/summary", group_by="commune", province=world.area_a.pk).json()
    assert body["province"] == {"id": world.area_a.pk, "name": "Tỉnh Đắk Lắk"}
    assert {g["name"]: g["sites"] for g in body["groups"]} == {"Phường Buôn Hồ": 2, "Xã Ea Drông": 1}
    assert {g["province"] for g in body["groups"]} == {"Tỉnh Đắk Lắk"}


def test_errors(world, campaign, rows, api_get):
    assert api_get(world.central, "/festival/1999/results/summary").status_code == 404
    bad = api_get(world.central, "/festival/2023/results/summary", group_by="district")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "group_by"
    assert (
        api_get(world.officer_b, "/festival/2023/results/summary", group_by="commune", province=world.area_a.pk).status_code
        == 404
    )
    assert api_get(world.central, "/festival/2023/results/summary", province="x").status_code == 422


def test_anonymous_callers_are_refused_and_tokens_work(world, campaign, rows, client, issue_token):
    assert client.get(PATH).status_code == 401
    _token, secret = issue_token(world.officer_a)
    response = bearer(secret).get(PATH, {"group_by": "province"})
    assert response.status_code == 200
    assert [g["name"] for g in response.json()["groups"]] == ["Tỉnh Đắk Lắk"]
