"""The pages: create a request, save a draft, review and submit, return, close; field errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phongtrao.audit.models import AuditEntry
from phongtrao.org.enums import UnitKind
from phongtrao.reporting.models import ReportRequest, ReportTarget, Submission

from .conftest import FIELDS, days, send


def create_data(world, **changes):
    data = {
        "owner": world.v05.pk,
        "title": "Báo cáo sơ kết 6 tháng đầu năm 2026",
        "kind": "six_month",
        "period_start": "15/12/2025",
        "period_end": "14/06/2026",
        "cutoff": "14/06/2026",
        "due_date": "20/06/2026",
        "instructions": "Theo đề cương.",
        "fields_text": "\n".join(FIELDS),
        "target_kind": "",
        "target_units": [world.province_a.pk, world.province_b.pk],
        "target_codes": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_create_page_offers_the_units_directed_first_hand(world, client_for):
    response = client_for(world.central).get(reverse("reporting:create"))
    form = response.context["form"]
    assert [u.code for u in form.fields["target_units"].queryset] == ["V05-P1", "CAT66", "CAT14"]
    kinds = dict(form.fields["target_kind"].choices)
    assert set(kinds) == {"", UnitKind.DIVISION, UnitKind.PROVINCIAL_POLICE, UnitKind.COMMUNE_POLICE}
    assert "(3)" in kinds[UnitKind.COMMUNE_POLICE]


def test_create_with_picked_units(world, client_for):
    response = client_for(world.central).post(reverse("reporting:create"), create_data(world))
    request = ReportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:detail", args=[request.pk])
    assert (request.owner, request.period_start.isoformat(), request.cutoff.isoformat()) == (
        world.v05,
        "2025-12-15",
        "2026-06-14",
    )
    assert sorted(request.targets.values_list("unit__code", flat=True)) == ["CAT14", "CAT66"]
    assert [f["label"] for f in request.fields] == FIELDS


def test_create_for_all_communes_below_a_province_and_by_code(world, client_for):
    data = create_data(
        world,
        target_units=[],
        target_kind=UnitKind.COMMUNE_POLICE,
        target_under=world.province_a.pk,
        target_codes="cax03868",
    )
    response = client_for(world.central).post(reverse("reporting:create"), data)
    assert response.status_code == 302
    codes = sorted(ReportTarget.objects.values_list("unit__code", flat=True))
    assert codes == ["CAX03868", "CAX24305", "CAX24310"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period_end": "01/12/2025"}, "period_end"),
        ({"cutoff": "30/06/2026"}, "cutoff"),
        ({"due_date": "01/12/2025"}, "due_date"),
        ({"due_date": "31/02/2026"}, "due_date"),
        ({"target_units": []}, "target_units"),
        ({"target_codes": "CAT66 KHONGCO"}, "target_codes"),
        ({"fields_text": "Số vụ\nsố vụ"}, "fields_text"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_create_input_shows_the_field_error_and_writes_nothing(world, client_for, changes, field):
    response = client_for(world.central).post(reverse("reporting:create"), create_data(world, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not ReportRequest.objects.exists() and not AuditEntry.objects.exists()


def test_a_province_cannot_post_a_target_outside_its_reach(world, client_for):
    data = create_data(world, owner=world.province_a.pk, target_units=[], target_codes="CAT14")
    response = client_for(world.officer_a).post(reverse("reporting:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["target_codes"]
    data = create_data(world, owner=world.province_a.pk, target_units=[world.province_b.pk])
    response = client_for(world.officer_a).post(reverse("reporting:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["target_units"]
    assert not ReportRequest.objects.exists()


def test_draft_review_submit_return_and_resubmit_through_the_pages(world, client_for):
    request = send(world.central, world.v05, [world.province_a, world.province_b])
    target = request.targets.get(unit=world.province_a)
    officer = client_for(world.officer_a)

    page = officer.get(reverse("reporting:detail", args=[request.pk]))
    assert page.context["draft_form"] is not None and page.context["own"].pk == target.pk

    upload = SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4", content_type="application/pdf")
    data = {"text": "Báo cáo kết quả.", "figure_f1": "5", "figure_f2": "1.200", "intent": "review", "add_files": [upload]}
    response = officer.post(reverse("reporting:draft_save", args=[target.pk]), data)
    assert response["Location"] == reverse("reporting:submit", args=[target.pk])
    review = officer.get(response["Location"])
    assert review.status_code == 200 and review.context["can_submit"]
    assert review.context["figures"] == [("Số mô hình mới", 5), ("Số buổi tuyên truyền", 1200)]
    revision = review.context["form"].initial["revision"]
    response = officer.post(reverse("reporting:submit", args=[target.pk]), {"revision": revision})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.version, submission.figures, [a.name for a in submission.attachments.all()]) == (
        1,
        {"f1": 5, "f2": 1200},
        ["phu-luc.pdf"],
    )
    assert officer.get(reverse("reporting:detail", args=[request.pk])).context["draft_form"] is None

    central = client_for(world.central)
    response = central.post(reverse("reporting:return", args=[target.pk]), {"version": 1, "reason": ""})
    assert response.status_code == 400
    assert response.context["return_form"].errors["reason"]
    response = central.post(reverse("reporting:return", args=[target.pk]), {"version": 1, "reason": "Thiếu phụ lục 2."})
    assert response.status_code == 302

    page = officer.get(reverse("reporting:target", args=[target.pk]))
    assert page.context["target"].status == "returned" and page.context["draft_form"] is not None
    assert "Thiếu phụ lục 2." in page.content.decode()
    response = officer.post(reverse("reporting:draft_save", args=[target.pk]), {**data, "add_files": [], "intent": "review"})
    revision = officer.get(response["Location"]).context["form"].initial["revision"]
    officer.post(reverse("reporting:submit", args=[target.pk]), {"revision": revision})
    page = central.get(reverse("reporting:target", args=[target.pk]))
    assert page.context["target"].status == "submitted"
    assert [v.version for v in page.context["versions"]] == [2, 1]


def test_a_figure_that_is_not_a_number_is_a_field_error(world, client_for):
    request = send(world.central, world.v05, [world.province_a])
    target = request.targets.get()
    response = client_for(world.officer_a).post(
        reverse("reporting:draft_save", args=[target.pk]), {"text": "x", "figure_f1": "năm", "figure_f2": "2", "intent": "save"}
    )
    assert response.status_code == 400
    assert response.context["draft_form"].errors["figure_f1"]
    target.refresh_from_db()
    assert target.draft_revision == 0


def test_submitting_an_incomplete_draft_lists_what_is_missing(world, client_for):
    target = send(world.central, world.v05, [world.province_a]).targets.get()
    officer = client_for(world.officer_a)
    officer.post(reverse("reporting:draft_save", args=[target.pk]), {"text": "", "figure_f1": "1", "intent": "save"})
    target.refresh_from_db()
    response = officer.post(reverse("reporting:submit", args=[target.pk]), {"revision": target.draft_revision})
    assert response.status_code == 400
    assert len(response.context["errors"]) == 2
    assert not Submission.objects.exists()


def test_close_through_the_page(world, client_for):
    request = send(world.central, world.v05, [world.province_a])
    response = client_for(world.central).post(reverse("reporting:close", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "closed"
    page = client_for(world.officer_a).get(reverse("reporting:detail", args=[request.pk]))
    assert page.context["draft_form"] is None


def test_list_filters(world, client_for):
    send(world.central, world.v05, [world.province_a], title="Quý", start=-400, end=-380, due=-370)
    send(world.officer_a, world.province_a, [world.commune_a], title="Tháng")
    client = client_for(world.officer_a)

    def titles(**params):
        return sorted(row.request.title for row in client.get(reverse("reporting:list"), params).context["rows"])

    assert titles() == ["Quý", "Tháng"]
    assert titles(side="sent") == ["Tháng"]
    assert titles(side="to_submit") == ["Quý"]
    assert titles(year=str(days(-380).year)) == (["Quý", "Tháng"] if days(-380).year == days(-1).year else ["Quý"])
    assert titles(kind="annual") == []
    assert titles(state="open") == ["Quý", "Tháng"]


def test_nav_module_and_dashboard_card(world, client_for):
    request = send(world.central, world.v05, [world.province_a], due=3)
    response = client_for(world.officer_a).get(reverse("home"))
    assert "reporting" in [m["key"] for m in response.context["nav_modules"]]
    card = next(c for c in response.context["cards"] if c["key"] == "reporting.due")["context"]
    assert [t.request_id for t in card["awaiting"]["items"]] == [request.pk]
    assert (card["awaiting"]["soon"], card["awaiting"]["overdue"]) == (1, 0)
    card = next(c for c in client_for(world.central).get(reverse("home")).context["cards"] if c["key"] == "reporting.due")
    assert [row.request.pk for row in card["context"]["owned"]] == [request.pk]
    page = client_for(world.officer_a).get(reverse("reporting:list"))
    assert [m["key"] for m in page.context["nav_modules"] if m["active"]] == ["reporting"]
