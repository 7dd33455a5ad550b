"""The demo's working session of 23/05/2023: its conclusions confirmed into V05's 2023 programme."""

import datetime

from django.core.management import call_command

from phongtrao.demo_meetings import load_meeting_demo
from phongtrao.meetings.enums import DirectiveStatus
from phongtrao.meetings.models import Directive, Meeting
from phongtrao.org.models import User

D = datetime.date


def test_seed_conclusions_become_tracked_assignments(db, settings):
    settings.PHONGTRAO_DEMO = True
    call_command("load_reference", verbosity=0)
    call_command("load_demo", verbosity=0)
    admin = User.objects.get(username="admin")
    meeting = Meeting.objects.get(owner__code="V05", date=D(2023, 5, 23))
    load_meeting_demo(admin, meeting)
    count = Directive.objects.count()
    load_meeting_demo(admin, meeting)  # twice changes nothing
    assert Directive.objects.count() == count >= 6

    directives = Directive.objects.filter(conclusion__meeting=meeting).select_related("assignment__programme", "lead")
    assert all(d.status == DirectiveStatus.CONFIRMED for d in directives)
    assert {d.assignment.programme.title for d in directives} == {"Chương trình công tác năm 2023 của Cục XDPT bảo vệ ANTQ"}
    schemes = directives.get(sentence__contains="3 đề án thành phần")
    assert schemes.assignment.due_date == D(2023, 6, 15)
    assert schemes.lead.code == "V05"
    assert schemes.assignment.coordinators.filter(unit__code="V01").exists()
    assert schemes.assignment.execution == "done_on_time"
    draft = directives.get(sentence__contains="Cổng thông tin điện tử")
    assert draft.assignment.due_date == D(2023, 5, 26)
    assert directives.get(sentence__contains="tập huấn").assignment.execution == "overdue"
    assert all(d.assignment.basis == "Kết luận tại " + meeting.title + " ngày 23/05/2023" for d in directives)
    assert meeting.agenda_items.count() == 2 and meeting.minutes
