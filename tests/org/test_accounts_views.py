"""Account pages: who may open them, thin views over the actions, constant query counts, CSRF."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phongtrao.audit.models import AuditEntry
from phongtrao.org.enums import Role, UnitKind
from phongtrao.org.models import Membership, Unit, User
from tests.world import user as make_user

from .test_accounts_import import GOOD_ROWS, xlsx

NEW_PASSWORD = "Khởi-tạo-2025!Xy"


def account_urls(world, target):
    membership = target.memberships.first()
    return [
        ("get", reverse("org:account_list"), None),
        ("get", reverse("org:account_create"), None),
        ("post", reverse("org:account_create"), {}),
        ("get", reverse("org:account_import"), None),
        ("post", reverse("org:account_import"), {}),
        ("get", reverse("org:account_template"), None),
        *target_urls(target, membership),
    ]


def target_urls(target, membership):
    return [
        ("get", reverse("org:account_detail", args=[target.pk]), None),
        ("post", reverse("org:account_detail", args=[target.pk]), {"username": "x", "full_name": "X"}),
        ("post", reverse("org:account_set_active", args=[target.pk]), {"active": "0"}),
        (
            "post",
            reverse("org:account_set_password", args=[target.pk]),
            {"pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD},
        ),
        ("post", reverse("org:membership_add", args=[target.pk]), {"m-unit": "1", "m-role": "viewer"}),
        ("post", reverse("org:membership_remove", args=[target.pk, membership.pk]), {}),
    ]


def call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data or {})


def create_data(world, **overrides):
    return {
        "username": "nguyenvanan",
        "full_name": "Nguyễn Văn An",
        "rank": "Thượng úy",
        "position": "",
        "email": "",
        "phone": "",
        "unit": world.commune_a.pk,
        "role": Role.OFFICER,
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
        **overrides,
    }


# --- who may open what -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "commune_officer_a", "officer_b", "central", "partner_user"])
def test_non_admins_get_404_everywhere(world, client_for, persona):
    client = client_for(getattr(world, persona))
    for method, url, data in account_urls(world, world.commune_officer_a):
        assert call(client, method, url, data).status_code == 404, (method, url)
    assert not AuditEntry.objects.exists()
    assert world.commune_officer_a.memberships.count() == 1


def test_anonymous_redirected_to_login(world, client):
    for method, url, data in account_urls(world, world.commune_officer_a):
        response = call(client, method, url, data)
        assert response.status_code == 302 and reverse("login") in response["Location"], (method, url)


@pytest.mark.parametrize("target", ["officer_b", "central", "superuser", "partner_user"])
def test_admin_gets_404_for_accounts_outside_subtree(world, client_for, target):
    account = getattr(world, target)
    if not account.memberships.exists():
        Membership.objects.create(user=account, unit=world.ministry, role=Role.VIEWER)
    client = client_for(world.admin_a)
    for method, url, data in target_urls(account, account.memberships.first()):
        assert call(client, method, url, data).status_code == 404, (method, url)
    account.refresh_from_db()
    assert account.is_active and account.username != "x"
    assert not AuditEntry.objects.exists()


def test_admin_opens_every_page(world, client_for):
    client = client_for(world.admin_a)
    for name in ("org:account_list", "org:account_create", "org:account_import"):
        assert client.get(reverse(name)).status_code == 200, name
    response = client.get(reverse("org:account_detail", args=[world.commune_officer_a.pk]))
    assert response.status_code == 200
    assert response.context["user_obj"] == world.commune_officer_a
    template = client.get(reverse("org:account_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_superuser_opens_accounts_anywhere(world, client_for):
    client = client_for(world.superuser)
    assert client.get(reverse("org:account_detail", args=[world.officer_b.pk])).status_code == 200


# --- list ------------------------------------------------------------------------------------


def test_list_shows_only_the_subtree_in_vietnamese_order(world, client_for):
    response = client_for(world.admin_a).get(reverse("org:account_list"))
    shown = list(response.context["page_obj"])
    assert set(shown) == {world.officer_a, world.commune_officer_a, world.admin_a, world.leader_a}
    assert shown == sorted(shown, key=lambda u: u.sort_key)
    assert [u.full_name for u in shown] == ["Lê Thị Hoa", "Trần Văn Hùng", "Phạm Văn Lâm", "Y Bhơ Niê"]
    assert "Lò Văn Púa" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("hung", ["commune_a"]), ("HÙNG", ["commune_a"]), ("van", ["commune_a", "leader_a"]), ("admin_a", ["admin_a"]), ("pua", [])],
)
def test_search_ignores_diacritics(world, client_for, query, expected):
    response = client_for(world.admin_a).get(reverse("org:account_list"), {"q": query})
    assert [u.username for u in response.context["page_obj"]] == expected


def test_list_paginates_by_fifty(world, client_for):
    for i in range(55):
        make_user(f"can.bo.{i:02d}", world.commune_a, full_name=f"Cán Bộ {i:02d}")
    client = client_for(world.admin_a)
    first = client.get(reverse("org:account_list"))
    assert len(first.context["page_obj"]) == 50 and first.context["page_obj"].paginator.count == 59
    searched = client.get(reverse("org:account_list"), {"q": "can bo", "page": 2})
    assert searched.context["page_obj"].paginator.count == 55 and len(searched.context["page_obj"]) == 5


def test_list_query_count_constant(world, client_for):
    unit = Unit.objects.create(name="Công an xã Thử", code="CAXTHU", kind=UnitKind.COMMUNE_POLICE, parent=world.province_b)
    admin = make_user("admin_thu", unit, Role.ADMIN, "Quản Trị Thử")
    client = client_for(admin)
    url = reverse("org:account_list")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.context["page_obj"].paginator.count

    one, total = count()
    assert total == 1
    child = Unit.objects.create(name="Đồn Thử", code="DONTHU", kind=UnitKind.DIVISION, parent=unit)
    make_user("can.bo.thu", child, Role.OFFICER, "Cán Bộ Thử")
    make_user("lanh.dao.thu", unit, Role.LEADER, "Lãnh Đạo Thử")
    three, total = count()
    assert total == 3
    assert three == one


# --- create, edit, lock, password, roles -----------------------------------------------------


def test_create_account_through_the_page(world, client_for):
    response = client_for(world.admin_a).post(reverse("org:account_create"), create_data(world))
    user = User.objects.get(username="nguyenvanan")
    assert response.status_code == 302 and response["Location"] == reverse("org:account_detail", args=[user.pk])
    assert user.memberships.get().unit == world.commune_a
    assert AuditEntry.objects.filter(code="org.user.created").count() == 1


def test_create_in_another_province_refused(world, client_for):
    response = client_for(world.admin_a).post(reverse("org:account_create"), create_data(world, unit=world.commune_b.pk))
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_unit_select_offers_only_administered_units(world, client_for):
    form = client_for(world.admin_a).get(reverse("org:account_create")).context["form"]
    assert list(form.fields["unit"].queryset) == [world.province_a, world.commune_a, world.commune_a2]


def test_weak_password_on_the_page(world, client_for):
    data = create_data(world, password="abcdefgh", password_confirm="abcdefgh")
    response = client_for(world.admin_a).post(reverse("org:account_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="nguyenvanan").exists()
    assert not AuditEntry.objects.exists()


def test_edit_profile(world, client_for):
    target = world.commune_officer_a
    data = {
        "username": target.username,
        "full_name": target.full_name,
        "rank": "Đại úy",
        "position": "",
        "email": "",
        "phone": "",
    }
    response = client_for(world.admin_a).post(reverse("org:account_detail", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.rank == "Đại úy"
    entry = AuditEntry.objects.get(code="org.user.updated")
    assert entry.new == {"rank": "Đại úy"}
    page = client_for(world.admin_a).get(reverse("org:account_detail", args=[target.pk]))
    assert entry.sentence in page.content.decode()  # the history panel


def test_lock_unlock_through_the_page(world, client_for):
    client = client_for(world.admin_a)
    url = reverse("org:account_set_active", args=[world.officer_a.pk])
    assert client.post(url, {"active": "0"}).status_code == 302
    world.officer_a.refresh_from_db()
    assert not world.officer_a.is_active
    assert client.post(url, {"active": "1"}).status_code == 302
    world.officer_a.refresh_from_db()
    assert world.officer_a.is_active
    assert list(AuditEntry.objects.order_by("pk").values_list("code", flat=True)) == [
        "org.user.deactivated",
        "org.user.activated",
    ]


def test_admin_cannot_lock_themself_through_the_page(world, client_for):
    response = client_for(world.admin_a).post(reverse("org:account_set_active", args=[world.admin_a.pk]), {"active": "0"})
    assert response.status_code == 400
    world.admin_a.refresh_from_db()
    assert world.admin_a.is_active
    assert not AuditEntry.objects.exists()


def test_set_own_password_keeps_session(world, client_for):
    client = client_for(world.admin_a)
    data = {"pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD}
    assert client.post(reverse("org:account_set_password", args=[world.admin_a.pk]), data).status_code == 302
    world.admin_a.refresh_from_db()
    assert world.admin_a.check_password(NEW_PASSWORD)
    assert client.get(reverse("org:account_list")).status_code == 200


def test_password_mismatch(world, client_for):
    data = {"pw-password": NEW_PASSWORD, "pw-password_confirm": NEW_PASSWORD + "x"}
    response = client_for(world.admin_a).post(reverse("org:account_set_password", args=[world.officer_a.pk]), data)
    assert response.status_code == 400
    assert response.context["password_form"].errors["password_confirm"]
    assert not AuditEntry.objects.exists()


def test_add_and_remove_role_through_the_page(world, client_for):
    client = client_for(world.admin_a)
    target = world.commune_officer_a
    response = client.post(reverse("org:membership_add", args=[target.pk]), {"m-unit": world.commune_a2.pk, "m-role": "viewer"})
    assert response.status_code == 302
    added = target.memberships.get(unit=world.commune_a2)
    out = client.post(reverse("org:membership_add", args=[target.pk]), {"m-unit": world.commune_b.pk, "m-role": "viewer"})
    assert out.status_code == 400 and not target.memberships.filter(unit=world.commune_b).exists()
    assert client.post(reverse("org:membership_remove", args=[target.pk, added.pk])).status_code == 302
    last = target.memberships.get()
    assert client.post(reverse("org:membership_remove", args=[target.pk, last.pk])).status_code == 400
    assert target.memberships.count() == 1


# --- import ----------------------------------------------------------------------------------


def test_import_page_happy_path(world, client_for):
    client = client_for(world.admin_a)
    response = client.post(reverse("org:account_import"), {"file": xlsx(GOOD_ROWS)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("org:account_list")
    assert User.objects.filter(username__in=[r[0] for r in GOOD_ROWS]).count() == 3
    assert AuditEntry.objects.filter(code="org.user.imported").count() == 3
    assert any("3" in str(m) for m in response.context["messages"])


def test_import_page_lists_errors_by_row(world, client_for):
    rows = [*GOOD_ROWS[:2], ["sai.don.vi", "Lò Văn Sai", "", "", "", "CAT14", "Cán bộ", "Sai-khoi-tao-25!"]]
    response = client_for(world.admin_a).post(reverse("org:account_import"), {"file": xlsx(rows)})
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(4, "Mã đơn vị")]
    assert "Mã đơn vị" in response.content.decode() and "CAT14" in response.content.decode()
    assert not User.objects.filter(username__in=["hoang.van.binh", "sai.don.vi"]).exists()


def test_import_page_rejects_binary_file(world, client_for):
    fake = xlsx([])
    fake.file.seek(0)
    fake.file.write(b"\x89PNG\r\n\x1a\n not a workbook at all")
    fake.file.truncate()
    fake.file.seek(0)
    response = client_for(world.admin_a).post(reverse("org:account_import"), {"file": fake})
    assert response.status_code == 400
    with translation.override("vi"):
        expected = translation.gettext("The file is not an Excel workbook (.xlsx). Please use the template provided.")
    assert expected in response.content.decode()


# --- CSRF ------------------------------------------------------------------------------------


def test_csrf_enforced_on_every_post(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    posts = [(url, data) for method, url, data in account_urls(world, world.commune_officer_a) if method == "post"]
    for url, data in posts:
        assert client.post(url, data or {}).status_code == 403, url
    assert not AuditEntry.objects.exists()
    assert client.post(reverse("org:account_create"), create_data(world)).status_code == 403
    assert not User.objects.filter(username="nguyenvanan").exists()
