"""WSGI entry point (gunicorn nanguan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from nanguan.security import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nanguan.settings")

application = get_wsgi_application()
require_secret_key()
