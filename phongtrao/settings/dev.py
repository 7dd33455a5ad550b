"""Development: SQLite in var/, debug on, demo mode on."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, database_from_env

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'var' / 'phongtrao.sqlite3'}")}
PHONGTRAO_DEMO = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# runserver serves static files through WhiteNoise straight from the finders (no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
