from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Audit sentences, field labels and the nominations export of the campaign pages."""
    from phongtrao.audit.registry import register as register_sentence
    from phongtrao.audit.registry import register_field_labels, register_value_labels
    from phongtrao.documents.registry import register as register_exporter

    from ..enums import DocumentKind, MovementClass, NominationState, Pin, SecurityComplexity
    from .exporters import NominationList

    register_sentence("festival.campaign.updated", _("%(actor)s changed the festival campaign “%(object)s”"))
    register_sentence("festival.document.added", _("%(actor)s added the festival document “%(object)s”"))
    register_sentence("festival.nomination.created", _("%(actor)s nominated “%(object)s” as a festival site"))
    register_sentence("festival.nomination.updated", _("%(actor)s changed the nomination of “%(object)s”"))
    register_sentence("festival.nomination.withdrawn", _("%(actor)s withdrew the nomination of “%(object)s”"))
    register_sentence("festival.nomination.pinned", _("%(actor)s pinned the nominated site “%(object)s”"))
    register_sentence("festival.nomination.unpinned", _("%(actor)s cleared the pin of the nominated site “%(object)s”"))
    register_sentence("festival.nomination.document_added", _("%(actor)s attached a document to the nomination of “%(object)s”"))
    register_field_labels(
        {
            "campaign_document_kind": lambda: _("kind of document"),
            "document_number": lambda: _("number and symbol"),
            "issued_on": lambda: _("issued on"),
            "nominating_unit": lambda: _("nominating unit"),
            "site_area": lambda: _("commune or residential area"),
            "site_name": lambda: _("name of the site"),
            "proposed_date": lambda: _("proposed date"),
            "ethnic_minority_share": lambda: _("ethnic-minority share (%)"),
            "is_border": lambda: _("border area"),
            "is_island": lambda: _("island"),
            "is_religious": lambda: _("religious area"),
            "security_complexity": lambda: _("security situation"),
            "movement_class": lambda: _("last year's movement classification"),
            "models_count": lambda: _("models in place"),
            "models_text": lambda: _("models in place (names)"),
            "last_hosted_year": lambda: _("last year it hosted national leaders"),
            "nomination_reason": lambda: _("why this site"),
            "nomination_state": lambda: _("state"),
            "nomination_pin": lambda: _("pinned by hand"),
            "pin_reason": lambda: _("reason for pinning"),
        }
    )
    register_value_labels("campaign_document_kind", DocumentKind)
    register_value_labels("security_complexity", SecurityComplexity)
    register_value_labels("movement_class", MovementClass)
    register_value_labels("nomination_state", NominationState)
    register_value_labels("nomination_pin", Pin)
    register_exporter(NominationList)
