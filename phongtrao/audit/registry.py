"""Turns dotted audit codes into Vietnamese sentences. Domain apps register theirs in ready()."""

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _

_SENTENCES: dict[str, Callable] = {}
_FIELD_LABELS: dict[str, Callable[[], str]] = {}


def register(code: str, sentence: Callable) -> None:
    """sentence(entry) -> str, or a lazy format string using %(actor)s and %(object)s."""
    _SENTENCES[code] = sentence


def register_field_labels(labels: dict[str, Callable[[], str]]) -> None:
    _FIELD_LABELS.update(labels)


def field_label(name: str) -> str:
    label = _FIELD_LABELS.get(name)
    return str(label()) if label else name


def describe(entry) -> str:
    actor = entry.actor.get_full_name() if entry.actor_id else _("The system")
    params = {"actor": actor, "object": entry.object_repr}
    sentence = _SENTENCES.get(entry.code)
    if sentence is None:
        return _("%(actor)s performed “%(code)s” on %(object)s") % {**params, "code": entry.code}
    if isinstance(sentence, (str, Promise)):
        return str(sentence) % params
    return sentence(entry)


def known_codes() -> list[str]:
    return sorted(_SENTENCES)
