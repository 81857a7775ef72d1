"""Visitors get cached pages, revalidate them cheaply, and never see content that changed since.

These tests commit for real (transaction=True): a new content version starts when a change commits.
"""

import os
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from indicators.models import Observation
from interviews.models import Interview
from nanguan import page_cache
from tests.factories import (
    add_to_gallery,
    make_image,
    make_indicator,
    make_interview,
    make_observation,
    make_question,
    make_region,
    make_user,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def staff():
    client = Client()
    client.force_login(make_user("chief", is_superuser=True))
    return client


def test_second_visit_comes_from_the_cache_and_revalidates_with_304(client):
    url = make_interview(title="缓存中的访谈", questions=1).get_absolute_url()

    first = client.get(url)
    second = client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content and "缓存中的访谈" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert set(second["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=60"}
    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_date.status_code == 304


def test_junk_query_parameters_do_not_fill_the_cache_but_filters_are_cached(client):
    make_interview(title="某访谈", questions=1)
    url = reverse("indicators:all_csv")

    assert [client.get(url, {"x": n})["X-Page-Cache"] for n in (1, 1)] == ["miss", "miss"]  # never stored
    assert client.get(url, {"x": 1}).content == client.get(url).content  # the same page as without it
    listed = reverse("interviews:interview_list")
    assert [client.get(listed, {"page": 1})["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_a_missing_or_withdrawn_page_is_kept_by_a_cdn_no_longer_than_a_page(client):
    draft = make_interview(title="尚未发布", status=Interview.Status.DRAFT)
    withdrawn = make_interview(title="已撤回", questions=1)
    withdrawn.withdraw(by=make_user("chief", is_superuser=True), reason="数据有误")

    for url, status in ((draft.get_absolute_url(), 404), (withdrawn.get_absolute_url(), 410)):
        response = client.get(url)
        assert response.status_code == status
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=60"}


def test_an_edited_answer_shows_at_once(client):
    interview = make_interview(questions=0)
    question = make_question(interview, answer="旧的回答内容。")
    before = client.get(interview.get_absolute_url())
    assert "旧的回答内容" in before.content.decode()

    question.answer = "新的回答内容。"
    question.save()

    after = client.get(interview.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert "新的回答内容" in after.content.decode() and "旧的回答内容" not in after.content.decode()


def test_a_published_draft_appears_on_every_list_at_once(client):
    draft = make_interview(title="刚发布的访谈", status=Interview.Status.DRAFT, region=make_region(name="桃源街道"))
    pages = [reverse("interviews:home"), reverse("interviews:interview_list"), draft.region.get_absolute_url()]
    for url in pages:
        assert "刚发布的访谈" not in client.get(url).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404

    draft.publish()

    for url in pages:
        assert "刚发布的访谈" in client.get(url).content.decode(), url
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("interviews:feed_rss")).content.decode().count("刚发布的访谈") == 1


def test_a_withdrawn_interview_leaves_cached_pages_at_once(client):
    chief = make_user("chief", is_superuser=True)
    interview = make_interview(title="将被撤回的访谈", questions=1)
    assert client.get(interview.get_absolute_url()).status_code == 200
    assert "将被撤回的访谈" in client.get(reverse("interviews:interview_list")).content.decode()

    interview.withdraw(by=chief, reason="数据有误")

    gone = client.get(interview.get_absolute_url())
    assert gone.status_code == 410 and "数据有误" in gone.content.decode()
    assert "将被撤回的访谈" not in client.get(reverse("interviews:interview_list")).content.decode()


def test_a_scheduled_interview_appears_when_its_time_comes_without_any_write(client):
    make_interview(title="定时发布的访谈", published_at=timezone.now() + timedelta(seconds=1.5))
    assert "定时发布的访谈" not in client.get(reverse("interviews:interview_list")).content.decode()

    time.sleep(1.6)

    assert "定时发布的访谈" in client.get(reverse("interviews:interview_list")).content.decode()


def test_figures_confirmed_in_bulk_in_the_admin_show_at_once(client, staff):
    # Not the seeded 地区生产总值: it is there only while no transactional test has emptied the tables.
    indicator = make_indicator(name="缓存测试总值", code="cache-test", unit="元", is_confirmed=True)
    pending = make_observation(indicator, value=Decimal("495.7"), status=Observation.Status.PENDING, period=2021)
    url = reverse("indicators:indicator_detail", args=["cache-test"])
    assert "495.7" not in client.get(url).content.decode()

    staff.post(
        reverse("admin:indicators_observation_changelist"),
        {"action": "confirm_selected", "_selected_action": [pending.pk]},
    )

    assert "495.7" in client.get(url).content.decode()


def test_the_open_data_page_is_cached_and_counts_a_newly_confirmed_figure_at_once(client, staff):
    indicator = make_indicator(name="开放数据测试指标", code="open-data-test", unit="元", is_confirmed=True)
    make_observation(indicator, value=Decimal("480"), period=2020)
    pending = make_observation(indicator, value=Decimal("495.7"), status=Observation.Status.PENDING, period=2021)
    url = reverse("indicators:opendata")
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert '<td data-label="记录数" class="num">1</td>' in second.content.decode()

    staff.post(
        reverse("admin:indicators_observation_changelist"),
        {"action": "confirm_selected", "_selected_action": [pending.pk]},
    )

    after = client.get(url, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and '<td data-label="记录数" class="num">2</td>' in after.content.decode()


def test_a_figure_edited_in_the_admin_or_by_import_changes_the_downloads_and_their_validators(client, staff):
    import tablib

    from indicators.resources import ObservationResource

    indicator = make_indicator(name="下载缓存测试", code="download-cache-test", unit="元", is_confirmed=True)
    figure = make_observation(indicator, region=make_region(name="甲区"), value=Decimal("480"), period=2020)
    urls = [
        reverse("indicators:indicator_csv", args=[indicator.code]),
        reverse("indicators:indicator_json", args=[indicator.code]),
        reverse("indicators:all_csv"),
        indicator.get_absolute_url(),
    ]
    first = {url: client.get(url) for url in urls}
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in urls)
    time.sleep(1.1)  # Last-Modified counts whole seconds

    form = {"indicator": indicator.pk, "region": figure.region_id, "period": "2020", "value": "481", "unit": "亿元"}
    form |= {"kind": "level", "source": figure.source, "status": "confirmed"}
    assert staff.post(reverse("admin:indicators_observation_change", args=[figure.pk]), form).status_code == 302

    for url in urls:
        by_etag = client.get(url, headers={"if-none-match": first[url]["ETag"]})
        by_date = client.get(url, headers={"if-modified-since": first[url]["Last-Modified"]})
        assert by_etag.status_code == by_date.status_code == 200, url
        assert "481" in by_etag.content.decode() and by_etag["ETag"] != first[url]["ETag"], url
    edited = client.get(urls[0])

    sheet = f"地区,指标,年份,数值,单位,来源\n甲区,下载缓存测试,2020,482,亿元,{figure.source}\n"
    ObservationResource().import_data(tablib.Dataset().load(sheet, format="csv"), use_transactions=True)

    imported = client.get(urls[0], headers={"if-none-match": edited["ETag"]})
    assert imported.status_code == 200 and "482" in imported.content.decode()


def test_a_question_restored_from_its_history_shows_at_once(client, staff):
    from interviews.models import Question

    interview = make_interview(questions=0)
    question = make_question(interview, answer="原来的回答。")
    question.answer = "改坏了的回答。"
    question.save()
    url = interview.get_absolute_url()
    before = client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit" and "改坏了的回答" in before.content.decode()
    original = Question.history.filter(id=question.pk).order_by("history_date").first()

    restore = reverse("admin:interviews_question_simple_history", args=[question.pk, original.history_id])
    staff.post(restore, {"number": question.number, "text": question.text, "answer": original.answer})

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "原来的回答" in after.content.decode() and "改坏了的回答" not in after.content.decode()
    # The page says when the interview last changed (JSON-LD dateModified, feeds, sitemap).
    assert Interview.objects.get(pk=interview.pk).updated_at > interview.updated_at


def test_edited_alt_text_shows_at_once(client):
    interview = make_interview(questions=1)
    image = make_image(alt_text="旧的替代文字")
    add_to_gallery(interview, image)
    assert "旧的替代文字" in client.get(interview.get_absolute_url()).content.decode()

    image.alt_text = "新的替代文字"
    image.save()

    assert "新的替代文字" in client.get(interview.get_absolute_url()).content.decode()


def test_a_staff_preview_is_never_cached_nor_served_to_visitors(client, staff):
    draft = make_interview(title="草稿中的访谈", status=Interview.Status.DRAFT, questions=1)

    preview = staff.get(draft.get_absolute_url())

    assert "草稿中的访谈" in preview.content.decode()
    assert "no-cache" in preview["Cache-Control"] and "public" not in preview["Cache-Control"]
    assert "X-Page-Cache" not in preview
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_pages_seen_by_staff_are_private_and_do_not_fill_the_visitors_cache(client, staff):
    url = make_interview(questions=1).get_absolute_url()

    seen_by_staff = staff.get(url)
    admin = staff.get(reverse("admin:index"))

    assert "private" in seen_by_staff["Cache-Control"] and "public" not in seen_by_staff["Cache-Control"]
    assert "public" not in admin["Cache-Control"] and "no-cache" in admin["Cache-Control"]
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_a_rolled_back_change_does_not_stop_later_changes_from_invalidating(client):
    interview = make_interview(title="原标题", questions=1)
    client.get(interview.get_absolute_url())
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            Interview.objects.get(pk=interview.pk).save()
            raise RuntimeError

    interview.title = "改过的标题"
    interview.save()

    assert "改过的标题" in client.get(interview.get_absolute_url()).content.decode()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: the Redis cache is not in use")
def test_pages_and_the_content_version_live_in_redis(client):
    url = make_interview(questions=1).get_absolute_url()
    client.get(url)

    assert type(caches["default"]).__name__ == "RedisCache"
    assert cache.get(page_cache.VERSION_KEY)["token"] == page_cache.current_version()["token"]
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_with_the_page_cache_off_pages_are_rendered_each_time_and_still_revalidate(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    url = make_interview(questions=1).get_absolute_url()

    first, second = client.get(url), client.get(url)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("off", "off")
    assert "public" in second["Cache-Control"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.fixture
def flaky_cache(settings):
    from tests.production.flaky_cache import FlakyCache

    settings.CACHES = {"default": {"BACKEND": "tests.production.flaky_cache.FlakyCache", "LOCATION": "flaky"}}
    yield FlakyCache
    FlakyCache.down = False
    page_cache._unreachable_until, page_cache._version_owed = 0.0, False


def test_while_the_cache_is_down_pages_are_rendered_and_edits_save(client, flaky_cache):
    interview = make_interview(title="缓存故障时的访谈", questions=1)
    flaky_cache.down = True

    page = client.get(interview.get_absolute_url())
    interview.title = "缓存故障时改的标题"
    interview.save()  # starting a new content version fails: the edit must still be saved without error

    assert page.status_code == 200 and "缓存故障时的访谈" in page.content.decode()
    assert page["X-Page-Cache"] == "unavailable" and page["Cache-Control"]
    assert client.get(interview.get_absolute_url(), headers={"if-none-match": page["ETag"]}).status_code == 200
    assert "缓存故障时改的标题" in client.get(interview.get_absolute_url()).content.decode()


def test_an_edit_made_while_the_cache_was_down_shows_once_it_is_back(client, flaky_cache, monkeypatch):
    monkeypatch.setattr(page_cache, "RETRY_AFTER_SECONDS", 0)  # try the cache again at once
    interview = make_interview(title="故障前的标题", questions=1)
    url = interview.get_absolute_url()
    assert [client.get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    flaky_cache.down = True
    interview.title = "故障中改的标题"
    interview.save()
    flaky_cache.down = False
    back = client.get(url)

    assert back["X-Page-Cache"] == "miss" and "故障中改的标题" in back.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_photos_added_in_bulk_show_at_once(client, staff):
    interview = make_interview(questions=1)
    image = make_image(title="库里的图", alt_text="南关区新建的口袋公园")
    data = image.file.storage.open(image.file.name).read()
    assert "南关区新建的口袋公园" not in client.get(interview.get_absolute_url()).content.decode()
    url = reverse("admin:interviews_interview_gallery_upload", args=[interview.pk])
    version = staff.get(url).context["form"].initial["version"]

    response = staff.post(url, {"version": version, "files": [SimpleUploadedFile("1.jpg", data)]})

    assert response.status_code == 302
    assert "南关区新建的口袋公园" in client.get(interview.get_absolute_url()).content.decode()


@pytest.fixture
def release(settings):
    """Which code the test's process is: ``settings.RELEASE``, read afresh."""
    page_cache.release.cache_clear()
    yield settings
    page_cache.release.cache_clear()


def test_after_a_deploy_pages_cached_by_the_old_code_are_rendered_again(client, release):
    url = make_interview(title="部署前后", questions=1).get_absolute_url()
    release.RELEASE = "old"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    release.RELEASE = "new"
    page_cache.release.cache_clear()  # a new worker process of the new code
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_the_release_changes_with_a_template_or_the_code_but_not_with_stored_files(release, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "var" / "media").mkdir(parents=True)
    (tmp_path / "templates" / "page.html").write_text("<p>旧</p>")
    (tmp_path / "views.py").write_text("x = 1\n")
    release.BASE_DIR, release.RELEASE = tmp_path, ""

    def digest():
        page_cache.release.cache_clear()
        return page_cache.release()

    (tmp_path / "uploads").mkdir()
    (tmp_path / "collected").mkdir()
    release.MEDIA_ROOT, release.STATIC_ROOT = tmp_path / "uploads", tmp_path / "collected"
    first = digest()
    (tmp_path / "var" / "media" / "photo.svg").write_text("<svg/>")
    (tmp_path / "var" / "content-version").write_text("{}")
    (tmp_path / "uploads" / "logo.svg").write_text("<svg/>")  # media and static roots set elsewhere
    (tmp_path / "collected" / "site.3f2a.css").write_text("body{}")
    assert digest() == first
    (tmp_path / "templates" / "page.html").write_text("<p>新</p>")
    after_template = digest()
    (tmp_path / "views.py").write_text("x = 2\n")
    assert len({first, after_template, digest()}) == 3
