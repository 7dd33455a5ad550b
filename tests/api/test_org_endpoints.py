"""The org endpoints for every persona: what each may list and open, filters, pagination, errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phongtrao.org.enums import AreaLevel, DivisionType, UnitKind
from phongtrao.org.models import Area, LegacySource, Unit

from .conftest import ids

ALL_AREAS = ["area_a", "area_b", "area_commune_a", "area_commune_a2", "area_commune_b", "residential_a", "residential_b"]
PROVINCE_A_AREAS = ["area_a", "area_commune_a", "area_commune_a2", "residential_a"]
PROVINCE_B_AREAS = ["area_b", "area_commune_b", "residential_b"]
ALL_UNITS = [
    "ministry", "v05", "v05_division", "province_a", "province_b", "commune_a", "commune_a2", "commune_b", "partner",
]  # fmt: skip

# Who sees what, written out rather than computed: the matrix is the specification.
VISIBLE_AREAS = {
    "central": ALL_AREAS,  # V05 is a national unit: it reads the whole map
    "officer_a": PROVINCE_A_AREAS,
    "officer_b": PROVINCE_B_AREAS,
    "commune_officer_a": ["area_commune_a", "residential_a"],
    "partner_user": ALL_AREAS,  # the national partner body has no area: the whole map
    "superuser": ALL_AREAS,
}
VISIBLE_UNITS = {
    "central": ["v05", "v05_division", "province_a", "province_b", "commune_a", "commune_a2", "commune_b"],
    "officer_a": ["province_a", "commune_a", "commune_a2"],
    "officer_b": ["province_b", "commune_b"],
    "commune_officer_a": ["commune_a"],
    "partner_user": ["partner"],
    "superuser": ALL_UNITS,
}
PERSONAS = list(VISIBLE_AREAS)


def pks(world, names) -> set[int]:
    return {getattr(world, name).pk for name in names}


# --- /me ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit", "role"),
    [
        ("central", "v05", "officer"),
        ("officer_a", "province_a", "officer"),
        ("officer_b", "province_b", "officer"),
        ("commune_officer_a", "commune_a", "officer"),
        ("partner_user", "partner", "officer"),
        ("admin_a", "province_a", "admin"),
    ],
)
def test_me_describes_the_caller_and_their_memberships(world, api_get, persona, unit, role):
    user = getattr(world, persona)
    response = api_get(user, "/me")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == user.pk
    assert data["username"] == user.username
    assert data["full_name"] == user.full_name
    assert data["is_superuser"] is False
    unit_obj = getattr(world, unit)
    assert data["memberships"] == [{"unit_id": unit_obj.pk, "unit_name": unit_obj.name, "unit_code": unit_obj.code, "role": role}]


def test_me_for_superuser_and_rank(world, api_get):
    data = api_get(world.superuser, "/me").json()
    assert data["is_superuser"] is True
    assert data["memberships"] == []
    assert api_get(world.central, "/me").json()["rank"] == "Đại tá"


# --- permission matrix ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_area_list_is_exactly_the_visible_areas(world, api_get, persona):
    response = api_get(getattr(world, persona), "/areas", limit=200)
    assert ids(response) == pks(world, VISIBLE_AREAS[persona])
    assert response.json()["count"] == len(VISIBLE_AREAS[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("area", ALL_AREAS)
def test_area_detail_matrix(world, api_get, persona, area):
    response = api_get(getattr(world, persona), f"/areas/{getattr(world, area).pk}")
    expected = 200 if area in VISIBLE_AREAS[persona] else 404
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["id"] == getattr(world, area).pk


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_list_is_exactly_the_visible_units(world, api_get, persona):
    response = api_get(getattr(world, persona), "/units", limit=200)
    assert ids(response) == pks(world, VISIBLE_UNITS[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("unit", ALL_UNITS)
def test_unit_detail_matrix(world, api_get, persona, unit):
    response = api_get(getattr(world, persona), f"/units/{getattr(world, unit).pk}")
    expected = 200 if unit in VISIBLE_UNITS[persona] else 404
    assert response.status_code == expected, response.content


def test_officer_a_cannot_reach_province_b_by_id(world, api_get):
    officer = world.officer_a
    for area in (world.area_b, world.area_commune_b, world.residential_b):
        assert api_get(officer, f"/areas/{area.pk}").status_code == 404
    for unit in (world.province_b, world.commune_b):
        assert api_get(officer, f"/units/{unit.pk}").status_code == 404
    assert api_get(officer, "/units", parent=world.province_b.pk).status_code == 404
    assert api_get(officer, "/areas", province=world.area_b.pk).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "son la"},
        {"q": "ta xua"},
        {"q": "xa"},
        {"level": "commune"},
        {"level": "residential_area"},
        {"level": "province"},
    ],
)
def test_officer_a_lists_never_include_province_b(world, api_get, params):
    b_areas = pks(world, PROVINCE_B_AREAS)
    b_units = {world.province_b.pk, world.commune_b.pk}
    assert not ids(api_get(world.officer_a, "/areas", limit=200, **params)) & b_areas
    unit_params = {"q": params["q"]} if "q" in params else {}
    assert not ids(api_get(world.officer_a, "/units", limit=200, **unit_params)) & b_units


def test_not_visible_and_missing_answer_identically(world, api_get):
    hidden = api_get(world.officer_a, f"/areas/{world.area_b.pk}")
    missing = api_get(world.officer_a, "/areas/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert isinstance(hidden.json()["detail"], str)
    assert api_get(world.officer_a, f"/units/{world.province_b.pk}").json() == api_get(world.officer_a, "/units/999999").json()


def test_commune_officer_sees_only_their_commune_subtree(world, api_get):
    officer = world.commune_officer_a
    assert ids(api_get(officer, "/areas")) == {world.area_commune_a.pk, world.residential_a.pk}
    assert ids(api_get(officer, "/units")) == {world.commune_a.pk}
    assert api_get(officer, f"/areas/{world.area_commune_a2.pk}").status_code == 404
    assert api_get(officer, f"/areas/{world.area_a.pk}").status_code == 404
    assert api_get(officer, f"/units/{world.province_a.pk}").status_code == 404
    assert api_get(officer, "/units", parent=world.province_a.pk).status_code == 404
    assert api_get(officer, "/areas", province=world.area_a.pk).status_code == 404
    assert ids(api_get(officer, "/units", parent=world.commune_a.pk)) == set()


# --- areas: search and filters ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["dak lak", "DAK LAK", "Đắk Lắk", "đak lak", "tinh dak"])
def test_area_search_ignores_diacritics(world, api_get, query):
    items = api_get(world.central, "/areas", q=query).json()["items"]
    assert [item["id"] for item in items] == [world.area_a.pk]
    assert items[0]["name"] == "Tỉnh Đắk Lắk"


def test_area_search_puts_provinces_first(world, api_get):
    Area.objects.create(
        name="Xã Đắk Lắk Mới", level=AreaLevel.COMMUNE, division_type=DivisionType.COMMUNE, gso_code="99999",
        parent=world.area_a, path=world.area_a.path + "99999/",
    )  # fmt: skip
    items = api_get(world.officer_a, "/areas", q="dak lak").json()["items"]
    assert [item["level"] for item in items] == ["province", "commune"]


def test_area_item_shape(world, api_get):
    items = api_get(world.officer_a, "/areas", q="buon ho", level="commune").json()["items"]
    assert items == [
        {
            "id": world.area_commune_a.pk,
            "name": "Phường Buôn Hồ",
            "level": "commune",
            "division_type": "phuong",
            "gso_code": "24305",
            "parent_id": world.area_a.pk,
            "tags": ["tay-nguyen"],
        }
    ]


def test_area_filters(world, api_get):
    central = world.central
    assert ids(api_get(central, "/areas", level="province")) == {world.area_a.pk, world.area_b.pk}
    assert ids(api_get(central, "/areas", province=world.area_b.pk)) == pks(world, PROVINCE_B_AREAS)
    assert ids(api_get(central, "/areas", province=world.area_a.pk, level="commune")) == {
        world.area_commune_a.pk,
        world.area_commune_a2.pk,
    }
    assert ids(api_get(central, "/areas", tag="tay-nguyen")) == {world.area_a.pk, world.area_commune_a.pk}
    assert ids(api_get(central, "/areas", tag="tay-nguyen", q="buon")) == {world.area_commune_a.pk}


def test_invalid_level_is_422_naming_the_field_and_choices(world, api_get):
    response = api_get(world.central, "/areas", level="district")
    assert response.status_code == 422
    data = response.json()
    assert "level" in data["detail"]
    assert "province, commune, residential_area" in data["detail"]
    assert data["errors"][0]["field"] == "level"


def test_province_filter_must_be_a_province(world, api_get):
    response = api_get(world.central, "/areas", province=world.area_commune_a.pk)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "province"


def test_unknown_tag_is_422(world, api_get):
    response = api_get(world.central, "/areas", tag="khong-co")
    assert response.status_code == 422
    assert "khong-co" in response.json()["detail"]


def test_area_detail_has_legacy_sources(world, api_get):
    LegacySource.objects.create(
        area=world.area_commune_a, ward_code="24301", ward_name="Phường An Bình", district_code="644",
        district_name="Thị xã Buôn Hồ", province_code="66", province_name="Tỉnh Đắk Lắk",
    )  # fmt: skip
    data = api_get(world.officer_a, f"/areas/{world.area_commune_a.pk}").json()
    assert data["parent_id"] == world.area_a.pk
    assert data["parent_name"] == "Tỉnh Đắk Lắk"
    assert data["province_id"] == world.area_a.pk
    assert data["tags"] == ["tay-nguyen"]
    assert data["legacy_sources"] == [
        {
            "ward_code": "24301",
            "ward_name": "Phường An Bình",
            "district_code": "644",
            "district_name": "Thị xã Buôn Hồ",
            "province_code": "66",
            "province_name": "Tỉnh Đắk Lắk",
        }
    ]
    residential = api_get(world.officer_a, f"/areas/{world.residential_a.pk}").json()
    assert residential["province_id"] == world.area_a.pk
    assert residential["legacy_sources"] == []


# --- units ------------------------------------------------------------------------------------


def test_unit_children_and_search(world, api_get):
    assert ids(api_get(world.officer_a, "/units", parent=world.province_a.pk)) == {world.commune_a.pk, world.commune_a2.pk}
    assert ids(api_get(world.central, "/units", parent=world.v05.pk)) == {world.v05_division.pk}
    assert ids(api_get(world.central, "/units", q="son la")) == {world.province_b.pk}
    assert ids(api_get(world.central, "/units", q="cax03868")) == {world.commune_b.pk}
    assert ids(api_get(world.officer_a, "/units", q="ta xua")) == set()


def test_unit_parent_outside_scope_is_404_not_empty(world, api_get):
    response = api_get(world.officer_a, "/units", parent=world.ministry.pk)
    assert response.status_code == 404
    assert api_get(world.officer_a, "/units", parent=999999).status_code == 404


def test_unit_item_and_detail_shape(world, api_get):
    items = api_get(world.officer_a, "/units", q="buon ho").json()["items"]
    assert items == [
        {
            "id": world.commune_a.pk,
            "name": "Công an phường Buôn Hồ",
            "short_name": "",
            "code": "CAX24305",
            "kind": "commune_police",
            "parent_id": world.province_a.pk,
            "area_id": world.area_commune_a.pk,
        }
    ]
    detail = api_get(world.officer_a, f"/units/{world.commune_a.pk}").json()
    assert detail["branch"] == "police"
    assert detail["is_active"] is True
    assert detail["area_name"] == "Phường Buôn Hồ"


# --- pagination and query counts --------------------------------------------------------------------


def test_pagination_defaults_and_limits(world, api_get):
    data = api_get(world.superuser, "/areas", limit=2).json()
    assert data["count"] == len(ALL_AREAS)
    assert len(data["items"]) == 2
    second = api_get(world.superuser, "/areas", limit=2, offset=2).json()
    assert not {i["id"] for i in data["items"]} & {i["id"] for i in second["items"]}
    assert api_get(world.superuser, "/areas", limit=200).status_code == 200
    too_many = api_get(world.superuser, "/areas", limit=201)
    assert too_many.status_code == 422
    assert "limit" in too_many.json()["detail"]
    assert api_get(world.superuser, "/units", limit=0).status_code == 422


def test_default_page_size_is_50(world, api_get):
    for n in range(55):
        Area.objects.create(
            name=f"Thôn {n}", level=AreaLevel.RESIDENTIAL_AREA, division_type=DivisionType.VILLAGE, gso_code="",
            parent=world.area_commune_a2, path=f"{world.area_commune_a2.path}t{n}/",
        )  # fmt: skip
    data = api_get(world.officer_a, "/areas").json()
    assert data["count"] == 4 + 55
    assert len(data["items"]) == 50


def _queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["officer_a", "central", "superuser"])
def test_area_list_query_count_does_not_grow_with_items(world, client_for, persona):
    client = client_for(getattr(world, persona))
    client.get("/api/v1/me")  # settle the session
    one = _queries(client, "/areas", {"q": "kdun"})
    assert client.get("/api/v1/areas", {"q": "kdun"}).json()["count"] == 1
    for n in (1, 2):
        area = Area.objects.create(
            name=f"Thôn Kdun Mới {n}", level=AreaLevel.RESIDENTIAL_AREA, division_type=DivisionType.VILLAGE, gso_code="",
            parent=world.area_commune_a2, path=f"{world.area_commune_a2.path}b{n}/",
        )  # fmt: skip
        area.tags.add(world.region)
    three = _queries(client, "/areas", {"q": "kdun"})
    assert client.get("/api/v1/areas", {"q": "kdun"}).json()["count"] == 3
    assert one == three


@pytest.mark.parametrize("persona", ["officer_a", "central", "superuser"])
def test_unit_list_query_count_does_not_grow_with_items(world, client_for, persona):
    client = client_for(getattr(world, persona))
    client.get("/api/v1/me")
    params = {"parent": world.province_a.pk}
    for unit in Unit.objects.filter(parent=world.province_a).exclude(pk=world.commune_a.pk):
        unit.parent = world.commune_a
        unit.save()
    assert client.get("/api/v1/units", params).json()["count"] == 1
    one = _queries(client, "/units", params)
    for n in (1, 2):
        Unit.objects.create(
            name=f"Công an xã Mới {n}", code=f"CAXNEW{n}", kind=UnitKind.COMMUNE_POLICE, parent=world.province_a,
            area=world.area_commune_a2,
        )  # fmt: skip
    assert client.get("/api/v1/units", params).json()["count"] == 3
    assert _queries(client, "/units", params) == one
