"""Account management for unit administrators, under /org/accounts/ in the "org" namespace."""

from django.urls import path

from . import views_accounts as views

urlpatterns = [
    path("", views.account_list, name="account_list"),
    path("new/", views.account_create, name="account_create"),
    path("import/", views.account_import, name="account_import"),
    path("template.xlsx", views.account_template, name="account_template"),
    path("<int:pk>/", views.account_detail, name="account_detail"),
    path("<int:pk>/active/", views.account_set_active, name="account_set_active"),
    path("<int:pk>/password/", views.account_set_password, name="account_set_password"),
    path("<int:pk>/roles/", views.membership_add, name="membership_add"),
    path("<int:pk>/roles/<int:membership_pk>/remove/", views.membership_remove, name="membership_remove"),
]
