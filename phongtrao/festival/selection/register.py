from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Audit sentences, field labels and the export of the site selection."""
    from phongtrao.audit.registry import register as register_sentence
    from phongtrao.audit.registry import register_field_labels
    from phongtrao.documents.registry import register as register_exporter

    from ..enums import SiteKind
    from .explain import CRITERIA
    from .exporters import SelectionRunSheet
    from .forms import CONSTRAINTS
    from .scoring import WEIGHT_KEYS

    register_sentence(
        "festival.selection.settings_changed",
        _("%(actor)s changed the weights and constraints of the site selection of “%(object)s”"),
    )
    register_sentence("festival.selection.run_started", _("%(actor)s ran the site selection of “%(object)s”"))
    register_sentence(
        "festival.selection.run_adopted", _("%(actor)s adopted a site selection of “%(object)s” as the national showcase sites")
    )

    def weight_label(key):
        return lambda: _("weight: %(criterion)s") % {"criterion": CRITERIA[key]}

    def kind_label(template, label):
        return lambda: template % {"kind": label}

    labels = {f"weight_{key}": weight_label(key) for key in WEIGHT_KEYS}
    labels.update({name: (lambda label=label: label) for name, label, *_rest in CONSTRAINTS})
    for kind, label in SiteKind.choices:
        labels[f"kind_min_{kind}"] = kind_label(_("at least this many sites of kind “%(kind)s”"), label)
        labels[f"kind_max_share_{kind}"] = kind_label(_("maximum share (%%) of kind “%(kind)s”"), label)
    labels.update(
        {
            "priority_regions": lambda: _("priority regions"),
            "selection_run": lambda: _("selection run"),
            "candidate_count": lambda: _("candidates"),
            "sites_created": lambda: _("sites created"),
            "sites_kept": lambda: _("sites kept"),
            "sites_removed": lambda: _("sites removed"),
        }
    )
    register_field_labels(labels)
    register_exporter(SelectionRunSheet)
