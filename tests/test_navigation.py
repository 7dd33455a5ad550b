from django.urls import reverse


def test_one_active_module_and_accounts_only_for_admins(world, client_for):
    response = client_for(world.admin_a).get(reverse("org:unit_detail", args=[world.province_a.pk]))
    modules = response.context["nav_modules"]
    assert [m["key"] for m in modules if m["active"]] == ["units"]
    assert "accounts" in [m["key"] for m in modules]
    response = client_for(world.officer_a).get(reverse("org:area_list"))
    modules = response.context["nav_modules"]
    assert [m["key"] for m in modules if m["active"]] == ["areas"]
    assert "accounts" not in [m["key"] for m in modules]
