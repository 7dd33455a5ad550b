import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from openpyxl import load_workbook

from phongtrao.documents import registry
from phongtrao.documents.exporters import AreaList, UnitReport, place_name
from phongtrao.documents.registry import Format, TableExporter
from phongtrao.documents.xlsx import Column
from phongtrao.org.models import Area, Unit


class LanguageProbe(TableExporter):
    key = "tests.language_probe"
    title = "Kiểm tra: ngôn ngữ [1]"
    columns = (Column("Ngày", 12), Column("Số", 8), Column("Tiền", 10), Column("Văn bản", 20), Column("Lúc", 18))

    def filename_stem(self) -> str:
        return "kiem-tra"

    def rows(self):
        formula = '=HYPERLINK("http://example.com")'
        yield (date(2026, 1, 5), 42, Decimal("9.25"), formula, datetime(2026, 1, 5, 1, 30, tzinfo=UTC))
        yield (None, 0, 1.5, translation.get_language(), None)


def test_the_apps_register_their_exporters():
    assert registry.get("org.unit_report") is UnitReport
    assert registry.get("org.area_list") is AreaList


def test_an_unknown_key_is_a_lookup_error():
    with pytest.raises(LookupError, match=r"nothing\.here"):
        registry.get("nothing.here")


def test_a_key_cannot_be_taken_twice(monkeypatch):
    monkeypatch.setattr(registry, "_EXPORTERS", dict(registry._EXPORTERS))
    registry.register(LanguageProbe)
    assert registry.register(LanguageProbe) is LanguageProbe  # registering again is harmless

    class Impostor(LanguageProbe):
        pass

    with pytest.raises(ImproperlyConfigured, match=r"tests\.language_probe"):
        registry.register(Impostor)


def test_an_exporter_refuses_formats_it_does_not_produce():
    with pytest.raises(ValueError, match="does not produce pdf"):
        LanguageProbe(user=None, params={}).export(Format.PDF)


def test_exports_are_vietnamese_whatever_the_interface_language():
    with translation.override("en"):
        content = LanguageProbe(user=None, params={}).export(Format.XLSX)
        assert translation.get_language() == "en"
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["D3"].value == "vi"


def test_cells_keep_their_types():
    exporter = LanguageProbe(user=None, params={})
    sheet = load_workbook(io.BytesIO(exporter.export(Format.XLSX))).active
    assert sheet.title == "Kiểm tra  ngôn ngữ  1"
    assert [cell.value for cell in sheet[1]] == ["Ngày", "Số", "Tiền", "Văn bản", "Lúc"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width == pytest.approx(20, abs=1)
    day, number, money, text, moment = sheet[2]
    assert day.value == datetime(2026, 1, 5) and day.number_format == "dd/mm/yyyy"
    assert (number.value, number.data_type) == (42, "n")
    assert money.value == 9.25
    assert text.data_type == "s" and text.value.startswith("=HYPERLINK")
    assert moment.value == datetime(2026, 1, 5, 8, 30)  # shown in Vietnamese time
    assert moment.number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A3"].value is None
    assert exporter.filename(Format.XLSX) == "kiem-tra.xlsx"


@pytest.mark.parametrize(
    ("area_name", "expected"),
    [
        (None, "Hà Nội"),
        ("Tỉnh Đắk Lắk", "Đắk Lắk"),
        ("Thành phố Hải Phòng", "Hải Phòng"),
        ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Phường Buôn Hồ", "Buôn Hồ"),
        ("Phường 3", "Phường 3"),
        ("Đặc khu Phú Quốc", "Phú Quốc"),
    ],
)
def test_place_names_drop_the_administrative_prefix(area_name, expected):
    unit = Unit(name="Đơn vị", area=Area(name=area_name) if area_name else None)
    assert place_name(unit) == expected
