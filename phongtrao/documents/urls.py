from django.urls import path

from . import views
from .registry import Format

app_name = "documents"

urlpatterns = [
    path("units/<int:pk>/report.docx", views.unit_report, {"fmt": Format.DOCX}, name="unit_report_docx"),
    path("units/<int:pk>/report.pdf", views.unit_report, {"fmt": Format.PDF}, name="unit_report_pdf"),
    path("areas.xlsx", views.area_list, name="area_list_xlsx"),
]
