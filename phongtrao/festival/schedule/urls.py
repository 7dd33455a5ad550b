"""Routes of the leaders and the leaders' schedule (namespace "festival")."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<int:year>/leaders/", views.leader_list, name="leaders"),
    path("<int:year>/leaders/new/", views.leader_create, name="leader_create"),
    path("<int:year>/leaders/<int:pk>/edit/", views.leader_edit, name="leader_edit"),
    path("<int:year>/leaders/<int:pk>/availability/", views.leader_availability, name="leader_availability"),
    path("<int:year>/leaders/<int:pk>/calendar.ics", views.leader_ical, name="leader_ical"),
    path("<int:year>/schedule/", views.schedule, name="schedule"),
    path("<int:year>/schedule/solve/", views.schedule_solve, name="schedule_solve"),
    path("<int:year>/schedule/schedule.xlsx", views.schedule_xlsx, name="schedule_xlsx"),
    path("<int:year>/schedule/sites/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("<int:year>/schedule/sites/<int:pk>/check/", views.schedule_check, name="schedule_check"),
    path("<int:year>/schedule/sites/<int:pk>/clear/", views.schedule_clear, name="schedule_clear"),
    path("<int:year>/schedule/sites/<int:pk>/calendar.ics", views.site_ical, name="site_ical"),
]
