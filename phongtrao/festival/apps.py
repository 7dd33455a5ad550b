from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "phongtrao.festival"
    label = "festival"
    verbose_name = _("Festival of 19/8")

    def ready(self) -> None:
        from . import registration

        registration.register_all()
