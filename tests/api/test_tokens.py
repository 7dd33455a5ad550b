"""The token page, the token actions and the management command."""

import re
from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phongtrao.api import actions
from phongtrao.api.models import ApiToken
from phongtrao.audit.models import AuditEntry

from .conftest import bearer

TOKENS_URL = "/api/tokens/"
SECRET_RE = re.compile(r'value="(pt_[A-Za-z0-9_-]+)"')


def test_url_name():
    assert reverse("api:tokens") == TOKENS_URL


def test_page_requires_login(world, client):
    response = client.get(TOKENS_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_page_lists_only_own_tokens(world, client_for, issue_token):
    issue_token(world.officer_a, name="Hệ thống báo cáo tỉnh")
    issue_token(world.officer_b, name="Hệ thống Sơn La")
    page = client_for(world.officer_a).get(TOKENS_URL).content.decode()
    assert "Hệ thống báo cáo tỉnh" in page
    assert "Hệ thống Sơn La" not in page
    superuser_page = client_for(world.superuser).get(TOKENS_URL).content.decode()
    assert "Hệ thống báo cáo tỉnh" in superuser_page
    assert "Hệ thống Sơn La" in superuser_page


@pytest.mark.parametrize("post", [False, True])
def test_page_has_no_inline_script_style_or_handler(world, client_for, issue_token, post):
    issue_token(world.officer_a)
    client = client_for(world.officer_a)
    response = client.post(TOKENS_URL, {"name": "Mới"}) if post else client.get(TOKENS_URL)
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.IGNORECASE)
    assert not re.search(r"\sstyle=|<style", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+=", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)=["']https?://""", html, re.IGNORECASE)


def test_issue_on_the_page_shows_the_secret_once_and_audits(world, client_for):
    client = client_for(world.officer_a)
    response = client.post(TOKENS_URL, {"name": "Phần mềm thống kê", "expires_on": ""})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    secret = SECRET_RE.search(response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.user == world.officer_a
    assert token.name == "Phần mềm thống kê"
    assert token.expires_at is None
    assert bearer(secret).get("/api/v1/me").json()["username"] == "officer_a"
    # Shown once: the next visit lists the token without its secret.
    again = client.get(TOKENS_URL).content.decode()
    assert secret not in again
    assert token.prefix in again
    entry = AuditEntry.objects.get(code="api.token.issued")
    assert entry.actor == world.officer_a
    assert entry.object_id == str(token.pk)
    assert entry.unit == world.province_a
    assert entry.new["name"] == "Phần mềm thống kê"


def test_issue_with_expiry_date_in_dd_mm_yyyy(world, client_for):
    day = timezone.localdate() + timedelta(days=30)
    client_for(world.officer_a).post(TOKENS_URL, {"name": "Tạm thời", "expires_on": day.strftime("%d/%m/%Y")})
    token = ApiToken.objects.get()
    assert token.expires_at == timezone.make_aware(datetime.combine(day, time.max))
    assert timezone.localtime(token.expires_at).date() == day


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "expires_on": ""},
        {"name": "   ", "expires_on": ""},
        {"name": "x" * 101, "expires_on": ""},
        {"name": "Sai ngày", "expires_on": "2030-01-31"},
        {"name": "Sai ngày", "expires_on": "31/02/2030"},
        {"name": "Quá khứ", "expires_on": "01/01/2020"},
    ],
)
def test_bad_input_changes_nothing(world, client_for, data):
    response = client_for(world.officer_a).post(TOKENS_URL, data)
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in response.content.decode() or "alert-danger" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(code="api.token.issued").exists()


def test_revoke_on_the_page(world, client_for, issue_token):
    token, secret = issue_token(world.officer_a)
    response = client_for(world.officer_a).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get("/api/v1/me").status_code == 401
    entry = AuditEntry.objects.get(code="api.token.revoked")
    assert entry.actor == world.officer_a
    assert entry.object_id == str(token.pk)
    assert entry.unit == world.province_a


def test_revoke_twice_changes_nothing(world, client_for, issue_token):
    token, _ = issue_token(world.officer_a)
    client = client_for(world.officer_a)
    client.post(reverse("api:token_revoke", args=[token.pk]))
    client.post(reverse("api:token_revoke", args=[token.pk]))
    assert AuditEntry.objects.filter(code="api.token.revoked").count() == 1


def test_revoke_needs_post(world, client_for, issue_token):
    token, _ = issue_token(world.officer_a)
    assert client_for(world.officer_a).get(reverse("api:token_revoke", args=[token.pk])).status_code == 405


@pytest.mark.parametrize("persona", ["officer_b", "central", "commune_officer_a", "admin_a"])
def test_someone_elses_token_is_404(world, client_for, issue_token, persona):
    token, secret = issue_token(world.officer_a)
    response = client_for(getattr(world, persona)).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert bearer(secret).get("/api/v1/me").status_code == 200


def test_superuser_may_revoke_any_token(world, client_for, issue_token):
    token, _ = issue_token(world.officer_a)
    client_for(world.superuser).post(reverse("api:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.get(code="api.token.revoked").actor == world.superuser


def test_csrf_is_enforced_on_the_page_forms(world, issue_token):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    assert client.post(TOKENS_URL, {"name": "Không có CSRF"}).status_code == 403
    token, _ = issue_token(world.officer_a)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
    assert not ApiToken.objects.filter(name="Không có CSRF").exists()
    token.refresh_from_db()
    assert token.revoked_at is None
    page = client.get(TOKENS_URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(TOKENS_URL, {"name": "Có CSRF", "csrfmiddlewaretoken": csrf}).status_code == 200
    assert ApiToken.objects.filter(name="Có CSRF").exists()


# --- actions ------------------------------------------------------------------------------------


def test_only_the_owner_or_a_superuser_may_issue_or_revoke(world, issue_token):
    with pytest.raises(PermissionDenied):
        actions.token_issue(actor=world.officer_b, user=world.officer_a, name="x")
    token, _ = issue_token(world.officer_a)
    with pytest.raises(PermissionDenied):
        actions.token_revoke(actor=world.admin_a, token=token)
    other, _ = actions.token_issue(actor=world.superuser, user=world.officer_b, name="Cấp bởi quản trị")
    assert other.user == world.officer_b
    assert AuditEntry.objects.filter(code="api.token.issued", actor=world.superuser).count() == 1


def test_issue_rejects_past_expiry_and_locked_accounts(world):
    with pytest.raises(ValidationError):
        actions.token_issue(actor=world.officer_a, user=world.officer_a, name="x", expires_at=timezone.now())
    world.officer_b.is_active = False
    world.officer_b.save()
    with pytest.raises(ValidationError):
        actions.token_issue(actor=world.superuser, user=world.officer_b, name="x")
    assert not ApiToken.objects.exists()


def test_audit_unit_is_none_without_membership(world):
    actions.token_issue(actor=world.superuser, user=world.superuser, name="Quản trị")
    assert AuditEntry.objects.get(code="api.token.issued").unit is None


# --- management command ----------------------------------------------------------------------------


def test_command_prints_a_working_secret(world):
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", "officer_b", "--name", "Đồng bộ dữ liệu", "--days", "30", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert bearer(secret).get("/api/v1/me").json()["username"] == "officer_b"
    token = ApiToken.objects.get()
    assert token.name == "Đồng bộ dữ liệu"
    assert date.today() + timedelta(days=29) <= token.expires_at.date() <= date.today() + timedelta(days=31)
    entry = AuditEntry.objects.get(code="api.token.issued")
    assert entry.actor is None
    assert entry.unit == world.province_b
    assert secret not in err.getvalue()


def test_command_without_days_never_expires(world):
    out = StringIO()
    call_command("issue_api_token", "officer_a", "--name", "Vĩnh viễn", stdout=out, stderr=StringIO())
    assert ApiToken.objects.get().expires_at is None


@pytest.mark.parametrize(
    "args", [["nobody", "--name", "x"], ["officer_a", "--name", "x", "--days", "0"], ["officer_a", "--name", " "]]
)
def test_command_errors(world, args):
    with pytest.raises(CommandError):
        call_command("issue_api_token", *args, stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()
