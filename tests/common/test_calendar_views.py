"""The calendar page: everyone logged in reads it; only editors add or remove exceptions."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phongtrao.audit.models import AuditEntry
from phongtrao.common import calendar
from phongtrao.common.calendar import calendar_day_create, is_working_day
from phongtrao.common.models import CalendarDay, CalendarDayKind

from ..test_security import EXTERNAL, INLINE_HANDLER, INLINE_SCRIPT, STYLE_ATTR

PAGE = reverse("common:calendar")
CREATE = reverse("common:calendar_day_create")
GOOD = {"date": "02/01/2026", "kind": "holiday", "name": "Nghỉ hoán đổi dịp Tết Dương lịch 2026", "note": "12729/VPCP-KGVX"}


def delete_url(row) -> str:
    return reverse("common:calendar_day_delete", args=[row.pk])


def message(text: str, **params) -> str:
    """The message as the page shows it (Vietnamese once the catalogue has it)."""
    with translation.override("vi"):
        return translation.gettext(text) % params


def shown(response, text: str) -> bool:
    from html import unescape

    return text in unescape(response.content.decode())


@pytest.fixture
def editor(world):
    """An ordinary officer given the Django permission (common may not know about roles)."""
    world.officer_b.user_permissions.add(Permission.objects.get(codename="change_calendarday", content_type__app_label="common"))
    return world.officer_b


@pytest.fixture
def existing(db):
    return calendar_day_create(actor=None, day=date(2025, 12, 31), kind=CalendarDayKind.HOLIDAY, name="Nghỉ thêm")


# --- reading -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(db, client):
    delete = reverse("common:calendar_day_delete", args=[1])
    for response in (client.get(PAGE), client.post(CREATE, GOOD), client.get(CREATE), client.post(delete)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_viewer_sees_the_year_without_forms(world, client_for, existing):
    response = client_for(world.officer_a).get(PAGE, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert "30/04/2025" in html and "01/05/2025" in html and "02/09/2025" in html
    assert shown(response, "Ngày Chiến thắng")
    assert shown(response, calendar.weekday_name(date(2025, 4, 30)))
    assert "31/12/2025" in html  # the exception is listed for everyone
    assert CREATE not in html and delete_url(existing) not in html
    assert 'name="kind"' not in html
    assert response.context["form"] is None


def test_superuser_sees_the_forms(world, client_for, existing):
    response = client_for(world.superuser).get(PAGE, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{CREATE}"' in html
    assert f'action="{delete_url(existing)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert shown(response, message("Days off for Tết"))


def test_page_has_no_inline_code(world, client_for):
    response = client_for(world.superuser).get(PAGE)
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    for pattern in (INLINE_SCRIPT, STYLE_ATTR, INLINE_HANDLER, EXTERNAL):
        assert not pattern.search(html), pattern.pattern


def test_year_selector(world, client_for):
    client = client_for(world.officer_a)
    response = client.get(PAGE, {"year": 2026})
    assert response.context["year"] == 2026
    assert response.context["tet"] == {"first": date(2026, 2, 14), "last": date(2026, 2, 22), "days": 9}
    assert "17/02/2026" in response.content.decode()
    assert re.search(r'<option value="2026" selected>', response.content.decode())
    for bad in ("abc", "1800", ""):
        assert client.get(PAGE, {"year": bad}).status_code == 200


def test_page_query_count_does_not_grow_with_exceptions(world, client_for):
    client = client_for(world.officer_a)

    def queries_with(days: list[date]) -> int:
        for day in days:
            calendar_day_create(actor=None, day=day, kind=CalendarDayKind.HOLIDAY, name="Nghỉ")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, {"year": 2026}).status_code == 200
        return len(queries)

    one = queries_with([date(2026, 3, 2)])
    three = queries_with([date(2026, 3, 3), date(2026, 3, 4)])
    assert one == three


# --- changing ------------------------------------------------------------------------------------


def test_superuser_adds_an_exception_with_an_audit_row(world, client_for):
    assert is_working_day(date(2026, 1, 2))
    response = client_for(world.superuser).post(CREATE, GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?year=2026"
    row = CalendarDay.objects.get()
    assert (row.date, row.kind, row.name, row.note) == (date(2026, 1, 2), "holiday", GOOD["name"], "12729/VPCP-KGVX")
    assert not is_working_day(date(2026, 1, 2))
    entry = AuditEntry.objects.get(code="common.calendar_day.created")
    assert entry.actor == world.superuser and entry.object_id == str(row.pk) and entry.unit is None
    assert entry.old is None
    assert entry.new == {"date": "2026-01-02", "kind": "holiday", "name": GOOD["name"], "note": "12729/VPCP-KGVX"}


def test_holder_of_the_permission_adds_a_make_up_day(editor, client_for):
    data = {"date": "10/01/2026", "kind": "working", "name": "Làm bù cho ngày 02/01/2026", "note": ""}
    assert client_for(editor).post(CREATE, data).status_code == 302
    assert CalendarDay.objects.get().kind == CalendarDayKind.WORKING
    assert is_working_day(date(2026, 1, 10))


def test_superuser_removes_an_exception_with_an_audit_row(world, client_for, existing):
    assert not is_working_day(existing.date)
    response = client_for(world.superuser).post(delete_url(existing))
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?year=2025"
    assert not CalendarDay.objects.exists()
    assert is_working_day(existing.date)
    entry = AuditEntry.objects.get(code="common.calendar_day.deleted")
    assert entry.actor == world.superuser and entry.object_id == str(existing.pk)
    assert entry.old["date"] == "2025-12-31" and entry.new is None


@pytest.mark.parametrize("persona", ["officer_a", "admin_a", "leader_a", "central"])
def test_without_the_permission_posts_are_404_and_change_nothing(world, client_for, existing, persona):
    client = client_for(getattr(world, persona))
    assert client.post(CREATE, GOOD).status_code == 404
    assert client.post(delete_url(existing)).status_code == 404
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [existing.date]
    assert not AuditEntry.objects.filter(code__startswith="common.calendar_day").exclude(actor=None).exists()


def test_get_on_the_change_endpoints_is_refused(world, client_for, existing):
    client = client_for(world.superuser)
    assert client.get(CREATE).status_code == 405
    assert client.get(delete_url(existing)).status_code == 405


def test_deleting_a_missing_exception_is_404(world, client_for):
    assert client_for(world.superuser).post(reverse("common:calendar_day_delete", args=[999])).status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        (
            {"date": "31/12/2025"},
            "date",
            ("There is already an exception on %(date)s. Remove it first to enter another.", {"date": "31/12/2025"}),
        ),
        ({"date": "31/02/2026"}, "date", ("Enter a valid date as dd/mm/yyyy, e.g. 02/01/2026.", {})),
        ({"date": "hôm qua"}, "date", ("Enter a valid date as dd/mm/yyyy, e.g. 02/01/2026.", {})),
        ({"date": ""}, "date", ("Enter the date.", {})),
        ({"date": "01/01/1990"}, "date", ("Choose a date between %(first)s and %(last)s.", {"first": 2000, "last": 2099})),
        (
            {"date": "05/01/2026", "kind": "working"},
            "date",
            (
                "%(date)s is a %(weekday)s: only a Saturday or a Sunday can be made a working day.",
                {"date": "05/01/2026", "weekday": "Monday"},
            ),
        ),
        (
            {"date": "03/01/2026", "kind": "holiday"},
            "date",
            (
                "%(date)s is a %(weekday)s, already a day off: a day off must fall on a weekday.",
                {"date": "03/01/2026", "weekday": "Saturday"},
            ),
        ),
        ({"kind": "tet"}, "kind", ("Choose whether the day is a day off or a make-up working day.", {})),
        ({"name": "   "}, "name", ("Enter the name of the day, for example “Nghỉ bù Quốc khánh”.", {})),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(world, client_for, existing, data, field, expected):
    text, params = expected
    if "weekday" in params:
        with translation.override("vi"):
            params = {**params, "weekday": translation.pgettext("weekday", params["weekday"])}
    before = AuditEntry.objects.count()
    response = client_for(world.superuser).post(CREATE, {**GOOD, **data})
    assert response.status_code == 400
    assert message(text, **params) in response.context["form"].errors[field]
    assert shown(response, message(text, **params))
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [existing.date]
    assert AuditEntry.objects.count() == before
    assert is_working_day(date(2026, 1, 2))


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.superuser)
    assert client.post(CREATE, GOOD).status_code == 403
    assert not CalendarDay.objects.exists()
    row = calendar_day_create(actor=None, day=date(2025, 12, 31), kind=CalendarDayKind.HOLIDAY, name="Nghỉ")
    assert client.post(delete_url(row)).status_code == 403
    assert CalendarDay.objects.filter(pk=row.pk).exists()
