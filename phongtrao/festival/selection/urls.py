"""The site selection's pages, in the "festival" namespace (organisers only; 404 for anyone else)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<int:year>/selection/", views.selection, name="selection"),
    path("<int:year>/selection/run/", views.selection_start, name="selection_start"),
    path("<int:year>/selection/runs/<int:pk>/", views.selection_run, name="selection_run"),
    path("<int:year>/selection/runs/<int:pk>/status/", views.selection_run_status, name="selection_run_status"),
    path("<int:year>/selection/runs/<int:pk>/result.xlsx", views.selection_run_xlsx, name="selection_run_xlsx"),
    path("<int:year>/selection/runs/<int:pk>/adopt/", views.selection_adopt, name="selection_adopt"),
]
