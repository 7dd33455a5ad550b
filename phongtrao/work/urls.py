from django.urls import include, path

app_name = "work"

urlpatterns = [
    path("dashboard/", include("phongtrao.work.urls_dashboard")),
]
