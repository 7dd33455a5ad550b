"""Demo: the conclusions of the 23/05/2023 working session, read out of the article by the directive
extraction, reviewed as an officer would (a deadline where the text gives none), confirmed into
V05's 2023 work programme, then followed through the year.

Everything goes through the actions. Idempotent: a meeting that already has conclusions is left alone.
Called from phongtrao/demo.py after the seed meeting and V05's 2023 programme exist.
"""

from __future__ import annotations

import datetime

from phongtrao.common.text import fold
from phongtrao.demo_work import on
from phongtrao.meetings import actions as meeting_actions
from phongtrao.meetings.extraction import Proposal, extract_for_meeting
from phongtrao.meetings.models import Meeting
from phongtrao.org.models import Unit, User
from phongtrao.work import actions as work_actions
from phongtrao.work.models import Assignment, Programme
from phongtrao.work.models import Proposal as WorkProposal

D = datetime.date

# The conclusions of the Deputy Minister as the article reports them (cand.com.vn, 23/05/2023).
SEED_CONCLUSIONS = "\n".join(
    [
        (
            "Qua nghe báo cáo và ý kiến trao đổi thảo luận của lãnh đạo Cục, lãnh đạo các phòng chức năng thuộc Cục XDPT "
            "bảo vệ ANTQ và đại diện các Cục chức năng Bộ Công an, phát biểu kết luận buổi làm việc, Thứ trưởng Lê Quốc "
            "Hùng biểu dương Cục XDPT bảo vệ ANTQ đã có sự chủ động chuẩn bị ngay từ đầu năm, đồng thời cho ý kiến chỉ đạo "
            "đối với những kiến nghị, đề xuất hay một số tồn tại cần tháo gỡ."
        ),
        (
            "Theo đó, đồng chí Thứ trưởng yêu cầu, đối với 3 đề án thành phần thực hiện Nghị quyết 12 Bộ Chính trị về “Xây "
            "dựng lực lượng CAND chính quy, tinh nhuệ, hiện đại, đáp ứng yêu cầu nhiệm vụ trong tình hình mới” mà Cục XDPT "
            "bảo vệ ANTQ được Bộ Công an giao, Cục phải phối hợp với chặt chẽ Văn phòng Bộ Công an và các Cục chức năng Bộ "
            "Công an đẩy mạnh tập trung thực hiện đề án. Ấn định mốc thời gian cụ thể, Thứ trưởng Lê Quốc Hùng yêu cầu, "
            "đúng ngày 15/6 phải hoàn thành, báo cáo Văn phòng Bộ làm tờ trình để báo cáo xin ý kiến của Ban Thường vụ Đảng"
            " ủy Công an Trung ương phê duyệt."
        ),
        (
            "Tiếp tục nhấn mạnh về tầm quan trọng của việc đẩy mạnh triển khai thực hiện xây dựng Công an phường điển hình,"
            " kiểu mẫu về ANTT và văn minh đô thị trên toàn quốc năm 2023, đồng chí Thứ trưởng cũng yêu cầu Cục XDPT bảo vệ"
            " ANTQ và các đơn vị chức năng Bộ Công an gấp rút hoàn thành xây dựng Thông tư quy định về quản lý, sử dụng "
            "kinh phí xây dựng phong trào toàn dân bảo vệ ANTQ; đồng thời ấn định ngay trong tuần này phải hoàn thành dự "
            "thảo, đăng lên Cổng thông tin điện tử Bộ Công an để lấy ý kiến theo đúng quy trình trước khi chính thức hoàn "
            "thiện trình Đảng ủy Công an Trung ương, Bộ trưởng ký ban hành."
        ),
        (
            "Bên cạnh đó, yêu cầu Cục XDPT bảo vệ ANTQ tiếp tục phối hợp chặt chẽ với MTTQ Việt Nam và các tổ chức thành "
            "viên khẩn trương hoàn thành việc chuẩn bị cho việc tổ chức Hội nghị Tổng kết 10 năm thực hiện Chương trình "
            "phối hợp số 09 giữa Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam với Bộ Công an về “Đẩy mạnh phong trào "
            "toàn dân bảo vệ ANTQ trong tình hình mới” (2013 – 2023); Hội nghị biểu dương mô hình, cán bộ, đoàn viên, thanh"
            " niên tiêu biểu trong phong trào toàn dân bảo vệ an ninh Tổ quốc, giai đoạn 2018 – 2023; Hội nghị biểu dương "
            "điển hình tiên tiến công nhân, viên chức, lao động trong phong trào toàn dân bảo vệ an ninh Tổ quốc, giai đoạn"
            " 2018 – 2023; Hội nghị tuyên truyền, nhân rộng mô hình “Dân vận khéo” của lực lượng CAND và Hội nghị trao đổi "
            "kinh nghiệm và biểu dương các mô hình, điển hình tiên tiến trong phong trào toàn dân bảo vệ ANTQ vùng đồng bào"
            " dân tộc thiểu số khu vực Tây Bắc và phụ cận, giai đoạn 2018-2023…"
        ),
        (
            "Nhấn mạnh “công tác tổ chức Ngày hội toàn dân bảo vệ ANTQ năm 2022 của chúng ta vừa qua đã được Bộ Chính trị, "
            "Ban Bí thư Trung ương đánh giá rất cao”, Thứ trưởng Lê Quốc Hùng yêu cầu, ngay từ bây giờ, Cục XDPT bảo vệ "
            "ANTQ và các đơn vị thành viên Ban chỉ đạo Thực hiện phong trào toàn dân bảo vệ ANTQ Trung ương cần khẩn trương"
            " nghiên cứu, có thêm những sáng kiến mới để hướng dẫn Công an các đơn vị, địa phương trong việc tổ chức Ngày "
            "hội toàn dân bảo vệ ANTQ năm 2023 để Ngày hội toàn dân bảo vệ ANTQ 2023 ngày càng có tính lan toả mạnh mẽ, "
            "thực sự trở thành “Ngày hội của toàn dân, do dân và vì dân”."
        ),
        (
            "“Dự kiến năm nay, chúng ta sẽ lựa chọn 25-30 điểm tổ chức Ngày hội, mời các đồng chí lãnh đạo Đảng, Nhà nước "
            "về dự, động viên bà con nhân dân. Đặc biệt, Ngày hội toàn dân bảo vệ ANTQ năm nay sẽ tiếp tục tập trung hướng "
            "mạnh về các địa bàn cơ sở, nhất là các địa bàn khó khăn khu vực Tây Bắc, Tây Nguyên và Tây Nam bộ…” – đồng chí"
            " Thứ trưởng lưu ý."
        ),
        (
            "Bên cạnh đó, khẩn trương tổ chức tập huấn, bồi dưỡng nâng cao nghiệp vụ cho đội ngũ cán bộ làm công tác XDPT, "
            "đặc biệt hướng tới đội ngũ cán bộ làm công tác phong trào ở địa bàn cơ sở, nhằm nâng cao hơn nữa chất lượng "
            "công tác xây dựng phong trào và khích lệ đội ngũ CBCS làm công tác xây dựng phong trào ở cơ sở, nhất là các "
            "đối tượng Công an viên, lực lượng bảo vệ dân phố, dân phòng ở các địa phương."
        ),
    ]
)

SEED_MINUTES = (
    "Đại tá Nguyễn Thế Chi, Phó Cục trưởng báo cáo kết quả, tiến độ thực hiện 14 công tác trọng tâm từ đầu năm 2023, "
    "những khó khăn, vướng mắc và đề xuất, kiến nghị xin ý kiến lãnh đạo Bộ; vạch ra 9 mặt công tác tiếp tục đẩy mạnh "
    "từ nay đến cuối năm. Các đại biểu thảo luận, bàn giải pháp tháo gỡ vướng mắc. Thứ trưởng Lê Quốc Hùng phát biểu kết luận."
)

# What the reviewing officer decides where the text gives no deadline (folded key words of the proposal → deadline),
# and how each assignment then went in 2023: (day, event, argument), as in demo_work.
REVIEW: list[tuple[str, datetime.date | None, list]] = [
    (
        "3 de an thanh phan",
        None,
        [(D(2023, 6, 5), "progress", 80), (D(2023, 6, 14), "done", None), (D(2023, 6, 16), "accept", None)],
    ),
    ("dang len cong thong tin", None, [(D(2023, 5, 26), "done", None), (D(2023, 5, 29), "accept", None)]),
    (
        "xay dung thong tu",
        D(2023, 6, 9),
        [(D(2023, 6, 2), "progress", 70), (D(2023, 6, 8), "done", None), (D(2023, 6, 12), "accept", None)],
    ),
    ("hoi nghi tong ket 10 nam", D(2023, 10, 17), [(D(2023, 7, 15), "progress", 50), (D(2023, 10, 17), "done", None)]),
    ("sang kien moi", D(2023, 7, 31), [(D(2023, 7, 20), "progress", 60)]),
    (
        "25-30 diem",
        D(2023, 8, 19),
        [(D(2023, 7, 10), "progress", 50), (D(2023, 8, 18), "done", None), (D(2023, 8, 25), "accept", None)],
    ),
    ("tap huan", D(2023, 9, 30), [(D(2023, 8, 30), "progress", 40)]),
]


def _review(proposal: Proposal) -> tuple[datetime.date | None, list]:
    words = fold(f"{proposal.text} {proposal.action}")
    for key, deadline, story in REVIEW:
        if key in words:
            return (proposal.deadline.date if proposal.deadline else deadline), story
    return (proposal.deadline.date if proposal.deadline else None), []


def _play(assignment: Assignment, story: list, officer: User, judge: User) -> None:
    for day, event, arg in story:
        with on(day):
            if event == "progress":
                work_actions.progress_report_submit(
                    actor=officer,
                    assignment=assignment,
                    progress=arg,
                    text=f"Đã thực hiện được khoảng {arg}% khối lượng công việc.",
                )
            elif event == "done":
                work_actions.assignment_complete(
                    actor=officer, assignment=assignment, text="Đã hoàn thành theo kết luận của Thứ trưởng."
                )
            elif event == "accept":
                work_actions.assignment_accept(actor=judge, assignment=assignment)
        assignment.refresh_from_db()


def load_meeting_demo(admin: User, meeting: Meeting) -> None:
    if meeting.conclusions.exists():
        return
    v05 = Unit.objects.get(code="V05")
    programme = Programme.objects.get(owner=v05, year=2023)
    officer = User.objects.filter(username="phocuctruong").first() or admin  # Phó Cục trưởng: records and reports
    judge = User.objects.filter(username="cuctruong").first() or admin  # Cục trưởng: accepts the results

    meeting_actions.meeting_update(actor=officer, meeting=meeting, minutes=SEED_MINUTES)
    meeting_actions.agenda_item_add(
        actor=officer,
        meeting=meeting,
        title="Báo cáo kết quả, tiến độ thực hiện 14 công tác trọng tâm từ đầu năm 2023",
        presenter="Đại tá Nguyễn Thế Chi, Phó Cục trưởng",
        assignment=Assignment.objects.filter(programme=programme, title__startswith="Xây dựng 3 đề án thành phần").first(),
    )
    meeting_actions.agenda_item_add(
        actor=officer,
        meeting=meeting,
        title="Khó khăn, vướng mắc và đề xuất, kiến nghị xin ý kiến lãnh đạo Bộ",
        presenter="Cục XDPT bảo vệ ANTQ",
        proposal=WorkProposal.objects.filter(title__startswith="Đề nghị lãnh đạo Bộ cho ý kiến về phạm vi").first(),
    )
    meeting_actions.attending_unit_add(
        actor=officer, meeting=meeting, unit=Unit.objects.get(code="V01"), note="Đại diện lãnh đạo Văn phòng"
    )

    stories = []
    drafts = []
    units = {u.pk: u for u in Unit.objects.filter(is_active=True)}
    for proposal in extract_for_meeting(officer, meeting, SEED_CONCLUSIONS):
        due, story = _review(proposal)
        if due is None:
            continue  # nothing the officer would confirm without a deadline
        deadline = proposal.deadline
        drafts.append(
            meeting_actions.DirectiveDraft(
                sentence=proposal.text,
                conclusion_text=proposal.sentence,
                action=proposal.action,
                lead=units.get(proposal.responsible.id) if proposal.responsible else v05,
                coordinators=[units[c.id] for c in proposal.coordinators if c.id in units],
                due_date=due,
                deadline_phrase=deadline.phrase if deadline else "",
                deadline_kind=deadline.kind if deadline else "",
                recurrence=(deadline.recurrence or "") if deadline else "",
                confidence=round(proposal.confidence * 100),
                reasons=proposal.reasons,
            )
        )
        stories.append(story)
    with on(meeting.date):
        directives = meeting_actions.proposals_record(actor=officer, meeting=meeting, drafts=drafts, programme=programme)
    for directive, story in zip(directives, stories, strict=True):
        assert directive.assignment is not None  # noqa: S101  (confirmed just above)
        _play(directive.assignment, story, officer, judge)
    work_actions.mark_overdue(on=D(2023, 12, 20))
