from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [path("changes/", views.changes_since, name="changes")]
