from django.urls import path

from . import views_calendar

app_name = "common"
urlpatterns = [
    path("", views_calendar.calendar_page, name="calendar"),
    path("days/new/", views_calendar.calendar_day_create, name="calendar_day_create"),
    path("days/<int:pk>/delete/", views_calendar.calendar_day_delete, name="calendar_day_delete"),
]
