from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("phongtrao.org.urls")),
    path("audit/", include("phongtrao.audit.urls")),
    path("documents/", include("phongtrao.documents.urls")),
    path("meetings/", include("phongtrao.meetings.urls")),
    path("work/", include("phongtrao.work.urls")),
    path("schemes/", include("phongtrao.schemes.urls")),
    path("notifications/", include("phongtrao.notifications.urls")),
    path("reporting/", include("phongtrao.reporting.urls")),
    path("festival/", include("phongtrao.festival.urls")),
    path("calendar/", include("phongtrao.common.urls")),
    path("api/", include("phongtrao.api.urls")),
    path("admin/", admin.site.urls),
]
