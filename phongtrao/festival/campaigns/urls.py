"""Placeholder routes: replace with the real views of this part."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request, **kwargs):
    return HttpResponse("")


urlpatterns: list = [
    path("", placeholder, name="home"),
    path("<int:year>/", placeholder, name="campaign"),
    path("<int:year>/nominations/", placeholder, name="nominations"),
]
