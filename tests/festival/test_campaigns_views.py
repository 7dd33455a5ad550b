"""The campaign pages and the nominations over the personas: 200 for what one may see, 404 for what
one may not, 403 where one sees but may not act, the login page for anonymous visitors."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.campaigns import actions
from phongtrao.festival.enums import DocumentKind, Pin, SiteKind
from phongtrao.festival.models import Campaign, CampaignDocument, Nomination, NominationDocument
from phongtrao.org.enums import AreaLevel, DivisionType
from phongtrao.org.models import Area

from .conftest import make_campaign
from .test_campaigns_actions import PDF, nominate, open_year, pdf

EVERYONE = {"central", "officer_a", "officer_b", "commune_a", "partner"}


@dataclass
class Data:
    campaign: Campaign
    nomination_a: Nomination
    nomination_b: Nomination
    national: CampaignDocument
    plan_a: CampaignDocument
    plan_b: CampaignDocument
    file_a: NominationDocument
    file_b: NominationDocument


def _document(actor, campaign, unit, kind, title):
    return actions.document_add(actor=actor, campaign=campaign, unit=unit, kind=kind, title=title, file=pdf())


@pytest.fixture
def data(world):
    campaign = make_campaign(world, year=open_year())
    nomination_a = nominate(world.officer_a, campaign, world.province_a, world.area_commune_a)
    nomination_b = nominate(world.officer_b, campaign, world.province_b, world.area_commune_b, is_border=True)
    return Data(
        campaign=campaign,
        nomination_a=nomination_a,
        nomination_b=nomination_b,
        national=_document(world.central, campaign, world.v05, DocumentKind.NATIONAL_PLAN, "Kế hoạch của BCĐ Trung ương"),
        plan_a=_document(world.officer_a, campaign, world.province_a, DocumentKind.PROVINCIAL_PLAN, "Kế hoạch tỉnh Đắk Lắk"),
        plan_b=_document(world.officer_b, campaign, world.province_b, DocumentKind.PROVINCIAL_PLAN, "Kế hoạch tỉnh Sơn La"),
        file_a=actions.nomination_document_add(actor=world.officer_a, nomination=nomination_a, file=pdf("buon-ho.pdf")),
        file_b=actions.nomination_document_add(actor=world.officer_b, nomination=nomination_b, file=pdf("ta-xua.pdf")),
    )


def _pages(d: Data):
    """(url, personas answered 200, personas answered 403). Every other signed-in persona gets 404."""
    y, a, b = d.campaign.year, d.nomination_a.pk, d.nomination_b.pk
    organisers = {"central"}
    not_organisers = EVERYONE - organisers
    return [
        (reverse("festival:home"), EVERYONE, set()),
        (reverse("festival:campaign_create"), organisers, not_organisers),
        (reverse("festival:campaign", args=[y]), EVERYONE, set()),
        (reverse("festival:campaign", args=[1999]), set(), set()),
        (reverse("festival:campaign_edit", args=[y]), organisers, not_organisers),
        (reverse("festival:document_add", args=[y]), {"central", "officer_a", "officer_b"}, {"commune_a", "partner"}),
        (reverse("festival:document", args=[y, d.national.pk]), EVERYONE, set()),
        (reverse("festival:document", args=[y, d.plan_a.pk]), {"central", "officer_a", "commune_a"}, set()),
        (reverse("festival:document", args=[y, d.plan_b.pk]), {"central", "officer_b"}, set()),
        (reverse("festival:document", args=[1999, d.national.pk]), set(), set()),
        (reverse("festival:nominations", args=[y]), EVERYONE, set()),
        (reverse("festival:nominations_xlsx", args=[y]), EVERYONE, set()),
        (reverse("festival:nomination_create", args=[y]), {"central", "officer_a", "officer_b"}, {"commune_a", "partner"}),
        (reverse("festival:nomination", args=[y, a]), {"central", "officer_a"}, set()),
        (reverse("festival:nomination", args=[y, b]), {"central", "officer_b"}, set()),
        (reverse("festival:nomination", args=[y - 1, a]), set(), set()),  # not this campaign's (no such year)
        (reverse("festival:nomination_edit", args=[y, a]), {"central", "officer_a"}, set()),
        (reverse("festival:nomination_edit", args=[y, b]), {"central", "officer_b"}, set()),
        (reverse("festival:nomination_document", args=[y, d.file_a.pk]), {"central", "officer_a"}, set()),
        (reverse("festival:nomination_document", args=[y, d.file_b.pk]), {"central", "officer_b"}, set()),
    ]


def test_permission_matrix_for_pages(world, data, client_for):
    failures = []
    for url, allowed, forbidden in _pages(data):
        for name, user in world.personas.items():
            response = client_for(user).get(url)
            expected = 302 if user is None else 200 if name in allowed else 403 if name in forbidden else 404
            if response.status_code != expected:
                failures.append(f"{name} GET {url}: {response.status_code} != {expected}")
            if user is None and not response["Location"].startswith(reverse("login")):
                failures.append(f"anonymous GET {url} not sent to log in")
    assert not failures, "\n".join(failures)


def test_superuser_sees_every_page(world, data, client_for):
    client = client_for(world.superuser)
    for url, allowed, _forbidden in _pages(data):
        if allowed:
            assert client.get(url).status_code == 200, url


def test_lists_show_only_what_is_in_scope(world, data, client_for):
    url = reverse("festival:nominations", args=[data.campaign.year])
    seen = {}
    for name, user in world.personas.items():
        if user is not None:
            html = client_for(user).get(url).content.decode()
            seen[name] = {n for n in ("Phường Buôn Hồ", "Xã Tà Xùa") if f">{n}</a>" in html}
    assert seen == {
        "central": {"Phường Buôn Hồ", "Xã Tà Xùa"},
        "officer_a": {"Phường Buôn Hồ"},
        "officer_b": {"Xã Tà Xùa"},
        "commune_a": set(),
        "partner": set(),
    }
    campaign_page = client_for(world.officer_b).get(reverse("festival:campaign", args=[data.campaign.year])).content.decode()
    assert "Kế hoạch của BCĐ Trung ương" in campaign_page and "Kế hoạch tỉnh Sơn La" in campaign_page
    assert "Kế hoạch tỉnh Đắk Lắk" not in campaign_page


def test_home_counts_what_each_one_sees_and_offers_the_next_year(world, data, client_for):
    def counts(user):
        response = client_for(user).get(reverse("festival:home"))
        return [(r.campaign.year, r.nominations) for r in response.context["rows"]], response.context["form"]

    rows, form = counts(world.central)
    assert rows == [(data.campaign.year, 2)]
    assert form.initial["year"] == data.campaign.year + 1
    assert form.initial["window_start"] == datetime.date(data.campaign.year + 1, 7, 1)
    assert counts(world.officer_b) == ([(data.campaign.year, 1)], None)
    assert counts(world.partner_user) == ([(data.campaign.year, 0)], None)


def test_documents_download_with_their_name(world, data, client_for):
    response = client_for(world.commune_officer_a).get(reverse("festival:document", args=[data.campaign.year, data.plan_a.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="ke-hoach.pdf"' in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


# --- changes over the personas -------------------------------------------------------------------


def _state():
    return (
        Campaign.objects.count(),
        list(Campaign.objects.order_by("pk").values_list("theme", flat=True)),
        list(Nomination.objects.order_by("pk").values_list("site_name", "state", "pin", "ethnic_minority_share")),
        CampaignDocument.objects.count(),
        NominationDocument.objects.count(),
        AuditEntry.objects.count(),
    )


def _nomination_form(d: Data, world, **overrides):
    values = {
        "unit": world.province_a.pk,
        "area": world.area_commune_a2.pk,
        "kind": SiteKind.COMMUNE,
        "site_name": "",
        "proposed_date": f"10/08/{d.campaign.year}",
        "ethnic_minority_share": "62",
        "is_border": "on",
        "security_complexity": "3",
        "movement_class": "excellent",
        "models_count": "2",
        "models_text": "Tổ tự quản an ninh trật tự",
        "last_hosted_year": "",
        "reason": "Xã vùng đồng bào Ê Đê, phong trào tiêu biểu.",
    }
    values.update(overrides)
    return values


def _posts(d: Data, world):
    """name -> (url, data or a callable giving it, {persona: expected status}); every persona not
    listed gets 404 and nothing changes for it."""
    y, a = d.campaign.year, d.nomination_a.pk
    nomination_values = _nomination_form(d, world)
    edit_values = _nomination_form(d, world, area=world.area_commune_a.pk, ethnic_minority_share="70")
    edit_values.pop("unit")
    campaign_values = {
        "owner": world.v05.pk,
        "year": str(y + 1),
        "theme": "Chủ đề năm sau",
        "window_start": f"01/07/{y + 1}",
        "window_end": f"19/08/{y + 1}",
        "festival_day": f"19/08/{y + 1}",
        "travel_days": "1",
    }
    edit_campaign = {
        "theme": "Chủ đề đã sửa",
        "window_start": f"01/07/{y}",
        "window_end": f"19/08/{y}",
        "festival_day": f"19/08/{y}",
        "travel_days": "2",
    }
    not_organisers = {"officer_a": 403, "officer_b": 403, "commune_a": 403, "partner": 403}
    return {
        "campaign_create": (reverse("festival:campaign_create"), campaign_values, {"central": 302, **not_organisers}),
        "campaign_edit": (reverse("festival:campaign_edit", args=[y]), edit_campaign, {"central": 302, **not_organisers}),
        "document_add": (
            reverse("festival:document_add", args=[y]),
            lambda: {"unit": world.province_a.pk, "kind": "provincial_plan", "title": "Kế hoạch bổ sung", "file": pdf()},
            # officer_b may add documents, but not for province A: the unit is not among its choices.
            {"officer_a": 302, "central": 400, "officer_b": 400, "commune_a": 403, "partner": 403},
        ),
        "nomination_create": (
            reverse("festival:nomination_create", args=[y]),
            nomination_values,
            {"officer_a": 302, "central": 302, "officer_b": 400, "commune_a": 403, "partner": 403},
        ),
        "nomination_edit": (reverse("festival:nomination_edit", args=[y, a]), edit_values, {"officer_a": 302, "central": 302}),
        "nomination_withdraw": (
            reverse("festival:nomination_withdraw", args=[y, a]),
            {"reason": ""},
            {"officer_a": 302, "central": 302},
        ),
        "nomination_pin": (
            reverse("festival:nomination_pin", args=[y, a]),
            {"pin": "in", "reason": "Điểm chỉ đạo"},
            {"central": 302, "officer_a": 403},
        ),
        "nomination_document_add": (
            reverse("festival:nomination_document_add", args=[y, a]),
            lambda: {"file": pdf("bo-sung.pdf")},
            {"officer_a": 302, "central": 302},
        ),
    }


POST_NAMES = [
    "campaign_create",
    "campaign_edit",
    "document_add",
    "nomination_create",
    "nomination_edit",
    "nomination_withdraw",
    "nomination_pin",
    "nomination_document_add",
]


@pytest.mark.parametrize("persona", ["central", "officer_a", "officer_b", "commune_a", "partner", "anonymous"])
@pytest.mark.parametrize("name", POST_NAMES)
def test_permission_matrix_for_changes(world, data, client_for, name, persona):
    url, values, expected = _posts(data, world)[name]
    status = 302 if persona == "anonymous" else expected.get(persona, 404)
    before = _state()
    response = client_for(world.personas[persona]).post(url, values() if callable(values) else values)
    assert response.status_code == status, response.content.decode()[:2000]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if status == 302 and persona != "anonymous":
        assert _state() != before
    else:
        assert _state() == before


def test_post_only_urls_refuse_get(world, data, client_for):
    client = client_for(world.central)
    y, a = data.campaign.year, data.nomination_a.pk
    for name in ("nomination_withdraw", "nomination_pin", "nomination_document_add"):
        assert client.get(reverse(f"festival:{name}", args=[y, a])).status_code == 405


# --- the nomination form -------------------------------------------------------------------------


def test_nominating_through_the_form(world, data, client_for):
    client = client_for(world.officer_a)
    url = reverse("festival:nomination_create", args=[data.campaign.year])
    page = client.get(url).content.decode()
    assert "Buôn Kdun" in page and "Xã Ea Drông" in page
    assert "Xã Tà Xùa" not in page  # another province's communes are not offered
    response = client.post(url, _nomination_form(data, world))
    nomination = Nomination.objects.get(area=world.area_commune_a2)
    assert response.status_code == 302
    assert response["Location"] == reverse("festival:nomination", args=[data.campaign.year, nomination.pk])
    assert nomination.site_name == "Xã Ea Drông"
    assert nomination.ethnic_minority_share == 62 and nomination.is_border and not nomination.is_island
    assert nomination.security_complexity == 3 and nomination.movement_class == "excellent"
    assert nomination.proposed_date == datetime.date(data.campaign.year, 8, 10)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"proposed_date": "31/12/2000"}, "proposed_date"),
        ({"proposed_date": "32/13/2027"}, "proposed_date"),
        ({"ethnic_minority_share": "101"}, "ethnic_minority_share"),
        ({"area": "AREA_B"}, "area"),
        ({"area": "AREA_A", "site_name": "Phường Buôn Hồ"}, "site_name"),  # already nominated
    ],
)
def test_bad_nominations_come_back_with_the_field_in_error(world, data, client_for, overrides, field):
    overrides = {
        k: {"AREA_B": world.area_commune_b.pk, "AREA_A": world.area_commune_a.pk}.get(v, v) for k, v in overrides.items()
    }
    before = _state()
    response = client_for(world.officer_a).post(
        reverse("festival:nomination_create", args=[data.campaign.year]), _nomination_form(data, world, **overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert _state() == before


def test_after_the_deadline_the_form_says_so_and_refuses(world, client_for, campaign):
    url = reverse("festival:nomination_create", args=[campaign.year])
    client = client_for(world.officer_a)
    page = client.get(url)
    assert page.status_code == 200
    assert b'id="nominations-closed"' in page.content and b'id="nomination-form"' not in page.content
    values = {
        "unit": world.province_a.pk,
        "area": world.area_commune_a.pk,
        "kind": "commune",
        "proposed_date": "14/08/2023",
        "security_complexity": "1",
    }
    response = client.post(url, values)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Nomination.objects.exists()
    # The organisers can still add on a province's behalf.
    assert client_for(world.central).post(url, values).status_code == 302
    assert Nomination.objects.get().unit == world.province_a


def test_pin_without_reason_is_shown_on_the_page(world, data, client_for):
    url = reverse("festival:nomination_pin", args=[data.campaign.year, data.nomination_a.pk])
    before = _state()
    response = client_for(world.central).post(url, {"pin": "out", "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["pin_form"].errors
    assert _state() == before
    client_for(world.central).post(url, {"pin": "out", "reason": "Đã đón lãnh đạo Trung ương năm trước"})
    data.nomination_a.refresh_from_db()
    assert data.nomination_a.pin == Pin.OUT
    page = client_for(world.officer_a).get(reverse("festival:nomination", args=[data.campaign.year, data.nomination_a.pk]))
    assert b'data-pin="out"' in page.content
    assert b'id="pin"' not in page.content  # the province sees the pin, not the form


# --- the list: filters, search, export ----------------------------------------------------------


def _more_nominations(world, campaign):
    nominate(
        world.officer_a,
        campaign,
        world.province_a,
        world.area_commune_a,
        kind=SiteKind.SCHOOL,
        site_name="Trường THPT Huỳnh Thúc Kháng",
    )
    nominate(
        world.officer_a, campaign, world.province_a, world.residential_a, kind=SiteKind.RESIDENTIAL, ethnic_minority_share=90
    )
    nominate(
        world.officer_a,
        campaign,
        world.province_a,
        world.area_commune_a2,
        kind=SiteKind.ENTERPRISE,
        site_name="Công ty Cà phê Ea Drông",
    )


def _listed(client, campaign, query: str) -> list[str]:
    response = client.get(reverse("festival:nominations", args=[campaign.year]) + "?" + query)
    assert response.status_code == 200
    return [n.site_name for n in response.context["page_obj"]]


def test_filters_and_search_without_diacritics(world, data, client_for):
    _more_nominations(world, data.campaign)
    client = client_for(world.central)
    campaign = data.campaign
    assert _listed(client, campaign, "q=buon+ho") == ["Buôn Kdun", "Phường Buôn Hồ", "Trường THPT Huỳnh Thúc Kháng"]
    assert _listed(client, campaign, "q=Huỳnh") == ["Trường THPT Huỳnh Thúc Kháng"]
    assert _listed(client, campaign, "q=son+la") == ["Xã Tà Xùa"]
    assert _listed(client, campaign, f"province={world.area_b.pk}") == ["Xã Tà Xùa"]
    assert len(_listed(client, campaign, f"region={world.region.pk}")) == 4
    assert _listed(client, campaign, "kind=school") == ["Trường THPT Huỳnh Thúc Kháng"]
    actions.nomination_pin(actor=world.central, nomination=data.nomination_b, pin=Pin.IN, reason="Biên giới")
    actions.nomination_withdraw(actor=world.officer_a, nomination=data.nomination_a)
    assert _listed(client, campaign, "pinned=in") == ["Xã Tà Xùa"]
    assert _listed(client, campaign, "pinned=any") == ["Xã Tà Xùa"]
    assert len(_listed(client, campaign, "pinned=none")) == 4
    assert _listed(client, campaign, "state=withdrawn") == ["Phường Buôn Hồ"]
    assert len(_listed(client, campaign, "province=nonsense")) == 5  # an invalid filter is ignored


def test_export_has_the_filtered_rows_in_scope(world, data, client_for):
    _more_nominations(world, data.campaign)
    url = reverse("festival:nominations_xlsx", args=[data.campaign.year])

    def rows(user, query=""):
        response = client_for(user).get(url + query)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        return list(sheet.iter_rows(values_only=True))

    header, *body = rows(world.central, f"?province={world.area_a.pk}&kind=residential")
    assert header[:3] == ("STT", "Tên điểm", "Loại điểm")
    assert [(r[0], r[1], r[4], r[8]) for r in body] == [(1, "Buôn Kdun", "Tỉnh Đắk Lắk", 90)]
    assert [r[1] for r in rows(world.central, "?q=ea+drong")[1:]] == ["Công ty Cà phê Ea Drông"]
    assert sorted(r[1] for r in rows(world.officer_b)[1:]) == ["Xã Tà Xùa"]
    assert rows(world.partner_user)[1:] == []
    all_rows = rows(world.central)[1:]
    assert len(all_rows) == 5
    border = next(r for r in all_rows if r[1] == "Xã Tà Xùa")
    assert border[7] == datetime.datetime(data.campaign.year, 7, 21)  # a real date cell
    assert border[9] == "Có"


# --- query counts --------------------------------------------------------------------------------


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _commune(world, i: int) -> Area:
    area = Area(
        name=f"Xã Thêm {i}",
        level=AreaLevel.COMMUNE,
        division_type=DivisionType.COMMUNE,
        gso_code=f"9{i:04d}",
        parent=world.area_a,
    )
    area.path = Area.path_for(area.level, area.gso_code, world.area_a)
    area.save()
    return area


@pytest.mark.parametrize("persona", ["central", "officer_a"])
def test_list_queries_do_not_grow_with_nominations(world, client_for, persona):
    campaign = make_campaign(world, year=open_year())
    client = client_for(getattr(world, persona))
    url = reverse("festival:nominations", args=[campaign.year])
    nominate(world.officer_a, campaign, world.province_a, _commune(world, 1), is_border=True, last_hosted_year=2019)
    one = _count(client, url)
    nominate(world.officer_a, campaign, world.province_a, world.residential_a, kind=SiteKind.RESIDENTIAL)
    nomination = nominate(world.officer_b, campaign, world.province_b, world.area_commune_b)
    actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.IN, reason="Biên giới")
    assert Nomination.objects.count() == 3
    assert _count(client, url) == one


def test_home_and_campaign_queries_do_not_grow(world, client_for):
    client = client_for(world.central)
    first = make_campaign(world, year=open_year())
    nominate(world.officer_a, first, world.province_a, world.area_commune_a)
    _document(world.central, first, world.v05, DocumentKind.NATIONAL_PLAN, "Kế hoạch")
    home, page = _count(client, reverse("festival:home")), _count(client, reverse("festival:campaign", args=[first.year]))
    for year in (open_year() + 1, open_year() + 2):
        nominate(world.officer_b, make_campaign(world, year=year), world.province_b, world.area_commune_b)
    _document(world.officer_a, first, world.province_a, DocumentKind.PROVINCIAL_PLAN, "Kế hoạch tỉnh")
    _document(world.central, first, world.v05, DocumentKind.OTHER, "Hướng dẫn")
    assert _count(client, reverse("festival:home")) == home
    assert _count(client, reverse("festival:campaign", args=[first.year])) == page


def test_pages_have_no_inline_code(world, data, client_for):
    from tests.test_security import EXTERNAL, INLINE_HANDLER, INLINE_SCRIPT, STYLE_ATTR

    for user in (world.central, world.officer_a):
        client = client_for(user)
        for url, _allowed, _forbidden in _pages(data):
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert "unsafe-inline" not in response["Content-Security-Policy"], url
            for pattern in (INLINE_SCRIPT, STYLE_ATTR, INLINE_HANDLER, EXTERNAL):
                assert not pattern.search(html), (url, pattern.pattern)
