import io
import json
import shutil
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
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


def test_the_archive_holds_no_password(site, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("export_site", str(archive), stdout=io.StringIO())

    with zipfile.ZipFile(archive) as bundle:
        users = [row for row in json.loads(bundle.read("data.json")) if row["model"] == "auth.user"]
        assert {row["fields"]["username"] for row in users} == {"reviewer", "editor"}
        assert {row["fields"]["password"] for row in users} == {"!"}
        media = [name for name in bundle.namelist() if name.startswith("media/")]
        assert json.loads(bundle.read("manifest.json"))["files"] == len(media) >= Image.objects.count()


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


SERIES_ROW = {"model": "interviews.series", "pk": 990, "fields": {"name": "备份系列", "slug": "beifen"}}


def hostile_archive(path, *, data=None, manifest=None, members=()):
    with zipfile.ZipFile(path, "w") as bundle:
        bundle.writestr("manifest.json", json.dumps({"format": backup.FORMAT} if manifest is None else manifest))
        bundle.writestr("data.json", json.dumps([SERIES_ROW] if data is None else data))
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
        ({"data": {"model": "interviews.series"}}, "data.json 格式不对"),
        ({"data": [1]}, "data.json 格式不对"),
        ({"data": [{"model": "sessions.session", "pk": "x", "fields": {}}]}, "不属于站点内容"),
        ({"data": [SERIES_ROW, {"model": "interviews.question", "pk": 1, "fields": {"interview": 404}}]}, "无法载入"),
        ({"data": [SERIES_ROW, {"model": "interviews.series", "pk": 991, "fields": {"name": None}}]}, "无法载入"),
        ({"manifest": [1]}, "备份格式"),
    ],
)
def test_a_hostile_archive_is_refused_in_chinese_and_writes_nothing(db, tmp_path, media_root, archive, message):
    path = hostile_archive(tmp_path / "hostile.zip", **archive)

    with pytest.raises(CommandError, match=message):
        call_command("import_site", str(path), stdout=io.StringIO())

    assert not Series.objects.filter(slug="beifen").exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "escaped.txt").exists()


def test_a_media_file_larger_than_any_upload_is_refused(db, tmp_path, media_root, settings):
    settings.MEDIA_IMAGE_MAX_BYTES = settings.MEDIA_VIDEO_MAX_BYTES = 3
    path = hostile_archive(tmp_path / "big.zip")

    with pytest.raises(CommandError, match="过大"):
        call_command("import_site", str(path), stdout=io.StringIO())
    assert not Series.objects.filter(slug="beifen").exists()
