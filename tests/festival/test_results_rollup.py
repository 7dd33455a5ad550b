"""The roll-up: every total equals the sum of the rows it covers (computed here by hand from the
stored rows), for each grouping, each drill-down and each persona's scope; the chart; the summary
DOCX and XLSX."""

from __future__ import annotations

import datetime
import io
import random
from collections import defaultdict

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from phongtrao.festival.enums import ResultSource, SiteKind, SiteLevel
from phongtrao.festival.models import ResultRow
from phongtrao.festival.results.queries import fields_of
from phongtrao.festival.results.rollup import NO_REGION, chart, rollup

from .test_results_entry import report
from .test_results_import import vietnamese  # noqa: F401  (fixture)

PERSONAS = ("central", "superuser", "officer_a", "officer_b", "commune_officer_a", "partner_user")


@pytest.fixture
def rows(world, campaign):
    """120 rows over three communes (two in Tây Nguyên, one outside any region), reported by the two
    provinces and by a commune police, with figures missing at random and amounts in the billions."""
    rng = random.Random(19082023)
    keys = [f.key for f in fields_of(campaign)]
    places = [
        (world.province_a, world.area_commune_a, world.area_a, world.region),
        (world.province_a, world.area_commune_a2, world.area_a, world.region),
        (world.commune_a, world.area_commune_a, world.area_a, world.region),
        (world.province_b, world.area_commune_b, world.area_b, None),
    ]
    created = []
    for i in range(120):
        unit, commune, province, region = places[i % len(places)]
        values = {key: rng.randrange(0, 5000) for key in keys if rng.random() < 0.7}
        values["participants"] = rng.randrange(50, 3000)
        if "gifts_value" in values:
            values["gifts_value"] = rng.randrange(0, 3_000_000_000)
        created.append(
            ResultRow(
                campaign=campaign,
                unit=unit,
                commune=commune,
                province=province,
                region=region,
                site_name=f"Điểm {i}",
                site_kind=rng.choice(SiteKind.values),
                site_level=rng.choice(SiteLevel.values),
                held_on=datetime.date(2023, 8, 1),
                values=values,
                source=ResultSource.IMPORT,
                submitted_by=world.officer_a,
            )
        )
    ResultRow.objects.bulk_create(created)
    return created


def by_hand(user, campaign, column: str, **filters) -> dict[str, dict]:
    """The expected figures, summed in Python over the stored rows the user may see."""
    keys = [f.key for f in fields_of(campaign)]
    expected: dict[str, dict] = defaultdict(
        lambda: {"sites": 0, "communes": set(), "kinds": defaultdict(int), "totals": defaultdict(int)}
    )
    for row in ResultRow.objects.visible_to(user).filter(campaign=campaign, **filters):
        group = getattr(row, column)
        bucket = expected[NO_REGION if group is None else str(group)]
        bucket["sites"] += 1
        bucket["communes"].add(row.commune_id)
        bucket["kinds"][row.site_kind] += 1
        for key in keys:
            bucket["totals"][key] += row.values.get(key, 0)
    return expected


def check(result, expected) -> None:
    assert {g.key for g in result.groups} == set(expected)
    for group in result.groups:
        want = expected[group.key]
        assert group.sites == want["sites"], group.label
        assert group.communes == len(want["communes"]), group.label
        assert group.by_kind == {kind: want["kinds"].get(kind, 0) for kind in SiteKind.values}, group.label
        assert group.totals == {key: want["totals"].get(key, 0) for key in group.totals}, group.label
        assert set(group.totals) == {f.key for f in result.fields}
    total = result.total
    assert total.sites == sum(w["sites"] for w in expected.values())
    for key in total.totals:
        assert total.totals[key] == sum(w["totals"].get(key, 0) for w in expected.values())
    for kind in SiteKind.values:
        assert total.by_kind[kind] == sum(w["kinds"].get(kind, 0) for w in expected.values())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("group_by", "column"), [("region", "region_id"), ("province", "province_id"), ("commune", "commune_id")]
)
def test_every_total_equals_the_sum_of_the_rows_it_covers(world, campaign, rows, persona, group_by, column):
    user = getattr(world, persona)
    check(rollup(user, campaign, group_by), by_hand(user, campaign, column))


@pytest.mark.parametrize("persona", ["central", "officer_a"])
def test_the_drill_downs_add_up_too(world, campaign, rows, persona):
    user = getattr(world, persona)
    check(rollup(user, campaign, "province", region=world.region), by_hand(user, campaign, "province_id", region=world.region))
    check(rollup(user, campaign, "province", outside=True), by_hand(user, campaign, "province_id", region__isnull=True))
    check(rollup(user, campaign, "commune", province=world.area_a), by_hand(user, campaign, "commune_id", province=world.area_a))


def test_scope(world, campaign, rows):
    """V05 sees the nation; a province its own rows; a commune police the rows it reported; a partner nothing."""
    assert rollup(world.central, campaign, "region").total.sites == 120
    assert {g.label for g in rollup(world.officer_b, campaign, "province").groups} == {"Tỉnh Sơn La"}
    assert rollup(world.officer_a, campaign, "province").total.sites == 90
    assert rollup(world.commune_officer_a, campaign, "province").total.sites == 30
    assert rollup(world.partner_user, campaign, "region").groups == []


@pytest.mark.usefixtures("vietnamese")
def test_groups_are_named_and_rows_outside_any_region_are_their_own_group(world, campaign, rows):
    result = rollup(world.central, campaign, "region")
    assert [(g.key, g.label) for g in result.groups] == [(str(world.region.pk), "Tây Nguyên"), (NO_REGION, "Ngoài vùng ưu tiên")]
    communes = rollup(world.central, campaign, "commune")
    assert [(g.label, g.parent_label) for g in communes.groups] == [
        ("Phường Buôn Hồ", "Tỉnh Đắk Lắk"),
        ("Xã Ea Drông", "Tỉnh Đắk Lắk"),
        ("Xã Tà Xùa", "Tỉnh Sơn La"),
    ]


def test_the_chart_draws_one_bar_per_group_largest_first(world, campaign, rows):
    result = rollup(world.central, campaign, "province")
    drawn = chart(result, "participants")
    values = [bar.value for bar in drawn.bars]
    assert values == sorted(values, reverse=True)
    assert values == sorted((g.totals["participants"] for g in result.groups), reverse=True)
    assert drawn.bars[0].width == 720 - 230 - 110
    assert 0 < drawn.bars[-1].width <= drawn.bars[0].width


# --- the pages and the downloads -----------------------------------------------------------------


def test_the_page_shows_the_groups_the_total_and_the_drill_down_links(world, campaign, rows, client_for):
    client = client_for(world.central)
    url = reverse("festival:results_rollup", args=[2023])
    page = client.get(url).content.decode()
    assert 'id="pt-chart"' in page and "<rect" in page and " style=" not in page
    assert f"?group_by=province&amp;region={world.region.pk}" in page
    assert "?group_by=province&amp;region=none" in page
    total = rollup(world.central, campaign, "region").total
    assert f'data-total="sites">{total.sites}<' in page
    provinces = client.get(url, {"group_by": "province", "region": world.region.pk}).content.decode()
    assert "Tỉnh Đắk Lắk" in provinces and "Tỉnh Sơn La" not in provinces
    assert f"?group_by=commune&amp;province={world.area_a.pk}" in provinces
    communes = client.get(url, {"group_by": "commune", "province": world.area_a.pk}).content.decode()
    assert "Phường Buôn Hồ" in communes and "Xã Tà Xùa" not in communes.split('id="pt-rollup"')[1]
    assert client.get(url, {"group_by": "nonsense", "field": "nonsense"}).status_code == 200


def test_the_summary_workbook_has_a_sheet_per_grouping_adding_up(world, campaign, rows, client_for):
    response = client_for(world.officer_a).get(reverse("festival:results_summary_xlsx", args=[2023]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Tổng hợp", "Theo vùng", "Theo tỉnh", "Theo xã"]
    expected = rollup(world.officer_a, campaign, "province").total
    header = [c.value for c in book["Theo tỉnh"][1]]
    last = [c.value for c in list(book["Theo tỉnh"].iter_rows())[-1]]
    assert last[1] == "Tổng cộng"
    assert last[header.index("Số điểm")] == expected.sites == 90
    assert last[header.index("Số người tham dự")] == expected.totals["participants"]
    communes = list(book["Theo xã"].iter_rows(min_row=2, values_only=True))
    assert {row[1] for row in communes[:-1]} == {"Phường Buôn Hồ", "Xã Ea Drông"}  # province A's rows only


@pytest.mark.usefixtures("vietnamese")
def test_the_summary_report_is_a_decree_30_document_with_the_figures_by_province(world, campaign, rows, client_for):
    response = client_for(world.central).get(reverse("festival:results_summary_docx", args=[2023]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bao-cao-tong-ket-ngay-hoi-2023.docx"')
    document = DocxDocument(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "Tổng kết Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2023" in text
    heading = " ".join(cell.text for cell in document.tables[0]._cells).replace("\n", " ")
    assert "CỤC XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC" in heading and "Số:      /BC-V05" in heading
    assert "IV. KẾT QUẢ THEO TỈNH, THÀNH PHỐ" in text
    tables = [[[c.text for c in r.cells] for r in table.rows] for table in document.tables]
    cells = next(t for t in tables if t[0][:2] == ["STT", "Tỉnh, thành phố"])
    assert cells[0][:4] == ["STT", "Tỉnh, thành phố", "Số xã", "Số điểm"]
    total = rollup(world.central, campaign, "province").total
    assert cells[-1][1] == "Tổng cộng" and cells[-1][3] == f"{total.sites:,}".replace(",", ".")
    assert {r[1] for r in cells[1:-1]} == {"Tỉnh Đắk Lắk", "Tỉnh Sơn La"}


def test_a_single_report_rolls_up(world, campaign):
    report(world, campaign, participants=7, gifts_value=35_000_000_000)
    result = rollup(world.officer_a, campaign, "province")
    assert result.total.totals["participants"] == 7
    assert result.total.totals["gifts_value"] == 35_000_000_000  # beyond 32 bits
    assert result.total.by_kind[SiteKind.RESIDENTIAL] == 1
