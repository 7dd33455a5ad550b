"""The inbox and settings pages: each person sees and changes only their own; POSTs need CSRF."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.notifications.models import Notification, NotificationSettings


def _make(user, n=1, **extra):
    return [
        Notification.objects.create(
            recipient=user, code="test", title=f"Thông báo {i} cho {user.username}", url="/work/", **extra
        )
        for i in range(n)
    ]


@pytest.fixture
def inboxes(world):
    """Each persona has notifications that must never show to the others."""
    return {name: _make(user, 2) for name, user in world.personas.items() if user is not None}


def test_permission_matrix(world, inboxes, client_for):
    """Every signed-in person opens their own pages; anybody's notification but one's own is 404."""
    failures = []
    for name, user in world.personas.items():
        client = client_for(user)
        for url in (reverse("notifications:list"), reverse("notifications:settings")):
            status = client.get(url).status_code
            expected = 302 if user is None else 200
            if status != expected:
                failures.append(f"{name} GET {url}: {status} != {expected}")
        for owner, items in inboxes.items():
            url = reverse("notifications:read", args=[items[0].pk])
            status = client.post(url).status_code
            expected = 302 if user is None or owner == name else 404
            if status != expected:
                failures.append(f"{name} POST {url} ({owner}'s): {status} != {expected}")
        status = client.get(reverse("notifications:read", args=[inboxes["central"][0].pk])).status_code
        if status != (302 if user is None else 405):
            failures.append(f"{name} GET read: {status}")
    assert not failures, "\n".join(failures)
    # Only each owner's first notification was marked read.
    assert set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == {
        items[0].pk for items in inboxes.values()
    }


def test_the_list_shows_only_ones_own_unread_first(world, inboxes, client_for):
    older_read = inboxes["officer_a"][0]
    Notification.objects.filter(pk=older_read.pk).update(read_at=older_read.created_at)
    newest = _make(world.officer_a, 1)[0]
    Notification.objects.filter(pk=newest.pk).update(read_at=newest.created_at)
    response = client_for(world.officer_a).get(reverse("notifications:list"))
    shown = list(response.context["page_obj"])
    assert {n.recipient_id for n in shown} == {world.officer_a.pk}
    assert [n.is_read for n in shown] == [False, True, True]
    assert response.context["unread"] == 1
    assert "officer_b" not in response.content.decode()


def test_another_persons_notification_is_404_and_stays_unread(world, inboxes, client_for):
    theirs = inboxes["officer_b"][0]
    assert client_for(world.officer_a).post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_open_goes_to_the_link_inside_the_site_only(world, client_for):
    client = client_for(world.officer_a)
    inside = _make(world.officer_a)[0]
    response = client.post(reverse("notifications:read", args=[inside.pk]), {"open": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/work/"
    outside = Notification.objects.create(recipient=world.officer_a, code="x", title="x", url="https://evil.example/")
    response = client.post(reverse("notifications:read", args=[outside.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")
    assert Notification.objects.filter(recipient=world.officer_a, read_at__isnull=True).count() == 0


def test_mark_all_read_touches_only_ones_own(world, inboxes, client_for):
    response = client_for(world.officer_a).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=world.officer_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=world.officer_b, read_at__isnull=True).count() == 2


def test_posts_need_the_csrf_token(world, inboxes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    mine = inboxes["officer_a"][0]
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 403
    assert client.post(reverse("notifications:read_all")).status_code == 403
    settings_data = {"reminder_days": "2", "overdue_repeat": "never"}
    assert client.post(reverse("notifications:settings"), settings_data).status_code == 403
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    assert not NotificationSettings.objects.exists()
    # With the token from the page, the same POST goes through.
    client.get(reverse("notifications:list"))
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_settings_form_saves_and_shows_errors_on_the_field(world, client_for):
    client = client_for(world.officer_a)
    url = reverse("notifications:settings")
    page = client.get(url)
    assert page.context["form"].initial["reminder_days"] == "5,1"
    response = client.post(url, {"reminder_days": "5,x", "overdue_repeat": "weekly", "email": "on"})
    assert response.status_code == 400
    assert response.context["form"].errors["reminder_days"]
    assert not NotificationSettings.objects.exists()
    response = client.post(url, {"reminder_days": "3, 1", "overdue_repeat": "weekly"})
    assert response.status_code == 302
    saved = NotificationSettings.objects.get(user=world.officer_a)
    assert (saved.reminder_days, saved.overdue_repeat, saved.email, saved.daily_digest) == ("3,1", "weekly", False, False)


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["notifications:list", "home"])
def test_query_count_constant(world, client_for, name):
    client = client_for(world.officer_a)
    url = reverse(name)
    _make(world.officer_a, 1)
    small = _count(client, url)
    _make(world.officer_a, 3)
    _make(world.officer_a, 2, read_at=None)
    assert _count(client, url) == small
    _make(world.officer_a, 60)  # a second page
    assert _count(client, url) == small


def test_home_card_and_bell(world, client_for):
    _make(world.officer_a, 2)
    response = client_for(world.officer_a).get(reverse("home"))
    [card] = [c for c in response.context["cards"] if c["key"] == "notifications.unread"]
    assert card["context"]["count"] == 2
    assert len(card["context"]["items"]) == 2
    html = render_to_string("notifications/includes/bell.html", {"user": world.officer_a})
    assert reverse("notifications:list") in html
    assert ">2<" in html.replace(" ", "")
    assert "badge" not in render_to_string("notifications/includes/bell.html", {"user": world.officer_b})
