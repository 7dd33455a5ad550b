"""Account pages for unit administrators. Everyone else gets 404, as for anything they may not see."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phongtrao.common.spreadsheets import ImportRejected, template_workbook
from phongtrao.common.text import fold
from phongtrao.common.views import apply_errors, submit

from . import actions
from .forms import ImportForm
from .forms_accounts import (
    AccountCreateForm,
    AccountSearchForm,
    AccountUpdateForm,
    MembershipAddForm,
    SetActiveForm,
    SetPasswordForm,
)
from .models import Membership, User
from .queries import get_user_for_admin, is_unit_admin, units_administered_by, users_administered_by

PAGE_SIZE = 50
UNIT_CODES_SHOWN = 300
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def admin_required(view):
    """Login required; then anyone who administers no unit gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_unit_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


# --- named reads of these pages ----------------------------------------------------------------


def assignable_units(admin):
    """Active units the admin may put accounts in, in tree order (a province: about a hundred)."""
    return units_administered_by(admin).filter(is_active=True).order_by("path")


def _with_memberships(users):
    memberships = Membership.objects.select_related("unit").order_by("unit__path")
    return users.prefetch_related(Prefetch("memberships", queryset=memberships))


def accounts_page(admin, query: str, number) -> Page:
    """One page of the accounts the admin manages, in Vietnamese name order.

    The search ignores diacritics. User has no folded-name column, so names are folded here,
    over (pk, full_name, username) of the admin's accounts only; the page itself is then
    loaded with its units in two queries.
    """
    users = users_administered_by(admin).order_by("sort_key", "pk")
    words = fold(query).split()
    if not words:
        return Paginator(_with_memberships(users), PAGE_SIZE).get_page(number)
    matching = [
        pk
        for pk, full_name, username in users.values_list("pk", "full_name", "username")
        if all(word in f"{fold(full_name)} {fold(username)}" for word in words)
    ]
    page = Paginator(matching, PAGE_SIZE).get_page(number)
    page.object_list = list(_with_memberships(User.objects.filter(pk__in=list(page.object_list)).order_by("sort_key", "pk")))
    return page


# --- helpers -----------------------------------------------------------------------------------


def _detail_context(request, user_obj: User, **forms) -> dict:
    return {
        "user_obj": user_obj,
        "memberships": user_obj.memberships.select_related("unit").order_by("unit__path"),
        "profile_form": forms.get("profile_form") or AccountUpdateForm(initial=AccountUpdateForm.initial_for(user_obj)),
        "membership_form": forms.get("membership_form") or MembershipAddForm(units=assignable_units(request.user)),
        "password_form": forms.get("password_form") or SetPasswordForm(),
        "is_self": user_obj.pk == request.user.pk,
    }


def _render_detail(request, user_obj: User, *, status: int = 200, **forms):
    return render(request, "org/accounts/detail.html", _detail_context(request, user_obj, **forms), status=status)


# --- pages -------------------------------------------------------------------------------------


@admin_required
@require_GET
def account_list(request):
    form = AccountSearchForm(request.GET)
    query = form.query()
    page_obj = accounts_page(request.user, query, request.GET.get("page"))
    return render(request, "org/accounts/list.html", {"form": form, "query": query, "page_obj": page_obj})


@admin_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    form = AccountCreateForm(request.POST or None, units=assignable_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.user_create(actor=request.user, **form.action_arguments())
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Created the account “%(username)s”.") % {"username": user.username})
            return redirect("org:account_detail", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/accounts/form.html", {"form": form}, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def account_detail(request, pk):
    user_obj = get_user_for_admin(request.user, pk)
    if request.method == "GET":
        return _render_detail(request, user_obj)
    form = AccountUpdateForm(request.POST)
    if submit(form, lambda data: actions.user_update(actor=request.user, user=user_obj, **data)):
        messages.success(request, _("The account has been saved."))
        return redirect("org:account_detail", pk=user_obj.pk)
    return _render_detail(request, user_obj, status=400, profile_form=form)


@admin_required
@require_POST
def account_set_active(request, pk):
    user_obj = get_user_for_admin(request.user, pk)
    form = SetActiveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, user_obj, status=400)
    active = form.cleaned_data["active"]
    try:
        actions.user_set_active(actor=request.user, user=user_obj, active=active)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _render_detail(request, user_obj, status=400)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The account has been unlocked.") if active else _("The account has been locked."))
    return redirect("org:account_detail", pk=user_obj.pk)


@admin_required
@require_POST
def account_set_password(request, pk):
    user_obj = get_user_for_admin(request.user, pk)
    form = SetPasswordForm(request.POST)
    if submit(form, lambda data: actions.user_set_password(actor=request.user, user=user_obj, password=data["password"])):
        if user_obj.pk == request.user.pk:
            update_session_auth_hash(request, user_obj)  # keep the administrator signed in
        messages.success(request, _("The new password has been set."))
        return redirect("org:account_detail", pk=user_obj.pk)
    return _render_detail(request, user_obj, status=400, password_form=form)


@admin_required
@require_POST
def membership_add(request, pk):
    user_obj = get_user_for_admin(request.user, pk)
    form = MembershipAddForm(request.POST, units=assignable_units(request.user))
    if submit(form, lambda data: actions.membership_add(actor=request.user, user=user_obj, **data)):
        messages.success(request, _("The role has been added."))
        return redirect("org:account_detail", pk=user_obj.pk)
    return _render_detail(request, user_obj, status=400, membership_form=form)


@admin_required
@require_POST
def membership_remove(request, pk, membership_pk):
    user_obj = get_user_for_admin(request.user, pk)
    membership = get_object_or_404(Membership.objects.select_related("unit", "user"), pk=membership_pk, user=user_obj)
    try:
        actions.membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _render_detail(request, user_obj, status=400)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("The role has been removed."))
    return redirect("org:account_detail", pk=user_obj.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def account_import(request):
    errors = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.users_import(actor=request.user, uploaded=form.cleaned_data["file"])
        except ImportRejected as exc:
            errors = exc.errors
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Imported %(count)s accounts.") % {"count": len(created)})
            return redirect("org:account_list")
    units = list(assignable_units(request.user)[: UNIT_CODES_SHOWN + 1])
    context = {
        "form": form,
        "errors": errors,
        "columns": actions.ACCOUNT_COLUMNS,
        "role_labels": ", ".join(actions.ROLE_LABELS.values()),
        "password_rules": password_validators_help_texts(),
        "max_rows": actions.MAX_IMPORT_ROWS,
        "units": units[:UNIT_CODES_SHOWN],
        "more_units": len(units) > UNIT_CODES_SHOWN,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "org/accounts/import.html", context, status=status)


@admin_required
@require_GET
def account_template(request):
    content = template_workbook(actions.ACCOUNT_COLUMNS, title="Tài khoản")
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-tai-khoan.xlsx"'
    return response
