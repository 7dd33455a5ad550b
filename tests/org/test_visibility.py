"""Permission matrix over every org, audit and meetings page: 404 for what a persona may not see."""

import datetime

import pytest
from django.urls import reverse

from phongtrao.meetings.models import Meeting
from phongtrao.org.models import SteeringCommittee


@pytest.fixture
def leaky(world):
    """Objects in province B (and at the centre) that must not leak to province A's people."""
    committee_b = SteeringCommittee.objects.create(name="Ban Chỉ đạo 138 tỉnh Sơn La", unit=world.province_b)
    meeting_b = Meeting.objects.create(title="Giao ban Sơn La", date=datetime.date(2025, 1, 5), owner=world.province_b)
    meeting_v05 = Meeting.objects.create(title="Làm việc với Cục", date=datetime.date(2023, 5, 23), owner=world.v05)
    return {"committee_b": committee_b, "meeting_b": meeting_b, "meeting_v05": meeting_v05}


def _pages(world, leaky):
    """(url, personas that may see it). Others get 404; anonymous is redirected to log in."""
    return [
        (reverse("org:unit_detail", args=[world.province_b.pk]), {"central", "officer_b"}),
        (reverse("org:unit_detail", args=[world.commune_b.pk]), {"central", "officer_b"}),
        (reverse("org:unit_detail", args=[world.province_a.pk]), {"central", "officer_a"}),
        (reverse("org:unit_detail", args=[world.commune_a.pk]), {"central", "officer_a", "commune_a"}),
        (reverse("org:unit_detail", args=[world.v05.pk]), {"central"}),
        (reverse("org:unit_detail", args=[world.partner.pk]), {"partner"}),
        (reverse("org:area_detail", args=[world.area_b.pk]), {"central", "officer_b", "partner"}),
        (reverse("org:area_detail", args=[world.area_commune_b.pk]), {"central", "officer_b", "partner"}),
        (reverse("org:area_detail", args=[world.residential_b.pk]), {"central", "officer_b", "partner"}),
        (reverse("org:area_detail", args=[world.area_commune_a.pk]), {"central", "officer_a", "commune_a", "partner"}),
        (reverse("org:area_detail", args=[world.area_commune_a2.pk]), {"central", "officer_a", "partner"}),
        (reverse("org:residential_area_import", args=[world.area_commune_b.pk]), {"central", "officer_b"}),
        (reverse("org:committee_detail", args=[leaky["committee_b"].pk]), {"central", "officer_b"}),
        (reverse("meetings:detail", args=[leaky["meeting_b"].pk]), {"central", "officer_b"}),
        (reverse("meetings:detail", args=[leaky["meeting_v05"].pk]), {"central"}),
    ]


def test_permission_matrix(world, leaky, client_for):
    failures = []
    for url, allowed in _pages(world, leaky):
        for name, user in world.personas.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else (200 if name in allowed else 404)
            if response.status_code != expected:
                failures.append(f"{name} {url}: {response.status_code} != {expected}")
    assert not failures, "\n".join(failures)


def test_lists_do_not_leak_other_provinces(world, leaky, client_for):
    client = client_for(world.officer_a)
    pages = [
        reverse("org:unit_list") + "?q=cong an",
        reverse("org:area_list"),
        reverse("org:area_list") + "?level=residential_area",
        reverse("org:committee_list"),
        reverse("meetings:list"),
        reverse("search") + "?q=ta xua",
        reverse("search") + "?q=son la",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("Sơn La", "Tà Xùa", "Giao ban Sơn La", "Làm việc với Cục"):
            assert secret not in html, f"{secret} leaked on {url}"


def test_writes_to_another_province_answer_404_and_change_nothing(world, client_for):
    client = client_for(world.officer_a)
    before = world.area_commune_b.children.count()
    response = client.post(
        reverse("org:residential_area_create", args=[world.area_commune_b.pk]), {"name": "Bản Mới", "division_type": "ban"}
    )
    assert response.status_code == 404
    response = client.post(reverse("org:area_tags_update", args=[world.area_b.pk]), {"tags": [world.region.pk]})
    assert response.status_code == 404
    assert world.area_commune_b.children.count() == before
    assert not world.area_b.tags.exists()


def test_partner_and_viewer_cannot_edit_areas(world, client_for):
    # The partner body sees the national map but is not a police unit: it cannot change areas.
    response = client_for(world.partner_user).post(
        reverse("org:residential_area_create", args=[world.area_commune_a.pk]), {"name": "Buôn Mới", "division_type": "ban"}
    )
    assert response.status_code == 404
    assert not world.area_commune_a.children.filter(name="Buôn Mới").exists()


def test_superuser_sees_everything(world, leaky, client_for):
    client = client_for(world.superuser)
    for url, _allowed in _pages(world, leaky):
        assert client.get(url).status_code == 200, url
