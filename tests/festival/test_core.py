import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.core import campaign_create, site_create
from phongtrao.festival.enums import SiteKind, SiteLevel
from phongtrao.festival.models import Campaign, ResultField, Site, SiteTask

from .conftest import make_campaign


def test_campaign_starts_with_the_default_programme_and_result_fields(campaign):
    assert campaign.checklist_template.filter(part="ceremony").count() == 9
    assert ResultField.objects.filter(campaign=campaign, key="participants", required=True).exists()
    assert AuditEntry.objects.filter(code="festival.campaign.created").count() == 1


def test_only_organisers_open_a_campaign(world):
    with pytest.raises(PermissionDenied):
        campaign_create(
            actor=world.officer_a,
            owner=world.v05,
            year=2024,
            theme="x",
            window_start=datetime.date(2024, 7, 1),
            window_end=datetime.date(2024, 8, 19),
            festival_day=datetime.date(2024, 8, 19),
        )
    assert not Campaign.objects.exists()


def test_bad_dates_are_refused_with_messages_and_nothing_written(world):
    make_campaign(world)
    with pytest.raises(ValidationError) as caught:
        campaign_create(
            actor=world.central,
            owner=world.v05,
            year=2023,
            theme="Chủ đề",
            window_start=datetime.date(2023, 8, 19),
            window_end=datetime.date(2023, 7, 1),
            festival_day=datetime.date(2023, 9, 1),
        )
    assert {"year", "window_end"} <= set(caught.value.message_dict)
    assert Campaign.objects.count() == 1


def test_a_site_gets_its_checklist_dated_from_the_site_date(world, campaign):
    site = site_create(
        actor=world.officer_a,
        campaign=campaign,
        level=SiteLevel.PROVINCE,
        kind=SiteKind.COMMUNE,
        name="Phường Buôn Hồ",
        area=world.area_commune_a,
        unit=world.province_a,
        date=datetime.date(2023, 8, 14),
    )
    assert site.province == world.area_a
    assert site.region == world.region
    first = SiteTask.objects.filter(site=site).order_by("due_date").first()
    assert first.due_date == datetime.date(2023, 7, 15)
    assert SiteTask.objects.filter(site=site).count() == campaign.checklist_template.count()


def test_a_site_outside_the_window_or_the_units_area_is_refused(world, campaign):
    with pytest.raises(ValidationError) as caught:
        site_create(
            actor=world.officer_a,
            campaign=campaign,
            level=SiteLevel.PROVINCE,
            kind=SiteKind.COMMUNE,
            name="Xã Tà Xùa",
            area=world.area_commune_b,
            unit=world.province_a,
            date=datetime.date(2023, 9, 1),
        )
    assert {"date", "area"} <= set(caught.value.message_dict)
    with pytest.raises(PermissionDenied):
        site_create(
            actor=world.officer_b,
            campaign=campaign,
            level=SiteLevel.PROVINCE,
            kind=SiteKind.COMMUNE,
            name="Phường Buôn Hồ",
            area=world.area_commune_a,
            unit=world.province_a,
            date=datetime.date(2023, 8, 1),
        )
    assert not Site.objects.exists()
