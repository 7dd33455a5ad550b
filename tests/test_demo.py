"""The demo world: loads on the real reference data, twice without duplicates, and behaves."""

import datetime

from django.core.management import call_command
from django.urls import reverse

from phongtrao.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from phongtrao.meetings.models import Meeting
from phongtrao.org.enums import UnitKind
from phongtrao.org.models import Area, Membership, Unit, User


def test_demo_world(db, client, settings):
    settings.PHONGTRAO_DEMO = True
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    counts = (User.objects.count(), Membership.objects.count(), Meeting.objects.count(), Area.objects.count())
    call_command("load_demo", verbosity=0)
    assert (User.objects.count(), Membership.objects.count(), Meeting.objects.count(), Area.objects.count()) == counts
    assert set(User.objects.values_list("username", flat=True)) == {u for u, _d in DEMO_ACCOUNTS}

    session = Meeting.objects.get(date=datetime.date(2023, 5, 23))
    assert session.owner.code == "V05"
    assert session.attendees.filter(full_name="Nguyễn Thế Chi", rank="Đại tá").exists()
    assert session.attendees.count() == 6
    assert Unit.objects.get(code="V05").oversees.filter(kind=UnitKind.PROVINCIAL_POLICE).count() == 34

    # V05's 2023 programme: 14 key tasks and 9 work areas, some overdue, forwarded down to communes,
    # proposals waiting for the Deputy Minister.
    from phongtrao.work.models import Assignment, Proposal

    work_2023 = Assignment.objects.filter(programme__year=2023, programme__owner__code="V05")
    assert work_2023.filter(parent__isnull=True, category="key_task").count() == 14
    assert work_2023.filter(parent__isnull=True, category="work_area").count() == 9
    assert work_2023.filter(execution="overdue").exists()
    assert work_2023.filter(execution="done_late").exists() and work_2023.filter(execution="done_on_time").exists()
    assert work_2023.filter(lead__kind=UnitKind.COMMUNE_POLICE).count() >= 2
    assert work_2023.filter(lead__kind=UnitKind.PROVINCIAL_POLICE).count() >= 4
    assert Proposal.objects.filter(raised_to__username="thutruong", status="pending").count() == 2
    assert work_2023.filter(previous_occurrence__isnull=False).exists()  # the monthly report recurred

    # A provincial officer of Sơn La logs in with the demo password and cannot open Đắk Lắk's police.
    response = client.post(reverse("login"), {"username": "sonla_canbo", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    dak_lak = Unit.objects.get(kind=UnitKind.PROVINCIAL_POLICE, area__name="Tỉnh Đắk Lắk")
    son_la = Unit.objects.get(kind=UnitKind.PROVINCIAL_POLICE, area__name="Tỉnh Sơn La")
    assert client.get(reverse("org:unit_detail", args=[dak_lak.pk])).status_code == 404
    assert client.get(reverse("org:unit_detail", args=[son_la.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[session.pk])).status_code == 404
    # The login page lists the demo accounts in demo mode only.
    client.logout()
    assert "taxua_canbo" in client.get(reverse("login")).content.decode()
    settings.PHONGTRAO_DEMO = False
    assert "taxua_canbo" not in client.get(reverse("login")).content.decode()
