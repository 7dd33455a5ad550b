from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import actions
from .forms import TokenIssueForm
from .queries import get_token_for, tokens_visible_to

PAGE_SIZE = 50


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request):
    """The user's tokens and the form to issue one; a new secret is shown in this response only."""
    form = TokenIssueForm(request.POST if request.method == "POST" else None)
    issued = None
    if form.is_valid():
        try:
            token, secret = actions.token_issue(
                actor=request.user, user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            issued = {"token": token, "secret": secret}
            form = TokenIssueForm()
    page_obj = Paginator(tokens_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {"form": form, "issued": issued, "page_obj": page_obj})


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_token_for(request.user, pk)
    try:
        actions.token_revoke(actor=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")
