"""Dashboards, metrics and exports of the work programme, under /work/dashboard/ (namespace "work")."""

from django.urls import path

from phongtrao.documents.registry import Format

from . import views_dashboard as views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("table.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("list/", views.metric_list, name="metric_list"),
    path("list.xlsx", views.metric_list_xlsx, name="metric_list_xlsx"),
    path("programmes/<int:pk>/report.docx", views.programme_report, {"fmt": Format.DOCX}, name="programme_report_docx"),
    path("programmes/<int:pk>/report.pdf", views.programme_report, {"fmt": Format.PDF}, name="programme_report_pdf"),
    path("programmes/<int:pk>/report.xlsx", views.programme_report, {"fmt": Format.XLSX}, name="programme_report_xlsx"),
]
