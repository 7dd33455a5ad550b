"""Demo: the 2023 festival campaign, played through the festival's own actions.

About 200 nominations from the 34 provincial police (with the sites leaders really attended in
2023 among them: Buôn Hồ in Đắk Lắk, Ngọc Chiến in Sơn La), a selection run that is adopted, the
national leaders and their free days, the schedule solved by CP-SAT, the preparation of the sites
under way, and results imported from many communes. Deterministic: a seeded generator, no clock.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import random
from collections.abc import Iterator
from unittest import mock

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Prefetch

from phongtrao.festival.core import campaign_create
from phongtrao.festival.enums import LeaderBody, MovementClass, RunStatus, SecurityComplexity, SiteKind, SiteLevel
from phongtrao.festival.models import Campaign, ResultField, Site, SiteTask
from phongtrao.org.actions.areas import residential_area_create
from phongtrao.org.enums import AreaLevel, DivisionType, UnitKind
from phongtrao.org.models import Area, Unit, User

D = datetime.date
YEAR = 2023
SEED = 20230819

THEME = "Ngày hội của toàn dân, do dân và vì dân – hướng mạnh về cơ sở, địa bàn khó khăn"

# Communes that really hosted national leaders in 2023 (domain.md §1.4), under their 2025 names.
ANCHORS = [
    ("Tỉnh Đắk Lắk", "Phường Buôn Hồ", D(2023, 8, 14), 2019),
    ("Tỉnh Sơn La", "Xã Ngọc Chiến", D(2023, 8, 10), None),
    ("Tỉnh Sơn La", "Xã Tà Xùa", D(2023, 8, 12), None),
]

# (full name, position, body, rank, available windows, max sites) — people named in domain.md and
# the seed; the others are the Ministry's leadership of 2023.
LEADERS = [
    ("Trần Lưu Quang", "Phó Thủ tướng Chính phủ", LeaderBody.STATE, 4, [(D(2023, 8, 10), D(2023, 8, 16))], 2),
    (
        "Nguyễn Trọng Nghĩa",
        "Bí thư Trung ương Đảng, Trưởng Ban Tuyên giáo Trung ương",
        LeaderBody.PARTY,
        4,
        [(D(2023, 8, 8), D(2023, 8, 12))],
        2,
    ),
    ("Lê Quốc Hùng", "Thứ trưởng Bộ Công an", LeaderBody.MINISTRY, 3, [(D(2023, 7, 20), D(2023, 8, 19))], 4),
    ("Lương Tam Quang", "Thứ trưởng Bộ Công an", LeaderBody.MINISTRY, 3, [(D(2023, 8, 1), D(2023, 8, 18))], 4),
    ("Trần Quốc Tỏ", "Thứ trưởng Bộ Công an", LeaderBody.MINISTRY, 3, [(D(2023, 7, 25), D(2023, 8, 15))], 4),
    ("Lê Văn Tuyến", "Thứ trưởng Bộ Công an", LeaderBody.MINISTRY, 3, [(D(2023, 8, 1), D(2023, 8, 19))], 4),
    ("Nguyễn Duy Ngọc", "Thứ trưởng Bộ Công an", LeaderBody.MINISTRY, 3, [(D(2023, 8, 5), D(2023, 8, 19))], 4),
    (
        "Hoàng Công Thủy",
        "Phó Chủ tịch Ủy ban Trung ương MTTQ Việt Nam",
        LeaderBody.PARTNER,
        2,
        [(D(2023, 8, 1), D(2023, 8, 19))],
        4,
    ),
    (
        "Tráng A Tủa",
        "Cục trưởng Cục Xây dựng phong trào bảo vệ ANTQ",
        LeaderBody.MINISTRY,
        1,
        [(D(2023, 7, 15), D(2023, 8, 19))],
        5,
    ),
]

SCHOOLS = ["Trường THPT {}", "Trường THCS {}", "Trường Phổ thông dân tộc nội trú {}"]
ENTERPRISES = ["Công ty cổ phần cao su {}", "Công ty TNHH may {}", "Nhà máy thủy điện {}"]
AGENCIES = ["Trung tâm Y tế {}", "Ban Quản lý rừng phòng hộ {}"]
MODELS = ["Camera an ninh", "Tiếng loa an ninh", "Tổ liên gia tự quản", "Dòng họ không có tội phạm", "Zalo an ninh trật tự"]


@contextlib.contextmanager
def on_day(day: datetime.date) -> Iterator[None]:
    """Deadlines of the campaign are checked against today's date: replay the day it happened."""
    with mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: day):
        yield


def load_festival_demo(admin: User) -> dict:
    if Campaign.objects.filter(year=YEAR).exists():
        return {"festival": "already loaded"}
    from phongtrao.festival.schedule import actions as schedule_actions
    from phongtrao.festival.selection import actions as selection_actions

    rng = random.Random(SEED)  # noqa: S311 (demo data, not security)
    organiser = User.objects.get(username="phocuctruong")
    v05 = Unit.objects.get(code="V05")
    campaign = campaign_create(
        actor=organiser,
        owner=v05,
        year=YEAR,
        theme=THEME,
        window_start=D(YEAR, 7, 1),
        window_end=D(YEAR, 8, 19),
        festival_day=D(YEAR, 8, 19),
        nomination_deadline=D(YEAR, 6, 15),
        results_due=D(YEAR, 9, 15),
        wrap_up_date=D(YEAR, 11, 23),
        plan_number="01/KH-BCĐ",
        plan_date=D(YEAR, 5, 30),
        travel_days=1,
    )
    with on_day(D(YEAR, 6, 10)):
        nominations = _nominate(campaign, admin, rng)
    _analyze()
    with on_day(D(YEAR, 6, 20)):
        _pin_anchors(campaign, organiser)
        run = selection_actions.start_run(actor=organiser, campaign=campaign)
        run.refresh_from_db()
        if run.status not in (RunStatus.OPTIMAL, RunStatus.FEASIBLE):
            raise RuntimeError(f"demo selection run {run.status}: {run.problems}")
        sites = selection_actions.adopt_run(actor=organiser, run=run)
        _leaders(campaign, organiser, schedule_actions)
        schedule_actions.schedule_solve(actor=organiser, campaign=campaign)
    _prepare(sites, rng)
    _analyze()
    rows = _results(campaign, admin, rng)
    return {"nominations": nominations, "sites": len(sites), "result_rows": rows}


def _analyze() -> None:
    """PostgreSQL plans from statistics that autovacuum gathers only after commit; the demo loads
    in one transaction, so without this its later queries are planned for empty tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _nominate(campaign: Campaign, admin: User, rng: random.Random) -> int:
    from phongtrao.festival.campaigns.actions import nomination_create

    provinces = list(
        Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE, area__isnull=False).select_related("area").order_by("code")
    )
    communes_by_province: dict[int, list[Area]] = {}
    for commune in (
        Area.objects.filter(level=AreaLevel.COMMUNE)
        .prefetch_related(Prefetch("tags"), Prefetch("children", queryset=Area.objects.order_by("pk")))
        .order_by("path")
    ):
        communes_by_province.setdefault(commune.parent_id, []).append(commune)  # type: ignore[arg-type]
    officers = {
        "Tỉnh Sơn La": User.objects.filter(username="sonla_canbo").first(),
        "Tỉnh Đắk Lắk": User.objects.filter(username="daklak_canbo").first(),
        "Thành phố Cần Thơ": User.objects.filter(username="cantho_canbo").first(),
    }
    anchors = {(province, commune): (day, hosted) for province, commune, day, hosted in ANCHORS}
    count = 0
    for police in provinces:
        province = police.area
        communes = communes_by_province.get(province.pk, [])  # type: ignore[union-attr]
        if not communes:
            continue
        actor = officers.get(province.name) or admin  # type: ignore[union-attr]
        chosen = [c for c in communes if (province.name, c.name) in anchors]  # type: ignore[union-attr]
        others = [c for c in communes if c not in chosen]
        chosen += rng.sample(others, min(len(others), rng.randint(4, 6) - len(chosen) + 1))
        for commune in chosen:
            tags = {t.code for t in commune.tags.all()}
            in_region = bool(tags & {"tay-bac", "tay-nguyen", "tay-nam-bo"})
            region = next((code for code in ("tay-bac", "tay-nguyen", "tay-nam-bo") if code in tags), "")
            anchor = anchors.get((province.name, commune.name))  # type: ignore[union-attr]
            if anchor:
                kind, area, name = str(SiteKind.COMMUNE), commune, commune.name
            else:
                kind, area, name = _site_of(commune, region, admin, rng)
            day = anchor[0] if anchor else D(YEAR, 8, 1) + datetime.timedelta(days=rng.randint(0, 18))
            hosted = anchor[1] if anchor else rng.choice([None] * 14 + [2015, 2018, 2020, 2022])
            nomination_create(
                actor=actor,
                campaign=campaign,
                unit=police,
                area=area,
                kind=kind,
                site_name=name,
                proposed_date=day,
                ethnic_minority_share=rng.randint(40, 98) if in_region else rng.choice([0, 0, 5, 12, 30]),
                is_border="bien-gioi" in tags or rng.random() < 0.1,
                is_island="hai-dao" in tags,
                is_religious=rng.random() < 0.3,
                security_complexity=rng.choice(SecurityComplexity.values),
                movement_class=rng.choice(
                    [MovementClass.EXCELLENT] * 3 + [MovementClass.GOOD] * 4 + [MovementClass.AVERAGE, MovementClass.UNRATED]
                ),
                models_count=(n := rng.randint(0, 5)),
                models_text="; ".join(rng.sample(MODELS, n)),
                last_hosted_year=hosted,
                reason="Địa bàn có đông đồng bào dân tộc thiểu số, phong trào toàn dân bảo vệ ANTQ phát triển sâu rộng."
                if in_region
                else "Mô hình tự quản về an ninh, trật tự hoạt động hiệu quả, được nhân dân đồng tình hưởng ứng.",
            )
            count += 1
    return count


VILLAGE_WORDS = {
    "tay-bac": ("Bản", DivisionType.HIGHLAND_VILLAGE),
    "tay-nguyen": ("Buôn", DivisionType.HIGHLAND_VILLAGE),
    "tay-nam-bo": ("Ấp", DivisionType.HAMLET),
}
VILLAGE_NAMES = [
    "Nà Hẩu",
    "Kon Brai",
    "Tân Thành",
    "Phú Hòa",
    "Đoàn Kết",
    "Hòa Bình",
    "Mới",
    "Trung Tâm",
    "Bình An",
    "Thống Nhất",
]


def _village(commune: Area, region: str, admin: User, rng: random.Random) -> Area:
    """A residential area of the commune: one of the demo's, or a new one named as the region names them."""
    villages = list(commune.children.all())
    if villages:
        return rng.choice(villages)
    if region in VILLAGE_WORDS:
        word, division = VILLAGE_WORDS[region]
    elif commune.division_type == DivisionType.WARD:
        word, division = "Tổ dân phố", DivisionType.STREET_GROUP
    else:
        word, division = "Thôn", DivisionType.VILLAGE
    return residential_area_create(
        actor=admin, commune=commune, name=f"{word} {rng.choice(VILLAGE_NAMES)}", division_type=division
    )


def _pin_anchors(campaign: Campaign, organiser: User) -> None:
    """The Ministry chose Ngọc Chiến as its showcase site, and the Deputy Prime Minister's visit to
    Buôn Hồ was planned early: the organisers pin both in, the solver fills the rest."""
    from phongtrao.festival.campaigns.actions import nomination_pin

    for _province, commune, _day, _hosted in ANCHORS[:2]:
        nomination = campaign.nominations.filter(area__name=commune, kind=SiteKind.COMMUNE).first()
        if nomination is not None:
            nomination_pin(actor=organiser, nomination=nomination, pin="in", reason="Điểm chỉ đạo do Bộ Công an lựa chọn")


def _site_of(commune: Area, region: str, admin: User, rng: random.Random) -> tuple[str, Area, str]:
    short = commune.name.split(" ", 1)[1] if " " in commune.name else commune.name
    roll = rng.random()
    if roll < 0.45:
        village = _village(commune, region, admin, rng)
        return SiteKind.RESIDENTIAL, village, village.name
    if roll < 0.6:
        return SiteKind.SCHOOL, commune, rng.choice(SCHOOLS).format(short)
    if roll < 0.7:
        return SiteKind.ENTERPRISE, commune, rng.choice(ENTERPRISES).format(short)
    if roll < 0.76:
        return SiteKind.AGENCY, commune, rng.choice(AGENCIES).format(short)
    return SiteKind.COMMUNE, commune, commune.name


def _leaders(campaign: Campaign, organiser: User, schedule_actions) -> None:
    for name, position, body, rank, windows, max_sites in LEADERS:
        leader = schedule_actions.leader_create(
            actor=organiser, campaign=campaign, full_name=name, position=position, body=body, rank=rank
        )
        days = [start + datetime.timedelta(days=i) for start, end in windows for i in range((end - start).days + 1)]
        schedule_actions.availability_set(actor=organiser, campaign=campaign, leader=leader, days=days, max_sites=max_sites)


def _prepare(sites: list[Site], rng: random.Random) -> None:
    """Sites are at different stages: most of the preparation done, a few late."""
    from django.utils import timezone

    done: list[SiteTask] = []
    for site in sites:
        tasks = list(SiteTask.objects.filter(site=site).order_by("due_date", "order"))
        share = rng.choice([1.0, 1.0, 0.8, 0.6, 0.3])
        for task in tasks[: int(len(tasks) * share)]:
            task.done_at = timezone.make_aware(datetime.datetime.combine(task.due_date or site.date, datetime.time(16)))
            task.done_by = site.created_by
            done.append(task)
    SiteTask.objects.bulk_update(done, ["done_at", "done_by"])


def _results(campaign: Campaign, admin: User, rng: random.Random) -> int:
    """Every commune of six provinces reports one or more sites, through the XLSX import."""
    from phongtrao.festival.results import actions as result_actions
    from phongtrao.festival.results.importer import run_import, template_columns

    fields = list(ResultField.objects.filter(campaign=campaign).order_by("order", "pk"))
    columns = template_columns(fields)
    written = 0
    for name in ("Tỉnh Sơn La", "Tỉnh Đắk Lắk", "Thành phố Cần Thơ", "Tỉnh Lai Châu", "Tỉnh Gia Lai", "Tỉnh An Giang"):
        police = Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE, area__name=name).first()
        if police is None:
            continue
        communes = list(Area.objects.filter(parent=police.area, level=AreaLevel.COMMUNE).order_by("path"))
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet("Kết quả")
        for col, column in enumerate(columns):
            sheet.write(0, col, column.header)
        r = 1
        for commune in communes:
            for k in range(rng.choice([1, 1, 2, 3])):
                kind = SiteKind.COMMUNE if k == 0 else SiteKind.RESIDENTIAL
                site = commune.name if k == 0 else f"Khu dân cư số {k}"
                values = _figures(fields, rng, big=kind == SiteKind.COMMUNE)
                day = D(YEAR, 7, 15) + datetime.timedelta(days=rng.randint(0, 35))
                row: list[object] = [
                    commune.gso_code,
                    commune.name,
                    site,
                    str(SiteKind(kind).label),
                    str(SiteLevel.COMMUNE.label),
                    day.strftime("%d/%m/%Y"),
                ]
                row += [values[f.key] for f in fields]
                for col, value in enumerate(row):
                    sheet.write(r, col, value)
                r += 1
        book.close()
        upload = SimpleUploadedFile(f"ket-qua-{police.code}.xlsx", buffer.getvalue())
        with on_day(D(YEAR, 9, 5)):
            result_import = result_actions.import_upload(actor=admin, campaign=campaign, unit=police, uploaded=upload)
            result_import = run_import(result_import.pk)
        written += result_import.rows_written
    return written


def _figures(fields: list[ResultField], rng: random.Random, *, big: bool) -> dict[str, int]:
    people = rng.randint(300, 1500) if big else rng.randint(60, 400)
    values = {
        "participants": people,
        "gifts_count": people // rng.randint(8, 20),
        "awards_minister": 1 if big and rng.random() < 0.05 else 0,
        "awards_province": rng.randint(0, 3) if big else 0,
        "awards_director": rng.randint(0, 4) if big else 0,
        "awards_medal": rng.randint(0, 2) if big else 0,
        "awards_commune": rng.randint(1, 8),
        "propaganda_sessions": rng.randint(1, 12),
        "propaganda_attendees": people * rng.randint(2, 6),
        "articles": rng.randint(0, 10),
        "reportages": rng.randint(0, 2),
        "posters": rng.randint(2, 30),
        "social_posts": rng.randint(0, 40),
        "models_launched": rng.randint(0, 2),
        "commitments": rng.randint(5, 120),
        "weapons": rng.choice([0, 0, 0, 1, 2, 5]),
    }
    values["gifts_value"] = values["gifts_count"] * rng.choice([300_000, 500_000, 1_000_000])
    return {f.key: values.get(f.key, 0) for f in fields}
