from django.urls import path

from phongtrao.documents.registry import Format

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/attendees/", views.attendee_add, name="attendee_add"),
    path("<int:pk>/units/", views.attending_unit_add, name="unit_add"),
    path("<int:pk>/points/", views.point_add, name="point_add"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/conclusions/", views.conclusion_add, name="conclusion_add"),
    path("<int:pk>/extract/", views.extract, name="extract"),
    path("<int:pk>/extract/record/", views.extract_record, name="extract_record"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/confirm/", views.directive_confirm, name="directive_confirm"),
    path("directives/<int:pk>/reject/", views.directive_reject, name="directive_reject"),
    path("<int:pk>/notice.docx", views.notice, {"fmt": Format.DOCX}, name="notice_docx"),
    path("<int:pk>/notice.pdf", views.notice, {"fmt": Format.PDF}, name="notice_pdf"),
]
