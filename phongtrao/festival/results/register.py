from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Audit sentences, field labels and exporters of the festival's results."""
    from phongtrao.audit.registry import register as register_sentence
    from phongtrao.audit.registry import register_field_labels, register_value_labels
    from phongtrao.documents.registry import register as register_exporter

    from ..enums import ResultFieldGroup, ResultFieldKind
    from .exporters import EXPORTERS

    register_sentence("festival.result_field.created", _("%(actor)s added the result figure “%(object)s”"))
    register_sentence("festival.result_field.changed", _("%(actor)s changed the result figure “%(object)s”"))
    register_sentence("festival.result_field.deleted", _("%(actor)s deleted the result figure “%(object)s”"))
    register_sentence("festival.result.created", _("%(actor)s reported the festival results of “%(object)s”"))
    register_sentence("festival.result.changed", _("%(actor)s corrected the festival results of “%(object)s”"))
    register_sentence("festival.results.uploaded", _("%(actor)s uploaded the festival results file “%(object)s”"))
    register_sentence("festival.results.imported", _("%(actor)s imported the festival results file “%(object)s”"))
    register_field_labels(
        {
            "result_field_label": lambda: _("name of the figure"),
            "result_field_group": lambda: _("group"),
            "result_field_kind": lambda: _("kind of figure"),
            "result_field_order": lambda: _("order"),
            "result_field_required": lambda: _("required"),
            "result_commune": lambda: _("commune"),
            "site_name": lambda: _("name of the site"),
            "held_on": lambda: _("held on"),
            "result_figures": lambda: _("figures"),
            "file_name": lambda: _("file"),
            "rows": lambda: _("rows"),
            "rows_created": lambda: _("sites added"),
            "rows_updated": lambda: _("sites updated"),
        }
    )
    register_value_labels("result_field_group", ResultFieldGroup)
    register_value_labels("result_field_kind", ResultFieldKind)
    for exporter in EXPORTERS:
        register_exporter(exporter)
