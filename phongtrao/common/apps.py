from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "phongtrao.common"
    label = "common"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from .navigation import Module, register_module

        register_module(Module("calendar", lambda: _("Working days"), "common:calendar", "calendar3", 97, group="lookup"))
