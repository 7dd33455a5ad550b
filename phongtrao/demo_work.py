"""Demo: V05's 2023 work programme, replayed through the actions on the days things happened.

The replay moves the work app's clock (actions._today) to each event's date, so on-time and late
completions, overdue marks and extensions come out of the real rules, not out of hand-set states.
A small current-year programme keeps the dashboards alive today.
"""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone

from phongtrao.org.models import Unit, User
from phongtrao.work import actions
from phongtrao.work.enums import Category, ProgressMode
from phongtrao.work.models import Assignment, Programme

D = datetime.date

KEY_TASKS = [
    # (title, basis, start, due, lead code, story) — story: list of (date, event, arg)
    (
        "Tham mưu sơ kết thực hiện Chỉ thị 09-CT/TW và Kết luận 44-KL/TW của Ban Bí thư",
        "Kết luận 44-KL/TW ngày 22/01/2019",
        D(2023, 1, 5),
        D(2023, 11, 30),
        "V05-P1",
        [(D(2023, 5, 20), "progress", 45), (D(2023, 11, 28), "done", None), (D(2023, 12, 5), "accept", None)],
    ),
    (
        "Xây dựng 3 đề án thành phần thực hiện Nghị quyết 12-NQ/TW của Bộ Chính trị",
        "Kế hoạch 118 của Đảng ủy Công an Trung ương",
        D(2023, 1, 10),
        D(2023, 6, 15),
        "V05-P1",
        [(D(2023, 5, 22), "progress", 70), (D(2023, 6, 20), "done", None), (D(2023, 6, 28), "accept", None)],
    ),
    (
        "Xây dựng Thông tư quy định quản lý, sử dụng kinh phí xây dựng phong trào toàn dân bảo vệ ANTQ",
        "Kết luận của Thứ trưởng Lê Quốc Hùng ngày 23/05/2023",
        D(2023, 3, 1),
        D(2023, 5, 26),
        "V05-P1",
        [
            (D(2023, 5, 22), "progress", 60),
            (D(2023, 5, 26), "extension", D(2023, 6, 9)),
            (D(2023, 6, 8), "done", None),
            (D(2023, 6, 12), "accept", None),
        ],
    ),
    (
        "Tổ chức Ngày hội toàn dân bảo vệ ANTQ năm 2023; lựa chọn 25–30 điểm có lãnh đạo Đảng, Nhà nước dự",
        "Quyết định 521/2005/QĐ-TTg",
        D(2023, 5, 1),
        D(2023, 8, 19),
        "V05",
        "festival",
    ),
    (
        "Kiểm tra, giám sát công tác xây dựng phong trào tại 8 địa phương",
        "Kế hoạch kiểm tra năm 2023",
        D(2023, 2, 15),
        D(2023, 4, 30),
        "V05-P1",
        [(D(2023, 3, 31), "progress", 80), (D(2023, 4, 28), "done", None), (D(2023, 5, 3), "accept", None)],
    ),
    (
        "Hội nghị tổng kết 10 năm Chương trình phối hợp số 09 giữa Bộ Công an và Ban Thường trực UBTW MTTQ Việt Nam",
        "Chương trình phối hợp 09/CTr-BCA-TTTW ngày 01/8/2013",
        D(2023, 4, 1),
        D(2023, 10, 17),
        "V05-P4",
        [(D(2023, 7, 15), "progress", 50), (D(2023, 10, 17), "done", None), (D(2023, 10, 25), "accept", None)],
    ),
    (
        "Hội nghị biểu dương mô hình, cán bộ, đoàn viên, thanh niên tiêu biểu trong phong trào, giai đoạn 2018–2023",
        "",
        D(2023, 4, 1),
        D(2023, 9, 30),
        "V05-P4",
        [
            (D(2023, 8, 30), "progress", 60),
            (D(2023, 10, 12), "done", None),
            (D(2023, 10, 20), "return", "Bổ sung danh sách cá nhân được biểu dương"),
            (D(2023, 10, 30), "done", None),
            (D(2023, 11, 2), "accept", None),
        ],
    ),
    (
        "Hội nghị biểu dương điển hình tiên tiến công nhân, viên chức, lao động trong phong trào, giai đoạn 2018–2023",
        "",
        D(2023, 4, 1),
        D(2023, 10, 31),
        "V05-P4",
        [(D(2023, 9, 15), "progress", 40)],
    ),
    (
        "Hội nghị tuyên truyền, nhân rộng mô hình “Dân vận khéo” của lực lượng CAND",
        "",
        D(2023, 5, 1),
        D(2023, 11, 15),
        "V05-P4",
        [(D(2023, 9, 1), "progress", 30)],
    ),
    (
        "Hội nghị biểu dương mô hình, điển hình tiên tiến vùng đồng bào dân tộc thiểu số khu vực Tây Bắc "
        "và phụ cận, giai đoạn 2018–2023",
        "",
        D(2023, 4, 15),
        D(2023, 7, 28),
        "V05-P4",
        [(D(2023, 6, 30), "progress", 75), (D(2023, 7, 28), "done", None), (D(2023, 8, 4), "accept", None)],
    ),
    (
        "Triển khai xây dựng Công an phường điển hình, kiểu mẫu về ANTT và văn minh đô thị trên toàn quốc năm 2023",
        "Kết luận của Bộ trưởng ngày 17/3/2021",
        D(2023, 1, 15),
        D(2023, 12, 15),
        "V05-P2",
        [(D(2023, 6, 30), "progress", 40), (D(2023, 11, 30), "progress", 75)],
    ),
    (
        "Tập huấn, bồi dưỡng nghiệp vụ cho cán bộ làm công tác xây dựng phong trào ở cơ sở",
        "Kết luận của Thứ trưởng Lê Quốc Hùng ngày 23/05/2023",
        D(2023, 6, 1),
        D(2023, 9, 30),
        "V05",
        "training",
    ),
    (
        "Hướng dẫn đánh giá, phân loại phong trào năm 2023 theo Quyết định 510/QĐ-BCA-V05",
        "Quyết định 510/QĐ-BCA-V05 ngày 20/01/2022",
        D(2023, 9, 1),
        D(2023, 11, 30),
        "V05-P2",
        [(D(2023, 10, 5), "progress", 50), (D(2023, 11, 24), "done", None)],
    ),
    (
        "Hướng dẫn xây dựng, nhân rộng mô hình, điển hình tiên tiến theo Hướng dẫn 22/HD-BCA-V05",
        "Hướng dẫn 22/HD-BCA-V05 ngày 18/11/2022",
        D(2023, 2, 1),
        D(2023, 12, 15),
        "V05-P2",
        [(D(2023, 7, 1), "progress", 55), (D(2023, 12, 1), "progress", 85)],
    ),
]

WORK_AREAS = [
    ("Công tác tham mưu, chỉ đạo, hướng dẫn xây dựng phong trào", "V05-P1", 100),
    ("Công tác tuyên truyền, vận động quần chúng", "V05-P4", 90),
    ("Xây dựng, củng cố lực lượng tham gia bảo vệ ANTT ở cơ sở", "V05-P3", 80),
    ("Xây dựng, nhân rộng mô hình tự quản, tự phòng, tự bảo vệ", "V05-P2", 85),
    ("Phối hợp với MTTQ Việt Nam và các tổ chức thành viên", "V05-P4", 100),
    ("Kiểm tra, hướng dẫn Công an các địa phương", "V05-P1", 70),
    ("Thi đua, khen thưởng trong phong trào", "V05-P1", 60),
    ("Thông tin, báo cáo, thống kê", "V05-P1", 100),
    ("Xây dựng lực lượng của Cục", "V05-P1", 90),
]

FESTIVAL_PROVINCES = ["Tỉnh Sơn La", "Tỉnh Đắk Lắk", "Thành phố Cần Thơ", "Tỉnh Lai Châu"]


@contextlib.contextmanager
def on(day: datetime.date):
    """Run actions as if today were `day` (the demo's replay of 2023)."""
    with mock.patch.object(actions, "_today", lambda: day):
        yield


def _police(area_name: str) -> Unit:
    return Unit.objects.get(area__name=area_name, kind__in=["provincial_police", "commune_police"])


def _play(assignment: Assignment, story, officer: User, judge: User) -> None:
    for day, event, arg in story:
        with on(day):
            if event == "progress":
                actions.progress_report_submit(
                    actor=officer,
                    assignment=assignment,
                    progress=arg,
                    text=f"Đã hoàn thành khoảng {arg}% khối lượng công việc theo kế hoạch.",
                )
            elif event == "done":
                actions.assignment_complete(actor=officer, assignment=assignment, text="Đã hoàn thành, gửi kèm báo cáo kết quả.")
            elif event == "accept":
                actions.assignment_accept(actor=judge, assignment=assignment)
            elif event == "return":
                actions.assignment_return(actor=judge, assignment=assignment, reason=arg)
            elif event == "extension":
                extension = actions.extension_request(
                    actor=officer,
                    assignment=assignment,
                    proposed_due_date=arg,
                    reason="Chờ ý kiến góp ý của các đơn vị chức năng.",
                )
                actions.extension_decide(actor=judge, extension=extension, approve=True, note="Đồng ý gia hạn.")
        assignment.refresh_from_db()


def load_work_demo(admin: User) -> None:
    v05 = Unit.objects.get(code="V05")
    if Programme.objects.filter(owner=v05, year=2023).exists():
        return
    chief = User.objects.get(username="cuctruong")  # gives and judges the work
    officer = User.objects.get(username="phocuctruong")  # reports on it for the Cục's divisions
    deputy_minister = User.objects.get(username="thutruong")
    with on(D(2023, 1, 3)):
        programme = actions.programme_create(
            actor=chief,
            owner=v05,
            year=2023,
            title="Chương trình công tác năm 2023 của Cục XDPT bảo vệ ANTQ",
            basis="Kế hoạch công tác năm 2023 của Bộ Công an",
        )
    key_tasks = {}
    for title, basis, start, due, lead_code, story in KEY_TASKS:
        with on(start):
            task = actions.assignment_create(
                actor=chief,
                programme=programme,
                category=Category.KEY_TASK,
                title=title,
                basis=basis,
                lead=Unit.objects.get(code=lead_code),
                start_date=start,
                due_date=due,
                progress_mode=ProgressMode.COUNT if isinstance(story, str) else ProgressMode.MANUAL,
                coordinators=[(Unit.objects.get(code="MTTQ") if "MTTQ" in title else Unit.objects.get(code="V01"), None)],
            )
        key_tasks[title] = task
        if isinstance(story, list):
            _play(task, story, officer, chief)
    for title, lead_code, progress in WORK_AREAS:
        with on(D(2023, 1, 5)):
            area = actions.assignment_create(
                actor=chief,
                programme=programme,
                category=Category.WORK_AREA,
                title=title,
                lead=Unit.objects.get(code=lead_code),
                start_date=D(2023, 1, 5),
                due_date=D(2023, 12, 31),
            )
        with on(D(2023, 11, 30)):
            actions.progress_report_submit(
                actor=officer, assignment=area, progress=progress, text="Kết quả thực hiện 11 tháng năm 2023."
            )
        if progress >= 80:
            with on(D(2023, 12, 28)):
                actions.assignment_complete(actor=officer, assignment=area, text="Hoàn thành các nội dung của năm 2023.")
            with on(D(2023, 12, 29)):
                actions.assignment_accept(actor=chief, assignment=area)

    _festival(programme, key_tasks[KEY_TASKS[3][0]], chief, officer)
    _training(programme, key_tasks[KEY_TASKS[11][0]], chief)
    _monthly_reports(programme, chief)
    _proposals(programme, key_tasks, officer, deputy_minister, chief)
    actions.mark_overdue(on=D(2023, 12, 20))
    _current_year(admin, chief, officer)


def _festival(programme, task: Assignment, chief: User, officer: User) -> None:
    """The festival goes to four provinces; Sơn La forwards it to two communes."""
    with on(D(2023, 5, 25)):
        provinces = actions.assignment_forward(
            actor=officer,
            assignment=task,
            leads=[_police(name) for name in FESTIVAL_PROVINCES],
            due_date=D(2023, 8, 15),
        )
    son_la = provinces[0]
    sonla_officer = User.objects.get(username="sonla_canbo")
    with on(D(2023, 6, 5)):
        communes = actions.assignment_forward(
            actor=sonla_officer,
            assignment=son_la,
            leads=[_police("Xã Tà Xùa"), _police("Xã Ngọc Chiến")],
            due_date=D(2023, 8, 12),
        )
    commune_officer = User.objects.get(username="taxua_canbo")
    with on(D(2023, 7, 20)):
        actions.progress_report_submit(
            actor=commune_officer, assignment=communes[0], progress=70, text="Đã xây dựng kế hoạch, tổ chức họp dân tại các bản."
        )
    with on(D(2023, 8, 10)):
        actions.assignment_complete(actor=commune_officer, assignment=communes[0], text="Tổ chức thành công Ngày hội tại xã.")
    with on(D(2023, 8, 14)):
        actions.assignment_complete(actor=sonla_officer, assignment=communes[1], text="Đã tổ chức Ngày hội.")
    with on(D(2023, 8, 16)):
        actions.assignment_complete(actor=sonla_officer, assignment=son_la, text="Toàn tỉnh tổ chức xong Ngày hội.")
    daklak = User.objects.get(username="daklak_canbo")
    with on(D(2023, 8, 14)):
        actions.assignment_complete(actor=daklak, assignment=provinces[1], text="Ngày hội tại phường An Lạc có Phó Thủ tướng dự.")
    cantho = User.objects.get(username="cantho_canbo")
    with on(D(2023, 7, 30)):
        actions.progress_report_submit(actor=cantho, assignment=provinces[2], progress=50, text="Đang chuẩn bị các điểm.")
    with on(D(2023, 8, 18)):
        actions.assignment_accept(actor=chief, assignment=son_la)


def _training(programme, task: Assignment, chief: User) -> None:
    officer = User.objects.get(username="phocuctruong")
    with on(D(2023, 6, 5)):
        actions.assignment_forward(
            actor=officer, assignment=task, leads=[_police("Tỉnh Sơn La"), _police("Tỉnh Đắk Lắk")], due_date=D(2023, 9, 15)
        )


def _monthly_reports(programme, chief: User) -> None:
    with on(D(2023, 1, 5)):
        report = actions.assignment_create(
            actor=chief,
            programme=programme,
            title="Báo cáo kết quả công tác xây dựng phong trào hằng tháng",
            lead=_police("Tỉnh Sơn La"),
            start_date=D(2023, 1, 5),
            due_date=D(2023, 1, 20),
            recurrence="monthly",
            basis="Chế độ báo cáo định kỳ",
        )
    sonla_officer = User.objects.get(username="sonla_canbo")
    current = report
    for month in range(1, 6):
        with on(D(2023, month, 18 if month != 3 else 23)):
            actions.assignment_complete(actor=sonla_officer, assignment=current, text=f"Báo cáo tháng {month}/2023.")
        current = Assignment.objects.get(previous_occurrence=current)


def _proposals(programme, key_tasks, officer: User, deputy_minister: User, chief: User) -> None:
    v05 = Unit.objects.get(code="V05")
    circular = key_tasks[KEY_TASKS[2][0]]
    festival = key_tasks[KEY_TASKS[3][0]]
    actions.proposal_raise(
        actor=chief,
        unit=v05,
        kind="proposal",
        assignment=circular,
        raised_to=deputy_minister,
        title="Đề nghị lãnh đạo Bộ cho ý kiến về phạm vi điều chỉnh của dự thảo Thông tư kinh phí",
        text=(
            "Cục đề nghị Thứ trưởng cho ý kiến việc dự thảo Thông tư quy định cả nội dung chi trong CAND "
            "hay chỉ phối hợp với Bộ Tài chính."
        ),
    )
    actions.proposal_raise(
        actor=chief,
        unit=v05,
        kind="obstacle",
        assignment=festival,
        raised_to=deputy_minister,
        title="Khó khăn về kinh phí tổ chức Ngày hội tại các điểm vùng sâu, vùng xa",
        text="Nhiều địa phương vùng Tây Bắc, Tây Nguyên chưa bố trí được kinh phí tổ chức Ngày hội; đề nghị Bộ hỗ trợ.",
    )
    actions.proposal_raise(
        actor=officer,
        unit=Unit.objects.get(code="V05-P2"),
        kind="proposal",
        raised_to=chief,
        title="Đề xuất bổ sung xã Ngọc Chiến vào danh sách điểm chỉ đạo của Bộ",
        assignment=festival,
        text="Xã Ngọc Chiến (Mường La, Sơn La) có phong trào tốt, đề nghị chọn làm điểm chỉ đạo.",
    )


def _current_year(admin: User, chief: User, officer: User) -> None:
    """A live programme for this year so that the dashboards have something to show today."""
    v05 = Unit.objects.get(code="V05")
    today = timezone.localdate()
    if Programme.objects.filter(owner=v05, year=today.year).exists():
        return
    programme = actions.programme_create(
        actor=chief, owner=v05, year=today.year, title=f"Chương trình công tác năm {today.year} của Cục XDPT bảo vệ ANTQ"
    )
    plan = [
        ("Sơ kết 6 tháng thực hiện Luật Lực lượng tham gia bảo vệ ANTT ở cơ sở", "V05-P3", -200, -20, 100),
        ("Hướng dẫn xây dựng xã, phường, đặc khu điển hình về phong trào theo Kế hoạch 612/KH-BCA", "V05-P2", -120, 25, 60),
        ("Tổng hợp kết quả đánh giá, phân loại phong trào năm nay", "V05-P1", -30, 4, 20),
        ("Chuẩn bị Hội nghị tổng kết Ngày hội toàn dân bảo vệ ANTQ", "V05-P4", -60, -5, 70),
    ]
    for title, lead, start, due, progress in plan:
        task = actions.assignment_create(
            actor=chief,
            programme=programme,
            category=Category.KEY_TASK,
            title=title,
            lead=Unit.objects.get(code=lead),
            start_date=today + datetime.timedelta(days=start),
            due_date=today + datetime.timedelta(days=due),
        )
        if progress == 100:
            with on(today + datetime.timedelta(days=due - 3)):
                actions.assignment_complete(actor=officer, assignment=task, text="Đã hoàn thành.")
        else:
            actions.progress_report_submit(actor=officer, assignment=task, progress=progress, text="Đang triển khai.")
    actions.mark_overdue(on=today)
