from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "phongtrao.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")
