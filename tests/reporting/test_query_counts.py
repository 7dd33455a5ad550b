"""Query counts of the reporting pages stay constant: 1 request vs 3, 1 target vs 3, 1 version vs 3."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.org.enums import Role, UnitKind
from phongtrao.org.models import Unit
from phongtrao.reporting import actions
from tests.world import user

from .conftest import draft, pdf, send, submit


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches (content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _commune(world, i: int) -> Unit:
    unit = Unit.objects.create(
        name=f"Công an xã Thêm {i}", code=f"CAXT{i}", kind=UnitKind.COMMUNE_POLICE, parent=world.province_a
    )
    officer = user(f"xa{i}", unit, Role.OFFICER, f"Cán bộ xã {i}")
    return unit, officer


def _request_with_targets(world, n: int, offset: int = 0):
    """Province A asks n new communes; each submits (with a file) or drafts, alternately."""
    communes = [_commune(world, offset + i) for i in range(n)]
    request = send(world.officer_a, world.province_a, [unit for unit, _o in communes], title=f"Yêu cầu {offset}")
    for index, (unit, officer) in enumerate(communes):
        target = request.targets.get(unit=unit)
        if index % 2 == 0:
            submit(officer, target, files=[pdf()])
        else:
            draft(officer, target)
    return request


@pytest.mark.parametrize("persona", ["officer_a", "central", "commune_a"])
def test_list_constant_in_requests(world, client_for, persona):
    client = client_for(getattr(world, persona if persona != "commune_a" else "commune_officer_a"))
    url = reverse("reporting:list")

    def grow(n, offset):
        for i in range(n):
            request = send(world.officer_a, world.province_a, [world.commune_a, world.commune_a2], title=f"Yêu cầu {offset + i}")
            submit(world.commune_officer_a, request.targets.get(unit=world.commune_a))
            national = send(world.central, world.v05, [world.province_a, world.province_b], title=f"Quốc gia {offset + i}")
            draft(world.officer_a, national.targets.get(unit=world.province_a))

    grow(1, 0)
    small = _count(client, url)
    grow(2, 10)
    assert _count(client, url) == small


@pytest.mark.parametrize("page", ["list", "detail", "consolidated_xlsx", "list_xlsx", "home"])
def test_pages_constant_in_targets(world, client_for, page):
    client = client_for(world.officer_a)
    request = _request_with_targets(world, 1)
    urls = {
        "list": reverse("reporting:list"),
        "detail": reverse("reporting:detail", args=[request.pk]),
        "consolidated_xlsx": reverse("reporting:consolidated_xlsx", args=[request.pk]),
        "list_xlsx": reverse("reporting:list_xlsx"),
        "home": reverse("home"),
    }
    small = _count(client, urls[page])
    more = _request_with_targets(world, 3, offset=10)
    urls["detail"] = reverse("reporting:detail", args=[more.pk])
    urls["consolidated_xlsx"] = reverse("reporting:consolidated_xlsx", args=[more.pk])
    assert _count(client, urls[page]) == small


def test_target_page_constant_in_versions(world, client_for):
    request = send(world.central, world.v05, [world.province_a])
    target = request.targets.get()
    client = client_for(world.central)
    url = reverse("reporting:target", args=[target.pk])
    version = submit(world.officer_a, target, files=[pdf()])
    small = _count(client, url)
    for _i in range(2):
        actions.submission_return(actor=world.central, submission=version, reason="Bổ sung.")
        version = submit(world.officer_a, target, files=[pdf()])
    assert _count(client, url) == small


def test_reporter_detail_constant_in_versions(world, client_for):
    request = send(world.central, world.v05, [world.province_a])
    target = request.targets.get()
    client = client_for(world.officer_a)
    url = reverse("reporting:detail", args=[request.pk])
    version = submit(world.officer_a, target, files=[pdf()])
    actions.submission_return(actor=world.central, submission=version, reason="Bổ sung.")
    small = _count(client, url)
    for _i in range(2):
        version = submit(world.officer_a, target, files=[pdf()])
        actions.submission_return(actor=world.central, submission=version, reason="Bổ sung.")
    assert _count(client, url) == small
