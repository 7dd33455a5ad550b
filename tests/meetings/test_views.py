"""Every meetings page for every persona: 404 outside the scope (reads) and outside the organising
unit's people (changes); changes refused change nothing; CSRF; query counts; the page flows."""

import datetime
import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phongtrao.audit.models import AuditEntry
from phongtrao.meetings import actions
from phongtrao.meetings.enums import DirectiveStatus
from phongtrao.meetings.models import Attendee, Conclusion, Directive, Meeting, MeetingAttachment
from phongtrao.work import actions as work_actions

from .conftest import SEED

D = datetime.date


def _scene_for(user, meeting, programme_owner=None):
    conclusion = actions.conclusion_create(actor=user, meeting=meeting, text="Yêu cầu hoàn thành kế hoạch trước ngày 30/6/2025.")
    directive = actions.directive_propose(
        actor=user,
        conclusion=conclusion,
        draft=actions.DirectiveDraft(
            sentence=conclusion.text, action="Hoàn thành kế hoạch", lead=meeting.owner, due_date=D(2025, 6, 30)
        ),
    )
    attachment = actions.attachment_add(
        actor=user, meeting=meeting, file=SimpleUploadedFile("bien-ban.txt", "Biên bản".encode(), "text/plain")
    )
    programme = work_actions.programme_create(
        actor=user, owner=meeting.owner, year=2025, title=f"Chương trình {meeting.owner.code}"
    )
    return {
        "meeting": meeting,
        "conclusion": conclusion,
        "directive": directive,
        "attachment": attachment,
        "programme": programme,
    }


@pytest.fixture
def scene(world, units, meetings, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return {
        "a": _scene_for(world.officer_a, meetings["a"]),
        "b": _scene_for(world.officer_b, meetings["b"]),
        "v05": _scene_for(world.central, meetings["v05"]),
    }


READERS = {"a": {"central", "officer_a"}, "b": {"central", "officer_b"}, "v05": {"central"}}
RECORDERS = {"a": {"officer_a"}, "b": {"officer_b"}, "v05": {"central"}}


def _get_pages(scene):
    pages = []
    for key, s in scene.items():
        m, d, f = s["meeting"].pk, s["directive"].pk, s["attachment"].pk
        pages += [(reverse(f"meetings:{name}", args=[m]), READERS[key]) for name in ("detail", "notice_docx", "notice_pdf")]
        pages.append((reverse("meetings:attachment_download", args=[f]), READERS[key]))
        pages += [(reverse(f"meetings:{name}", args=[m]), RECORDERS[key]) for name in ("edit", "extract")]
        pages.append((reverse("meetings:directive_edit", args=[d]), RECORDERS[key]))
    return pages


def test_get_matrix(world, scene, client_for):
    failures = []
    for url, allowed in _get_pages(scene):
        for name, user in world.personas.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else (200 if name in allowed else 404)
            if response.status_code != expected:
                failures.append(f"{name} {url}: {response.status_code} != {expected}")
    assert not failures, "\n".join(failures)


def test_list_and_create_pages(world, scene, client_for):
    for name, user in world.personas.items():
        response = client_for(user).get(reverse("meetings:list"))
        if user is None:
            assert response.status_code == 302
            continue
        html = response.content.decode()
        for key, s in scene.items():
            assert (s["meeting"].title in html) == (name in READERS[key]), (name, key)
        # Everyone with an editing role somewhere may record a meeting of their own unit.
        assert client_for(user).get(reverse("meetings:create")).status_code == 200
    assert client_for(None).get(reverse("meetings:create")).status_code == 302


def _snapshot():
    return (
        AuditEntry.objects.count(),
        Meeting.objects.count(),
        Attendee.objects.count(),
        Conclusion.objects.count(),
        list(Directive.objects.order_by("pk").values_list("status", "action", "lead_id", "due_date")),
        MeetingAttachment.objects.count(),
    )


def _posts(world, s):
    m, d = s["meeting"], s["directive"]
    management = {"p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0", "p-MIN_NUM_FORMS": "0", "p-MAX_NUM_FORMS": "500"}
    proposal = {
        "p-0-selected": "on",
        "p-0-sentence": "Yêu cầu hoàn thành.",
        "p-0-text": "Yêu cầu hoàn thành.",
        "p-0-action": "Hoàn thành",
        "p-0-lead": str(m.owner.pk),
        "p-0-due_date": "30/06/2025",
    }
    return [
        ("edit", m.pk, {"title": "Đổi", "kind": m.kind, "date": "01/03/2025"}),
        ("attendee_add", m.pk, {"full_name": "Nguyễn Văn A"}),
        ("unit_add", m.pk, {"unit": world.partner.pk}),
        ("point_add", m.pk, {"unit": m.owner.pk}),
        ("agenda_add", m.pk, {"title": "Báo cáo"}),
        ("attachment_add", m.pk, {"file": SimpleUploadedFile("x.txt", b"x")}),
        ("conclusion_add", m.pk, {"text": "Yêu cầu Công an tỉnh hoàn thành trước ngày 30/6/2025.", "propose": "on"}),
        ("extract", m.pk, {"text": "Yêu cầu Công an tỉnh hoàn thành trước ngày 30/6/2025."}),
        ("extract_record", m.pk, {**management, **proposal, "mode": "confirm", "programme": s["programme"].pk}),
        ("directive_edit", d.pk, {"action": "Đổi", "lead": m.owner.pk, "due_date": "01/07/2025"}),
        ("directive_confirm", d.pk, {"programme": s["programme"].pk}),
        ("directive_reject", d.pk, {"reason": "Không"}),
    ]


def test_posts_outside_the_organising_unit_answer_404_and_change_nothing(world, scene, client_for):
    failures = []
    for key, s in scene.items():
        for name, pk, data in _posts(world, s):
            for persona, user in world.personas.items():
                if persona in RECORDERS[key]:
                    continue
                before = _snapshot()
                response = client_for(user).post(reverse(f"meetings:{name}", args=[pk]), data)
                expected = 302 if user is None else 404
                if response.status_code != expected:
                    failures.append(f"{persona} {name} on {key}: {response.status_code} != {expected}")
                if _snapshot() != before:
                    failures.append(f"{persona} {name} on {key} changed something")
    assert not failures, "\n".join(failures)


def test_gets_change_nothing_and_posts_need_post(world, scene, client_for):
    client = client_for(world.officer_a)
    before = _snapshot()
    for name in ("attendee_add", "conclusion_add", "extract_record", "directive_confirm", "directive_reject"):
        pk = scene["a"]["directive"].pk if name.startswith("directive") else scene["a"]["meeting"].pk
        assert client.get(reverse(f"meetings:{name}", args=[pk])).status_code == 405
    assert _snapshot() == before


def test_csrf_is_required(world, scene):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    before = _snapshot()
    s = scene["a"]
    for name, pk, data in _posts(world, s):
        assert client.post(reverse(f"meetings:{name}", args=[pk]), data).status_code == 403, name
    assert _snapshot() == before


def test_recorders_can_use_every_form(world, scene, client_for):
    client = client_for(world.officer_b)
    s = scene["b"]
    for name, pk, data in _posts(world, s):
        if name in {"directive_reject", "extract_record"}:
            continue  # the directive is confirmed by the form before; extract_record has its own test
        response = client.post(reverse(f"meetings:{name}", args=[pk]), data)
        assert response.status_code in {200, 302}, (name, response.status_code, response.content.decode()[:2000])
    meeting = s["meeting"]
    meeting.refresh_from_db()
    assert meeting.title == "Đổi"
    assert meeting.attendees.filter(full_name="Nguyễn Văn A").exists()
    assert meeting.points.filter(unit=world.province_b).exists()  # the Sơn La meeting is an online conference
    s["directive"].refresh_from_db()
    assert s["directive"].status == DirectiveStatus.CONFIRMED
    assert meeting.conclusions.count() == 2
    proposed = Directive.objects.filter(conclusion__meeting=meeting, status=DirectiveStatus.PROPOSED).get()
    assert (proposed.lead, proposed.due_date) == (world.province_b, D(2025, 6, 30))


def test_agenda_links_only_what_the_user_can_see(world, scene, client_for):
    b_assignment = actions.directive_confirm(
        actor=world.officer_b, directive=scene["b"]["directive"], programme=scene["b"]["programme"]
    ).assignment
    client = client_for(world.officer_a)
    url = reverse("meetings:agenda_add", args=[scene["a"]["meeting"].pk])
    response = client.post(url, {"title": "Báo cáo", "assignment": b_assignment.pk})
    assert response.status_code == 400
    assert not scene["a"]["meeting"].agenda_items.exists()
    a_assignment = actions.directive_confirm(
        actor=world.officer_a, directive=scene["a"]["directive"], programme=scene["a"]["programme"]
    ).assignment
    assert client.post(url, {"title": "Báo cáo", "assignment": a_assignment.pk}).status_code == 302
    html = client_for(world.central).get(reverse("meetings:detail", args=[scene["a"]["meeting"].pk])).content.decode()
    assert a_assignment.code in html


def test_bad_extraction_input_is_answered_clearly_and_writes_nothing(world, scene, client_for):
    client = client_for(world.officer_a)
    url = reverse("meetings:extract", args=[scene["a"]["meeting"].pk])
    before = _snapshot()
    cases = [
        {"text": "   "},
        {"text": "Yêu cầu hoàn thành. " * 120_000},
        {"text": "", "file": SimpleUploadedFile("ket-luan.docx", b"\x00\x01\x02 not a zip" * 50)},
        {"text": "", "file": SimpleUploadedFile("ket-luan.pdf", b"%PDF-1.4")},
    ]
    for data in cases:
        response = client.post(url, data)
        assert response.status_code == 400
        assert b"invalid-feedback" in response.content or b"alert-danger" in response.content
    assert _snapshot() == before


def test_extract_then_confirm_two_through_the_pages(world, units, seed_meeting, programme_2023, client_for):
    seed = Path(SEED)
    text = (
        seed.read_text(encoding="utf-8")
        if seed.exists()
        else "Yêu cầu Cục XDPT bảo vệ ANTQ hoàn thành 3 đề án trước ngày 15/6. Khẩn trương tổ chức tập huấn trong quý III."
    )
    client = client_for(world.central)
    response = client.post(reverse("meetings:extract", args=[seed_meeting.pk]), {"text": text})
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) >= 2
    assert not Directive.objects.exists()
    data = {key: value for key, value in _formset_data(formset).items() if not key.endswith("-selected")}
    with_deadline = [i for i, form in enumerate(formset.forms) if form.initial.get("due_date")][:2]
    assert len(with_deadline) == 2
    data.update({f"p-{i}-selected": "on" for i in with_deadline})
    data.update({"mode": "confirm", "programme": programme_2023.pk})
    response = client.post(reverse("meetings:extract_record", args=[seed_meeting.pk]), data)
    assert response.status_code == 302
    directives = list(Directive.objects.order_by("pk"))
    assert len(directives) == 2 and all(d.status == DirectiveStatus.CONFIRMED for d in directives)
    assert all(d.assignment.programme == programme_2023 and d.assignment.directives.get() == d for d in directives)
    page = client.get(reverse("meetings:detail", args=[seed_meeting.pk])).content.decode()
    for directive in directives:
        assert reverse("work:assignment_detail", args=[directive.assignment.pk]) in page


def _formset_data(formset) -> dict:
    data = {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            key = f"{form.prefix}-{name}"
            if value is None or value == "":
                continue
            if isinstance(value, list):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, datetime.date):
                data[key] = value.strftime("%d/%m/%Y")
            else:
                data[key] = str(value)
    return data


def test_conclusion_notice_is_a_decree_30_document(world, units, seed_meeting, programme_2023, client_for):
    actions.attendee_add(
        actor=world.central, meeting=seed_meeting, full_name="Nguyễn Thế Chi", rank="Đại tá", position="Phó Cục trưởng"
    )
    conclusion = actions.conclusion_create(
        actor=world.central, meeting=seed_meeting, text="Đúng ngày 15/6 phải hoàn thành 3 đề án thành phần."
    )
    directive = actions.directive_propose(
        actor=world.central,
        conclusion=conclusion,
        draft=actions.DirectiveDraft(
            sentence=conclusion.text, action="Hoàn thành 3 đề án thành phần", lead=world.v05, coordinators=[units["V01"]],
            due_date=D(2023, 6, 15),
        ),
    )  # fmt: skip
    actions.directive_confirm(actor=world.central, directive=directive, programme=programme_2023)
    pending = actions.conclusion_create(actor=world.central, meeting=seed_meeting, text="Kết luận còn chờ xác nhận.")
    actions.directive_propose(
        actor=world.central, conclusion=pending, draft=actions.DirectiveDraft(sentence="x", action="Việc chờ xác nhận")
    )
    response = client_for(world.central).get(reverse("meetings:notice_docx", args=[seed_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THÔNG BÁO",
        "Kết luận của đồng chí Thứ trưởng Lê Quốc Hùng tại buổi làm việc với Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
        "1. Đúng ngày 15/6 phải hoàn thành 3 đề án thành phần.",
        "Văn phòng Bộ Công an",
        "15/06/2023",
        "Nơi nhận:",
        "Lưu: VT, V05.",
    ):
        assert expected in text, expected
    assert "Kết luận còn chờ xác nhận" not in text  # only confirmed conclusions go out
    assert document.sections[0].page_width is not None
    assert {r.font.name for p in document.paragraphs for r in p.runs if r.font.name} <= {"Times New Roman"}


def _grow(world, meeting, n, offset):
    for i in range(n):
        conclusion = actions.conclusion_create(actor=world.officer_a, meeting=meeting, text=f"Kết luận {offset + i}")
        directive = actions.directive_propose(
            actor=world.officer_a,
            conclusion=conclusion,
            draft=actions.DirectiveDraft(
                sentence="x", action=f"Việc {offset + i}", lead=world.province_a, coordinators=[world.commune_a],
                due_date=D(2025, 6, 30),
            ),
        )  # fmt: skip
        if i % 2 == 0:
            programme = meeting.owner.programmes.get(year=2025)
            actions.directive_confirm(actor=world.officer_a, directive=directive, programme=programme)
        actions.attendee_add(actor=world.officer_a, meeting=meeting, full_name=f"Người {offset + i}", unit=world.commune_a)
        actions.attending_unit_add(
            actor=world.officer_a, meeting=meeting, unit=[world.partner, world.v05, world.commune_a2][i % 3]
        ) if offset == 0 else None
        actions.agenda_item_add(actor=world.officer_a, meeting=meeting, title=f"Mục {offset + i}")
        actions.meeting_create(
            actor=world.officer_a, owner=world.province_a, title=f"Họp {offset + i}", kind="working_session", date=D(2025, 4, 1)
        )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "detail", "edit"])
@pytest.mark.parametrize("persona", ["officer_a", "central"])
def test_query_counts_stay_constant(world, meetings, page, persona, client_for):
    meeting = meetings["a"]
    work_actions.programme_create(actor=world.officer_a, owner=world.province_a, year=2025, title="Chương trình 2025")
    client = client_for(getattr(world, persona))
    if page == "edit" and persona == "central":
        return  # central reads province A's meetings but does not record them
    url = reverse("meetings:list") if page == "list" else reverse(f"meetings:{page}", args=[meeting.pk])
    _grow(world, meeting, 1, 0)
    small = _count(client, url)
    _grow(world, meeting, 2, 100)
    assert _count(client, url) == small
