"""Named reads for API tokens and the API's caller."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from phongtrao.org.models import Membership, Unit

from .models import ApiToken, hash_secret

MAX_SECRET_LENGTH = 200


def tokens_visible_to(user):
    """The tokens listed on the token page: one's own, or every token for a superuser."""
    return ApiToken.objects.visible_to(user).select_related("user").order_by("revoked_at", "-created_at", "-pk")


def get_token_for(user, pk) -> ApiToken:
    """A token the user may manage; 404 for a missing token and for someone else's."""
    return get_object_or_404(ApiToken.objects.visible_to(user).select_related("user"), pk=pk)


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret whose owner may still log in, or None."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    return ApiToken.objects.active().filter(key_hash=hash_secret(secret), user__is_active=True).select_related("user").first()


def memberships_of(user):
    """Every membership of the user with its unit, oldest first."""
    return Membership.objects.filter(user=user).select_related("unit").order_by("pk")


def first_unit_of(user) -> Unit | None:
    """The unit an audit entry about the user's tokens belongs to: their first membership's."""
    membership = memberships_of(user).first()
    return membership.unit if membership is not None else None
