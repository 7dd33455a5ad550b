"""Pages of schemes: the persona matrix over every URL (404 where not visible), writes, uploads,
CSRF, the page rules (CSP) and constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.schemes import actions
from phongtrao.schemes.enums import PhaseStatus, SchemeState
from phongtrao.schemes.models import Phase, PhaseDocument, Scheme

from .conftest import START, pdf

VISIBLE = {"a": {"central", "officer_a"}, "b": {"central", "officer_b"}, "v05": {"central"}}


@pytest.fixture
def leaky(world, make_scheme, attach):
    """A scheme in each province and one of V05's, each with a document on its first phase."""
    schemes = {
        "a": make_scheme(world.province_a, title="Đề án Đắk Lắk"),
        "b": make_scheme(world.province_b, title="Đề án Sơn La"),
        "v05": make_scheme(world.v05, actor=world.central, title="Đề án của Cục"),
    }
    actors = {"a": world.officer_a, "b": world.officer_b, "v05": world.central}
    documents = {}
    for key, scheme in schemes.items():
        first = scheme.phases.get(order=1)
        documents[key] = attach(first, actors[key])[0]
    return {"schemes": schemes, "documents": documents}


def _expected(persona, allowed):
    return 302 if persona == "anonymous" else (200 if persona in allowed else 404)


def test_permission_matrix_of_pages(world, leaky, client_for):
    everyone = set(world.personas) - {"anonymous"}
    pages = [
        (reverse("schemes:list"), everyone),
        (reverse("schemes:create"), {"central", "officer_a", "officer_b", "commune_a"}),
    ]
    for key, allowed in VISIBLE.items():
        pages.append((reverse("schemes:detail", args=[leaky["schemes"][key].pk]), allowed))
        pages.append((reverse("schemes:document_download", args=[leaky["documents"][key].pk]), allowed))
    failures = []
    for url, allowed in pages:
        for persona, user in world.personas.items():
            response = client_for(user).get(url)
            if response.status_code != _expected(persona, allowed):
                failures.append(f"{persona} {url}: {response.status_code} != {_expected(persona, allowed)}")
    assert not failures, "\n".join(failures)


def test_missing_objects_answer_404(world, client_for):
    client = client_for(world.central)
    for name in ("schemes:detail", "schemes:document_download"):
        assert client.get(reverse(name, args=[99999])).status_code == 404
    for name in (
        "schemes:phase_start",
        "schemes:phase_complete",
        "schemes:phase_deadline",
        "schemes:document_upload",
        "schemes:cancel",
    ):
        assert client.post(reverse(name, args=[99999])).status_code == 404


def test_writes_by_those_who_may_not_act_answer_404_and_change_nothing(world, leaky, client_for):
    """Every POST on province A's scheme: 404 for those who cannot see it and for those who only read it."""
    scheme = leaky["schemes"]["a"]
    first = scheme.phases.get(order=1)
    posts = [
        (reverse("schemes:phase_start", args=[first.pk]), {}),
        (reverse("schemes:phase_complete", args=[first.pk]), {}),
        (reverse("schemes:phase_deadline", args=[first.pk]), {f"p{first.pk}-deadline": "30/06/2025", f"p{first.pk}-reason": "x"}),
        (reverse("schemes:document_upload", args=[first.pk]), {f"p{first.pk}-kind": "Dự thảo đề án"}),
        (reverse("schemes:cancel", args=[scheme.pk]), {"reason": "x"}),
    ]
    documents = PhaseDocument.objects.count()
    for persona in ("officer_b", "central", "commune_a", "partner", "anonymous"):
        client = client_for(world.personas[persona])
        for url, data in posts:
            files = {f"p{first.pk}-file": pdf()} if "documents" in url else {}
            status = client.post(url, {**data, **files}).status_code
            assert status == (302 if persona == "anonymous" else 404), (persona, url, status)
    first.refresh_from_db()
    scheme.refresh_from_db()
    assert first.status == PhaseStatus.NOT_STARTED and first.deadline == first.original_deadline
    assert scheme.state == SchemeState.ACTIVE
    assert PhaseDocument.objects.count() == documents


def test_lists_and_cards_do_not_leak(world, leaky, client_for):
    for persona in ("officer_a", "commune_a", "partner"):
        client = client_for(world.personas[persona])
        for url in (reverse("schemes:list"), reverse("schemes:list") + "?state=active", reverse("home")):
            html = client.get(url).content.decode()
            for secret in ("Đề án Sơn La", "Đề án của Cục"):
                assert secret not in html, (persona, url, secret)
    html = client_for(world.central).get(reverse("schemes:list")).content.decode()
    assert all(title in html for title in ("Đề án Sơn La", "Đề án của Cục", "Đề án Đắk Lắk"))


def test_phase_owner_sees_the_scheme_and_works_on_its_phase(world, make_scheme, run_through, client_for):
    scheme = make_scheme(owners=[None, None, world.v05_division, None, None], title="Đề án phối hợp")
    from tests.world import user

    division_officer = user("p1_officer", world.v05_division)
    client = client_for(division_officer)
    url = reverse("schemes:detail", args=[scheme.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not any(row["forms"] for row in response.context["rows"])  # not its turn, and it does not plan
    run_through(scheme, world.officer_a, 2)
    rows = client.get(url).context["rows"]
    assert set(rows[2]["forms"]) == {"start", "upload"}  # its phase is now the current one
    assert not rows[3]["forms"]
    owner_rows = client_for(world.officer_a).get(url).context["rows"]
    assert set(owner_rows[2]["forms"]) == {"start", "upload", "deadline"} and set(owner_rows[3]["forms"]) == {"deadline"}


def test_the_flow_through_the_pages(world, client_for):
    client = client_for(world.officer_a)
    data = {
        "title": "Đề án thành phần số 2",
        "basis": "Nghị quyết 12-NQ/TW",
        "owner": world.province_a.pk,
        "lead": world.province_a.pk,
        "start": "02/06/2025",
        **{f"duration_{n}": 5 for n in range(1, 6)},
    }
    response = client.post(reverse("schemes:create"), data)
    assert response.status_code == 302
    scheme = Scheme.objects.get()
    assert scheme.phases.count() == 5
    first = scheme.phases.get(order=1)
    assert (first.planned_start, first.deadline) == (datetime.date(2025, 6, 2), datetime.date(2025, 6, 6))

    prefix = f"p{first.pk}"
    assert client.post(reverse("schemes:phase_start", args=[first.pk]), {f"{prefix}-on": "02/06/2025"}).status_code == 302
    response = client.post(reverse("schemes:phase_complete", args=[first.pk]), {f"{prefix}-on": "06/06/2025"})
    assert response.status_code == 400
    assert response.context["rows"][0]["forms"]["complete"].non_field_errors()
    assert "Dự thảo đề án" in response.context["rows"][0]["forms"]["complete"].non_field_errors()[0]
    first.refresh_from_db()
    assert first.status == PhaseStatus.IN_PROGRESS

    upload = {f"{prefix}-kind": "Dự thảo đề án", f"{prefix}-title": "Dự thảo lần 1", f"{prefix}-file": pdf()}
    assert client.post(reverse("schemes:document_upload", args=[first.pk]), upload).status_code == 302
    assert client.post(reverse("schemes:phase_complete", args=[first.pk]), {f"{prefix}-on": "06/06/2025"}).status_code == 302
    first.refresh_from_db()
    assert first.status == PhaseStatus.DONE

    second = scheme.phases.get(order=2)
    moved = {f"p{second.pk}-deadline": "20/06/2025", f"p{second.pk}-reason": "Chờ góp ý"}
    assert client.post(reverse("schemes:phase_deadline", args=[second.pk]), moved).status_code == 302
    second.refresh_from_db()
    assert second.deadline == datetime.date(2025, 6, 20) and second.original_deadline == datetime.date(2025, 6, 13)

    document = PhaseDocument.objects.get()
    response = client.get(reverse("schemes:document_download", args=[document.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]

    page = client.get(reverse("schemes:detail", args=[scheme.pk]))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 5
    assert client.post(reverse("schemes:cancel", args=[scheme.pk]), {"reason": "Thử"}).status_code == 302
    scheme.refresh_from_db()
    assert scheme.state == SchemeState.CANCELLED


def test_create_with_bad_input_changes_nothing(world, client_for):
    client = client_for(world.officer_a)
    data = {"title": "Đề án", "owner": world.province_a.pk, "lead": world.province_a.pk, "start": "31/02/2025"}
    data.update({f"duration_{n}": 5 for n in range(1, 6)})
    response = client.post(reverse("schemes:create"), data)
    assert response.status_code == 400 and "start" in response.context["form"].errors
    response = client.post(reverse("schemes:create"), {**data, "start": "02/06/2025", "duration_3": 0})
    assert response.status_code == 400 and "duration_3" in response.context["form"].errors
    response = client.post(reverse("schemes:create"), {**data, "start": "02/06/2025", "owner": world.province_b.pk})
    assert response.status_code == 400 and "owner" in response.context["form"].errors
    assert not Scheme.objects.exists()


@pytest.mark.parametrize("size", [0, 1001])
def test_empty_or_too_large_upload_is_refused(world, make_scheme, client_for, monkeypatch, size):
    monkeypatch.setattr(actions, "MAX_UPLOAD_BYTES", 1000)
    first = make_scheme().phases.get(order=1)
    prefix = f"p{first.pk}"
    response = client_for(world.officer_a).post(
        reverse("schemes:document_upload", args=[first.pk]), {f"{prefix}-kind": "Dự thảo đề án", f"{prefix}-file": pdf(size=size)}
    )
    assert response.status_code == 400
    assert response.context["rows"][0]["forms"]["upload"].errors["file"]
    assert not PhaseDocument.objects.exists()


def test_posts_without_csrf_token_are_refused(world, make_scheme):
    scheme = make_scheme()
    first = scheme.phases.get(order=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    prefix = f"p{first.pk}"
    posts = [
        (reverse("schemes:create"), {"title": "x"}),
        (reverse("schemes:phase_start", args=[first.pk]), {}),
        (reverse("schemes:phase_complete", args=[first.pk]), {}),
        (reverse("schemes:phase_deadline", args=[first.pk]), {f"{prefix}-deadline": "30/06/2025", f"{prefix}-reason": "x"}),
        (reverse("schemes:document_upload", args=[first.pk]), {f"{prefix}-kind": "Dự thảo đề án", f"{prefix}-file": pdf()}),
        (reverse("schemes:cancel", args=[scheme.pk]), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    first.refresh_from_db()
    assert first.status == PhaseStatus.NOT_STARTED and first.deadline == first.original_deadline
    assert Scheme.objects.count() == 1 and Scheme.objects.get().state == SchemeState.ACTIVE
    assert not PhaseDocument.objects.exists()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)
EXTERNAL = re.compile(r"""(src|href)=["']https?://""", re.IGNORECASE)


def test_pages_keep_the_csp_rules(world, leaky, client_for):
    client = client_for(world.officer_a)
    scheme = leaky["schemes"]["a"]
    actions.phase_start(actor=world.officer_a, phase=scheme.phases.get(order=1), on=START)
    for url in (reverse("schemes:list"), reverse("schemes:create"), reverse("schemes:detail", args=[scheme.pk]), reverse("home")):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTR.search(html), url
        assert not INLINE_HANDLER.search(html), url
        assert not EXTERNAL.search(html.replace('xmlns="http://www.w3.org/2000/svg"', "")), url
        assert not re.search(r'(x|y|width)="\d+,\d', html), f"localized number in SVG on {url}"


def test_slipping_scheme_is_marked_on_the_list_and_the_home_card(world, make_scheme, client_for):
    make_scheme(title="Đề án chậm")  # planned in 2025, nothing started: every phase is late today
    client = client_for(world.officer_a)
    response = client.get(reverse("schemes:list"))
    assert [row.slipping for row in response.context["rows"]] == [True]
    home = client.get(reverse("home"))
    card = next(c for c in home.context["cards"] if c["key"] == "schemes.slipping")
    assert card["context"]["count"] == 1 and card["context"]["active"] == 1
    partner_home = client_for(world.partner_user).get(reverse("home"))
    assert all(c["key"] != "schemes.slipping" for c in partner_home.context["cards"])


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, calendar)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_list_query_count_constant(world, make_scheme, client_for, attach):
    client = client_for(world.central)
    make_scheme(world.province_a, title="Một")
    small = _count(client, reverse("schemes:list"))
    home_small = _count(client, reverse("home"))
    for owner in (world.province_b, world.v05):
        scheme = make_scheme(owner, title=f"Thêm {owner.code}")
        attach(scheme.phases.get(order=1), world.superuser)
    assert _count(client, reverse("schemes:list")) == small
    assert _count(client, reverse("home")) == home_small


def test_detail_query_count_constant(world, client_for, attach):
    client = client_for(world.officer_a)

    def scheme_with(n: int) -> Scheme:
        plans = [
            actions.PhasePlan(
                f"Giai đoạn {i}",
                world.province_a,
                START + datetime.timedelta(days=10 * i),
                START + datetime.timedelta(days=10 * i + 5),
                required_documents=("Tờ trình", "Báo cáo thẩm định"),
            )
            for i in range(n)
        ]
        scheme = actions.scheme_create(
            actor=world.officer_a, owner=world.province_a, lead=world.province_a, title=f"{n}", phases=plans
        )
        for phase in scheme.phases.all():
            attach(phase, world.officer_a, "Tờ trình")
            attach(phase, world.officer_a, "")
        return scheme

    one, five = scheme_with(1), scheme_with(5)
    actions.phase_start(actor=world.officer_a, phase=Phase.objects.get(scheme=one, order=1), on=START)
    actions.phase_start(actor=world.officer_a, phase=Phase.objects.get(scheme=five, order=1), on=START)
    assert _count(client, reverse("schemes:detail", args=[five.pk])) == _count(client, reverse("schemes:detail", args=[one.pk]))
