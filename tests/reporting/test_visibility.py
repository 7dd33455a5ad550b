"""Permission matrix over every reporting URL: 404 for what a persona may not see or touch."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from phongtrao.audit.models import AuditEntry
from phongtrao.reporting.models import Attachment, ReportRequest, ReportTarget, Submission, SubmissionReturn

from .conftest import SECRET_A2, SECRET_B

EVERYONE = {"central", "officer_a", "officer_b", "commune_a", "partner"}


def _get_pages(world, r):
    """(url, personas that get 200). Everyone else gets 404; anonymous is sent to log in."""
    file_a = Attachment.objects.get(target=r.t_a)
    draft_file_a2 = Attachment.objects.get(target=r.t_ca2)
    return [
        (reverse("reporting:list"), EVERYONE),
        (reverse("reporting:list_xlsx"), EVERYONE),
        (reverse("reporting:create"), {"central", "officer_a", "officer_b"}),
        (reverse("reporting:detail", args=[r.v05.pk]), {"central", "officer_a", "officer_b"}),
        (reverse("reporting:detail", args=[r.a.pk]), {"central", "officer_a", "commune_a"}),
        (reverse("reporting:detail", args=[r.b.pk]), {"central", "officer_b"}),
        (reverse("reporting:detail", args=[999999]), set()),
        (reverse("reporting:target", args=[r.t_a.pk]), {"central", "officer_a"}),
        (reverse("reporting:target", args=[r.t_b.pk]), {"central", "officer_b"}),
        (reverse("reporting:target", args=[r.t_ca.pk]), {"central", "officer_a", "commune_a"}),
        (reverse("reporting:target", args=[r.t_ca2.pk]), {"central", "officer_a"}),
        (reverse("reporting:target", args=[r.t_cb.pk]), {"central", "officer_b"}),
        (reverse("reporting:target", args=[999999]), set()),
        (reverse("reporting:submit", args=[r.t_b.pk]), {"officer_b"}),
        (reverse("reporting:submit", args=[r.t_ca.pk]), {"commune_a"}),
        (reverse("reporting:submit", args=[r.t_ca2.pk]), set()),
        (reverse("reporting:consolidated_xlsx", args=[r.v05.pk]), {"central"}),
        (reverse("reporting:consolidated_docx", args=[r.v05.pk]), {"central"}),
        (reverse("reporting:consolidated_xlsx", args=[r.a.pk]), {"central", "officer_a"}),
        (reverse("reporting:consolidated_docx", args=[r.a.pk]), {"central", "officer_a"}),
        (reverse("reporting:consolidated_xlsx", args=[r.b.pk]), {"central", "officer_b"}),
        (reverse("reporting:consolidated_docx", args=[r.b.pk]), {"central", "officer_b"}),
        (reverse("reporting:consolidated_pdf", args=[r.a.pk]), {"central", "officer_a"}),
        (reverse("reporting:attachment", args=[file_a.pk]), {"central", "officer_a"}),
        (reverse("reporting:attachment", args=[draft_file_a2.pk]), set()),  # a draft's file: its unit only
    ]


def _state():
    return (
        ReportRequest.objects.filter(state="closed").count(),
        list(ReportTarget.objects.order_by("pk").values_list("draft_revision", "draft_text")),
        Submission.objects.count(),
        SubmissionReturn.objects.count(),
        AuditEntry.objects.count(),
    )


def _posts(world, r):
    """(url, data, personas that may do it). The others get 404 and change nothing."""
    return [
        (reverse("reporting:draft_save", args=[r.t_ca2.pk]), {"text": "Ghi đè", "intent": "save"}, set()),
        (reverse("reporting:draft_save", args=[r.t_ca.pk]), {"text": "Sửa", "intent": "save"}, {"commune_a"}),
        (reverse("reporting:draft_save", args=[r.t_b.pk]), {"text": "Sửa", "intent": "save"}, {"officer_b"}),
        (reverse("reporting:submit", args=[r.t_ca2.pk]), {"revision": 1}, set()),
        (reverse("reporting:return", args=[r.t_a.pk]), {"version": 1, "reason": "Bổ sung"}, {"central"}),
        (reverse("reporting:return", args=[r.t_cb.pk]), {"version": 1, "reason": "Bổ sung"}, {"officer_b"}),
        (reverse("reporting:close", args=[r.a.pk]), {}, {"officer_a"}),
        (reverse("reporting:close", args=[r.v05.pk]), {}, {"central"}),
    ]


def test_permission_matrix_for_pages(world, reports, client_for):
    failures = []
    for url, allowed in _get_pages(world, reports):
        for name, user in world.personas.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else (200 if name in allowed else 404)
            if response.status_code != expected:
                failures.append(f"{name} GET {url}: {response.status_code} != {expected}")
    assert not failures, "\n".join(failures)


def test_permission_matrix_for_changes(world, reports, client_for):
    failures = []
    for url, data, allowed in _posts(world, reports):
        for name, user in world.personas.items():
            if name in allowed:
                continue
            before = _state()
            response = client_for(user).post(url, data)
            expected = 302 if user is None else 404
            if response.status_code != expected:
                failures.append(f"{name} POST {url}: {response.status_code} != {expected}")
            if _state() != before:
                failures.append(f"{name} POST {url} changed something")
    assert not failures, "\n".join(failures)


def test_allowed_changes_go_through(world, reports, client_for):
    for url, data, allowed in _posts(world, reports):
        for name in allowed:
            user = world.personas[name]
            response = client_for(user).post(url, data)
            assert response.status_code == 302, (name, url, response.status_code)
    assert ReportRequest.objects.filter(state="closed").count() == 2
    assert SubmissionReturn.objects.count() == 2


def test_superuser_sees_every_page(world, reports, client_for):
    client = client_for(world.superuser)
    for url, allowed in _get_pages(world, reports):
        if allowed:
            assert client.get(url).status_code == 200, url


def test_commune_sees_its_own_target_only(world, reports, client_for):
    client = client_for(world.commune_officer_a)
    response = client.get(reverse("reporting:detail", args=[reports.a.pk]))
    assert [t.pk for t in response.context["page_obj"]] == [reports.t_ca.pk]
    html = response.content.decode()
    assert SECRET_A2 not in html and "Ea Drông" not in html
    listing = client.get(reverse("reporting:list")).content.decode()
    assert "Ea Drông" not in listing and "Sơn La" not in listing and "toàn quốc" not in listing


def test_requester_sees_every_target_but_no_draft(world, reports, client_for):
    client = client_for(world.central)
    response = client.get(reverse("reporting:detail", args=[reports.v05.pk]))
    assert {t.pk for t in response.context["page_obj"]} == {reports.t_a.pk, reports.t_b.pk}
    for target, secret in ((reports.t_b, SECRET_B), (reports.t_ca2, SECRET_A2)):
        html = client.get(reverse("reporting:target", args=[target.pk])).content.decode()
        assert secret not in html
        assert client.get(reverse("reporting:target", args=[target.pk])).context["draft_form"] is None


def test_reporting_province_sees_its_own_target_of_the_national_request(world, reports, client_for):
    response = client_for(world.officer_a).get(reverse("reporting:detail", args=[reports.v05.pk]))
    assert [t.pk for t in response.context["page_obj"]] == [reports.t_a.pk]
    assert response.context["own"].pk == reports.t_a.pk
    assert not response.context["sees_all"]
    assert SECRET_B not in response.content.decode()


def test_lists_do_not_leak_other_provinces(world, reports, client_for):
    client = client_for(world.officer_a)
    html = client.get(reverse("reporting:list")).content.decode()
    assert "tỉnh Sơn La" not in html and SECRET_B not in html
    rows = client.get(reverse("reporting:list")).context["rows"]
    assert {row.request.pk for row in rows} == {reports.v05.pk, reports.a.pk}
    national = next(row for row in rows if row.request.pk == reports.v05.pk)
    assert national.progress.total == 1  # province B's target is not counted for province A
    sheet = load_workbook(io.BytesIO(b"".join(client.get(reverse("reporting:list_xlsx")).streaming_content))).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == ["Báo cáo 6 tháng tỉnh Đắk Lắk", "Báo cáo sơ kết 6 tháng toàn quốc"]


def test_posts_need_a_csrf_token(world, reports):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_b)
    before = _state()
    posts = [
        (reverse("reporting:draft_save", args=[reports.t_b.pk]), {"text": "Sửa", "intent": "save"}),
        (reverse("reporting:return", args=[reports.t_cb.pk]), {"version": 1, "reason": "Bổ sung"}),
        (reverse("reporting:close", args=[reports.b.pk]), {}),
        (reverse("reporting:submit", args=[reports.t_b.pk]), {"revision": 1}),
        (reverse("reporting:create"), {"title": "X"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert _state() == before


@pytest.mark.parametrize("name", ["list", "create"])
def test_pages_have_no_inline_code(world, reports, client_for, name):
    from tests.test_security import EXTERNAL, INLINE_HANDLER, INLINE_SCRIPT, STYLE_ATTR

    client = client_for(world.officer_a)
    urls = [
        reverse(f"reporting:{name}"),
        reverse("reporting:detail", args=[reports.a.pk]),
        reverse("reporting:detail", args=[reports.v05.pk]),
        reverse("reporting:target", args=[reports.t_ca.pk]),
        reverse("reporting:target", args=[reports.t_a.pk]),
        reverse("home"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for pattern in (INLINE_SCRIPT, STYLE_ATTR, INLINE_HANDLER, EXTERNAL):
            assert not pattern.search(html), (url, pattern.pattern)
