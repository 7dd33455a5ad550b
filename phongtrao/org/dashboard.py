from django.db.models import Count, Q

from .enums import AreaLevel
from .models import Area, Unit
from .queries import scope_of


def scope_card(request) -> dict:
    """Where the user works and what the user's scope covers (2 aggregate queries)."""
    scope = scope_of(request.user)
    units = Unit.objects.visible_to(request.user).aggregate(
        total=Count("pk"),
        provinces=Count("pk", filter=Q(kind="provincial_police")),
        communes=Count("pk", filter=Q(kind="commune_police")),
    )
    areas = Area.objects.visible_to(request.user).aggregate(
        provinces=Count("pk", filter=Q(level=AreaLevel.PROVINCE)),
        communes=Count("pk", filter=Q(level=AreaLevel.COMMUNE)),
        residential=Count("pk", filter=Q(level=AreaLevel.RESIDENTIAL_AREA)),
    )
    return {"memberships": scope.memberships, "units": units, "areas": areas}
