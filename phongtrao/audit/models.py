from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from phongtrao.org.models import UnitScopedQuerySet


class AuditEntryQuerySet(UnitScopedQuerySet):
    scope_field = "unit_path"

    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One state change: who, what, which object, the values before and after, when."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    code = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, null=True, related_name="+")
    # Copy of the owning unit's path, so scoping an audit list is one prefix filter with no join.
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.code} {self.object_repr}"

    @property
    def sentence(self) -> str:
        from .registry import describe

        return describe(self)
