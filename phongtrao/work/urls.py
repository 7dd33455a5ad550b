from django.urls import include, path

from . import views

app_name = "work"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes.xlsx", views.programme_list_xlsx, name="programme_list_xlsx"),
    path("proposals.xlsx", views.proposal_list_xlsx, name="proposal_list_xlsx"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/assign/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/progress/", views.assignment_progress, name="assignment_progress"),
    path("assignments/<int:pk>/complete/", views.assignment_complete, name="assignment_complete"),
    path("assignments/<int:pk>/accept/", views.assignment_accept, name="assignment_accept"),
    path("assignments/<int:pk>/return/", views.assignment_return, name="assignment_return"),
    path("assignments/<int:pk>/refuse/", views.assignment_refuse, name="assignment_refuse"),
    path("assignments/<int:pk>/recall/", views.assignment_recall, name="assignment_recall"),
    path("assignments/<int:pk>/extension/", views.assignment_extension, name="assignment_extension"),
    path("assignments/<int:pk>/forward/", views.assignment_forward, name="assignment_forward"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("dashboard/", include("phongtrao.work.urls_dashboard")),
]
