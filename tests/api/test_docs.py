"""The interactive documentation works on an air-gapped intranet under the strict CSP."""

import re

from django.contrib.staticfiles import finders

DOCS = "/api/v1/docs"


def test_docs_need_login(world, client):
    response = client.get(DOCS)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_docs_load_nothing_from_outside(world, client_for):
    response = client_for(world.officer_a).get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html
    assert "https://" not in html
    assert "swagger-ui" in html
    # Every script is a local file, except the JSON settings block that is never executed.
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html
    # Swagger UI reads its settings from that block; the validator badge (an external call) is off.
    assert '"validatorUrl": null' in html
    assert '"url": "/api/v1/openapi.json"' in html


def test_docs_run_under_the_site_csp_without_inline_script(world, client_for):
    response = client_for(world.officer_a).get(DOCS)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_docs_assets_are_served_by_staticfiles(world, client_for):
    html = client_for(world.officer_a).get(DOCS).content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert len(assets) >= 3
    missing = [asset for asset in assets if finders.find(asset) is None]
    assert not missing, f"not found by staticfiles (is 'ninja' in INSTALLED_APPS?): {missing}"
