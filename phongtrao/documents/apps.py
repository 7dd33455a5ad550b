from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "phongtrao.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from .exporters import AreaList, UnitReport
        from .registry import register

        register(UnitReport)
        register(AreaList)
