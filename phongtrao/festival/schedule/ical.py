"""Calendar feeds of the schedule (RFC 5545, with the icalendar library): one all-day event per
attendance, for a leader or for a site, and the signed subscription links that let a calendar
application (which cannot log in) read a feed on behalf of the person who copied the link.

A link's token carries the user, the kind of object and its id, signed with the project's secret
(salt "festival.ical"). The feed view re-checks, at every read, that this user is still active and
may still see the object, so deactivating an account or losing the right revokes its links.
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode
from icalendar import Calendar, Event

from phongtrao.org.models import User

from ..models import Campaign, Leader, LeaderAssignment, Site

SALT = "festival.ical"
LEADER = "leader"
SITE = "site"
SUMMARY = "Ngày hội toàn dân bảo vệ ANTQ – {site}"


def feed_token(user, kind: str, pk: int) -> str:
    return signing.dumps({"u": user.pk, "k": kind, "o": pk}, salt=SALT, compress=True)


def token_user(token: str, kind: str, pk: int) -> User | None:
    """The active user a token was issued to, if it is genuine and names this object."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("k") != kind or payload.get("o") != pk:
        return None
    user_pk = payload.get("u")
    if not isinstance(user_pk, int):
        return None
    return User.objects.filter(pk=user_pk, is_active=True).first()


def feed_url(request, user, campaign: Campaign, kind: str, pk: int) -> str:
    """The absolute subscription link of one feed for this user."""
    name = "festival:leader_ical" if kind == LEADER else "festival:site_ical"
    path = reverse(name, args=[campaign.year, pk]) + "?" + urlencode({"token": feed_token(user, kind, pk)})
    return request.build_absolute_uri(path)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Phong Trao//Ngay hoi toan dan bao ve ANTQ//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    return calendar


def _place(site: Site) -> str:
    parts = [site.name]
    for name in (site.address, site.area.name, site.province.name):
        if name and name not in parts:
            parts.append(name)
    return ", ".join(parts)


def event(campaign: Campaign, assignment: LeaderAssignment) -> Event:
    site, leader = assignment.site, assignment.leader
    item = Event()
    item.add("uid", f"phongtrao-festival-{campaign.year}-site-{site.pk}@phongtrao")
    item.add("dtstamp", assignment.created_at.astimezone(datetime.UTC))
    item.add("dtstart", assignment.day)
    item.add("dtend", assignment.day + datetime.timedelta(days=1))
    item.add("summary", SUMMARY.format(site=site.name))
    item.add("location", _place(site))
    item.add(
        "description",
        "\n".join(
            (
                f"Lãnh đạo dự: {leader.full_name}, {leader.position}",
                f"Đơn vị chủ trì: {site.unit.name}",
                f"Ngày hội toàn dân bảo vệ ANTQ năm {campaign.year}",
            )
        ),
    )
    item.add("transp", "TRANSPARENT")
    return item


def leader_calendar(campaign: Campaign, leader: Leader, assignments: list[LeaderAssignment]) -> bytes:
    calendar = _calendar(f"Lịch dự Ngày hội {campaign.year} – {leader.full_name}")
    for assignment in assignments:
        calendar.add_component(event(campaign, assignment))
    return calendar.to_ical()


def site_calendar(campaign: Campaign, site: Site, assignment: LeaderAssignment | None) -> bytes:
    calendar = _calendar(f"Ngày hội {campaign.year} – {site.name}")
    if assignment is not None:
        calendar.add_component(event(campaign, assignment))
    return calendar.to_ical()
