"""Placeholder routes: replace with the real views of this part."""

from django.http import HttpResponse
from django.urls import path


def placeholder(request, **kwargs):
    return HttpResponse("")


urlpatterns: list = [
    path("<int:year>/sites/", placeholder, name="board"),
]
