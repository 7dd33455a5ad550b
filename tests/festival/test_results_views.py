"""Every URL of the festival's results for every persona (with data that could leak), query counts
that stay constant as rows grow, and the strict CSP on every page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.festival.enums import ImportStatus, SiteKind
from phongtrao.festival.models import ResultField, ResultImport

from .test_results_entry import report

PERSONAS = ("central", "superuser", "officer_a", "leader_a", "officer_b", "commune_officer_a", "partner_user")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


@pytest.fixture
def data(world, campaign):
    """A row of province A, one of commune A's police, one of province B, and an import of province A."""
    row_a = report(world, campaign, name="Thôn của tỉnh A")
    row_commune = report(world, campaign, unit=world.commune_a, actor=world.commune_officer_a, name="Tổ dân phố của xã")
    row_b = report(
        world, campaign, unit=world.province_b, actor=world.officer_b, commune=world.area_commune_b, name="Bản của tỉnh B"
    )
    imp = ResultImport.objects.create(
        campaign=campaign, unit=world.province_a, name="tinh-a.xlsx", uploaded_by=world.officer_a, status=ImportStatus.DONE
    )
    field = ResultField.objects.get(campaign=campaign, key="posters")
    return {"row_a": row_a, "row_commune": row_commune, "row_b": row_b, "import": imp, "field": field}


def urls(data) -> dict[str, str]:
    return {
        "results": reverse("festival:results", args=[2023]),
        "result_create": reverse("festival:result_create", args=[2023]),
        "result_edit": reverse("festival:result_edit", args=[2023, data["row_a"].pk]),
        "result_edit_commune": reverse("festival:result_edit", args=[2023, data["row_commune"].pk]),
        "results_template": reverse("festival:results_template", args=[2023]),
        "results_import": reverse("festival:results_import", args=[2023]),
        "results_import_status": reverse("festival:results_import_status", args=[2023, data["import"].pk]),
        "results_rollup": reverse("festival:results_rollup", args=[2023]),
        "results_summary_docx": reverse("festival:results_summary_docx", args=[2023]),
        "results_summary_xlsx": reverse("festival:results_summary_xlsx", args=[2023]),
        "result_fields": reverse("festival:result_fields", args=[2023]),
        "result_field_edit": reverse("festival:result_field_edit", args=[2023, data["field"].pk]),
    }


ALL = 200
# GET: persona -> status for each URL (404: may not see it; 403: sees it but may not act).
EXPECTED = {
    "results": dict.fromkeys(PERSONAS, ALL),
    "result_create": {
        "central": 403,
        "superuser": 200,
        "officer_a": 200,
        "leader_a": 200,
        "officer_b": 200,
        "commune_officer_a": 200,
        "partner_user": 403,
    },
    "result_edit": {
        "central": 403,
        "superuser": 200,
        "officer_a": 200,
        "leader_a": 200,
        "officer_b": 404,
        "commune_officer_a": 404,
        "partner_user": 404,
    },
    "result_edit_commune": {
        "central": 403,
        "superuser": 200,
        "officer_a": 200,
        "leader_a": 200,
        "officer_b": 404,
        "commune_officer_a": 200,
        "partner_user": 404,
    },
    "results_template": dict.fromkeys(PERSONAS, ALL),
    "results_import": {
        "central": 403,
        "superuser": 200,
        "officer_a": 200,
        "leader_a": 200,
        "officer_b": 200,
        "commune_officer_a": 200,
        "partner_user": 403,
    },
    "results_import_status": {
        "central": 200,
        "superuser": 200,
        "officer_a": 200,
        "leader_a": 200,
        "officer_b": 404,
        "commune_officer_a": 404,
        "partner_user": 404,
    },
    "results_rollup": dict.fromkeys(PERSONAS, ALL),
    "results_summary_docx": dict.fromkeys(PERSONAS, ALL),
    "results_summary_xlsx": dict.fromkeys(PERSONAS, ALL),
    "result_fields": {p: 200 if p in ("central", "superuser") else 403 for p in PERSONAS},
    "result_field_edit": {p: 200 if p in ("central", "superuser") else 403 for p in PERSONAS},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(world, campaign, data, client_for, persona):
    client = client_for(getattr(world, persona))
    for name, url in urls(data).items():
        assert client.get(url).status_code == EXPECTED[name][persona], (name, persona)


def test_anonymous_visitors_are_sent_to_log_in(world, campaign, data, client):
    for name, url in urls(data).items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    delete = reverse("festival:result_field_delete", args=[2023, data["field"].pk])
    assert client.post(delete).status_code == 302
    assert ResultField.objects.filter(pk=data["field"].pk).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_organisers_delete_a_field(world, campaign, data, client_for, persona):
    delete = reverse("festival:result_field_delete", args=[2023, data["field"].pk])
    response = client_for(getattr(world, persona)).post(delete)
    organiser = persona in ("central", "superuser")
    assert response.status_code == (302 if organiser else 403)
    assert ResultField.objects.filter(pk=data["field"].pk).exists() is not organiser


def test_an_unknown_year_is_404(world, campaign, client_for):
    client = client_for(world.officer_a)
    for name in ("festival:results", "festival:results_rollup", "festival:result_create", "festival:results_summary_docx"):
        assert client.get(reverse(name, args=[1999])).status_code == 404, name


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("central", {"Thôn của tỉnh A", "Tổ dân phố của xã", "Bản của tỉnh B"}),
        ("officer_a", {"Thôn của tỉnh A", "Tổ dân phố của xã"}),
        ("officer_b", {"Bản của tỉnh B"}),
        ("commune_officer_a", {"Tổ dân phố của xã"}),
        ("partner_user", set()),
    ],
)
def test_the_list_shows_only_what_the_user_may_see(world, campaign, data, client_for, persona, visible):
    page = client_for(getattr(world, persona)).get(reverse("festival:results", args=[2023])).content.decode()
    names = {"Thôn của tỉnh A", "Tổ dân phố của xã", "Bản của tỉnh B"}
    assert {name for name in names if name in page} == visible


def test_the_list_filters(world, campaign, data, client_for):
    client = client_for(world.central)
    url = reverse("festival:results", args=[2023])
    page = client.get(url, {"province": world.area_b.pk}).content.decode()
    assert "Bản của tỉnh B" in page and "Thôn của tỉnh A" not in page
    page = client.get(url, {"q": "ta xua"}).content.decode()
    assert "Bản của tỉnh B" in page and "Thôn của tỉnh A" not in page
    page = client.get(url, {"kind": SiteKind.SCHOOL}).content.decode()
    assert "Bản của tỉnh B" not in page


# --- query counts --------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("festival:results", ""),
    ("festival:results", "?province={province}&kind=residential"),
    ("festival:results_rollup", "?group_by=region"),
    ("festival:results_rollup", "?group_by=province"),
    ("festival:results_rollup", "?group_by=commune&province={province}"),
    ("festival:results_rollup", "?group_by=commune"),
]


@pytest.mark.parametrize(("name", "query"), PAGES)
@pytest.mark.parametrize("persona", ["central", "officer_a"])
def test_query_count_constant_with_1_or_3_rows(world, campaign, client_for, name, query, persona):
    client = client_for(getattr(world, persona))
    url = reverse(name, args=[2023]) + query.format(province=world.area_a.pk)
    report(world, campaign, name="Điểm 1")
    small = _count(client, url)
    report(world, campaign, name="Điểm 2", commune=world.area_commune_a2, kind=SiteKind.SCHOOL)
    report(world, campaign, name="Điểm 3", unit=world.commune_a, actor=world.commune_officer_a, kind=SiteKind.COMMUNE)
    assert _count(client, url) == small


def test_pages_have_no_inline_code(world, campaign, data, client_for):
    client = client_for(world.superuser)
    pages = [url for name, url in urls(data).items() if not name.startswith(("results_template", "results_summary"))]
    pages += [reverse("festival:results_rollup", args=[2023]) + f"?group_by=commune&province={world.area_a.pk}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTR.search(html), url
        assert not INLINE_HANDLER.search(html), url
        assert '<form method="post"' not in html or "csrfmiddlewaretoken" in html, url


@pytest.mark.parametrize(
    ("persona", "name", "status"),
    [
        ("central", "result_create", 403),
        ("partner_user", "result_create", 403),
        ("central", "result_edit", 403),
        ("officer_b", "result_edit", 404),
        ("commune_officer_a", "result_edit", 404),
        ("central", "results_import", 403),
        ("partner_user", "results_import", 403),
        ("officer_a", "result_fields", 403),
        ("officer_a", "result_field_edit", 403),
    ],
)
def test_posts_by_those_who_may_not_act_change_nothing(world, campaign, data, client_for, persona, name, status):
    from phongtrao.audit.models import AuditEntry
    from phongtrao.festival.models import ResultRow

    before = (ResultRow.objects.count(), ResultImport.objects.count(), ResultField.objects.count(), AuditEntry.objects.count())
    payload = {
        "unit": world.province_a.pk,
        "commune": world.area_commune_a.pk,
        "site_name": "Thôn 9",
        "site_kind": SiteKind.RESIDENTIAL,
        "site_level": "commune",
        "held_on": "14/08/2023",
        "value_participants": "1",
        "label": "Chỉ tiêu mới",
        "group": "outcomes",
        "kind": "count",
    }
    response = client_for(getattr(world, persona)).post(urls(data)[name], payload)
    assert response.status_code == status
    after = (ResultRow.objects.count(), ResultImport.objects.count(), ResultField.objects.count(), AuditEntry.objects.count())
    assert after == before
    data["row_a"].refresh_from_db()
    assert data["row_a"].site_name == "Thôn của tỉnh A"
