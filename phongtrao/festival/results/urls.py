from django.urls import path

from . import views

urlpatterns: list = [
    path("<int:year>/results/", views.result_list, name="results"),
    path("<int:year>/results/new/", views.result_create, name="result_create"),
    path("<int:year>/results/<int:pk>/edit/", views.result_edit, name="result_edit"),
    path("<int:year>/results/template.xlsx", views.results_template, name="results_template"),
    path("<int:year>/results/import/", views.results_import, name="results_import"),
    path("<int:year>/results/import/<int:pk>/", views.results_import_status, name="results_import_status"),
    path("<int:year>/results/summary/", views.results_rollup, name="results_rollup"),
    path("<int:year>/results/summary.docx", views.results_summary_docx, name="results_summary_docx"),
    path("<int:year>/results/summary.xlsx", views.results_summary_xlsx, name="results_summary_xlsx"),
    path("<int:year>/results/fields/", views.result_fields, name="result_fields"),
    path("<int:year>/results/fields/<int:pk>/", views.result_field_edit, name="result_field_edit"),
    path("<int:year>/results/fields/<int:pk>/delete/", views.result_field_delete, name="result_field_delete"),
]
