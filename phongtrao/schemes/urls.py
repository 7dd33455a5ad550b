from django.urls import path

from . import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("new/", views.scheme_create, name="create"),
    path("<int:pk>/", views.scheme_detail, name="detail"),
    path("<int:pk>/cancel/", views.scheme_cancel, name="cancel"),
    path("phases/<int:pk>/start/", views.phase_start, name="phase_start"),
    path("phases/<int:pk>/complete/", views.phase_complete, name="phase_complete"),
    path("phases/<int:pk>/deadline/", views.phase_deadline, name="phase_deadline"),
    path("phases/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
