from datetime import timedelta

import pytest
from django.urls import reverse

from interviews.models import Interview
from media_library.models import Image, Video
from tests.factories import (
    add_to_gallery,
    image_bytes,
    make_draft,
    make_image,
    make_interview,
    make_user,
    make_video,
    upload,
)
from tests.media_library.test_validators import MP4_HEAD, WEBM_HEAD

pytestmark = pytest.mark.django_db

IMAGE_ADD = reverse("admin:media_library_image_add")
VIDEO_ADD = reverse("admin:media_library_video_add")


def image_form(**fields) -> dict:
    data = {"title": "", "alt_text": "南关区街景", "caption": "", "credit": "", "focal_x": 50, "focal_y": 50}
    return {**data, **fields}


def video_form(**fields) -> dict:
    data = {"title": "访谈视频", "external_url": "", "poster": "", "duration": "", "description": ""}
    return {**data, **fields}


def test_editor_uploads_an_image(admin_client):
    response = admin_client.post(IMAGE_ADD, image_form(file=upload(image_bytes("PNG", size=(640, 360)), "街景.png")))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.title, image.width, image.height, image.alt_text) == ("街景", 640, 360, "南关区街景")
    assert image.file.name.endswith(".png") and "街景" not in image.file.name


def test_uploading_the_same_image_again_points_to_the_existing_one(admin_client):
    existing = make_image(title="已有的图")
    data = existing.file.storage.open(existing.file.name).read()

    response = admin_client.post(IMAGE_ADD, image_form(file=upload(data, "copy.jpg")))

    html = response.content.decode()
    assert response.status_code == 200
    assert "媒体库中已有相同的图片" in html
    assert f'href="{existing.get_admin_url()}"' in html and "已有的图" in html
    assert "请填写标题" not in html  # the title would come from the file: only the file's problem is shown
    assert Image.objects.count() == 1


def test_svg_upload_is_refused_with_a_chinese_message(admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    response = admin_client.post(IMAGE_ADD, image_form(title="标志", file=upload(svg, "logo.svg", "image/svg+xml")))

    assert "不支持 SVG 图片" in response.content.decode()
    assert not Image.objects.exists()


def test_image_list_shows_thumbnails_and_flags_missing_alt_text(admin_client):
    make_image(title="有说明")
    make_image(title="缺说明", alt_text="")
    url = reverse("admin:media_library_image_changelist")

    html = admin_client.get(url).content.decode()
    missing = admin_client.get(url, {"alt": "missing"}).content.decode()

    assert html.count("<picture") == 2 and "/media/renditions/" in html
    assert "缺说明" in missing and "有说明" not in missing


def test_used_image_cannot_be_deleted_and_the_page_says_where_it_is_used(admin_client):
    image = make_image(title="封面照片")
    make_interview(title="南关区访谈", cover_image=image)
    url = reverse("admin:media_library_image_delete", args=[image.pk])

    page = admin_client.get(url).content.decode()
    admin_client.post(url, {"post": "yes"})

    assert "南关区访谈" in page and "受保护" in page
    assert Image.objects.filter(pk=image.pk).exists()


def test_bulk_delete_of_used_images_deletes_nothing(admin_client):
    used, unused = make_image(), make_image()
    add_to_gallery(make_interview(title="图集访谈"), used)

    response = admin_client.post(
        reverse("admin:media_library_image_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert "图集访谈" in response.content.decode()
    assert Image.objects.count() == 2


def test_delete_queryset_refuses_used_media_and_lists_where(admin_client, rf, admin_user):
    from django.contrib.admin.sites import site
    from django.contrib.messages.storage.fallback import FallbackStorage

    used, _unused = make_image(title="在用"), make_image(title="闲置")
    make_interview(title="南关区访谈", cover_image=used)
    request = rf.post("/")
    request.user, request.session = admin_user, {}
    request._messages = FallbackStorage(request)

    site._registry[Image].delete_queryset(request, Image.objects.all())

    assert list(Image.objects.all()) == [used]
    assert "「在用」正在使用，不能删除。使用位置：访谈（封面图）：南关区访谈" in [str(m) for m in request._messages]


def test_unused_image_is_deleted_with_its_files(admin_client, django_capture_on_commit_callbacks):
    image = make_image()
    thumb = image.renditions_for("thumb", "jpeg")[0]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:media_library_image_delete", args=[image.pk]), {"post": "yes"})

    assert not Image.objects.exists()
    assert not image.file.storage.exists(image.file.name)
    assert not thumb.file.storage.exists(thumb.file.name)


def test_editor_uploads_a_video_with_captions(admin_client, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no ffprobe: duration stays blank
    poster = make_image()
    vtt = upload("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n大家好\n".encode(), "zh.vtt", "text/vtt")

    response = admin_client.post(
        VIDEO_ADD, video_form(file=upload(MP4_HEAD, "访谈.mov", "video/quicktime"), captions=vtt, poster=poster.pk)
    )

    assert response.status_code == 302
    video = Video.objects.get()
    assert video.mime_type == "video/mp4" and video.file.name.endswith(".mp4")
    assert video.captions.name.startswith("captions/") and video.captions.name.endswith(".vtt")
    assert video.duration is None and video.poster == poster


def test_video_upload_refuses_non_video_and_bad_captions(admin_client):
    bad_vtt = upload(b"1\n00:00:01,000 --> 00:00:03,000\n", "zh.srt", "text/plain")

    response = admin_client.post(VIDEO_ADD, video_form(file=upload(image_bytes(), "film.mp4"), captions=bad_vtt))

    html = response.content.decode()
    assert "只支持 MP4 或 WebM" in html and "第一行必须是「WEBVTT」" in html
    assert not Video.objects.exists()


def test_video_needs_a_file_or_an_external_url(admin_client):
    response = admin_client.post(VIDEO_ADD, video_form())
    assert response.content.decode().count("请上传视频文件或填写外部视频网址（二选一）。") == 1  # said once, not twice

    both = video_form(file=upload(MP4_HEAD, "访谈.mp4", "video/mp4"), external_url="news.example.cn/v/1.html")
    response = admin_client.post(VIDEO_ADD, both)
    assert response.content.decode().count("请上传视频文件或填写外部视频网址（二选一）。") == 1
    assert not Video.objects.exists()

    admin_client.post(VIDEO_ADD, video_form(external_url="news.example.cn/v/1.html"))
    assert Video.objects.get().external_url == "https://news.example.cn/v/1.html"


def test_interview_page_in_admin_picks_existing_media_and_previews_gallery(admin_client):
    image = make_image(title="图集第一张")
    interview = make_interview(cover_image=make_image(title="封面"))
    add_to_gallery(interview, image)

    html = admin_client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()
    listing = admin_client.get(reverse("admin:interviews_interview_changelist")).content.decode()

    assert 'name="cover_image"' in html and "admin-autocomplete" in html  # pick from the library, no upload box
    assert 'type="file"' not in html
    assert "gallery_entries-0-image" in html and "<picture" in html  # inline preview
    assert "<picture" in listing  # cover thumbnail in the list


def test_publish_action_refuses_all_while_an_image_lacks_alt_text(admin_client):
    editor = make_user("editor", "编辑")
    ready, blocked = make_draft(title="可以发布"), make_draft(title="缺替代文字")
    image = make_image(title="无说明", alt_text="")
    add_to_gallery(blocked, image)
    for interview in (ready, blocked):
        interview.submit(by=editor)
    action = {"action": "publish_selected", "_selected_action": [ready.pk, blocked.pk]}
    changelist = reverse("admin:interviews_interview_changelist")

    html = admin_client.post(changelist, action, follow=True).content.decode()

    assert list(Interview.objects.published()) == []  # all or nothing
    assert "「缺替代文字」" in html and "「无说明」" in html

    image.alt_text = "区政府大楼"
    image.save()
    admin_client.post(changelist, action, follow=True)

    assert sorted(i.title for i in Interview.objects.published()) == ["可以发布", "缺替代文字"]


def test_change_form_cannot_give_a_published_interview_a_cover_lacking_alt_text(admin_client):
    interview = make_interview()
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "cover_image": make_image(title="无说明封面", alt_text="").pk,
            "appearances-TOTAL_FORMS": 0,
            "appearances-INITIAL_FORMS": 0,
            "gallery_entries-TOTAL_FORMS": 0,
            "gallery_entries-INITIAL_FORMS": 0,
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        }
    )
    data = {key: value for key, value in data.items() if key not in ("published_at", "expires_at", "status")}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "「无说明封面」" in response.content.decode()
    interview.refresh_from_db()
    assert interview.cover_image is None


def test_gallery_inline_refuses_image_lacking_alt_text_on_published_interview(admin_client):
    interview = make_interview()
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "appearances-TOTAL_FORMS": 0,
            "appearances-INITIAL_FORMS": 0,
            "gallery_entries-TOTAL_FORMS": 1,
            "gallery_entries-INITIAL_FORMS": 0,
            "gallery_entries-0-order": 0,
            "gallery_entries-0-image": make_image(title="新加的图", alt_text="").pk,
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
        }
    )
    data = {key: value for key, value in data.items() if key not in ("published_at", "expires_at")}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "「新加的图」" in response.content.decode()
    assert not interview.gallery_entries.exists()


def test_replacing_a_video_file_removes_the_old_one_after_saving(admin_client, django_capture_on_commit_callbacks):
    video = make_video(file=upload(MP4_HEAD, "upload.mp4", "video/mp4"), external_url="", mime_type="video/mp4")
    old = video.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:media_library_video_change", args=[video.pk]),
            video_form(title=video.title, file=upload(WEBM_HEAD + b"\0" * 64, "new.webm", "video/webm")),
        )

    assert response.status_code == 302
    video.refresh_from_db()
    assert video.mime_type == "video/webm" and video.file.name != old
    assert video.file.storage.exists(video.file.name) and not video.file.storage.exists(old)


def test_replacing_a_video_file_replaces_its_duration(admin_client, monkeypatch, tmp_path):
    ffprobe = tmp_path / "ffprobe"
    ffprobe.write_text("#!/bin/sh\necho 754.320000\n")  # answers like ffprobe for the new file
    ffprobe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    video = make_video(
        file=upload(MP4_HEAD, "upload.mp4", "video/mp4"), external_url="", duration=timedelta(minutes=25, seconds=30)
    )
    url = reverse("admin:media_library_video_change", args=[video.pk])
    new_file = upload(WEBM_HEAD + b"\0" * 64, "new.webm", "video/webm")

    # The change form comes back with the old file's duration filled in.
    response = admin_client.post(url, video_form(title=video.title, duration="0:25:30", file=new_file))

    assert response.status_code == 302
    video.refresh_from_db()
    assert video.duration == timedelta(seconds=754.32)


def test_alt_text_of_a_used_image_cannot_be_cleared(admin_client):
    image = make_image(title="封面", alt_text="区政府大楼")
    make_interview(cover_image=image)
    url = reverse("admin:media_library_image_change", args=[image.pk])

    refused = admin_client.post(url, image_form(title="封面", alt_text=""))
    decorative = admin_client.post(url, image_form(title="封面", alt_text="", decorative="on"))

    assert "不能清空替代文字" in refused.content.decode()
    assert decorative.status_code == 302
    image.refresh_from_db()
    assert image.decorative and image.alt_text == ""


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.cn/v.mp4"])
def test_external_video_must_be_a_web_page(admin_client, url):
    response = admin_client.post(VIDEO_ADD, video_form(external_url=url))

    assert response.status_code == 200 and "输入一个有效的 URL" in response.content.decode()
    assert not Video.objects.exists()


def test_an_image_version_page_names_the_library_in_chinese(admin_client):
    image = make_image(title="街景")
    version = image.history.first()

    html = admin_client.get(reverse("admin:media_library_image_simple_history", args=[image.pk, version.history_id]))
    breadcrumbs = " ".join(html.content.decode().split('class="breadcrumbs"')[1].split("</div>")[0].split())

    assert "Media_library" not in breadcrumbs and "图片修改记录" not in breadcrumbs
    assert ">媒体库</a> › " in breadcrumbs and "› 还原图片版本" in breadcrumbs
