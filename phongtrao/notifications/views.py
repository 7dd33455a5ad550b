"""The inbox and the settings page. Each person sees and changes only their own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.views import submit

from . import actions
from .forms import SettingsForm
from .queries import get_notification_for, inbox, settings_for, unread_count

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request):
    page_obj = Paginator(inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page_obj, "unread": unread_count(request.user)})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read; with open=1, go on to what it is about."""
    notification = get_notification_for(request.user, pk)
    actions.mark_read(user=request.user, notification=notification)
    target = notification.url
    if (
        request.POST.get("open")
        and target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = actions.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = settings_for(request.user)
    if request.method == "GET":
        form = SettingsForm(initial=SettingsForm.initial_for(current))
        return render(request, "notifications/settings.html", {"form": form})
    form = SettingsForm(request.POST)
    if submit(form, lambda data: actions.settings_update(actor=request.user, user=request.user, **data)):
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=400)
