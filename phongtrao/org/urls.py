from django.urls import include, path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/residential/", views.residential_area_create, name="residential_area_create"),
    path("areas/<int:pk>/residential/import/", views.residential_area_import, name="residential_area_import"),
    path("areas/<int:pk>/tags/", views.area_tags_update, name="area_tags_update"),
    path("areas/residential-template.xlsx", views.residential_template, name="residential_template"),
    path("tags/", views.tag_list, name="tag_list"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("accounts/", include("phongtrao.org.urls_accounts")),
]
