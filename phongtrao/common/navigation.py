"""Navigation by module. Domain apps add their module in ready() with register_module."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

Label = Callable[[], str | Promise]


@dataclass(frozen=True)
class Module:
    key: str
    label: Label
    url_name: str
    icon: str
    order: int
    visible: Callable = lambda user: True
    group: str = ""  # "" on the bar; "lookup" in the look-up menu (reference data and tools)


_MODULES: dict[str, Module] = {}


def register_module(module: Module) -> None:
    _MODULES[module.key] = module


def modules_for(user, path: str = "") -> list[dict[str, Any]]:
    """The modules the user may open; the one whose URL is the longest prefix of `path` is active."""
    items = [
        {"key": m.key, "label": str(m.label()), "url": reverse(m.url_name), "icon": m.icon, "active": False, "group": m.group}
        for m in sorted(_MODULES.values(), key=lambda m: m.order)
        if m.visible(user)
    ]
    matches = [item for item in items if item["url"] != "/" and path.startswith(str(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(str(item["url"])))["active"] = True
    return items


@dataclass(frozen=True)
class DashboardCard:
    """A card on the home dashboard: render(request) returns template context or None to hide."""

    key: str
    template: str
    order: int
    render: Callable


_CARDS: dict[str, DashboardCard] = {}


def register_card(card: DashboardCard) -> None:
    _CARDS[card.key] = card


def cards_for(request) -> list[dict]:
    result = []
    for card in sorted(_CARDS.values(), key=lambda c: c.order):
        context = card.render(request)
        if context is not None:
            result.append({"template": card.template, "context": context, "key": card.key})
    return result
