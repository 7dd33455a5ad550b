from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Meeting


@login_required
@require_GET
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("owner")
    return render(request, "meetings/list.html", {"page_obj": Paginator(meetings, 50).get_page(request.GET.get("page"))})


@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("owner"), pk=pk)
    attendees = meeting.attendees.select_related("unit")
    return render(request, "meetings/detail.html", {"meeting": meeting, "attendees": attendees})
