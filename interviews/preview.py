"""Signed, expiring links that let someone without an account read a draft."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "interviews.preview"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def share_url(interview) -> str:
    """The path of a preview link for ``interview``, valid for ``settings.PREVIEW_LINK_MAX_AGE``."""
    return reverse("interviews:preview", kwargs={"token": _signer().sign(str(interview.pk))})


def interview_pk(token: str) -> int:
    """The interview a token names; raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    value = _signer().unsign(token, max_age=settings.PREVIEW_LINK_MAX_AGE)
    if not value.isdigit():
        raise signing.BadSignature("not an interview id")
    return int(value)
