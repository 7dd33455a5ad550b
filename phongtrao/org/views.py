from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.spreadsheets import ImportRejected, template_workbook
from phongtrao.common.views import submit

from . import actions
from .enums import AreaLevel
from .forms import AreaTagsForm, ImportForm, ResidentialAreaForm
from .models import Area, Membership, SteeringCommittee, Tag, Unit
from .permissions import can_edit_area
from .queries import filter_areas, get_area_for, get_unit_for, scope_of

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def unit_list(request):
    query = request.GET.get("q", "").strip()[:100]
    visible = Unit.objects.visible_to(request.user)
    if query:
        units = visible.search(query).order_by("depth", "sort_key", "pk")
    else:
        prefixes = scope_of(request.user).unit_prefixes
        roots = visible.filter(parent__isnull=True) if scope_of(request.user).is_everything else visible.filter(path__in=prefixes)
        units = roots.order_by("depth", "sort_key", "pk")
    units = units.select_related("area", "parent").annotate(child_count=Count("children"))
    return render(request, "org/unit_list.html", {"page_obj": _page(request, units), "query": query})


@login_required
@require_GET
def unit_detail(request, pk):
    unit = get_unit_for(request.user, pk)
    visible = Unit.objects.visible_to(request.user)
    ancestors = list(visible.filter(path__in=unit.ancestor_paths()).exclude(pk=unit.pk).order_by("depth"))
    children = visible.filter(parent=unit).select_related("area").annotate(child_count=Count("children")).vietnamese_order()
    members = Membership.objects.filter(unit=unit).select_related("user").order_by("user__sort_key")
    committees = SteeringCommittee.objects.filter(unit=unit).prefetch_related("members")
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": ancestors,
            "page_obj": _page(request, children),
            "members": members,
            "committees": committees,
            "oversees": unit.oversees.all().order_by("sort_key")[:100],
        },
    )


@login_required
@require_GET
def area_list(request):
    form, areas = filter_areas(request.user, request.GET)
    return render(request, "org/area_list.html", {"form": form, "page_obj": _page(request, areas)})


def _area_context(request, area: Area, residential_form=None) -> dict:
    editable = can_edit_area(request.user, area)
    if editable and area.level == AreaLevel.COMMUNE and residential_form is None:
        residential_form = ResidentialAreaForm()
    return {
        "area": area,
        "page_obj": _page(request, area.children.all().prefetch_related("tags").vietnamese_order()),
        "legacy_sources": area.legacy_sources.all(),
        "units": Unit.objects.visible_to(request.user).filter(area=area),
        "tags": area.tags.all(),
        "can_edit": editable,
        "residential_form": residential_form if editable else None,
        "tags_form": AreaTagsForm(initial={"tags": area.tags.all()}) if editable else None,
    }


@login_required
@require_GET
def area_detail(request, pk):
    area = get_area_for(request.user, pk)
    return render(request, "org/area_detail.html", _area_context(request, area))


def _editable_area(request, pk) -> Area:
    area = get_area_for(request.user, pk)
    if not can_edit_area(request.user, area):
        raise Http404
    return area


@login_required
@require_POST
def residential_area_create(request, pk):
    commune = _editable_area(request, pk)
    form = ResidentialAreaForm(request.POST)
    if submit(form, lambda data: actions.residential_area_create(actor=request.user, commune=commune, **data)):
        messages.success(request, _("Added the residential area “%(name)s”.") % {"name": form.cleaned_data["name"]})
        return redirect("org:area_detail", pk=commune.pk)
    return render(request, "org/area_detail.html", _area_context(request, commune, form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def residential_area_import(request, pk):
    commune = _editable_area(request, pk)
    if commune.level != AreaLevel.COMMUNE:
        raise Http404
    errors = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.residential_areas_import(actor=request.user, commune=commune, uploaded=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Imported %(count)s residential areas.") % {"count": len(created)})
            return redirect("org:area_detail", pk=commune.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/residential_import.html", {"area": commune, "form": form, "errors": errors}, status=status)


@login_required
@require_GET
def residential_template(request):
    content = template_workbook(
        actions.RESIDENTIAL_COLUMNS, title="Khu dân cư", example_rows=[["Thôn Tà Xùa", "thôn"], ["Tổ dân phố 1", "tổ dân phố"]]
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-khu-dan-cu.xlsx"'
    return response


@login_required
@require_POST
def area_tags_update(request, pk):
    area = _editable_area(request, pk)
    form = AreaTagsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The tags could not be saved."))
        return redirect("org:area_detail", pk=area.pk)
    try:
        actions.area_tags_set(actor=request.user, area=area, tags=list(form.cleaned_data["tags"]))
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Tags saved."))
    return redirect("org:area_detail", pk=area.pk)


@login_required
@require_GET
def tag_list(request):
    tags = Tag.objects.annotate(area_count=Count("areas")).order_by("kind", "sort_key")
    return render(request, "org/tag_list.html", {"tags": tags})


@login_required
@require_GET
def committee_list(request):
    committees = (
        SteeringCommittee.objects.filter(unit__in=Unit.objects.visible_to(request.user))
        .select_related("unit", "area")
        .annotate(member_count=Count("members"))
        .order_by("sort_key", "pk")
    )
    return render(request, "org/committee_list.html", {"page_obj": _page(request, committees)})


@login_required
@require_GET
def committee_detail(request, pk):
    committee = get_object_or_404(
        SteeringCommittee.objects.filter(unit__in=Unit.objects.visible_to(request.user)).select_related("unit", "area"), pk=pk
    )
    return render(
        request,
        "org/committee_detail.html",
        {"committee": committee, "members": committee.members.select_related("organisation")},
    )
