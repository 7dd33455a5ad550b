"""The hook through which every action records its audit entry.

Foundation apps (org) must not import the audit app (architecture rule 10), yet their actions
must be audited in the same transaction. The audit app registers its recorder here in ready();
`record` refuses to run without one, so an action can never skip its audit row silently.
"""

from collections.abc import Callable
from typing import Any, Protocol


class Recorder(Protocol):
    def __call__(
        self,
        *,
        actor: Any,
        obj: Any,
        code: str,
        unit: Any | None,
        old: dict | None,
        new: dict | None,
    ) -> Any: ...


_registry: dict[str, Recorder] = {}


def register_recorder(recorder: Recorder) -> None:
    _registry["recorder"] = recorder


def record(*, actor: Any, obj: Any, code: str, unit: Any | None = None, old: dict | None = None, new: dict | None = None) -> Any:
    recorder = _registry.get("recorder")
    if recorder is None:
        raise RuntimeError("No audit recorder registered: is phongtrao.audit in INSTALLED_APPS?")
    return recorder(actor=actor, obj=obj, code=code, unit=unit, old=old, new=new)


def snapshot(obj: Any, fields: list[str] | tuple[str, ...]) -> dict:
    """The JSON-safe values of the named fields, for the old/new columns of an audit entry."""
    result: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        result[name] = value
    return result


def diff(old: dict, new: dict) -> tuple[dict, dict]:
    """Keep only what changed."""
    changed = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in changed}, {k: new[k] for k in changed}


Sentence = Callable[..., str]
