"""Report requests in both provinces, with drafts and versions that must not leak."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phongtrao.org.enums import Role
from phongtrao.org.models import User
from phongtrao.reporting import actions
from phongtrao.reporting.models import ReportRequest, ReportTarget
from tests.world import user

FIELDS = ["Số mô hình mới", "Số buổi tuyên truyền"]
SECRET_B = "Nháp mật của Sơn La"
SECRET_A2 = "Nháp mật của Ea Drông"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def send(
    actor,
    owner,
    units,
    *,
    title="Báo cáo sơ kết 6 tháng",
    kind="six_month",
    due=10,
    fields=FIELDS,
    start=-60,
    end=-1,
    cutoff=None,
):
    return actions.request_create(
        actor=actor,
        owner=owner,
        title=title,
        kind=kind,
        period_start=days(start),
        period_end=days(end),
        cutoff=days(end if cutoff is None else cutoff),
        due_date=days(due),
        instructions="Báo cáo theo đề cương gửi kèm.",
        fields=fields,
        target_units=units,
    )


def draft(actor, target, text="Kết quả 6 tháng.", figures=None, files=()):
    return actions.draft_save(
        actor=actor, target=target, text=text, figures={"f1": "3", "f2": "12"} if figures is None else figures, add_files=files
    )


def submit(actor, target, **draft_options):
    saved = draft(actor, target, **draft_options)
    return actions.submission_submit(actor=actor, target=saved, revision=saved.draft_revision)


def pdf(name="phu-luc.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


@dataclass
class Reports:
    v05: ReportRequest  # Cục V05 -> provinces A and B
    a: ReportRequest  # province A -> its two communes
    b: ReportRequest  # province B -> its commune
    t_a: ReportTarget  # province A's report to V05: submitted, with a file
    t_b: ReportTarget  # province B's report to V05: a draft only
    t_ca: ReportTarget  # commune A's report to province A: a draft
    t_ca2: ReportTarget  # commune A2's report to province A: a draft with a file
    t_cb: ReportTarget  # commune B's report to province B: submitted
    commune_a2_officer: User
    commune_b_officer: User


@pytest.fixture
def reports(world) -> Reports:
    commune_a2_officer = user("commune_a2", world.commune_a2, Role.OFFICER, "Nguyễn Thị Lan")
    commune_b_officer = user("commune_b", world.commune_b, Role.OFFICER, "Lò Thị Mai")
    v05 = send(world.central, world.v05, [world.province_a, world.province_b], title="Báo cáo sơ kết 6 tháng toàn quốc")
    a = send(world.officer_a, world.province_a, [world.commune_a, world.commune_a2], title="Báo cáo 6 tháng tỉnh Đắk Lắk")
    b = send(world.officer_b, world.province_b, [world.commune_b], title="Báo cáo 6 tháng tỉnh Sơn La")
    t_a = v05.targets.get(unit=world.province_a)
    t_b = v05.targets.get(unit=world.province_b)
    t_ca = a.targets.get(unit=world.commune_a)
    t_ca2 = a.targets.get(unit=world.commune_a2)
    t_cb = b.targets.get(unit=world.commune_b)
    submit(world.officer_a, t_a, figures={"f1": "4", "f2": "1.250"}, files=[pdf("bao-cao-dak-lak.pdf")])
    draft(world.officer_b, t_b, text=SECRET_B)
    draft(world.commune_officer_a, t_ca, text="Nháp Buôn Hồ")
    draft(commune_a2_officer, t_ca2, text=SECRET_A2, files=[pdf("nhap-ea-drong.pdf")])
    submit(commune_b_officer, t_cb, figures={"f1": "1", "f2": "2"})
    return Reports(v05, a, b, t_a, t_b, t_ca, t_ca2, t_cb, commune_a2_officer, commune_b_officer)
