"""The selection pages: organisers only (404 for everyone else), the settings form, runs with their
explained results, filters, the progress partial, the export, adoption; queries constant in size."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from phongtrao.festival.enums import RunStatus, SiteKind, SiteLevel
from phongtrao.festival.models import Campaign, SelectionRun, Site
from phongtrao.festival.selection import actions
from phongtrao.festival.selection.scoring import Settings

from .conftest import make_campaign
from .test_selection_actions import SMALL, nominate
from .test_selection_solver import vietnamese  # noqa: F401

OUTSIDERS = ("officer_a", "officer_b", "commune_officer_a", "partner_user", "leader_a", "admin_a")


def url(name, campaign, *args):
    return reverse(f"festival:{name}", args=[campaign.year, *args])


@pytest.fixture
def ready(world, campaign):
    campaign.selection_settings = Settings.from_dict(SMALL).to_dict()
    campaign.save()
    nominate(world, campaign, "Phường Buôn Hồ", is_border=True, ethnic_minority_share=80)
    nominate(world, campaign, "Xã Ea Drông", area=world.area_commune_a2, is_religious=True)
    nominate(world, campaign, "Xã Tà Xùa", area=world.area_commune_b, models_count=2)
    nominate(world, campaign, "Bản Tà Xùa", area=world.residential_b, kind=SiteKind.RESIDENTIAL, last_hosted_year=2021)
    return campaign


@pytest.fixture
def run(world, ready):
    return actions.start_run(actor=world.central, campaign=ready)


def test_outsiders_get_404_on_every_selection_page(world, client_for, run):
    campaign = run.campaign
    pages = [
        ("get", url("selection", campaign)),
        ("get", url("selection_run", campaign, run.pk)),
        ("get", url("selection_run_status", campaign, run.pk)),
        ("get", url("selection_run_xlsx", campaign, run.pk)),
        ("post", url("selection", campaign)),
        ("post", url("selection_start", campaign)),
        ("post", url("selection_adopt", campaign, run.pk)),
    ]
    for persona in OUTSIDERS:
        client = client_for(getattr(world, persona))
        for method, path in pages:
            assert getattr(client, method)(path).status_code == 404, (persona, path)
    anonymous = client_for(None)
    for method, path in pages:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert SelectionRun.objects.count() == 1
    assert not Site.objects.exists()


def test_a_run_of_another_campaign_is_not_found(world, client_for, run):
    other = make_campaign(world, 2024)
    assert client_for(world.central).get(url("selection_run", other, run.pk)).status_code == 404
    assert client_for(world.central).get(reverse("festival:selection", args=[1999])).status_code == 404


@pytest.mark.usefixtures("vietnamese")
def test_the_page_shows_the_latest_run_explained(world, client_for, run):
    response = client_for(world.central).get(url("selection", run.campaign))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-run="{run.pk}"' in html
    assert html.count('data-selected="1"') == run.selected_count
    assert 'data-reason="recent_host"' in html
    assert "Đã đón lãnh đạo Trung ương năm 2021" in html  # the reason in words, in Vietnamese
    assert "Biên giới" in html or "biên giới" in html  # a part of a score, by its criterion
    assert 'id="settings-form"' in html and 'id="start-run"' in html


def test_the_result_table_filters(world, client_for, run):
    client = client_for(world.central)
    page = url("selection_run", run.campaign, run.pk)
    left_out = client.get(page, {"status": "out"}).content.decode()
    assert 'data-selected="1"' not in left_out and 'data-selected="0"' in left_out
    recent = client.get(page, {"reason": "recent_host"}).content.decode()
    assert recent.count("data-nomination=") == 1
    province_b = client.get(page, {"province": world.area_b.pk}).content.decode()
    assert "Xã Tà Xùa" in province_b and "Phường Buôn Hồ" not in province_b


def test_settings_are_saved_from_the_form_and_errors_stay_on_it(world, client_for, ready):
    client = client_for(world.central)
    form = client.get(url("selection", ready)).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["priority_regions"] = ["tay-nguyen"]
    data["weight_border"] = 35
    response = client.post(url("selection", ready), data)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.selection_settings["weights"]["border"] == 35
    data.update({"min_sites": 9, "max_sites": 5})
    response = client.post(url("selection", ready), data)
    assert response.status_code == 400
    assert response.context["form"].errors["min_sites"]
    ready.refresh_from_db()
    assert ready.selection_settings["max_sites"] == 3


def test_running_from_the_page_opens_the_run(world, client_for, ready):
    response = client_for(world.central).post(url("selection_start", ready))
    run = SelectionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == url("selection_run", ready, run.pk)
    assert run.status == RunStatus.OPTIMAL


def test_the_status_partial_polls_until_done_then_asks_for_a_reload(world, client_for, run):
    client = client_for(world.central)
    SelectionRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    running = client.get(url("selection_run_status", run.campaign, run.pk), headers={"HX-Request": "true"})
    html = running.content.decode()
    assert 'hx-trigger="every 2s"' in html and '<progress class="pt-progress" value="40" max="100"' in html
    assert "HX-Refresh" not in running
    SelectionRun.objects.filter(pk=run.pk).update(status=RunStatus.OPTIMAL, progress=100)
    done = client.get(url("selection_run_status", run.campaign, run.pk), headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true" and "hx-trigger" not in done.content.decode()


def test_the_export_has_a_row_per_candidate_with_the_reason(world, client_for, run):
    response = client_for(world.central).get(url("selection_run_xlsx", run.campaign, run.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Hạng" and rows[0][-1] == "Lý do"
    assert len(rows) == 1 + 4
    assert sum(1 for row in rows[1:] if row[1] == "Có") == run.selected_count
    assert all(row[-1] for row in rows[1:])


def test_adopting_from_the_page(world, client_for, run):
    response = client_for(world.central).post(url("selection_adopt", run.campaign, run.pk))
    assert response.status_code == 302
    assert Site.objects.filter(level=SiteLevel.NATIONAL).count() == run.selected_count
    again = client_for(world.central).post(url("selection_adopt", run.campaign, run.pk), follow=True)
    assert Site.objects.filter(level=SiteLevel.NATIONAL).count() == run.selected_count
    assert list(again.context["messages"])


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["selection", "selection_run"])
def test_query_count_does_not_grow_with_the_candidates(world, client_for, page):
    counts = []
    for year, size in ((2023, 1), (2024, 3)):
        campaign = make_campaign(world, year)
        campaign.selection_settings = Settings.from_dict({**SMALL, "min_priority": 0}).to_dict()
        campaign.save()
        areas = [world.area_commune_a, world.area_commune_a2, world.area_commune_b]
        for i in range(size):
            nominate(world, campaign, f"Điểm {i}", area=areas[i], is_border=True, pin="in" if i == 0 else "")
        run = actions.start_run(actor=world.central, campaign=campaign)
        assert run.selected_count == size
        client = client_for(world.central)
        path = url(page, campaign) if page == "selection" else url(page, campaign, run.pk)
        _queries(client, path)  # warm the session and the caches
        counts.append(_queries(client, path))
    assert counts[0] == counts[1]
    assert Campaign.objects.count() == 2
