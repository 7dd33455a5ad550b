import io

import xlsxwriter
from django.urls import reverse

from phongtrao.audit.models import AuditEntry
from phongtrao.org.models import Area


def _xlsx(rows, headers=("Tên khu dân cư", "Loại")) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    buffer.seek(0)
    buffer.name = "khu-dan-cu.xlsx"
    return buffer


def test_commune_officer_adds_residential_area_with_audit(world, client_for):
    client = client_for(world.commune_officer_a)
    response = client.post(
        reverse("org:residential_area_create", args=[world.area_commune_a.pk]), {"name": "Buôn Ea Blang", "division_type": "ban"}
    )
    assert response.status_code == 302
    area = world.area_commune_a.children.get(name="Buôn Ea Blang")
    assert area.path.startswith(world.area_commune_a.path)
    entry = AuditEntry.objects.for_object(area).get()
    assert entry.code == "org.area.created"
    assert entry.actor == world.commune_officer_a
    assert entry.unit == world.commune_a


def test_duplicate_name_is_refused_with_message(world, client_for):
    client = client_for(world.commune_officer_a)
    response = client.post(
        reverse("org:residential_area_create", args=[world.area_commune_a.pk]), {"name": "Buôn Kdun", "division_type": "ban"}
    )
    assert response.status_code == 400
    assert world.area_commune_a.children.filter(name="Buôn Kdun").count() == 1


def test_import_all_rows(world, client_for):
    client = client_for(world.commune_officer_a)
    url = reverse("org:residential_area_import", args=[world.area_commune_a.pk])
    response = client.post(url, {"file": _xlsx([["Tổ dân phố 1", "tổ dân phố"], ["Buôn Ale", "buôn"], ["Thôn 3", ""]])})
    assert response.status_code == 302
    names = set(world.area_commune_a.children.values_list("name", flat=True))
    assert {"Tổ dân phố 1", "Buôn Ale", "Thôn 3"} <= names
    assert AuditEntry.objects.filter(code="org.area.imported").count() == 3


def test_import_with_one_bad_row_writes_nothing_and_names_the_row(world, client_for):
    client = client_for(world.commune_officer_a)
    url = reverse("org:residential_area_import", args=[world.area_commune_a.pk])
    before = Area.objects.count()
    rows = [["Tổ dân phố 1", "tổ dân phố"], ["Buôn Ale", "buôn"], ["Buôn Ale", "buôn"], ["Xóm X", "làng chài"]]
    response = client.post(url, {"file": _xlsx(rows)})
    assert response.status_code == 400
    assert Area.objects.count() == before
    errors = [str(e) for e in response.context["errors"]]
    assert any("4" in e and "Tên khu dân cư" in e for e in errors)  # duplicate of row 3, reported on row 4
    assert any("5" in e and "Loại" in e for e in errors)  # unknown type on row 5
    assert not AuditEntry.objects.filter(code="org.area.imported").exists()


def test_import_rejects_a_file_that_is_not_xlsx(world, client_for):
    client = client_for(world.commune_officer_a)
    fake = io.BytesIO(b"\x00\x01 this is not a workbook")
    fake.name = "danh-sach.xlsx"
    response = client.post(reverse("org:residential_area_import", args=[world.area_commune_a.pk]), {"file": fake})
    assert response.status_code == 400
    assert response.context["errors"]
    assert world.area_commune_a.children.count() == 1


def test_import_missing_column_is_reported(world, client_for):
    client = client_for(world.commune_officer_a)
    response = client.post(
        reverse("org:residential_area_import", args=[world.area_commune_a.pk]),
        {"file": _xlsx([["x", "y"]], headers=("Tên gọi khác", "Ghi chú"))},
    )
    assert response.status_code == 400
    assert world.area_commune_a.children.count() == 1


def test_template_download_is_a_workbook(world, client_for):
    response = client_for(world.commune_officer_a).get(reverse("org:residential_template"))
    assert response.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["Tên khu dân cư", "Loại"]


def test_tags_edit_is_audited(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(reverse("org:area_tags_update", args=[world.area_commune_a2.pk]), {"tags": [world.region.pk]})
    assert response.status_code == 302
    assert world.area_commune_a2.tags.filter(pk=world.region.pk).exists()
    entry = AuditEntry.objects.get(code="org.area.tags_changed")
    assert entry.old == {"tags": []}
    assert entry.new == {"tags": ["tay-nguyen"]}
