"""Settings for benchmarks and load tests: the development settings with DEBUG off.

DEBUG would keep every SQL query in memory and render templates through the non-cached loader,
which is not what a deployment runs. The database comes from DATABASE_URL as everywhere else;
static files are served by WhiteNoise from the finders, so no collectstatic is needed, and the
session cookie is not marked Secure because the load test speaks plain HTTP to 127.0.0.1.
"""

import os
import warnings

from phongtrao.settings.dev import *  # noqa: F403
from phongtrao.settings.dev import DATABASES

# WhiteNoise serves from the finders; it only warns that STATIC_ROOT (collectstatic) is absent.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Experiments only (bench/README_bench.md): BENCH_SQLITE_MMAP=<bytes> maps the SQLite file into
# memory on every connection; BENCH_CONN_MAX_AGE=<seconds> keeps connections between requests.
# Unset, the benchmarks run the project's own database settings.
if os.environ.get("BENCH_SQLITE_MMAP") and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["init_command"] = options.get("init_command", "") + f" PRAGMA mmap_size={int(os.environ['BENCH_SQLITE_MMAP'])};"
if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])
