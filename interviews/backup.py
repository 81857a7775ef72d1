"""The whole site's content in one archive, and back (``export_site`` / ``import_site``).

An archive is a zip file:

- ``manifest.json``: format version, when it was made, rows per model, file count;
- ``data.json``: Django's serialization of every row of the content apps (interviews, questions,
  guests, people, regions, series, the workflow log, proofreading rules, edit history, indicators,
  observations, images, renditions, videos) and of users (roles, flags, not passwords) and groups,
  with natural keys for users, groups and permissions so they match the target's own;
- ``media/<name>``: every file the rows point to, under its storage name.

Import refuses a database that already holds interviews, figures or media, replaces the reference
rows a fresh database is seeded with (regions, indicators), and runs in one transaction: on any
error nothing is left behind, neither rows nor files. Before anything is written the archive is
checked: only rows of the models an export writes, no id twice, media names that stay inside the
storage (no absolute path, ``..``, backslash or symlink), none twice, none larger than an upload.
"""

import json
import stat
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

FORMAT = 1
CONTENT_APPS = ["media_library", "interviews", "indicators"]
ACCOUNT_MODELS = ["auth.group", "auth.user"]
# Rows a visitor or an editor may have made; their presence means the database is not empty.
CONTENT_MODELS = ["interviews.interview", "indicators.observation", "media_library.image", "media_library.video"]


class BackupError(Exception):
    """A problem an operator must fix, in words they read (Chinese)."""


@dataclass(frozen=True)
class Summary:
    rows: dict[str, int]
    files: int


def _content_models() -> list[type[models.Model]]:
    return [model for label in CONTENT_APPS for model in apps.get_app_config(label).get_models()]


def _files():
    """(storage name) of every file the content rows point to."""
    for model in _content_models():
        if model.__name__.startswith("Historical"):
            continue  # history keeps old names only; the files are those of the live rows
        file_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in file_fields:
            for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
                if name:
                    yield name


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds; pages show the stored value)."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _all_rows():
    """Every row to export, models in an order loaddata can follow (what each refers to first)."""
    app_list = [(apps.get_app_config(label), None) for label in CONTENT_APPS]
    app_list += [(apps.get_app_config("auth"), [apps.get_model(label) for label in ACCOUNT_MODELS])]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if model._meta.label_lower in ACCOUNT_MODELS or model._meta.app_label in CONTENT_APPS:
            yield from model._base_manager.order_by(model._meta.pk.name).iterator()


def export_site(archive: Path) -> Summary:
    """Write every content row, account and file to ``archive`` (a zip file)."""
    rows = json.loads(
        serializers.serialize(
            "json",
            _all_rows(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            cls=FullPrecisionEncoder,
        )
    )
    for row in rows:
        if row["model"] == "auth.user":
            row["fields"]["password"] = "!"  # no password leaves the site; see import_site
    counts = Counter(row["model"] for row in rows)
    names = sorted(set(_files()))
    manifest = {"format": FORMAT, "created": timezone.now().isoformat(), "rows": counts, "files": len(names)}
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        out.writestr("data.json", json.dumps(rows, ensure_ascii=False))
        for name in names:
            if not default_storage.exists(name):
                raise BackupError(f"文件 {name} 在存储中不存在，无法导出；请先修复该媒体。")
            with default_storage.open(name, "rb") as source, out.open(f"media/{name}", "w") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
    return Summary(rows=dict(counts), files=len(names))


def import_site(archive: Path) -> Summary:
    """Load an archive made by ``export_site`` into a database without content."""
    try:
        bundle = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"无法读取备份文件 {archive}：不是有效的 zip 文件（{error}）。") from error
    with bundle:
        try:
            manifest = json.loads(bundle.read("manifest.json"))
            rows = json.loads(bundle.read("data.json"))
        except (KeyError, ValueError) as error:
            raise BackupError("备份文件不完整：缺少 manifest.json 或 data.json。") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            found = manifest.get("format") if isinstance(manifest, dict) else None
            raise BackupError(f"备份格式版本 {found} 与本系统（{FORMAT}）不符。")
        _check_rows(rows)
        media = _media_members(bundle)
        for label in CONTENT_MODELS:
            if apps.get_model(label).objects.exists():
                raise BackupError(
                    f"目标数据库已有内容（{apps.get_model(label)._meta.verbose_name}），"
                    "只能导入到新建的空数据库；请先运行 migrate 建立空库。"
                )
        _keep_existing_passwords(rows)
        written: list[str] = []
        try:
            with transaction.atomic(), tempfile.TemporaryDirectory() as work:
                # A fresh database is seeded with regions and indicators; the archive's own replace them.
                for model in reversed(_content_models()):
                    _delete_all(model)
                fixture = Path(work) / "data.json"
                fixture.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
                try:
                    call_command("loaddata", str(fixture), verbosity=0)
                except Exception as error:  # a row the models refuse (a wrong type, a missing row it needs)
                    raise BackupError(f"备份数据无法载入，未导入任何内容：{error}") from error
                for member in media:
                    name = member.removeprefix("media/")
                    if default_storage.exists(name):
                        continue
                    with bundle.open(member) as source:
                        saved = default_storage.save(name, File(source, name=name))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"文件 {name} 无法按原名保存（存储给出 {saved}）。")
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return Summary(rows=dict(Counter(row["model"] for row in rows)), files=len(media))


def _delete_all(model) -> None:
    """Every row of ``model``; a tree protected by its own parent links (regions) goes leaves first."""
    children = [f for f in model._meta.get_fields() if f.one_to_many and f.related_model is model]
    rows = model.objects.all()
    while rows.exists():
        rows.filter(**{f.field.related_query_name(): None for f in children}).delete()


def _keep_existing_passwords(rows: list[dict]) -> None:
    """Accounts already in the target (e.g. the admin ``make run`` made) keep their password."""
    User = get_user_model()
    existing = dict(User.objects.values_list("username", "password"))
    for row in rows:
        if row["model"] == "auth.user":
            username = row["fields"]["username"]
            row["fields"]["password"] = existing.get(username, "!")


def _check_rows(rows) -> None:
    """Rows as export_site writes them: a list of objects of the exported models, each id once."""
    if not isinstance(rows, list) or not all(
        isinstance(row, dict) and isinstance(row.get("model"), str) and isinstance(row.get("fields"), dict)
        for row in rows
    ):
        raise BackupError("备份文件 data.json 格式不对：应为 export_site 写出的记录列表。")
    allowed = {model._meta.label_lower for model in _content_models()} | set(ACCOUNT_MODELS)
    seen = set()
    for row in rows:
        if row["model"] not in allowed:
            raise BackupError(f"备份中有不属于站点内容的记录（{row['model']}），拒绝导入。")
        # Accounts and groups travel by natural key (username, name); everything else by id.
        key = row.get("pk", row["fields"].get("username", row["fields"].get("name")))
        if not isinstance(key, int | str) or (row["model"], key) in seen:
            raise BackupError(f"备份中的记录 {row['model']} {key} 重复或缺少编号，拒绝导入。")
        seen.add((row["model"], key))


def _media_members(bundle: zipfile.ZipFile) -> list[str]:
    """The archive's media files, each checked to land inside the storage as a plain file.

    Stricter than the transcript import's member check (``sources._unsafe``): these names become file
    names in the storage, transcripts are only read."""
    limit = max(settings.MEDIA_IMAGE_MAX_BYTES, settings.MEDIA_VIDEO_MAX_BYTES)
    members: dict[str, None] = {}  # in archive order, with a constant-time repeat check
    for info in bundle.infolist():
        if not info.filename.startswith("media/") or info.is_dir():
            continue
        name = info.filename.removeprefix("media/")
        path = PurePosixPath(name)
        if not name or str(path) != name or path.is_absolute() or ".." in path.parts or "\\" in name or ":" in name:
            raise BackupError(f"备份中的文件路径不安全（{info.filename}），拒绝导入。")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BackupError(f"备份中的文件 {info.filename} 是符号链接，拒绝导入。")
        if info.filename in members:
            raise BackupError(f"备份中的文件 {info.filename} 重复出现，拒绝导入。")
        if info.file_size > limit:
            raise BackupError(
                f"备份中的文件 {info.filename} 过大（{info.file_size} 字节），超过上传上限 {limit} 字节。"
            )
        members[info.filename] = None
    return list(members)
