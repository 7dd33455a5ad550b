"""Downloads: each view finds a registered exporter and returns its file."""

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import registry
from .registry import Exporter, Format


def _download(exporter: Exporter, fmt: Format) -> FileResponse:
    content = exporter.export(fmt)
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=exporter.filename(fmt), content_type=fmt.content_type)


@never_cache
@login_required
@require_GET
def unit_report(request, pk: int, fmt: Format):
    exporter = registry.get("org.unit_report")(user=request.user, params={"unit": str(pk)})
    return _download(exporter, fmt)


@never_cache
@login_required
@require_GET
def area_list(request):
    exporter = registry.get("org.area_list")(user=request.user, params=request.GET)
    return _download(exporter, Format.XLSX)
