"""Site-wide security: CSP without inline script or style, CSRF, deploy checks, login lockout."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)
EXTERNAL = re.compile(r"""(src|href)=["']https?://""", re.IGNORECASE)


def _pages(world):
    return [
        reverse("home"),
        reverse("search") + "?q=dak+lak",
        reverse("org:unit_list"),
        reverse("org:unit_detail", args=[world.province_a.pk]),
        reverse("org:area_list"),
        reverse("org:area_detail", args=[world.area_commune_a.pk]),
        reverse("org:residential_area_import", args=[world.area_commune_a.pk]),
        reverse("org:tag_list"),
        reverse("org:committee_list"),
        reverse("meetings:list"),
        reverse("audit:changes"),
        reverse("password_change"),
        reverse("common:calendar"),
        reverse("work:programme_list"),
        reverse("schemes:list"),
    ]


def test_pages_have_csp_and_no_inline_code(world, client_for):
    client = client_for(world.officer_a)
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline script on {url}"
        assert not STYLE_ATTR.search(html), f"style attribute on {url}"
        assert not INLINE_HANDLER.search(html), f"inline event handler on {url}"
        assert not EXTERNAL.search(html), f"external resource on {url}"


def test_login_page_has_no_inline_code(client, db):
    html = client.get(reverse("login")).content.decode()
    assert not INLINE_SCRIPT.search(html) and not STYLE_ATTR.search(html)


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    response = client.post(reverse("org:area_tags_update", args=[world.area_commune_a2.pk]), {"tags": [world.region.pk]})
    assert response.status_code == 403
    assert not world.area_commune_a2.tags.exists()


def test_lockout_after_five_failures(world, client):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "officer_a", "password": "sai-mat-khau"})
    response = client.post(url, {"username": "officer_a", "password": "Mật-khẩu-Thử-2025!"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_in(world, client, password):
    response = client.post(reverse("login"), {"username": "officer_a", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.officer_a.pk)


def test_weak_passwords_are_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "matkhaudaidai", "Matkhau12345"]:
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak} was accepted")
    validate_password("Cong-An-Xa-2025!")


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set by the browser tests
        "DJANGO_SETTINGS_MODULE": "phongtrao.settings.prod",
        "SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghijklmnopqrstuv",
        "ALLOWED_HOSTS": "phongtrao.bca",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env["DJANGO_SETTINGS_MODULE"] = "phongtrao.settings.prod"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_loading_is_refused_in_production(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "phongtrao.settings.prod",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "x",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "Demo mode is off" in result.stderr
