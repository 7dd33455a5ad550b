"""Reporting a site's results by form: who may report for which communes, the checks with their
messages, corrections audited with the old and new figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.core import site_create
from phongtrao.festival.enums import ResultSource, SiteKind, SiteLevel
from phongtrao.festival.models import ResultRow
from phongtrao.festival.results import actions
from phongtrao.festival.results.queries import reporting_units

from .test_results_import import vietnamese  # noqa: F401  (fixture)

HELD = datetime.date(2023, 8, 14)


def report(world, campaign, *, unit=None, actor=None, commune=None, name="Tổ dân phố 1", kind=SiteKind.RESIDENTIAL, **values):
    return actions.result_create(
        actor=actor or world.officer_a,
        campaign=campaign,
        unit=unit or world.province_a,
        commune=commune or world.area_commune_a,
        site_name=name,
        site_kind=kind,
        site_level=SiteLevel.COMMUNE,
        held_on=HELD,
        values=values or {"participants": 100},
    )


def test_a_province_reports_a_site_of_one_of_its_communes(world, campaign):
    row = report(
        world, campaign, commune=world.area_commune_a2, name="  Thôn  Ea Drông 1 ", participants="1.200", gifts_value=5_000_000
    )
    assert row.site_name == "Thôn Ea Drông 1"
    assert (row.unit, row.commune, row.province, row.region) == (
        world.province_a,
        world.area_commune_a2,
        world.area_a,
        world.region,
    )
    assert row.values == {"participants": 1200, "gifts_value": 5_000_000}
    assert row.source == ResultSource.FORM and row.submitted_by == world.officer_a
    entry = AuditEntry.objects.get(code="festival.result.created")
    assert entry.unit == world.province_a
    assert entry.new["result_figures"] == ["Số người tham dự: 1.200", "Giá trị quà tặng (đồng): 5.000.000"]


def test_the_registered_site_is_linked(world, campaign):
    site = site_create(
        actor=world.officer_a,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.RESIDENTIAL,
        name="Buôn Kdun",
        area=world.residential_a,
        unit=world.province_a,
        date=HELD,
    )
    assert report(world, campaign, name="Buôn Kdun").site == site


def test_checks_are_keyed_by_field_and_nothing_is_written(world, campaign):
    with pytest.raises(ValidationError) as caught:
        actions.result_create(
            actor=world.officer_a,
            campaign=campaign,
            unit=world.province_a,
            commune=world.area_commune_b,
            site_name="",
            site_kind="market",
            site_level="district",
            held_on=datetime.date(2023, 9, 2),
            values={"participants": "", "gifts_count": "-3", "gifts_value": "12,5"},
        )
    assert set(caught.value.message_dict) == {
        "commune",
        "site_name",
        "site_kind",
        "site_level",
        "held_on",
        "value_participants",
        "value_gifts_count",
        "value_gifts_value",
    }
    assert not ResultRow.objects.exists()
    assert not AuditEntry.objects.filter(code__startswith="festival.result").exists()


@pytest.mark.usefixtures("vietnamese")
def test_messages_are_vietnamese(world, campaign):
    with pytest.raises(ValidationError) as caught:
        report(world, campaign, commune=world.area_commune_b, participants="")
    messages = caught.value.message_dict
    assert messages["commune"] == ["Xã Tà Xùa không thuộc địa bàn của Công an tỉnh Đắk Lắk."]
    assert messages["value_participants"] == ["Nhập “Số người tham dự”."]


def test_the_same_site_cannot_be_reported_twice(world, campaign):
    report(world, campaign)
    with pytest.raises(ValidationError) as caught:
        report(world, campaign, unit=world.commune_a, actor=world.commune_officer_a)
    assert "Công an tỉnh Đắk Lắk" in caught.value.message_dict["site_name"][0]
    assert ResultRow.objects.count() == 1


def test_who_reports_for_which_unit(world, campaign):
    assert reporting_units(world.officer_a) == [world.province_a]
    assert reporting_units(world.commune_officer_a) == [world.commune_a]
    assert reporting_units(world.central) == []
    assert reporting_units(world.partner_user) == []
    assert set(reporting_units(world.superuser)) == {world.province_a, world.province_b}
    with pytest.raises(PermissionDenied):
        report(world, campaign, actor=world.officer_b)
    with pytest.raises(PermissionDenied):
        report(world, campaign, actor=world.central, unit=world.province_a)
    with pytest.raises(PermissionDenied):  # a commune police does not report for its province
        report(world, campaign, actor=world.commune_officer_a, unit=world.province_a)
    with pytest.raises(ValidationError):  # a commune police reports its own commune only
        report(world, campaign, actor=world.commune_officer_a, unit=world.commune_a, commune=world.area_commune_a2)


def test_a_correction_is_audited_with_the_old_and_new_figures(world, campaign):
    row = report(world, campaign, participants=100, weapons=2)
    actions.result_update(
        actor=world.leader_a,
        row=row,
        commune=world.area_commune_a,
        site_name="Tổ dân phố 1",
        site_kind=SiteKind.RESIDENTIAL,
        site_level=SiteLevel.GRASSROOTS,
        held_on=HELD,
        values={"participants": 150, "weapons": 2, "articles": 4},
    )
    row.refresh_from_db()
    assert row.values == {"participants": 150, "weapons": 2, "articles": 4}
    assert row.submitted_by == world.leader_a
    entry = AuditEntry.objects.get(code="festival.result.changed")
    assert entry.old == {"site_level": "commune", "result_figures": ["Số người tham dự: 100", "Tin, bài: —"]}
    assert entry.new == {"site_level": "grassroots", "result_figures": ["Số người tham dự: 150", "Tin, bài: 4"]}


def test_a_commune_police_cannot_correct_the_provinces_row(world, campaign):
    row = report(world, campaign)
    with pytest.raises(PermissionDenied):
        actions.result_update(
            actor=world.commune_officer_a,
            row=row,
            commune=world.area_commune_a,
            site_name="x",
            site_kind=SiteKind.RESIDENTIAL,
            site_level=SiteLevel.COMMUNE,
            held_on=HELD,
            values={"participants": 1},
        )


# --- the pages -----------------------------------------------------------------------------------


def test_the_form_reports_a_site_and_lists_it(world, campaign, client_for):
    client = client_for(world.commune_officer_a)
    url = reverse("festival:result_create", args=[2023])
    page = client.get(url).content.decode()
    assert "Phường Buôn Hồ" in page and "Xã Ea Drông" not in page  # its own commune only
    response = client.post(
        url,
        {
            "unit": world.commune_a.pk,
            "commune": world.area_commune_a.pk,
            "site_name": "Tổ dân phố 3",
            "site_kind": SiteKind.RESIDENTIAL,
            "site_level": SiteLevel.GRASSROOTS,
            "held_on": "12/08/2023",
            "value_participants": "250",
            "value_gifts_value": "3.000.000",
            "next": "list",
        },
    )
    assert response.status_code == 302
    row = ResultRow.objects.get()
    assert row.values == {"participants": 250, "gifts_value": 3_000_000} and row.unit == world.commune_a
    listing = client.get(reverse("festival:results", args=[2023])).content.decode()
    assert "Tổ dân phố 3" in listing and reverse("festival:result_edit", args=[2023, row.pk]) in listing


def test_the_form_shows_errors_on_their_fields(world, campaign, client_for):
    response = client_for(world.officer_a).post(
        reverse("festival:result_create", args=[2023]),
        {
            "unit": world.province_a.pk,
            "commune": world.area_commune_a.pk,
            "site_name": "Thôn 1",
            "site_kind": SiteKind.RESIDENTIAL,
            "site_level": SiteLevel.COMMUNE,
            "held_on": "20/08/2023",
            "value_participants": "-4",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"held_on", "value_participants"}
    assert not ResultRow.objects.exists()


def test_the_edit_page_saves_a_correction(world, campaign, client_for):
    row = report(world, campaign, participants=100)
    client = client_for(world.officer_a)
    url = reverse("festival:result_edit", args=[2023, row.pk])
    page = client.get(url).content.decode()
    assert 'value="100"' in page
    response = client.post(
        url,
        {
            "commune": world.area_commune_a.pk,
            "site_name": row.site_name,
            "site_kind": row.site_kind,
            "site_level": row.site_level,
            "held_on": "14/08/2023",
            "value_participants": "130",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.values == {"participants": 130}
