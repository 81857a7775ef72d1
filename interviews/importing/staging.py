"""Keep uploaded files between the admin's preview and its confirmation.

The preview must not save anything, and the confirmation must import exactly the bytes that were
previewed without the browser sending them again. The bytes go to a fresh random folder under
``settings.IMPORT_STAGING_DIR`` (outside MEDIA_ROOT, so never served), file names are our own
(``0.bin``, ``1.bin`` …; the editor's names live in ``manifest.json``), and the page only carries a
token signed with SECRET_KEY that names the folder and the user. A token from another user, a
tampered token or one older than ``MAX_AGE`` is refused. Folders are removed on confirmation, and
any left behind (preview never confirmed) are removed after ``MAX_AGE`` by the next upload.
"""

import contextlib
import json
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core import signing

MAX_AGE = 60 * 60  # seconds an editor has between preview and confirmation
_SALT = "interviews.importing.staging"


class StagingError(ValueError):
    """The staged upload cannot be used; the message is for editors."""


def _root() -> Path:
    return Path(settings.IMPORT_STAGING_DIR)


def stage(files: list[tuple[str, bytes]], *, user_id: int) -> str:
    """Store the uploaded (name, bytes) pairs; return the signed token for the confirmation form."""
    _remove_expired()
    key = uuid.uuid4().hex
    folder = _root() / key
    folder.mkdir(parents=True)
    for index, (_, data) in enumerate(files):
        (folder / f"{index}.bin").write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps([name for name, _ in files], ensure_ascii=False), "utf-8")
    return signing.dumps({"key": key, "user": user_id}, salt=_SALT)


def _folder(token: str, user_id: int) -> Path:
    try:
        value = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise StagingError("预览已超过 1 小时，请重新上传文件。") from error
    except signing.BadSignature as error:
        raise StagingError("导入请求无效，请重新上传文件。") from error
    if value.get("user") != user_id:
        raise StagingError("这份预览属于其他用户，请重新上传文件。")
    folder = _root() / str(value.get("key", ""))
    if not str(value.get("key", "")).isalnum() or not (folder / "manifest.json").is_file():
        raise StagingError("预览的文件已不存在（可能已经导入过），请重新上传。")
    return folder


def load(token: str, *, user_id: int) -> list[tuple[str, bytes]]:
    """The files staged under ``token``, in upload order."""
    folder = _folder(token, user_id)
    names = json.loads((folder / "manifest.json").read_text("utf-8"))
    return [(name, (folder / f"{index}.bin").read_bytes()) for index, name in enumerate(names)]


def discard(token: str, *, user_id: int) -> None:
    with contextlib.suppress(StagingError):
        shutil.rmtree(_folder(token, user_id), ignore_errors=True)


def _remove_expired() -> None:
    root = _root()
    if not root.is_dir():
        return
    cutoff = time.time() - MAX_AGE
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
