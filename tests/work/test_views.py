import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.work import actions
from phongtrao.work.enums import Execution, Verification
from phongtrao.work.models import Assignment, Proposal


@pytest.fixture
def both(world, make_assignment, today):
    """Work led by province A (forwarded to a commune) and by province B, each with a proposal."""
    a = make_assignment(lead=world.province_a, title="Nhiệm vụ tỉnh A")
    [a_child] = actions.assignment_forward(actor=world.officer_a, assignment=a, leads=[world.commune_a])
    b = make_assignment(lead=world.province_b, title="Nhiệm vụ tỉnh B")
    ext_b = actions.extension_request(
        actor=world.officer_b, assignment=b, proposed_due_date=b.due_date + datetime.timedelta(days=5), reason="x"
    )
    prop_b = actions.proposal_raise(
        actor=world.officer_b,
        unit=world.province_b,
        kind="proposal",
        title="Đề xuất tỉnh B",
        text="x",
        raised_to=world.leader_a,  # a leader elsewhere: may see it because it is raised to them
    )
    return {"a": a, "a_child": a_child, "b": b, "ext_b": ext_b, "prop_b": prop_b}


def test_permission_matrix(world, both, client_for):
    pages = [
        (reverse("work:assignment_detail", args=[both["a"].pk]), {"central", "officer_a"}),
        (reverse("work:assignment_detail", args=[both["a_child"].pk]), {"central", "officer_a", "commune_a"}),
        (reverse("work:assignment_detail", args=[both["b"].pk]), {"central", "officer_b"}),
        (reverse("work:programme_detail", args=[both["a"].programme_id]), {"central"}),
        (reverse("work:assignment_create", args=[both["a"].programme_id]), {"central"}),
        (reverse("work:proposal_detail", args=[both["prop_b"].pk]), {"central", "officer_b"}),
    ]
    failures = []
    for url, allowed in pages:
        for name, user in world.personas.items():
            status = client_for(user).get(url).status_code
            expected = 302 if user is None else (200 if name in allowed else 404)
            if status != expected:
                failures.append(f"{name} {url}: {status} != {expected}")
    assert not failures, "\n".join(failures)


def test_posts_on_another_provinces_work_answer_404_and_change_nothing(world, both, client_for):
    client = client_for(world.officer_a)
    b = both["b"]
    posts = [
        ("work:assignment_progress", {"progress": 50, "text": "x"}),
        ("work:assignment_complete", {}),
        ("work:assignment_extension", {"proposed_due_date": "01/01/2099", "reason": "x"}),
        ("work:assignment_refuse", {"reason": "x"}),
        ("work:assignment_recall", {"reason": "x"}),
        ("work:assignment_accept", {}),
        ("work:assignment_return", {"reason": "x"}),
        ("work:assignment_forward", {"leads": [world.commune_b.pk]}),
    ]
    for name, data in posts:
        assert client.post(reverse(name, args=[b.pk]), data).status_code == 404, name
    assert client.post(reverse("work:extension_decide", args=[both["ext_b"].pk]), {"approve": "1"}).status_code == 404
    b.refresh_from_db()
    assert (b.execution, b.progress, b.children.count()) == (Execution.NOT_STARTED, 0, 0)


def test_full_cycle_through_the_pages(world, both, client_for, today):
    """assign → forward → progress → extension → done → returned → accepted, as the people would."""
    central, officer, commune = client_for(world.central), client_for(world.officer_a), client_for(world.commune_officer_a)
    programme = both["a"].programme
    response = central.post(
        reverse("work:assignment_create", args=[programme.pk]),
        {
            "title": "Chuẩn bị Ngày hội toàn dân bảo vệ ANTQ 2023",
            "category": "key_task",
            "lead": world.province_a.pk,
            "priority": 3,
            "start_date": today.strftime("%d/%m/%Y"),
            "due_date": (today + datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
            "progress_mode": "manual",
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(title="Chuẩn bị Ngày hội toàn dân bảo vệ ANTQ 2023")
    detail = reverse("work:assignment_detail", args=[assignment.pk])
    assert (
        officer.post(reverse("work:assignment_forward", args=[assignment.pk]), {"leads": [world.commune_a.pk]}).status_code == 302
    )
    child = assignment.children.get()
    assert (
        commune.post(reverse("work:assignment_progress", args=[child.pk]), {"progress": 60, "text": "Đã họp dân"}).status_code
        == 302
    )
    proposed = (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    assert (
        officer.post(
            reverse("work:assignment_extension", args=[assignment.pk]), {"proposed_due_date": proposed, "reason": "Mưa lũ"}
        ).status_code
        == 302
    )
    extension = assignment.extensions.get()
    assert central.post(reverse("work:extension_decide", args=[extension.pk]), {"approve": "1", "note": ""}).status_code == 302
    assert commune.post(reverse("work:assignment_complete", args=[child.pk]), {"text": "Xong"}).status_code == 302
    assert officer.post(reverse("work:assignment_complete", args=[assignment.pk]), {"text": "Hoàn thành"}).status_code == 302
    assert central.post(reverse("work:assignment_return", args=[assignment.pk]), {"reason": "Thiếu số liệu"}).status_code == 302
    assert officer.post(reverse("work:assignment_complete", args=[assignment.pk]), {"text": "Bổ sung"}).status_code == 302
    assert central.post(reverse("work:assignment_accept", args=[assignment.pk])).status_code == 302
    assignment.refresh_from_db()
    assert (assignment.execution, assignment.verification) == (Execution.DONE_ON_TIME, Verification.ACCEPTED)
    assert assignment.due_date == today + datetime.timedelta(days=30)
    assert central.get(detail).status_code == 200


def test_bad_form_input_shows_errors_and_changes_nothing(world, both, client_for):
    a = both["a"]
    client = client_for(world.officer_a)
    response = client.post(reverse("work:assignment_progress", args=[a.pk]), {"progress": 150, "text": ""})
    assert response.status_code == 400
    assert response.context["progress_form"].errors
    response = client.post(reverse("work:assignment_extension", args=[a.pk]), {"proposed_due_date": "31/02/2025", "reason": "x"})
    assert response.status_code == 400
    a.refresh_from_db()
    assert (a.progress, a.extensions.count()) == (0, 0)


def test_refused_transition_is_explained_on_the_page(world, both, client_for):
    a = both["a"]
    response = client_for(world.central).post(reverse("work:assignment_accept", args=[a.pk]))
    assert response.status_code == 400
    assert response.context["complete_form"].non_field_errors()


def test_csrf_is_enforced(world, both):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    assert client.post(reverse("work:assignment_progress", args=[both["a"].pk]), {"progress": 10, "text": "x"}).status_code == 403


def test_proposal_decided_into_a_linked_directive(world, both, client_for, today):
    officer = client_for(world.officer_a)
    response = officer.post(
        reverse("work:proposal_create") + f"?assignment={both['a'].pk}",
        {
            "kind": "proposal",
            "unit": world.province_a.pk,
            "title": "Xin bổ sung kinh phí",
            "text": "Chi tiết",
            "raised_to": world.leader_a.pk,
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Xin bổ sung kinh phí")
    # The provincial leader's directives go into the province's own programme.
    own = actions.programme_create(actor=world.leader_a, owner=world.province_a, year=today.year, title="Chương trình tỉnh A")
    assert officer.post(reverse("work:proposal_detail", args=[proposal.pk]), {"decision": "x"}).status_code == 404
    response = client_for(world.leader_a).post(
        reverse("work:proposal_detail", args=[proposal.pk]),
        {
            "decision": "Đồng ý",
            "directive_title": "Rà soát dự toán",
            "directive_lead": world.province_a.pk,
            "directive_due": (today + datetime.timedelta(days=5)).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    directive = Assignment.objects.get(title="Rà soát dự toán")
    assert directive.source_proposal == proposal
    assert (directive.programme, directive.assigner) == (own, world.province_a)
    assert list(proposal.directives.all()) == [directive]


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_constant(world, make_assignment, client_for):
    client = client_for(world.central)
    first = make_assignment()
    actions.assignment_forward(actor=world.officer_a, assignment=first, leads=[world.commune_a])
    actions.proposal_raise(
        actor=world.officer_a, unit=world.province_a, kind="obstacle", title="x", text="y", raised_to=world.leader_a
    )
    urls = [
        reverse("work:programme_list"),
        reverse("work:programme_detail", args=[first.programme_id]),
        reverse("work:assignment_detail", args=[first.pk]),
        reverse("work:proposal_list"),
    ]
    small = [_count(client, url) for url in urls]
    for _ in range(2):
        more = make_assignment()
        actions.progress_report_submit(actor=world.commune_officer_a, assignment=first.children.first(), progress=10, text="x")
        actions.assignment_forward(actor=world.officer_a, assignment=more, leads=[world.commune_a2])
        actions.proposal_raise(
            actor=world.officer_a,
            unit=world.province_a,
            kind="obstacle",
            title="x",
            text="y",
            raised_to=world.leader_a,
            assignment=first,
        )
    actions.assignment_forward(actor=world.officer_a, assignment=first, leads=[world.commune_a2])
    assert [_count(client, url) for url in urls] == small


def test_list_exports_follow_scope_and_filters(world, both, client_for):
    import io

    from openpyxl import load_workbook

    def rows(client, url):
        response = client.get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        return list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))

    officer_b, central = client_for(world.officer_b), client_for(world.central)
    assert [r[2] for r in rows(officer_b, reverse("work:proposal_list_xlsx"))] == ["Đề xuất tỉnh B"]
    assert rows(client_for(world.officer_a), reverse("work:proposal_list_xlsx") + "?status=decided") == []
    assert [r[1] for r in rows(central, reverse("work:programme_list_xlsx"))] == ["Chương trình công tác năm"]
    assert rows(officer_b, reverse("work:programme_list_xlsx")) == []  # B sees its work, not V05's programme
