from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def record_entry(*, actor, obj, code, unit, old, new) -> AuditEntry:
    """Write one audit row; called by every action through phongtrao.common.auditing.record."""
    actor_pk = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor_id=actor_pk,
        code=code,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        unit=unit,
        unit_path=(unit.path or "") if unit is not None else "",
        old=old,
        new=new,
    )
