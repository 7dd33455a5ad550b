from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phongtrao.common.navigation import cards_for
from phongtrao.org.queries import scope_of
from phongtrao.org.search import search_everything


@login_required
@require_GET
def home(request):
    scope = scope_of(request.user)
    return render(request, "home.html", {"cards": cards_for(request), "memberships": scope.memberships})


@login_required
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = search_everything(request.user, query) if query else None
    return render(request, "search.html", {"query": query, "results": results})


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PHONGTRAO_DEMO:
            from phongtrao.demo import DEMO_PASSWORD, demo_logins

            context["demo_logins"] = demo_logins()
            context["demo_password"] = DEMO_PASSWORD
        return context
