"""Every state change of an API token: issue, revoke, and the last-use bookkeeping."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phongtrao.common import auditing
from phongtrao.common.text import normalize

from .models import PREFIX_LENGTH, ApiToken, hash_secret
from .queries import first_unit_of

SECRET_PREFIX = "pt_"  # noqa: S105 (a public marker that makes leaked tokens recognisable)
NAME_MAX_LENGTH = 100
# last_used_at is written at most this often per token, so that reads do not become writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _check_may_manage(actor, user) -> None:
    """actor None is the operator at the server (management commands)."""
    if actor is None:
        return
    if not (actor.is_active and (actor.is_superuser or actor.pk == user.pk)):
        raise PermissionDenied


@transaction.atomic
def token_issue(*, actor, user, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Issue a token for the user. Returns the token and its secret, which is never stored."""
    _check_may_manage(actor, user)
    name = normalize(name)
    if not name:
        raise ValidationError({"name": _("Enter a name for the token.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The name of the token may have at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH}}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if not user.is_active:
        raise ValidationError(_("This account is locked: it cannot receive an API token."))
    secret = _new_secret()
    while ApiToken.objects.filter(key_hash=hash_secret(secret)).exists():  # pragma: no cover
        secret = _new_secret()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:PREFIX_LENGTH], key_hash=hash_secret(secret), expires_at=expires_at
    )
    auditing.record(
        actor=actor,
        obj=token,
        code="api.token.issued",
        unit=first_unit_of(user),
        new={
            "user": user.pk,
            "name": token.name,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once; the owner or a superuser may do it, once."""
    _check_may_manage(actor, token.user)
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token has already been revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    auditing.record(
        actor=actor,
        obj=token,
        code="api.token.revoked",
        unit=first_unit_of(token.user),
        old={"revoked_at": None},
        new={"revoked_at": token.revoked_at.isoformat()},
    )
    return token


def token_mark_used(*, token: ApiToken, at: datetime | None = None) -> None:
    """Bookkeeping on each authenticated request, not audited (it would add a row per request)."""
    at = at or timezone.now()
    if token.last_used_at is not None and at - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
    token.last_used_at = at
