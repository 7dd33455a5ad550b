"""Named reads of the organisation: a user's scope, and scoped fetches that answer 404."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from phongtrao.common.text import fold

from .enums import AreaLevel, Role
from .forms import AreaFilterForm
from .models import Area, AreaQuerySet, Membership, Tag, Unit, User

_CACHE_ATTR = "_phongtrao_scope"


class Scope:
    """What one user may see, computed once per user object (so once per request)."""

    def __init__(self, user) -> None:
        self.is_everything = bool(user.is_active and user.is_superuser)
        self.memberships: list[Membership] = []
        self.unit_prefixes: list[str] = []
        self.area_prefixes: list[str] | None = []
        if self.is_everything or not user.is_authenticated or not user.is_active:
            self.area_prefixes = None if self.is_everything else []
            return
        self.memberships = list(Membership.objects.filter(user=user).select_related("unit__area"))
        units = [m.unit for m in self.memberships if m.unit.is_active]
        overseen = list(Unit.objects.filter(overseen_by__in=[u.pk for u in units]).select_related("area"))
        readable = units + overseen
        self.unit_prefixes = _minimal_prefixes(u.path for u in readable)
        area_paths: list[str] = []
        for unit in readable:
            if unit.area is None:
                self.area_prefixes = None  # a national unit reads the whole map
                break
            area_paths.append(unit.area.path)
        else:
            self.area_prefixes = _minimal_prefixes(area_paths)

    def role_in(self, unit: Unit) -> set[str]:
        """Roles the user holds in this unit or any ancestor of it."""
        return {m.role for m in self.memberships if unit.path.startswith(m.unit.path)}

    def administered_prefixes(self) -> list[str] | None:
        if self.is_everything:
            return None
        return _minimal_prefixes(m.unit.path for m in self.memberships if m.role == Role.ADMIN)


def _minimal_prefixes(paths) -> list[str]:
    """Drop paths already covered by a shorter one: fewer OR terms in every scoped query."""
    result: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return result


def scope_of(user) -> Scope:
    scope = getattr(user, _CACHE_ATTR, None)
    if scope is None:
        scope = Scope(user)
        if user.is_authenticated:
            setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def unit_scope_prefixes(user) -> list[str] | None:
    scope = scope_of(user)
    return None if scope.is_everything else scope.unit_prefixes


def area_scope_prefixes(user) -> list[str] | None:
    return scope_of(user).area_prefixes


def get_unit_for(user, pk) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(user).select_related("parent", "area"), pk=pk)


def get_area_for(user, pk) -> Area:
    return get_object_or_404(Area.objects.visible_to(user).select_related("parent__parent"), pk=pk)


def get_user_for_admin(admin, pk) -> User:
    """A user account the admin may manage: every membership of it lies in the admin's subtrees."""
    user = get_object_or_404(User, pk=pk)
    if not can_manage_user(admin, user):
        raise Http404
    return user


def users_administered_by(admin):
    prefixes = scope_of(admin).administered_prefixes()
    qs = User.objects.all()
    if prefixes is None:
        return qs
    if not prefixes:
        return qs.none()
    in_scope = Unit.objects.under_any(prefixes)
    outside = Membership.objects.exclude(unit__in=in_scope).values("user_id")
    return qs.filter(memberships__unit__in=in_scope, is_superuser=False).exclude(pk__in=outside).distinct()


def can_manage_user(admin, user: User) -> bool:
    return users_administered_by(admin).filter(pk=user.pk).exists()


def units_administered_by(admin):
    prefixes = scope_of(admin).administered_prefixes()
    if prefixes is None:
        return Unit.objects.all()
    return Unit.objects.under_any(prefixes)


def is_unit_admin(user) -> bool:
    scope = scope_of(user)
    return scope.is_everything or any(m.role == Role.ADMIN for m in scope.memberships)


def provinces():
    return Area.objects.filter(level=AreaLevel.PROVINCE).vietnamese_order()


def primary_unit(user) -> Unit | None:
    memberships = scope_of(user).memberships
    return memberships[0].unit if memberships else None


def filter_areas(user, data: Mapping[str, str] | None) -> tuple[AreaFilterForm, AreaQuerySet]:
    """The areas the user may see, narrowed by the area list's filters (q, province, level, tag).

    Invalid filters are ignored, as on the page. Parents and tags come with the areas.
    """
    visible = Area.objects.visible_to(user)
    form = AreaFilterForm(data or None, provinces=provinces().filter(pk__in=visible.values("pk")))
    areas = visible
    level = ""
    if form.is_valid():
        filters = form.cleaned_data
        for word in fold(filters["q"]).split():
            areas = areas.filter(name_folded__contains=word)
        if filters["province"]:
            areas = areas.filter(path__startswith=filters["province"].path)
        if filters["level"]:
            level = filters["level"]
            areas = areas.filter(level=level)
        if filters["tag"]:
            areas = areas.filter(tags=filters["tag"])
    areas = areas.select_related("parent").prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("kind", "sort_key")))
    ordering = ("sort_key", "pk") if level else ("level", "sort_key", "pk")
    return form, areas.order_by(*ordering)


def units_directed_by(unit: Unit):
    """Units a unit may give work to or ask reports from: its own subtree and the subtrees it oversees."""
    paths = [unit.path, *unit.oversees.values_list("path", flat=True)]
    return Unit.objects.under_any(paths).filter(is_active=True)


def units_directly_under(unit: Unit):
    """The units a unit directs first-hand: its direct subordinates and the units it oversees."""
    from django.db.models import Q

    return Unit.objects.filter(Q(parent=unit) | Q(overseen_by=unit), is_active=True).distinct().order_by("path")


def acts_for(user, unit: Unit, roles=frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})) -> bool:
    """Whether the user holds one of the roles in the unit or an ancestor (system administrators always do)."""
    scope = scope_of(user)
    return scope.is_everything or bool(scope.role_in(unit) & set(roles))
