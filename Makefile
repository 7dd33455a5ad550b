# Phong Trào: the two commands of the README are `make run` and `make test`.
# Everything they need is installed by `make setup`, which both call.
SHELL := /bin/bash
PYTHON_VERSION := 3.12
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := chromium chromium-driver fonts-liberation2 libharfbuzz-subset0 poppler-utils gettext
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: setup system-packages python-env assets messages run test lint demo-db

setup: system-packages python-env assets messages

# Debian packages for PDF fonts, browser tests and translations (root on these machines).
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Python 3.12 from pyenv (selected by .python-version), uv from PyPI, packages from uv.lock.
python-env:
	@PYBIN=$$(command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION)); \
	if [ -z "$$PYBIN" ]; then echo "Python $(PYTHON_VERSION) is required (pyenv install $(PYTHON_VERSION))"; exit 1; fi; \
	$$PYBIN -m uv --version 2>/dev/null | grep -q "$(UV_VERSION)" || $$PYBIN -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"; \
	$$PYBIN -m uv sync --frozen --quiet --python "$$PYBIN"

# Bootstrap, its icons and HTMX from the npm registry, served locally (no CDN).
assets:
	@[ -d node_modules/bootstrap ] && [ -d node_modules/htmx.org ] && [ -d node_modules/bootstrap-icons ] || npm ci --no-audit --no-fund --loglevel=error

messages:
	@cd phongtrao && ../$(PY) ../manage.py compilemessages -l vi -v0

# (a) Start on SQLite with reference and demo data; prints where to log in.
run: setup
	@mkdir -p var
	@$(PY) manage.py migrate -v0
	@$(PY) manage.py load_reference
	@$(PY) manage.py load_calendar
	@$(PY) manage.py load_demo
	@echo ""
	@echo "Phong Trào is running at http://127.0.0.1:8000/  (stop with Ctrl+C)"
	@$(PY) manage.py demo_logins
	@# Background work (site selection and large imports with progress, emails) runs in db_worker
	@# beside the web server; both stop with Ctrl+C.
	@$(PY) manage.py db_worker >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# (b) The whole test suite: lint, import contracts, unit, integration and browser tests.
test: setup
	@$(VENV)/bin/ruff check phongtrao tests bench
	@$(VENV)/bin/lint-imports --config pyproject.toml
	@$(VENV)/bin/mypy phongtrao
	@$(PY) manage.py makemigrations --check --dry-run -v0 --settings=phongtrao.settings.test
	@$(PY) -m pytest -q; status=$$?; if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status
