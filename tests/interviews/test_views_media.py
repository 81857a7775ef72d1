import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from interviews.checks import run_checks
from interviews.models import Interview
from tests.factories import add_to_gallery, make_image, make_interview, make_question, make_video, upload
from tests.media_library.test_validators import MP4_HEAD

pytestmark = pytest.mark.django_db


def alts(html: str) -> list[str]:
    return re.findall(r'<img [^>]*alt="([^"]*)"', html)


def test_photo_slots_are_filled_in_order_and_the_rest_follow_the_transcript(client):
    interview = make_interview()
    make_question(interview, answer="第一段。\n图片\n第二段。")
    make_question(interview, answer="第三段。\n图片")
    add_to_gallery(interview, *(make_image(alt_text=f"第{n}张", caption=f"说明{n}") for n in range(1, 5)))

    page = client.get(interview.get_absolute_url()).content.decode()
    html = page[page.index("<main") :]  # the head's JSON-LD repeats the answers

    assert alts(html) == ["第1张", "第2张", "第3张", "第4张"]
    transcript, gallery = html.split('id="gallery-heading"')
    assert alts(transcript) == ["第1张", "第2张"] and alts(gallery) == ["第3张", "第4张"]
    assert html.index("第一段") < html.index('alt="第1张"') < html.index("第二段") < html.index("第三段")
    assert "说明1" in html and 'class="photo-slot"' not in html  # no placeholder left


def test_slots_without_gallery_images_are_placeholders_in_preview_only(client, admin_client):
    interview = make_interview(status=Interview.Status.DRAFT)
    make_question(interview, answer="图片\n正文\n图片")
    add_to_gallery(interview, make_image(alt_text="唯一一张"))

    preview = admin_client.get(interview.get_absolute_url()).content.decode()
    assert alts(preview) == ["唯一一张"]
    assert preview.count('class="photo-slot"') == 1 and "gallery-heading" not in preview
    assert "其余 1 个位置在公开页面上不显示" in "".join(f.message for f in run_checks(interview))

    interview.publish()
    public = client.get(interview.get_absolute_url()).content.decode()
    assert alts(public) == ["唯一一张"]
    assert 'class="photo-slot"' not in public


def test_a_caption_line_under_a_photo_slot_is_the_photo_caption(client):
    interview = make_interview()
    make_question(interview, answer="第一段。\n图片\n图为南关区新貌。\n第二段。\n图片\n（摄影：刘某）\n第三段。")
    add_to_gallery(interview, make_image(alt_text="新貌"))

    page = client.get(interview.get_absolute_url()).content.decode()
    html = page[page.index("<main") :]  # the head's JSON-LD repeats the answers

    assert "<figcaption>图为南关区新貌。</figcaption>" in html
    assert "<p>图为南关区新貌。</p>" not in html
    # The second slot has no photo: visitors see neither the slot nor a caption of nothing.
    assert "刘某" not in html
    assert html.index("第二段") < html.index("第三段")


def test_a_video_placeholder_line_is_not_shown_in_the_transcript(client):
    interview = make_interview()
    make_question(interview, answer="第一段。\n视频\n第二段。")

    page = client.get(interview.get_absolute_url()).content.decode()

    assert "<p>视频</p>" not in page and "<p>第二段。</p>" in page


def test_uploaded_video_is_an_accessible_player_with_poster_and_captions(client):
    video = make_video(
        title="南关区委书记访谈",
        external_url="",
        file=upload(MP4_HEAD, "upload.mp4", "video/mp4"),
        mime_type="video/mp4",
        poster=make_image(size=(1920, 1080)),
        captions=upload(b"WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", "c.vtt", "text/vtt"),
    )
    interview = make_interview(kind="video", video=video)

    html = client.get(interview.get_absolute_url()).content.decode()

    poster = video.poster.renditions_for("poster", "jpeg")[-1]
    assert "<video controls" in html and f'poster="{poster.url}"' in html
    assert f'<source src="{video.file.url}" type="video/mp4">' in html
    assert f'<track kind="captions" srclang="zh" label="中文字幕" src="{video.captions.url}" default>' in html
    assert "视频即将上线" not in html and "<iframe" not in html


def test_external_video_is_a_link_card_not_an_iframe(client):
    video = make_video(title="新闻网站访谈", external_url="https://news.example.cn/v/9.html", poster=make_image())
    interview = make_interview(kind="video", video=video)

    html = client.get(interview.get_absolute_url()).content.decode()

    assert '<a class="video-card__link" href="https://news.example.cn/v/9.html"' in html
    assert "观看视频：新闻网站访谈" in html and "news.example.cn" in html
    assert "<iframe" not in html and "<video" not in html


def test_cover_image_is_shown_on_cards(client):
    make_interview(title="有封面", cover_image=make_image(alt_text="封面图说明"))
    make_interview(title="无封面")

    for url in ["/", "/interviews/"]:
        html = client.get(url).content.decode()
        assert alts(html) == ["封面图说明"], url


def page_queries(client, interview) -> int:
    client.get(interview.get_absolute_url())  # first view makes the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(interview.get_absolute_url()).status_code == 200
    return len(queries)


def test_detail_query_count_does_not_grow_with_images(client):
    small, large = make_interview(questions=1), make_interview(questions=10)
    for interview, count in [(small, 1), (large, 8)]:
        interview.video = make_video(poster=make_image())
        interview.save()
        add_to_gallery(interview, *(make_image() for _ in range(count)))

    # interview (+series, region, video, poster), questions, their observations, guests, gallery (+images),
    # renditions of all images
    assert page_queries(client, small) == page_queries(client, large) == 6


def list_queries(client) -> int:
    client.get("/interviews/")  # first view makes the renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/interviews/").status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_covers(client):
    make_interview(cover_image=make_image())
    one = list_queries(client)
    for _ in range(5):
        make_interview(cover_image=make_image())

    # count, series and region filters, interviews (+cover image), renditions of all covers
    assert list_queries(client) == one == 5


def test_a_missing_image_file_does_not_break_the_page(client, caplog):
    image = make_image(alt_text="丢失的图")
    image.file.storage.delete(image.file.name)
    interview = make_interview(cover_image=image)
    make_question(interview, answer="正文\n图片")
    add_to_gallery(interview, image)

    response = client.get(interview.get_absolute_url())

    assert response.status_code == 200 and "丢失的图" not in response.content.decode()
    assert "Cannot make content renditions" in caplog.text


def test_an_uploaded_video_without_captions_is_a_minor_finding_a_linked_one_is_not():
    interview = make_interview(status=Interview.Status.DRAFT, kind=Interview.Kind.VIDEO)
    interview.video = make_video(title="访谈全程", file=upload(MP4_HEAD, "upload.mp4", "video/mp4"))
    interview.save()

    [finding] = [f for f in run_checks(interview) if f.code == "missing_captions"]
    assert "「访谈全程」没有字幕文件" in finding.message and not finding.blocks

    interview.video = make_video(title="新闻网站上的视频")  # a player page elsewhere
    interview.save()
    assert not [f for f in run_checks(interview) if f.code == "missing_captions"]
