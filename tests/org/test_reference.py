"""The official lists load completely and idempotently, with the default region tagging."""

from django.core.management import call_command

from phongtrao.org.enums import AreaLevel, DivisionType, UnitKind
from phongtrao.org.models import Area, LegacySource, Unit
from phongtrao.org.search import search_areas


def test_load_reference_complete_and_idempotent(db, django_user_model):
    call_command("load_reference", verbosity=0)
    assert Area.objects.filter(level=AreaLevel.PROVINCE).count() == 34
    communes = Area.objects.filter(level=AreaLevel.COMMUNE)
    assert communes.count() == 3321
    assert communes.filter(division_type=DivisionType.COMMUNE).count() == 2621
    assert communes.filter(division_type=DivisionType.WARD).count() == 687
    assert communes.filter(division_type=DivisionType.SPECIAL_ZONE).count() == 13
    assert Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE).count() == 34
    # 3,319 commune police: Hoàng Sa and Trường Sa have none.
    assert Unit.objects.filter(kind=UnitKind.COMMUNE_POLICE).count() == 3319
    assert not Unit.objects.filter(area__name="Đặc khu Hoàng Sa").exists()
    # Every commune and ward has its pre-2025 sources (island districts that had no commune, such as
    # Bạch Long Vĩ or Cồn Cỏ, are special zones without any).
    without_sources = communes.filter(legacy_sources__isnull=True)
    assert not without_sources.exclude(division_type=DivisionType.SPECIAL_ZONE).exists()

    # Paths make subtrees prefix filters: Sơn La's commune police are all under its provincial police.
    son_la = Unit.objects.get(kind=UnitKind.PROVINCIAL_POLICE, area__name="Tỉnh Sơn La")
    assert (
        Unit.objects.filter(path__startswith=son_la.path, kind=UnitKind.COMMUNE_POLICE).count()
        == Area.objects.get(name="Tỉnh Sơn La").children.count()
    )

    # Default tagging follows the pre-2025 province: Gia Lai's communes from Bình Định's coast are not Tây Nguyên.
    gia_lai = Area.objects.get(name="Tỉnh Gia Lai")
    from_binh_dinh_coast = gia_lai.children.filter(legacy_sources__district_name__in=["Thị xã An Nhơn", "Huyện Phù Cát"])
    from_old_gia_lai = gia_lai.children.filter(legacy_sources__province_name="Tỉnh Gia Lai")
    assert from_binh_dinh_coast.exists()
    assert not from_binh_dinh_coast.filter(tags__code="tay-nguyen").exists()
    assert from_old_gia_lai.exclude(tags__code="tay-nguyen").count() == 0
    assert not gia_lai.tags.filter(code="tay-nguyen").exists()  # a straddling province is not tagged itself
    assert Area.objects.get(name="Tỉnh Sơn La").tags.filter(code="tay-bac").exists()
    assert Area.objects.get(name="Đặc khu Phú Quốc").tags.filter(code="hai-dao").exists()

    # A user's edit to tags survives a reload; counts do not change.
    son_la_area = Area.objects.get(name="Tỉnh Sơn La")
    son_la_area.tags.clear()
    counts = (Area.objects.count(), Unit.objects.count(), LegacySource.objects.count())
    call_command("load_reference", verbosity=0)
    assert (Area.objects.count(), Unit.objects.count(), LegacySource.objects.count()) == counts
    assert not son_la_area.tags.exists()

    # "dak lak" finds Đắk Lắk first, for a national user.
    admin = django_user_model.objects.create_superuser("root", "r@x", "x")
    assert search_areas(admin, "dak lak").first().name == "Tỉnh Đắk Lắk"
