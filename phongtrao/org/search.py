"""Search over units, areas and tags, ignoring diacritics and scoped to the user."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Length

from phongtrao.common.text import fold

from .models import Area, Tag, Unit

LIMIT = 20


@dataclass
class SearchResults:
    tags: list
    units: list
    areas: list

    @property
    def empty(self) -> bool:
        return not (self.tags or self.units or self.areas)


def search_areas(user, query: str):
    """Areas whose name contains every word of the query; provinces before communes."""
    qs = Area.objects.visible_to(user)
    for word in fold(query).split():
        qs = qs.filter(name_folded__contains=word)
    return qs.select_related("parent").order_by(Length("path"), "sort_key", "pk")


def search_everything(user, query: str) -> SearchResults:
    tags = list(Tag.objects.search(query).annotate(area_count=Count("areas"))[:LIMIT])
    units = list(Unit.objects.visible_to(user).search(query).select_related("parent").order_by("depth", "sort_key")[:LIMIT])
    areas = list(search_areas(user, query)[:LIMIT])
    return SearchResults(tags=tags, units=units, areas=areas)
