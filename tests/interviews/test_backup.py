import io
import json
import shutil
import tracemalloc
import zipfile
from collections import Counter
from datetime import datetime, time

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Observation
from interviews import backup
from interviews.importing.loader import save_interview
from interviews.importing.parser import parse_transcript
from interviews.models import Interview, ProofreadingRule, Series, Transition
from media_library.models import Image
from tests.factories import add_to_gallery, make_image, make_interview, make_user, make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(sample_text):
    """A small site: the sample interview with figures and photos, a video interview, a withdrawn one."""
    reviewer = make_user("reviewer", "审核")
    make_user("editor", "编辑")
    interview = save_interview(parse_transcript(sample_text), source_text=sample_text).interview
    add_to_gallery(interview, make_image(alt_text="项目工地", caption="重点项目现场"), make_image(alt_text="街景"))
    interview.cover_image = make_image(alt_text="封面")
    interview.save()
    interview.publish(by=reviewer)
    Observation.objects.filter(span_text__in=["220亿元", "495.7亿元"]).update(status=Observation.Status.CONFIRMED)
    make_interview(title="视频访谈", kind="video", video=make_video(poster=make_image(alt_text="视频封面")))
    make_interview(title="撤回的访谈").withdraw(by=reviewer, reason="数据有误")
    ProofreadingRule.objects.create(wrong="帐篷测试错", right="帐篷测试对")
    return interview


def pages(client, interview) -> dict[str, bytes]:
    region, series = interview.region, interview.series
    urls = [
        reverse("interviews:home"),
        reverse("interviews:interview_list"),
        interview.get_absolute_url(),
        Interview.objects.get(title="视频访谈").get_absolute_url(),
        Interview.objects.get(title="撤回的访谈").get_absolute_url(),
        region.get_absolute_url(),
        reverse("interviews:region_list"),
        reverse("interviews:series_list"),
        reverse("interviews:search") + "?q=营商环境",
        reverse("interviews:feed_atom"),
        reverse("sitemap"),
        reverse("indicators:indicator_list"),
        reverse("indicators:indicator_detail", args=["gdp"]),
        reverse("indicators:all_csv"),
    ]
    if series:
        urls.append(series.get_absolute_url())
    return {url: client.get(url).content for url in urls}


def empty_the_site(media_root):
    for model in reversed(backup._content_models()):
        backup._delete_all(model)
    User.objects.all().delete()
    shutil.rmtree(media_root, ignore_errors=True)


def test_export_then_import_into_an_empty_site_gives_the_same_public_pages(client, site, tmp_path, media_root):
    before = pages(client, site)
    files_before = {p.relative_to(media_root): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}
    archive = tmp_path / "site.zip"
    out = io.StringIO()
    call_command("export_site", str(archive), stdout=out)
    assert "已导出" in out.getvalue()

    empty_the_site(media_root)
    assert client.get(site.get_absolute_url()).status_code == 404
    call_command("import_site", str(archive), stdout=io.StringIO())

    after = pages(client, site)
    assert {url: page for url, page in after.items() if page != before[url]} == {}
    assert "重点项目现场" in before[site.get_absolute_url()].decode()
    files_after = {p.relative_to(media_root): p.read_bytes() for p in media_root.rglob("*") if p.is_file()}
    assert files_after == files_before and len(files_before) >= 5
    # Roles and the workflow log come back; passwords never leave the site.
    reviewer = User.objects.get(username="reviewer")
    assert list(reviewer.groups.values_list("name", flat=True)) == ["审核"]
    assert not reviewer.has_usable_password()
    assert list(Transition.objects.filter(reason="数据有误").values_list("by__username", flat=True)) == ["reviewer"]
    assert ProofreadingRule.objects.filter(wrong="帐篷测试错", right="帐篷测试对").exists()


def archive_rows(archive) -> list[dict]:
    with zipfile.ZipFile(archive) as bundle:
        return [json.loads(line) for line in bundle.read("data.jsonl").decode().split("\n") if line]


def test_after_an_import_editors_can_add_rows(site, tmp_path, media_root):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())
    highest = max(Interview.objects.values_list("pk", flat=True))
    empty_the_site(media_root)
    with connection.cursor() as cursor:  # ids start again from 1, as in a fresh database
        for statement in connection.ops.sequence_reset_sql(no_style(), backup._content_models()):
            cursor.execute(statement)
    call_command("import_site", str(archive), stdout=io.StringIO())

    # The ids the archive used are taken: new rows get others (PostgreSQL's sequences are reset).
    assert make_interview(title="导入后新建").pk > highest
    assert ProofreadingRule.objects.create(wrong="导入后", right="导入以后").pk


def test_the_archive_holds_one_row_a_line_and_no_password(site, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())

    rows = archive_rows(archive)
    users = [row for row in rows if row["model"] == "auth.user"]
    assert {row["fields"]["username"] for row in users} == {"reviewer", "editor"}
    assert {row["fields"]["password"] for row in users} == {"!"}
    with zipfile.ZipFile(archive) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        media = [name for name in bundle.namelist() if name.startswith("media/")]
    assert manifest["format"] == 2 and manifest["rows"] == dict(Counter(row["model"] for row in rows))
    assert manifest["files"] == len(media) >= Image.objects.count()


def test_import_refuses_a_site_that_has_content(site, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())
    count = Interview.objects.count()

    with pytest.raises(CommandError, match="目标数据库已有内容"):
        call_command("import_site", str(archive), stdout=io.StringIO())
    assert Interview.objects.count() == count


def test_import_keeps_the_password_of_an_account_already_there(site, tmp_path, media_root):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())
    empty_the_site(media_root)
    User.objects.create_superuser("reviewer", password="现有的密码-123")

    call_command("import_site", str(archive), stdout=io.StringIO())

    assert User.objects.get(username="reviewer").check_password("现有的密码-123")


def test_a_broken_archive_is_refused_in_chinese_and_changes_nothing(db, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")

    with pytest.raises(CommandError, match="不是有效的 zip 文件"):
        call_command("import_site", str(broken), stdout=io.StringIO())
    with pytest.raises(CommandError, match="已存在"):
        call_command("export_site", str(broken), stdout=io.StringIO())


class MicrosecondEncoder(DjangoJSONEncoder):
    def default(self, o):
        return o.isoformat() if isinstance(o, datetime | time) else super().default(o)


def format_1_archive(path, media_root):
    """An archive as export_site wrote it before rows streamed: every row in one JSON list, data.json."""
    app_list = [(apps.get_app_config(label), None) for label in ("media_library", "interviews", "indicators")]
    app_list += [(apps.get_app_config("auth"), [Group, User])]
    objects = [
        row
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model in (Group, User) or model._meta.app_label != "auth"
        for row in model._base_manager.order_by(model._meta.pk.name)
    ]
    rows = json.loads(
        serializers.serialize(
            "json", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True, cls=MicrosecondEncoder
        )
    )
    for row in rows:
        if row["model"] == "auth.user":
            row["fields"]["password"] = "!"
    files = [p for p in media_root.rglob("*") if p.is_file()]
    manifest = {"format": 1, "rows": Counter(row["model"] for row in rows), "files": len(files)}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("manifest.json", json.dumps(manifest))
        out.writestr("data.json", json.dumps(rows, ensure_ascii=False))
        for file in files:
            out.write(file, f"media/{file.relative_to(media_root).as_posix()}")
    return path


def test_an_archive_of_format_1_still_restores_the_same_public_pages(client, site, tmp_path, media_root):
    before = pages(client, site)
    archive = format_1_archive(tmp_path / "old.zip", media_root)
    empty_the_site(media_root)

    call_command("import_site", str(archive), stdout=io.StringIO())

    after = pages(client, site)
    assert {url: page for url, page in after.items() if page != before[url]} == {}
    assert list(User.objects.get(username="reviewer").groups.values_list("name", flat=True)) == ["审核"]


def test_memory_does_not_grow_with_the_archive(db, tmp_path, media_root):
    """Export and import hold a few rows at a time, not the archive: their peak is a fraction of its rows."""
    note = "例外说明。" * 400  # ≈ 6 KB a row as JSON
    ProofreadingRule.objects.bulk_create(
        ProofreadingRule(wrong=f"错字{i}", right="对", exceptions=note) for i in range(1500)
    )
    archive = tmp_path / "site.zip"

    def peak_memory(step) -> int:
        tracemalloc.start()
        try:
            step()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    export_peak = peak_memory(lambda: backup.export_site(archive))
    empty_the_site(media_root)
    import_peak = peak_memory(lambda: backup.import_site(archive))

    with zipfile.ZipFile(archive) as bundle:
        rows_size = sum(info.file_size for info in bundle.infolist() if info.filename.startswith("data."))
    assert rows_size > 8_000_000
    assert ProofreadingRule.objects.filter(exceptions=note).count() == 1500
    # Reading the whole archive takes at least twice its rows (the text, and the objects parsed from it).
    assert export_peak < rows_size / 2, export_peak
    assert import_peak < rows_size / 2, import_peak


SERIES_ROW = {"model": "interviews.series", "pk": 990, "fields": {"name": "备份系列", "slug": "beifen"}}
SERIES_991 = {"model": "interviews.series", "pk": 991, "fields": {"name": "另一系列", "slug": "lingyi"}}


def hostile_archive(path, *, data=None, manifest=None, members=(), version=backup.FORMAT):
    """An archive of ``version`` (1: rows as one JSON list; 2: a row a line, or ``data`` as the text)."""
    data = [SERIES_ROW] if data is None else data
    if version == 1:
        text = json.dumps(data)
    else:
        text = data if isinstance(data, str) else "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in data)
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps({"format": version} if manifest is None else manifest))
        bundle.writestr(backup.DATA_MEMBERS[version], text)
        bundle.writestr("media/images/ok.jpg", b"fine")
        for member in members:
            bundle.writestr(*member) if isinstance(member, tuple) else bundle.writestr(member, b"x")
    return path


def symlink(name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16) | 0x20
    return info, target


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile warns when writing the duplicated member
@pytest.mark.parametrize(
    "archive,message",
    [
        ({"members": ["media/../../escaped.txt"]}, "文件路径不安全"),
        ({"members": ["media//tmp/absolute.txt"]}, "文件路径不安全"),
        ({"members": ["media/images\\..\\..\\win.txt"]}, "文件路径不安全"),
        ({"members": [symlink("media/images/link.jpg", "/etc/passwd")]}, "符号链接"),
        ({"members": ["media/images/ok.jpg"]}, "重复"),
        ({"data": [SERIES_ROW, {**SERIES_ROW, "fields": {"name": "同号", "slug": "tonghao"}}]}, "重复"),
        ({"data": [SERIES_ROW, SERIES_991, {**SERIES_ROW, "fields": {"name": "同号", "slug": "tonghao"}}]}, "重复"),
        ({"data": [SERIES_ROW, {**SERIES_991, "pk": "991"}]}, "缺少编号"),
        ({"data": [SERIES_ROW, {"model": "interviews.series"}]}, "data.jsonl 格式不对"),
        ({"data": [SERIES_ROW, 1]}, "data.jsonl 格式不对"),
        ({"data": json.dumps(SERIES_ROW) + "\n{not json\n"}, "data.jsonl 第 2 行不是有效的 JSON"),
        ({"data": [SERIES_ROW, {"model": "sessions.session", "pk": "x", "fields": {}}]}, "不属于站点内容"),
        ({"data": [SERIES_ROW, {"model": "interviews.question", "pk": 1, "fields": {"interview": 404}}]}, "无法载入"),
        ({"data": [SERIES_ROW, {"model": "interviews.series", "pk": 991, "fields": {"name": None}}]}, "无法载入"),
        ({"manifest": [1]}, "备份格式"),
        ({"manifest": {"format": 3}}, "备份格式"),
        ({"version": 1, "members": ["media/../../escaped.txt"]}, "文件路径不安全"),
        ({"version": 1, "data": [SERIES_ROW, SERIES_991, SERIES_ROW]}, "重复"),
        ({"version": 1, "data": {"model": "interviews.series"}}, "data.json 格式不对"),
        ({"version": 1, "data": [1]}, "data.json 格式不对"),
        ({"version": 1, "data": [{"model": "sessions.session", "pk": "x", "fields": {}}]}, "不属于站点内容"),
        ({"version": 1, "data": [SERIES_ROW, {**SERIES_991, "fields": {"name": None}}]}, "无法载入"),
    ],
)
def test_a_hostile_archive_is_refused_in_chinese_and_writes_nothing(db, tmp_path, media_root, archive, message):
    path = hostile_archive(tmp_path / "hostile.zip", **archive)

    with pytest.raises(CommandError, match=message), CaptureQueriesContext(connection) as queries:
        call_command("import_site", str(path), stdout=io.StringIO())

    assert not Series.objects.filter(slug="beifen").exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "escaped.txt").exists()
    if message != "无法载入":  # the archive is checked whole before the first write, not rolled back after it
        writes = [q["sql"] for q in queries if q["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        assert writes == []


def test_a_media_file_larger_than_any_upload_is_refused(db, tmp_path, media_root, settings):
    settings.MEDIA_IMAGE_MAX_BYTES = settings.MEDIA_VIDEO_MAX_BYTES = 3
    path = hostile_archive(tmp_path / "big.zip")

    with pytest.raises(CommandError, match="过大"):
        call_command("import_site", str(path), stdout=io.StringIO())
    assert not Series.objects.filter(slug="beifen").exists()


def test_a_damaged_archive_is_refused_in_chinese_and_writes_nothing(db, tmp_path, media_root):
    rows = [{**SERIES_ROW, "pk": pk, "fields": {"name": f"系列{pk}", "slug": f"s{pk}"}} for pk in range(1, 2000)]
    path = hostile_archive(tmp_path / "damaged.zip", data=rows)
    content = bytearray(path.read_bytes())
    # Still valid rows, but not the ones the CRC was computed over.
    content[content.index("系列1500".encode()) + len("系列1".encode())] = ord("6")
    path.write_bytes(content)

    with pytest.raises(CommandError, match="已损坏"):
        call_command("import_site", str(path), stdout=io.StringIO())
    assert not Series.objects.exists() or not Series.objects.filter(slug="s1").exists()


def account_row(username, **fields) -> dict:
    """An account as export_site writes it (natural key, no id), with ``fields`` changed."""
    row = {
        "model": "auth.user",
        "fields": {
            "password": "!",
            "last_login": None,
            "is_superuser": False,
            "username": username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_staff": True,
            "is_active": True,
            "date_joined": "2026-01-01T00:00:00+00:00",
            "groups": [],
            "user_permissions": [],
        },
    }
    row["fields"].update(fields)
    return row


def account_state(user) -> tuple:
    user.refresh_from_db()
    groups = sorted(user.groups.values_list("name", flat=True))
    return user.username, user.password, user.is_superuser, user.is_staff, user.is_active, user.email, groups


@pytest.mark.parametrize("model", ["auth.user", "auth.group"])
def test_an_account_row_with_an_id_is_refused_and_no_account_changes(db, tmp_path, media_root, model):
    """Export writes accounts and groups by name; a numeric id would save over whichever row has it."""
    admin = User.objects.create_superuser("admin", password="现有的密码-123")
    editor = make_user("editor", "编辑")
    before = {user.pk: account_state(user) for user in (admin, editor)}
    role = Group.objects.get(name="编辑")
    permissions = set(role.permissions.all())
    row = (
        {**account_row("mallory", is_superuser=True), "pk": admin.pk}
        if model == "auth.user"
        else {"model": "auth.group", "pk": role.pk, "fields": {"name": "坏组", "permissions": []}}
    )
    path = hostile_archive(tmp_path / "hostile.zip", data=[SERIES_ROW, row])

    with pytest.raises(CommandError, match="带有编号"), CaptureQueriesContext(connection) as queries:
        call_command("import_site", str(path), stdout=io.StringIO())

    assert {user.pk: account_state(user) for user in (admin, editor)} == before
    assert User.objects.get(username="admin").check_password("现有的密码-123")
    assert not User.objects.filter(username="mallory").exists()
    assert Group.objects.get(pk=role.pk).name == "编辑" and set(role.permissions.all()) == permissions
    assert not Series.objects.filter(slug="beifen").exists()
    writes = [q["sql"] for q in queries if q["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_an_existing_account_keeps_its_password_flags_and_groups(site, tmp_path, media_root):
    """The target's own accounts (make run's admin, say) stay as they are; the archive's rows for them are skipped,
    and what the archive's rows cite of them (workflow log, history) points to them."""
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())
    empty_the_site(media_root)
    # The same names as in the archive, with other flags and roles.
    reviewer = make_user("reviewer", "编辑", password="现有的密码-123", email="r@example.gov.cn")
    editor = make_user("editor", is_staff=False, is_active=False)
    before = {user.pk: account_state(user) for user in (reviewer, editor)}
    out = io.StringIO()

    call_command("import_site", str(archive), stdout=out)

    assert {user.pk: account_state(user) for user in (reviewer, editor)} == before
    assert User.objects.get(username="reviewer").check_password("现有的密码-123")
    assert list(Transition.objects.filter(reason="数据有误").values_list("by_id", flat=True)) == [reviewer.pk]
    assert "已有账号保持不变：editor、reviewer" in out.getvalue()


def test_the_roles_keep_the_permissions_of_the_code_that_runs(site, tmp_path, media_root):
    """An archive of older code (or a hand-edited one) cannot shrink or widen a role the target's migrations made;
    a group the target lacks comes back with its permissions."""
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())
    rows = archive_rows(archive)
    for row in rows:
        if row["model"] == "auth.group" and row["fields"]["name"] == "编辑":
            row["fields"]["permissions"] = [["change_user", "auth", "user"]]
    correspondent = {"name": "通讯员", "permissions": [["view_interview", "interviews", "interview"]]}
    rows.append({"model": "auth.group", "fields": correspondent})
    roles_before = {group.name: set(group.permissions.all()) for group in Group.objects.all()}
    with zipfile.ZipFile(archive) as bundle:
        members = {name: bundle.read(name) for name in bundle.namelist() if name != "data.jsonl"}
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("data.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
        for name, content in members.items():
            bundle.writestr(name, content)
    empty_the_site(media_root)

    call_command("import_site", str(archive), stdout=io.StringIO())

    roles_after = {group.name: set(group.permissions.all()) for group in Group.objects.exclude(name="通讯员")}
    assert roles_after == roles_before
    assert list(Group.objects.get(name="通讯员").permissions.values_list("codename", flat=True)) == ["view_interview"]
    assert list(User.objects.get(username="reviewer").groups.values_list("name", flat=True)) == ["审核"]
