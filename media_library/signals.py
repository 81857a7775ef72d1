"""File cleanup only: when a media row is deleted, delete its stored files once the transaction commits.

A rolled-back delete keeps its files; storage errors are logged, never raised into the request.
"""

import logging
from functools import partial

from django.db import models, transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def _delete_stored_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # a missing or unreachable file must not break the page that deleted the row
        logger.exception("Could not delete media file %s", name)


def delete_files_on_commit(sender, instance, **kwargs):
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            stored = getattr(instance, field.attname)
            if stored and stored.name:
                transaction.on_commit(partial(_delete_stored_file, stored.storage, stored.name))


def connect() -> None:
    from .models import Image, Rendition, Video

    for model in (Image, Rendition, Video):
        post_delete.connect(delete_files_on_commit, sender=model, dispatch_uid=f"media_files_{model.__name__}")
