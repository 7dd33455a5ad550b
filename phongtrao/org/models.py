"""Administrative areas, the unit tree, people and their memberships.

Both trees are stored as materialized paths ("0000001/0000005/") so that a subtree is one
prefix filter. Names keep a folded copy (no diacritics) for search and a collation key for
Vietnamese sort order.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phongtrao.common.text import fold, normalize, person_sort_key, sort_key

from .enums import AreaLevel, Branch, CommitteeRole, DivisionType, Role, TagKind, UnitKind


class NamedMixin(models.Model):
    """Name with its search form and sort key kept in step on every save."""

    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        self.name = normalize(self.name)
        self.name_folded = fold(self.name)
        self.sort_key = sort_key(self.name)


def within_prefixes(queryset, field: str, prefixes: list[str] | None):
    """Rows whose `field` (a materialized path) starts with one of the prefixes; None means all."""
    if prefixes is None:
        return queryset
    if not prefixes:
        return queryset.none()
    condition = Q()
    for prefix in prefixes:
        condition |= Q(**{f"{field}__startswith": prefix})
    return queryset.filter(condition)


class UnitScopedQuerySet(models.QuerySet):
    """Base for anything a unit owns: `visible_to(user)` follows the unit tree (architecture rule 3).

    Subclasses name the path of the owning unit in `scope_field` ("owner__path", "unit_path"...).
    """

    scope_field = "unit__path"

    def visible_to(self, user):
        from .queries import unit_scope_prefixes

        return within_prefixes(self, self.scope_field, unit_scope_prefixes(user))


class TagQuerySet(models.QuerySet):
    def search(self, text: str) -> TagQuerySet:
        query = fold(text)
        return self.filter(name_folded__contains=query) if query else self


class Tag(NamedMixin):
    """An editable label on areas: a region (Tây Nguyên) or a flag (biên giới, hải đảo...)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TagKind.choices)
    description = models.TextField(_("description"), blank=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "sort_key"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user) -> AreaQuerySet:
        from .queries import area_scope_prefixes

        return within_prefixes(self, "path", area_scope_prefixes(user))

    def search(self, text: str) -> AreaQuerySet:
        query = fold(text)
        if not query:
            return self
        condition = Q()
        for word in query.split():
            condition &= Q(name_folded__contains=word) | Q(tags__name_folded__contains=word)
        return self.filter(condition).distinct()

    def vietnamese_order(self) -> AreaQuerySet:
        return self.order_by("sort_key", "pk")


class Area(NamedMixin):
    """An administrative area after 1/7/2025: province, commune (xã/phường/đặc khu), residential area."""

    level = models.CharField(_("level"), max_length=20, choices=AreaLevel.choices, db_index=True)
    division_type = models.CharField(_("division type"), max_length=20, choices=DivisionType.choices)
    gso_code = models.CharField(_("official code"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=64, unique=True, editable=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="areas")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        constraints = [
            models.UniqueConstraint(fields=["level", "gso_code"], condition=~Q(gso_code=""), name="area_unique_official_code"),
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_parent"),
        ]

    @staticmethod
    def path_for(level: str, code: str, parent: Area | None) -> str:
        return f"{parent.path if parent else ''}{code}/"

    @property
    def province(self) -> Area:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


class LegacySource(models.Model):
    """A pre-2025 commune merged into a current commune, with its old district and province."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="legacy_sources")
    ward_code = models.CharField(max_length=10)
    ward_name = models.CharField(max_length=255)
    district_code = models.CharField(max_length=10)
    district_name = models.CharField(max_length=255)
    province_code = models.CharField(max_length=10)
    province_name = models.CharField(max_length=255)

    class Meta:
        ordering = ["province_name", "district_name", "ward_name"]
        constraints = [models.UniqueConstraint(fields=["area", "ward_code"], name="legacy_source_unique")]

    def __str__(self) -> str:
        return f"{self.ward_name}, {self.district_name}, {self.province_name}"


class UnitQuerySet(UnitScopedQuerySet):
    scope_field = "path"

    def under_any(self, prefixes: list[str]) -> UnitQuerySet:
        return within_prefixes(self, "path", list(prefixes))

    def search(self, text: str) -> UnitQuerySet:
        query = fold(text)
        if not query:
            return self
        condition = Q()
        for word in query.split():
            condition &= Q(name_folded__contains=word) | Q(short_name_folded__contains=word) | Q(code__iexact=word)
        return self.filter(condition)

    def vietnamese_order(self) -> UnitQuerySet:
        return self.order_by("sort_key", "pk")


class Unit(NamedMixin):
    """An organisational unit: Bộ, Cục, phòng, Công an tỉnh, Công an xã, or a partner body."""

    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    short_name_folded = models.CharField(max_length=100, editable=False, blank=True)
    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    branch = models.CharField(_("branch"), max_length=20, choices=Branch.choices, default=Branch.POLICE)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Set right after insert from the primary key (see save and reference._bulk_create_units).
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area of responsibility"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    oversees = models.ManyToManyField(
        "self",
        verbose_name=_("oversees"),
        symmetrical=False,
        blank=True,
        related_name="overseen_by",
        help_text=_("Units whose work this unit directs professionally and may therefore read."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = self.compute_path()
        if path != self.path:
            self.path = path
            self.depth = path.count("/") - 1
            type(self).objects.filter(pk=self.pk).update(path=path, depth=self.depth)

    def refresh_name_keys(self) -> None:
        super().refresh_name_keys()
        self.short_name = normalize(self.short_name)
        self.short_name_folded = fold(self.short_name)

    @staticmethod
    def segment(pk: int) -> str:
        return f"{pk:07d}/"

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent is not None else ""
        return f"{prefix}{self.segment(self.pk)}"

    def ancestor_paths(self) -> list[str]:
        parts = self.path.split("/")[:-1]
        return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]

    def is_within(self, other: Unit) -> bool:
        return self.path.startswith(other.path)


class User(AbstractUser):
    """An officer or partner-body member. Names follow Vietnamese order (họ tên đệm tên)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = UserManager()  # type: ignore[misc]  # django-stubs types AbstractUser.objects as a ClassVar

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def save(self, *args, **kwargs):
        self.full_name = normalize(self.full_name)
        self.sort_key = person_sort_key(self.full_name or self.username)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def __str__(self) -> str:
        return self.get_full_name()


class Membership(models.Model):
    """A user's role in a unit. A user may hold several (e.g. officer in a phòng, viewer in the Cục)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.unit} ({self.get_role_display()})"


class SteeringCommittee(NamedMixin):
    """A Ban Chỉ đạo at some level; its name varies by province and year, so it is data."""

    unit = models.ForeignKey(Unit, verbose_name=_("standing unit"), on_delete=models.PROTECT, related_name="steering_committees")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True)
    basis = models.CharField(_("founding document"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")


class SteeringCommitteeMember(models.Model):
    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=255, blank=True)
    committee_role = models.CharField(_("role in committee"), max_length=20, choices=CommitteeRole.choices)
    organisation = models.ForeignKey(
        Unit, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.full_name
