"""The campaign pages and the nominations, in the "festival" namespace."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("", views.home, name="home"),
    path("new/", views.campaign_create, name="campaign_create"),
    path("<int:year>/", views.campaign_detail, name="campaign"),
    path("<int:year>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<int:year>/documents/new/", views.document_add, name="document_add"),
    path("<int:year>/documents/<int:pk>/", views.document_download, name="document"),
    path("<int:year>/nominations/", views.nomination_list, name="nominations"),
    path("<int:year>/nominations.xlsx", views.nomination_list_xlsx, name="nominations_xlsx"),
    path("<int:year>/nominations/new/", views.nomination_create, name="nomination_create"),
    path("<int:year>/nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("<int:year>/nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("<int:year>/nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("<int:year>/nominations/<int:pk>/pin/", views.nomination_pin, name="nomination_pin"),
    path("<int:year>/nominations/<int:pk>/documents/", views.nomination_document_add, name="nomination_document_add"),
    path("<int:year>/nominations/documents/<int:pk>/", views.nomination_document_download, name="nomination_document"),
]
