"""Turns dotted audit codes into Vietnamese sentences. Domain apps register theirs in ready()."""

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _

Sentence = str | Promise | Callable[..., str]
Label = Callable[[], str | Promise]

_SENTENCES: dict[str, Sentence] = {}
_FIELD_LABELS: dict[str, Label] = {}


def register(code: str, sentence: Sentence) -> None:
    """sentence(entry) -> str, or a lazy format string using %(actor)s and %(object)s."""
    _SENTENCES[code] = sentence


def register_field_labels(labels: dict[str, Label]) -> None:
    _FIELD_LABELS.update(labels)


_VALUE_LABELS: dict[str, Callable[[object], object]] = {}


def register_value_labels(field: str, choices) -> None:
    """Show a field's stored codes by their labels (choices: a TextChoices class or a dict)."""
    mapping = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)
    _VALUE_LABELS[field] = lambda value: mapping.get(value, value)


def value_label(field: str, value):
    convert = _VALUE_LABELS.get(field)
    return convert(value) if convert is not None and value is not None else value


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
