"""The whole site's content in one archive, and back (``export_site`` / ``import_site``).

An archive is a zip file:

- ``manifest.json``: format version, when it was made, rows per model, file count;
- ``data.jsonl``: Django's JSON Lines serialization, one row a line, of every row of the content
  apps (interviews, questions, guests, people, regions, series, the workflow log, proofreading
  rules, edit history, search passages, indicators, observations, images, renditions, videos) and
  of users (roles, flags, not passwords) and groups, with natural keys for users, groups and
  permissions so they match the target's own; each model's rows in id order;
- ``media/<name>``: every file the rows point to, under its storage name.

Both directions stream, so memory does not grow with the archive (``bench/backup_bench.py``):
export writes the rows model by model from chunked querysets, import reads them line by line.
Archives of format 1 (``data.json``, one JSON list, written before rows streamed) still import;
their list is read whole, as it was written.

Import refuses a database that already holds interviews, figures or media, replaces the reference
rows a fresh database is seeded with (regions, indicators), and runs in one transaction: on any
error nothing is left behind, neither rows nor files. Before anything is written a first pass over
the archive checks it: only rows of the models an export writes, no id twice (each model's ids
ascending, as export writes them, so no set of every id is kept), media names that stay inside the
storage (no absolute path, ``..``, backslash or symlink), none twice, none larger than an upload.
That pass copies the rows to a temporary file, which the second pass loads in batches (``_load``).

Accounts and groups already in the target (``make run``'s admin, the roles its migrations made) are
left as they are: the archive's rows for them are skipped, so neither a password nor a flag, a
group membership or a role's permissions changes, and rows citing them by name point to them. An
account or group row with a numeric id, which export never writes, is refused: loaded, it would be
saved over whichever account has that id.
"""

import io
import json
import stat
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time
from itertools import groupby, islice
from operator import itemgetter
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from nanguan.page_cache import content_changed

FORMAT = 2
DATA_MEMBERS = {1: "data.json", 2: "data.jsonl"}  # formats import reads, and where their rows are
CONTENT_APPS = ["media_library", "interviews", "indicators"]
ACCOUNT_MODELS = ["auth.group", "auth.user"]
# Rows a visitor or an editor may have made; their presence means the database is not empty.
CONTENT_MODELS = ["interviews.interview", "indicators.observation", "media_library.image", "media_library.video"]
# Rows fetched from the database at a time by export: an interview's history rows carry its whole
# transcript, so a chunk of Django's default 2,000 could take a hundred megabytes.
CHUNK_SIZE = 100
# Rows of one model import deserializes and inserts at a time (few, for the same reason).
LOAD_BATCH = 100


class BackupError(Exception):
    """A problem an operator must fix, in words they read (Chinese)."""


@dataclass(frozen=True)
class Summary:
    rows: dict[str, int]
    files: int
    # Accounts and groups of the archive that the target already had, and kept as they were (import).
    kept_users: tuple[str, ...] = ()
    kept_groups: tuple[str, ...] = ()


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


class RowSerializer(jsonl.Serializer):
    """Django's JSON Lines, with no account's password: none leaves the site (see import_site)."""

    def end_object(self, obj):
        row = self.get_dump_object(obj)
        if obj._meta.label_lower == "auth.user":
            row["fields"]["password"] = "!"
        # json.dumps, not json.dump to the stream as Django's does: dump encodes in Python, dumps in C.
        self.stream.write(json.dumps(row, **self.json_kwargs) + "\n")
        self._current = None


def _all_rows(counts: Counter) -> Iterator[models.Model]:
    """Every row to export, models in an order loaddata can follow (what each refers to first),
    each model's rows by id, ``CHUNK_SIZE`` fetched at a time; ``counts`` counts them per model."""
    app_list = [(apps.get_app_config(label), None) for label in CONTENT_APPS]
    app_list += [(apps.get_app_config("auth"), [apps.get_model(label) for label in ACCOUNT_MODELS])]
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        label = model._meta.label_lower
        if label in ACCOUNT_MODELS or model._meta.app_label in CONTENT_APPS:
            for row in model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=CHUNK_SIZE):
                counts[label] += 1
                yield row


def export_site(archive: Path) -> Summary:
    """Write every content row, account and file to ``archive`` (a zip file)."""
    counts = Counter()
    names = sorted(set(_files()))
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        # Sizes are known only at the end and may pass 2 GiB: zip64 from the start.
        with io.TextIOWrapper(out.open("data.jsonl", "w", force_zip64=True), encoding="utf-8", newline="\n") as data:
            RowSerializer().serialize(
                _all_rows(counts),
                stream=data,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
                cls=FullPrecisionEncoder,
            )
        for name in names:
            if not default_storage.exists(name):
                raise BackupError(f"文件 {name} 在存储中不存在，无法导出；请先修复该媒体。")
            with default_storage.open(name, "rb") as source, out.open(f"media/{name}", "w", force_zip64=True) as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
        manifest = {"format": FORMAT, "created": timezone.now().isoformat(), "rows": counts, "files": len(names)}
        out.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return Summary(rows=dict(counts), files=len(names))


def import_site(archive: Path) -> Summary:
    """Load an archive made by ``export_site`` (format 1 or 2) into a database without content."""
    try:
        bundle = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"无法读取备份文件 {archive}：不是有效的 zip 文件（{error}）。") from error
    with bundle, tempfile.TemporaryDirectory() as work:
        data = _data_member(bundle)
        fixture = Path(work) / "rows.jsonl"
        try:
            counts, kept = _check_and_copy(_rows(bundle, data), data, fixture)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise BackupError(f"备份文件已损坏，无法读出 {data}（{error}），拒绝导入。") from error
        media = _media_members(bundle)
        for label in CONTENT_MODELS:
            if apps.get_model(label).objects.exists():
                raise BackupError(
                    f"目标数据库已有内容（{apps.get_model(label)._meta.verbose_name}），"
                    "只能导入到新建的空数据库；请先运行 migrate 建立空库。"
                )
        written: list[str] = []
        try:
            with transaction.atomic():
                # A fresh database is seeded with regions and indicators; the archive's own replace them.
                for model in reversed(_content_models()):
                    _delete_all(model)
                try:
                    _load(fixture)
                except Exception as error:  # a row the models refuse (a wrong type, a missing row it needs)
                    raise BackupError(f"备份数据无法载入，未导入任何内容：{error}") from error
                content_changed()  # raw inserts send no signal
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
    return Summary(
        rows=dict(counts),
        files=len(media),
        kept_users=tuple(sorted(kept["auth.user"])),
        kept_groups=tuple(sorted(kept["auth.group"])),
    )


def _load(fixture: Path) -> None:
    """The second pass: the checked rows into the database, up to ``LOAD_BATCH`` of a model per INSERT.

    What ``loaddata`` does a row at a time (an UPDATE tried, then an INSERT), in batches: raw
    inserts keep the stored values (``auto_now`` would overwrite times) and send no
    signals (the rows bring their own history and search passages); accounts, which carry their
    groups, and rows whose natural keys point ahead are saved one by one as loaddata saves them;
    foreign keys are checked and id sequences reset at the end."""
    loaded: set[type[models.Model]] = set()
    deferred: list[serializers.base.DeserializedObject] = []
    with fixture.open(encoding="ascii") as lines:
        for _, group in groupby((json.loads(line) for line in lines), key=itemgetter("model")):
            while batch := list(islice(group, LOAD_BATCH)):
                plain = []
                for item in serializers.deserialize("python", batch, handle_forward_references=True):
                    if item.object._meta.label_lower in ACCOUNT_MODELS and item.object.pk is not None:
                        # Matched by name an account made since the first pass skipped the existing ones.
                        raise BackupError(f"账号或用户组 {item.object} 在导入期间已被创建，请重新导入。")
                    loaded.add(type(item.object))
                    if item.m2m_data or item.deferred_fields:
                        item.save()
                        deferred += [item] if item.deferred_fields else []
                    else:
                        plain.append(item.object)
                _insert_raw(plain)
    for item in deferred:
        item.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
            cursor.execute(statement)


def _insert_raw(objects: list[models.Model]) -> None:
    """Rows of one model as they are (as ``save(raw=True)`` saves one), in as few INSERTs as the database allows."""
    if not objects:
        return
    model = type(objects[0])
    fields = model._meta.local_concrete_fields
    size = max(connection.ops.bulk_batch_size(fields, objects), 1)
    for start in range(0, len(objects), size):
        # QuerySet._insert is what save() and bulk_create() call; bulk_create() has no raw mode.
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)


def _delete_all(model) -> None:
    """Every row of ``model``; a tree protected by its own parent links (regions) goes leaves first."""
    children = [f for f in model._meta.get_fields() if f.one_to_many and f.related_model is model]
    rows = model.objects.all()
    while rows.exists():
        rows.filter(**{f.field.related_query_name(): None for f in children}).delete()


def _data_member(bundle: zipfile.ZipFile) -> str:
    """The member holding the rows, for the format the manifest names."""
    try:
        manifest = json.loads(bundle.read("manifest.json"))
    except (KeyError, ValueError) as error:
        raise BackupError("备份文件不完整：缺少 manifest.json。") from error
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if type(found) is not int or found not in DATA_MEMBERS:
        raise BackupError(f"备份格式版本 {found} 与本系统（{FORMAT}，也可读 1）不符。")
    member = DATA_MEMBERS[found]
    try:
        bundle.getinfo(member)
    except KeyError as error:
        raise BackupError(f"备份文件不完整：缺少 {member}。") from error
    return member


def _rows(bundle: zipfile.ZipFile, member: str) -> Iterator:
    """The archive's rows, parsed, one at a time; a format 1 list is read whole."""
    if member == DATA_MEMBERS[1]:
        try:
            rows = json.loads(bundle.read(member))
        except ValueError as error:
            raise BackupError(f"备份文件 {member} 不是有效的 JSON，拒绝导入。") from error
        if not isinstance(rows, list):
            raise BackupError(f"备份文件 {member} 格式不对：应为 export_site 写出的记录列表。")
        yield from rows
        return
    with bundle.open(member) as lines:
        for number, line in enumerate(lines, start=1):  # split at b"\n" only, as JSON Lines is
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError as error:
                raise BackupError(f"备份文件 {member} 第 {number} 行不是有效的 JSON，拒绝导入。") from error


def _check_and_copy(rows: Iterable, member: str, fixture: Path) -> tuple[Counter, dict[str, list[str]]]:
    """The first pass: each row checked (see ``_check_row``) and written to ``fixture`` as JSON
    Lines, new accounts without a password; returns the rows per model, and the names of the
    accounts and groups skipped because the target has them (kept as they are)."""
    allowed = {model._meta.label_lower for model in _content_models()} | set(ACCOUNT_MODELS)
    # Accounts and groups already in the target (e.g. the admin ``make run`` made, the roles) stay
    # as they are: password, flags, groups, permissions. They are few, so their names fit in a set.
    existing = {
        "auth.user": set(get_user_model().objects.values_list("username", flat=True)),
        "auth.group": set(Group.objects.values_list("name", flat=True)),
    }
    kept: dict[str, list[str]] = {label: [] for label in ACCOUNT_MODELS}
    last_ids: dict[str, int] = {}
    accounts: set[tuple[str, str]] = set()
    counts = Counter()
    # ASCII only (json.dumps' default): loaddata opens the fixture in the locale's encoding.
    with fixture.open("w", encoding="ascii", newline="\n") as out:
        for row in rows:
            label = _check_row(row, member, allowed, last_ids, accounts)
            if label in ACCOUNT_MODELS:
                name = row["fields"]["username" if label == "auth.user" else "name"]
                if name in existing[label]:
                    kept[label].append(name)
                    continue
                if label == "auth.user":
                    row["fields"]["password"] = "!"  # whatever the archive says: none travels
            out.write(json.dumps(row) + "\n")
            counts[label] += 1
    return counts, kept


def _check_row(row, member: str, allowed: set[str], last_ids: dict[str, int], accounts: set) -> str:
    """A row as export_site writes it: an object of an exported model, its id not seen before. Returns its model."""
    if not (isinstance(row, dict) and isinstance(row.get("model"), str) and isinstance(row.get("fields"), dict)):
        raise BackupError(f"备份文件 {member} 格式不对：应为 export_site 写出的记录。")
    label = row["model"]
    if label not in allowed:
        raise BackupError(f"备份中有不属于站点内容的记录（{label}），拒绝导入。")
    if label in ACCOUNT_MODELS:
        # Accounts and groups travel by natural key (username, name); they are few, so a set will do.
        key = row["fields"].get("username" if label == "auth.user" else "name")
        if row.get("pk") is not None:
            raise BackupError(
                f"备份中的账号记录 {label} {key} 带有编号（{row['pk']}）：export_site 只按名称写出账号和用户组，"
                "带编号的记录会覆盖目标数据库中同编号的账号，拒绝导入。"
            )
        unique = isinstance(key, str) and (label, key) not in accounts
        accounts.add((label, key))
    else:
        # Export writes each model's rows by ascending id, so an id not above the last one is a repeat
        # (or rows out of order), found without keeping every id.
        key, last = row.get("pk"), last_ids.get(label)
        unique = type(key) is int and (last is None or key > last)
        last_ids[label] = key
    if not unique:
        raise BackupError(f"备份中的记录 {label} {key} 重复、缺少编号或未按编号顺序排列，拒绝导入。")
    return label


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
