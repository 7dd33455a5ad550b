import datetime

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .forms import ChangesFilterForm
from .models import AuditEntry


@login_required
@require_GET
def changes_since(request):
    """What changed since a date, in the user's scope, filtered by unit subtree and kind."""
    kinds = ContentType.objects.filter(pk__in=AuditEntry.objects.values("content_type").distinct()).order_by("model")
    default_since = timezone.localdate() - datetime.timedelta(days=7)
    data = request.GET.copy()
    data.setdefault("since", default_since.strftime("%d/%m/%Y"))
    form = ChangesFilterForm(data, user=request.user, kinds=kinds)
    entries = AuditEntry.objects.none()
    if form.is_valid():
        since = form.cleaned_data["since"]
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        entries = AuditEntry.objects.visible_to(request.user).filter(created_at__gte=start)
        if form.cleaned_data["unit"]:
            entries = entries.filter(unit_path__startswith=form.cleaned_data["unit"].path)
        if form.cleaned_data["kind"]:
            entries = entries.filter(content_type=form.cleaned_data["kind"])
        entries = entries.select_related("actor")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/changes.html", {"form": form, "page_obj": page})
