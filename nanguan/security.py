"""Content-Security-Policy header (Django 5.2 has none built in; the rule is a few lines), the
secret key check the web entry points make before serving, and the client address the login
throttle counts by."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Public pages: scripts and styles from this origin only, nothing inline (a test keeps the public
# templates free of inline script and style); JSON-LD blocks are data, not script, and are not affected.
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The admin also allows inline script: django-import-export's export page uses an inline onchange
# handler. Only signed-in staff reach it, and every value shown there is still escaped.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],  # Django's and the apps' admin templates use style attributes
}


def _header(policy: dict[str, list[str]]) -> str:
    extra = settings.CSP_EXTRA_MEDIA_ORIGINS
    sources = {name: values + extra if name in ("img-src", "media-src") else values for name, values in policy.items()}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in sources.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public = _header(PUBLIC_POLICY)
        self.admin = _header(ADMIN_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = self.admin if admin else self.public
        return response


def require_secret_key() -> None:
    """Refuse to serve without SECRET_KEY (sessions, CSRF tokens and signed links need it), at start
    rather than at the first request that signs something."""
    try:
        key = settings.SECRET_KEY  # Django refuses to read an empty one
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


def _trusted_proxy(address: str) -> bool:
    if "*" in settings.FORWARDED_ALLOW_IPS:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.FORWARDED_ALLOW_IPS)


def client_ip(request) -> str:
    """The address a request came from, for django-axes (``AXES_CLIENT_IP_CALLABLE``).

    Behind the reverse proxy every request arrives from the proxy's address, which would make one
    lock-out shut a username out for everyone. X-Forwarded-For is read only when the request comes
    from a proxy in ``FORWARDED_ALLOW_IPS``, and from the right: the proxy appends the address it
    saw, so whatever a client wrote in the header itself stays to the left and is never used.
    """
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    while forwarded and _trusted_proxy(address):
        candidate = forwarded.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break  # not written by a proxy of ours (the address column would refuse it, too)
        address = candidate
    return address
