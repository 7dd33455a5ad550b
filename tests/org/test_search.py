from django.urls import reverse


def test_search_ignores_diacritics(world, client_for):
    response = client_for(world.central).get(reverse("search"), {"q": "dak lak"})
    results = response.context["results"]
    assert results.areas[0].name == "Tỉnh Đắk Lắk"


def test_search_finds_region_tag(world, client_for):
    response = client_for(world.central).get(reverse("search"), {"q": "tay nguyen"})
    assert [t.name for t in response.context["results"].tags] == ["Tây Nguyên"]
    assert "Tây Nguyên" in response.content.decode()


def test_search_finds_units_by_folded_name_and_code(world, client_for):
    response = client_for(world.central).get(reverse("search"), {"q": "cong an ta xua"})
    assert [u.code for u in response.context["results"].units] == ["CAX03868"]
    response = client_for(world.central).get(reverse("search"), {"q": "cax03868"})
    assert [u.code for u in response.context["results"].units] == ["CAX03868"]


def test_search_is_scoped(world, client_for):
    response = client_for(world.officer_b).get(reverse("search"), {"q": "dak lak"})
    assert response.context["results"].areas == []
    assert response.context["results"].units == []


def test_area_list_sorted_in_vietnamese_order(world, client_for):
    response = client_for(world.central).get(reverse("org:area_list"), {"level": "commune"})
    names = [a.name for a in response.context["page_obj"]]
    assert names == ["Phường Buôn Hồ", "Xã Ea Drông", "Xã Tà Xùa"]
