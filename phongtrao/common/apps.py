from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "phongtrao.common"
    label = "common"
