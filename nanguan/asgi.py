"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from nanguan.security import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nanguan.settings")

application = get_asgi_application()
require_secret_key()
