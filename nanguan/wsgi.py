"""WSGI entry point (gunicorn nanguan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nanguan.settings")

application = get_wsgi_application()
