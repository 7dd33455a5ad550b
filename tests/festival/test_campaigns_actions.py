"""The actions of the campaign pages and the nominations: who may act, what is refused (with
nothing written), and what the audit keeps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from phongtrao.audit.models import AuditEntry
from phongtrao.festival.campaigns import actions
from phongtrao.festival.campaigns.queries import documents_for, nominating_units
from phongtrao.festival.enums import DocumentKind, NominationState, Pin, SiteKind
from phongtrao.festival.models import Campaign, CampaignDocument, Nomination, NominationDocument

from .conftest import make_campaign

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="ke-hoach.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def open_year() -> int:
    """A campaign whose nomination deadline (15/6) is still ahead, whatever day the tests run."""
    return timezone.localdate().year + 1


@pytest.fixture
def open_campaign(world):
    return make_campaign(world, year=open_year())


def nominate(actor, campaign, unit, area, **overrides):
    values = {
        "kind": SiteKind.COMMUNE,
        "site_name": "",
        "proposed_date": campaign.window_start + datetime.timedelta(days=20),
        "ethnic_minority_share": 45,
        "is_border": False,
        "is_island": False,
        "is_religious": True,
        "security_complexity": 2,
        "movement_class": "good",
        "models_count": 3,
        "models_text": "Camera an ninh\nTiếng loa an ninh",
        "last_hosted_year": None,
        "reason": "Địa bàn đông đồng bào dân tộc thiểu số, phong trào có nhiều mô hình hiệu quả.",
    }
    values.update(overrides)
    return actions.nomination_create(actor=actor, campaign=campaign, unit=unit, area=area, **values)


def _written():
    return (
        Nomination.objects.count(),
        NominationDocument.objects.count(),
        CampaignDocument.objects.count(),
        AuditEntry.objects.count(),
    )


# --- nominations ---------------------------------------------------------------------------------


def test_a_province_nominates_a_commune_and_the_place_is_filled_in(world, open_campaign):
    before = AuditEntry.objects.count()
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    assert nomination.site_name == "Phường Buôn Hồ"  # defaults to the area's name
    assert nomination.province == world.area_a
    assert nomination.region == world.region
    assert nomination.state == NominationState.SUBMITTED
    entry = AuditEntry.objects.get(code="festival.nomination.created")
    assert AuditEntry.objects.count() == before + 1
    assert entry.unit == world.province_a
    assert entry.new["site_area"] == "Phường Buôn Hồ"
    assert entry.new["proposed_date"] == nomination.proposed_date.isoformat()


def test_a_residential_area_is_named_after_itself_and_lies_in_the_province(world, open_campaign):
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.residential_a, kind=SiteKind.RESIDENTIAL)
    assert nomination.site_name == "Buôn Kdun"
    assert nomination.province == world.area_a
    assert nomination.region == world.region  # from the commune's tag


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"proposed_date": datetime.date(2000, 1, 1)}, "proposed_date"),  # outside the window
        ({"proposed_date": None}, "proposed_date"),
        ({"ethnic_minority_share": 101}, "ethnic_minority_share"),
        ({"ethnic_minority_share": -1}, "ethnic_minority_share"),
        ({"last_hosted_year": 2999}, "last_hosted_year"),
        ({"kind": SiteKind.SCHOOL, "site_name": ""}, "site_name"),  # a school needs its name
        ({"kind": SiteKind.RESIDENTIAL}, "area"),  # a commune is not a residential area
        ({"kind": "castle"}, "kind"),
        ({"movement_class": "superb"}, "movement_class"),
    ],
)
def test_bad_facts_are_refused_by_field_and_nothing_is_written(world, open_campaign, overrides, field):
    before = _written()
    with pytest.raises(ValidationError) as caught:
        nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a, **overrides)
    assert field in caught.value.message_dict
    assert _written() == before


def test_an_area_outside_the_nominating_unit_is_refused(world, open_campaign):
    before = _written()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_b)
    assert caught.value.message_dict["area"] == ["Xã Tà Xùa is not within the area of Công an tỉnh Đắk Lắk."]
    with pytest.raises(ValidationError) as caught:
        nominate(world.officer_a, open_campaign, world.province_a, world.area_a)  # the whole province
    assert "area" in caught.value.message_dict
    assert _written() == before


def test_the_same_site_cannot_be_nominated_twice(world, open_campaign):
    nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    before = _written()
    with pytest.raises(ValidationError) as caught:
        nominate(world.leader_a, open_campaign, world.province_a, world.area_commune_a, site_name="  Phường  Buôn Hồ ")
    assert "site_name" in caught.value.message_dict
    assert _written() == before
    # Another kind of site in the same commune is another site.
    nominate(
        world.officer_a,
        open_campaign,
        world.province_a,
        world.area_commune_a,
        kind=SiteKind.SCHOOL,
        site_name="Trường THPT Buôn Hồ",
    )
    assert Nomination.objects.count() == 2


def test_after_the_deadline_provinces_are_refused_but_the_organisers_can_add(world, campaign):
    assert timezone.localdate() > campaign.nomination_deadline  # the 2023 campaign closed on 15/6/2023
    before = _written()
    with pytest.raises(ValidationError) as caught:
        nominate(world.officer_a, campaign, world.province_a, world.area_commune_a)
    assert "15/06/2023" in caught.value.messages[0]
    assert _written() == before
    nomination = nominate(world.central, campaign, world.province_a, world.area_commune_a)
    assert nomination.unit == world.province_a and nomination.created_by == world.central
    with pytest.raises(ValidationError):
        actions.nomination_withdraw(actor=world.officer_a, nomination=nomination)
    assert Nomination.objects.get().state == NominationState.SUBMITTED


def test_who_may_nominate(world, open_campaign):
    assert nominating_units(world.officer_a, open_campaign) == [world.province_a]
    assert {u.pk for u in nominating_units(world.central, open_campaign)} == {world.province_a.pk, world.province_b.pk}
    assert nominating_units(world.commune_officer_a, open_campaign) == []
    assert nominating_units(world.partner_user, open_campaign) == []
    for actor, unit, area in [
        (world.commune_officer_a, world.province_a, world.area_commune_a),
        (world.officer_b, world.province_a, world.area_commune_a),
        (world.partner_user, world.province_a, world.area_commune_a),
    ]:
        with pytest.raises(PermissionDenied):
            nominate(actor, open_campaign, unit, area)
    with pytest.raises(PermissionDenied):  # a commune police does not nominate, even for itself
        nominate(world.commune_officer_a, open_campaign, world.commune_a, world.area_commune_a)
    assert not Nomination.objects.exists()


def test_an_update_is_audited_with_what_changed_only(world, open_campaign):
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    values = {name: getattr(nomination, name) for name in actions.NOMINATION_FIELDS}
    values.update(ethnic_minority_share=60, is_border=True)
    actions.nomination_update(actor=world.officer_a, nomination=nomination, area=world.area_commune_a2, **values)
    nomination.refresh_from_db()
    assert nomination.area == world.area_commune_a2
    assert nomination.site_name == "Phường Buôn Hồ"  # the name given stays; only an empty one follows the area
    assert nomination.region == world.region  # Ea Drông has no tag of its own: the province's region
    entry = AuditEntry.objects.get(code="festival.nomination.updated")
    assert entry.old == {"ethnic_minority_share": 45, "is_border": False, "site_area": "Phường Buôn Hồ"}
    assert entry.new == {"ethnic_minority_share": 60, "is_border": True, "site_area": "Xã Ea Drông"}


def test_withdrawn_nominations_cannot_change(world, open_campaign):
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    with pytest.raises(PermissionDenied):
        actions.nomination_withdraw(actor=world.officer_b, nomination=nomination)
    actions.nomination_withdraw(actor=world.officer_a, nomination=nomination, reason="Địa bàn đang bị ảnh hưởng bởi lũ")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.WITHDRAWN
    entry = AuditEntry.objects.get(code="festival.nomination.withdrawn")
    assert entry.new["reason"] == "Địa bàn đang bị ảnh hưởng bởi lũ"
    values = {name: getattr(nomination, name) for name in actions.NOMINATION_FIELDS}
    with pytest.raises(ValidationError):
        actions.nomination_update(actor=world.officer_a, nomination=nomination, area=world.area_commune_a, **values)
    with pytest.raises(ValidationError):
        actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.IN, reason="Điểm chỉ đạo")


def test_pins_need_a_reason_are_organisers_only_and_audited(world, open_campaign):
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        actions.nomination_pin(actor=world.officer_a, nomination=nomination, pin=Pin.IN, reason="Tự chọn")
    with pytest.raises(ValidationError) as caught:
        actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.IN, reason="  ")
    assert "reason" in caught.value.message_dict
    assert AuditEntry.objects.count() == before
    assert Nomination.objects.get().pin == Pin.NONE

    actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.IN, reason="Điểm chỉ đạo của Bộ")
    nomination.refresh_from_db()
    assert (nomination.pin, nomination.pin_reason) == (Pin.IN, "Điểm chỉ đạo của Bộ")
    pinned = AuditEntry.objects.get(code="festival.nomination.pinned")
    assert pinned.actor == world.central and pinned.unit == world.province_a
    assert pinned.old == {"nomination_pin": "", "pin_reason": ""}
    assert pinned.new == {"nomination_pin": "in", "pin_reason": "Điểm chỉ đạo của Bộ"}

    actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.OUT, reason="Đã đón lãnh đạo năm trước")
    actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.NONE)
    nomination.refresh_from_db()
    assert (nomination.pin, nomination.pin_reason) == (Pin.NONE, "")
    cleared = AuditEntry.objects.get(code="festival.nomination.unpinned")
    assert cleared.old == {"nomination_pin": "out", "pin_reason": "Đã đón lãnh đạo năm trước"}
    assert cleared.new == {"nomination_pin": "", "pin_reason": ""}
    with pytest.raises(ValidationError):  # nothing to clear
        actions.nomination_pin(actor=world.central, nomination=nomination, pin=Pin.NONE)


def test_nomination_documents_are_checked(world, open_campaign):
    nomination = nominate(world.officer_a, open_campaign, world.province_a, world.area_commune_a)
    before = _written()
    for upload in (pdf("virus.exe"), pdf("rong.pdf", b""), pdf("lon.pdf", b"x" * (10 * 1024 * 1024 + 1))):
        with pytest.raises(ValidationError) as caught:
            actions.nomination_document_add(actor=world.officer_a, nomination=nomination, file=upload)
        assert "file" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.nomination_document_add(actor=world.officer_b, nomination=nomination, file=pdf())
    assert _written() == before
    document = actions.nomination_document_add(actor=world.officer_a, nomination=nomination, file=pdf("bao-cao-dia-ban.pdf"))
    assert document.name == "bao-cao-dia-ban.pdf" and document.size == len(PDF)
    assert AuditEntry.objects.filter(code="festival.nomination.document_added", new__file_name="bao-cao-dia-ban.pdf").exists()


# --- the campaign and its documents --------------------------------------------------------------


def test_campaign_update_checks_dates_and_audits_the_difference(world, open_campaign):
    year = open_campaign.year
    with pytest.raises(PermissionDenied):
        actions.campaign_update(actor=world.officer_a, campaign=open_campaign, theme="Khác")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        actions.campaign_update(actor=world.central, campaign=open_campaign, festival_day=datetime.date(year, 9, 2))
    assert "festival_day" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        actions.campaign_update(actor=world.central, campaign=open_campaign, theme="   ")
    assert "theme" in caught.value.message_dict
    assert AuditEntry.objects.count() == before
    assert Campaign.objects.get(pk=open_campaign.pk).festival_day == datetime.date(year, 8, 19)

    actions.campaign_update(
        actor=world.central,
        campaign=open_campaign,
        theme=open_campaign.theme,
        window_start=datetime.date(year, 7, 2),
        plan_number="45/KH-BCĐ",
    )
    entry = AuditEntry.objects.get(code="festival.campaign.updated")
    assert entry.old == {"window_start": f"{year}-07-01", "plan_number": "333/KH-BCĐ"}
    assert entry.new == {"window_start": f"{year}-07-02", "plan_number": "45/KH-BCĐ"}


def test_documents_national_by_organisers_provincial_by_the_province(world, open_campaign):
    before = _written()
    with pytest.raises(ValidationError) as caught:  # a province does not issue the national plan
        actions.document_add(
            actor=world.officer_a,
            campaign=open_campaign,
            unit=world.province_a,
            kind=DocumentKind.NATIONAL_PLAN,
            title="KH",
            file=pdf(),
        )
    assert "kind" in caught.value.message_dict
    with pytest.raises(PermissionDenied):  # nor for another province
        actions.document_add(
            actor=world.officer_b,
            campaign=open_campaign,
            unit=world.province_a,
            kind=DocumentKind.PROVINCIAL_PLAN,
            title="KH",
            file=pdf(),
        )
    with pytest.raises(PermissionDenied):  # a commune is not a province
        actions.document_add(
            actor=world.commune_officer_a,
            campaign=open_campaign,
            unit=world.commune_a,
            kind=DocumentKind.PROVINCIAL_PLAN,
            title="KH",
            file=pdf(),
        )
    with pytest.raises(ValidationError) as caught:
        actions.document_add(
            actor=world.central,
            campaign=open_campaign,
            unit=world.v05,
            kind=DocumentKind.NATIONAL_PLAN,
            title="KH",
            file=pdf("kh.zip"),
        )
    assert "file" in caught.value.message_dict
    assert _written() == before

    national = actions.document_add(
        actor=world.central,
        campaign=open_campaign,
        unit=world.v05,
        kind=DocumentKind.NATIONAL_PLAN,
        number="333/KH-BCĐ",
        title="Kế hoạch tổ chức Ngày hội toàn dân bảo vệ ANTQ",
        file=pdf(),
    )
    plan_a = actions.document_add(
        actor=world.officer_a,
        campaign=open_campaign,
        unit=world.province_a,
        kind=DocumentKind.PROVINCIAL_PLAN,
        title="Kế hoạch của tỉnh Đắk Lắk",
        file=pdf(),
    )
    plan_b = actions.document_add(
        actor=world.officer_b,
        campaign=open_campaign,
        unit=world.province_b,
        kind=DocumentKind.PROVINCIAL_PLAN,
        title="Kế hoạch của tỉnh Sơn La",
        file=pdf(),
    )
    assert AuditEntry.objects.filter(code="festival.document.added").count() == 3

    def readable(user):
        return set(documents_for(user, open_campaign).values_list("pk", flat=True))

    assert readable(world.central) == {national.pk, plan_a.pk, plan_b.pk}
    assert readable(world.officer_a) == {national.pk, plan_a.pk}
    assert readable(world.commune_officer_a) == {national.pk, plan_a.pk}  # its province's plan
    assert readable(world.officer_b) == {national.pk, plan_b.pk}
    assert readable(world.partner_user) == {national.pk}
