"""The conclusion notice (Thông báo kết luận) of a meeting, as a Decree 30 document.

Its sentences are the fixed administrative phrases of this kind of document, so they are
Vietnamese whatever the interface language (like the phrases of documents.model).
"""

from __future__ import annotations

from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy

from phongtrao.documents.exporters import place_name
from phongtrao.documents.model import Document, Recipients, Section, Signature
from phongtrao.documents.queries import unit_leader
from phongtrao.documents.registry import DocumentExporter

from .enums import MeetingKind
from .models import Directive, Meeting
from .queries import get_meeting_for, notice_conclusions


def _occasion(meeting: Meeting) -> str:
    """ "tại buổi làm việc với Cục …", "tại cuộc họp …": where the conclusions were given."""
    if meeting.kind == MeetingKind.WORKING_SESSION:
        return f"tại buổi làm việc với {meeting.owner.name}"
    if meeting.kind == MeetingKind.STEERING_COMMITTEE:
        return f"tại cuộc họp “{meeting.title}”"
    return f"tại “{meeting.title}”"


def notice_summary(meeting: Meeting) -> str:
    if meeting.chair_name:
        return f"Kết luận của đồng chí {meeting.chair_name} {_occasion(meeting)}"
    return f"Kết luận {_occasion(meeting)}"


def _directive_line(directive: Directive) -> str:
    lead = directive.lead.name if directive.lead else ""
    coordinators = [unit.name for unit in directive.coordinators.all()]
    due = directive.due_date.strftime("%d/%m/%Y") if directive.due_date else ""
    who = f"{lead} chủ trì, phối hợp với {', '.join(coordinators)}" if coordinators else f"{lead} chủ trì"
    return f"- {who}: {directive.action.rstrip(' .;')}; thời hạn: {due}."


class ConclusionNotice(DocumentExporter):
    """Thông báo kết luận: the confirmed conclusions of a meeting, issued by its organising unit."""

    key = "meetings.conclusion_notice"
    title = gettext_lazy("Conclusion notice")

    @cached_property
    def meeting(self) -> Meeting:
        """The meeting; 404 when the user may not see it."""
        return get_meeting_for(self.user, self.params["meeting"])

    def filename_stem(self) -> str:
        return f"thong-bao-ket-luan-{self.meeting.date:%Y%m%d}-{self.meeting.pk}"

    def document(self) -> Document:
        meeting = self.meeting
        owner = meeting.owner
        conclusions = notice_conclusions(meeting)
        recipients: list[str] = []
        if meeting.chair_name:
            recipients.append(f"Đồng chí {meeting.chair_name} (để báo cáo)")
        for _conclusion, directives in conclusions:
            for directive in directives:
                for unit in [directive.lead, *directive.coordinators.all()]:
                    if unit is not None and unit.name not in recipients and unit.pk != owner.pk:
                        recipients.append(unit.name)
        return Document(
            parent_body=owner.parent.name if owner.parent else "",
            issuing_body=owner.name,
            kind="Thông báo",
            summary=notice_summary(meeting),
            symbol=f"TB-{owner.code}",
            place=place_name(owner),
            issued_on=timezone.localdate(),
            sections=(self._opening(meeting), self._conclusions(meeting, conclusions)),
            signature=self._signature(owner),
            recipients=Recipients(names=tuple(recipients), drafting_unit=owner.code),
        )

    def _opening(self, meeting: Meeting) -> Section:
        place = f", tại {meeting.place}" if meeting.place else ""
        chair = meeting.chair_name or "lãnh đạo"
        blocks = [f"Ngày {meeting.date:%d/%m/%Y}{place}, đồng chí {chair} chủ trì {_occasion_noun(meeting)}."]
        attendees = [
            " ".join(part for part in (a.rank, a.full_name) if part) + (f", {a.position}" if a.position else "")
            for a in meeting.attendees.all()
        ]
        units = [u.unit.name for u in meeting.attending_units.select_related("unit")]
        if attendees or units:
            blocks.append(f"Tham dự có: {'; '.join(attendees + units)}.")
        if meeting.summary:
            blocks.append(meeting.summary)
        return Section("I. THÀNH PHẦN VÀ NỘI DUNG", tuple(blocks))

    def _conclusions(self, meeting: Meeting, conclusions) -> Section:
        chair = f"đồng chí {meeting.chair_name}" if meeting.chair_name else "đồng chí chủ trì"
        blocks: list[str] = [f"Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu, {chair} kết luận như sau:"]
        if not conclusions:
            blocks.append("(Chưa có kết luận được xác nhận.)")
        for number, (conclusion, directives) in enumerate(conclusions, start=1):
            blocks.append(f"{number}. {conclusion.text.strip()}")
            blocks.extend(_directive_line(directive) for directive in directives)
        blocks.append(f"{meeting.owner.name} thông báo để các đơn vị, cá nhân liên quan biết, thực hiện./.")
        heading = f"II. KẾT LUẬN CỦA {chair.upper()}"
        return Section(heading, tuple(blocks))

    def _signature(self, owner) -> Signature:
        leader = unit_leader(owner)
        if leader is None:
            return Signature(position="Thủ trưởng đơn vị")
        signer = f"{leader.rank} {leader.get_full_name()}".strip()
        return Signature(position=leader.position or "Thủ trưởng đơn vị", signer=signer)


def _occasion_noun(meeting: Meeting) -> str:
    if meeting.kind == MeetingKind.WORKING_SESSION:
        return f"buổi làm việc với {meeting.owner.name}"
    return f"“{meeting.title}”"
