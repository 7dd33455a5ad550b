from django.apps import AppConfig


class PhongTraoConfig(AppConfig):
    """The project package itself: shell templates, static files, translation catalogue."""

    name = "phongtrao"
    label = "phongtrao"
