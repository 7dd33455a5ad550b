from django.urls import path

from phongtrao.documents.registry import Format

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("requests.xlsx", views.request_list_xlsx, name="list_xlsx"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/close/", views.request_close, name="close"),
    path("<int:pk>/consolidated.xlsx", views.consolidated_xlsx, name="consolidated_xlsx"),
    path("<int:pk>/consolidated.docx", views.consolidated_report, {"fmt": Format.DOCX}, name="consolidated_docx"),
    path("<int:pk>/consolidated.pdf", views.consolidated_report, {"fmt": Format.PDF}, name="consolidated_pdf"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/draft/", views.draft_save, name="draft_save"),
    path("targets/<int:pk>/submit/", views.submission_submit, name="submit"),
    path("targets/<int:pk>/return/", views.submission_return, name="return"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
