from django.conf import settings

from phongtrao.common.navigation import modules_for


def shell(request):
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.PHONGTRAO_DEMO,
        "nav_modules": modules_for(user, request.path) if user is not None and user.is_authenticated else [],
    }
