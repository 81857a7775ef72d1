import re
from datetime import timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from interviews.models import Interview, SearchEntry
from interviews.search import index_interview, search
from tests.factories import make_guest, make_interview, make_question, make_region, make_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(published_sample):
    return published_sample


def indexed(**fields):
    answer = fields.pop("answer", "我们大力发展数字经济。")
    interview = make_interview(**fields)
    make_question(interview, text="怎样推动发展？", answer=answer)
    index_interview(interview)
    return interview


@pytest.mark.parametrize("query", ["华为", "就业", "金融", "華為", "營商環境", "市场主体"])
def test_two_character_and_traditional_queries_find_the_sample(sample, query):
    results = search(query)

    assert results, query
    assert all(result.entry.interview == sample for result in results)


def test_results_link_to_the_exact_question(sample):
    urls = {result.url for result in search("华为吉林总部")[:]}

    assert urls == {sample.get_absolute_url() + "#q1"}


def test_all_words_must_match(sample):
    assert len(search("华为 不存在的词")) == 0
    # 华为 is in questions 1, 2 and 4; 金融 only with it in 1 and 4.
    assert sorted(r.entry.question.number for r in search("华为 金融")[:]) == [1, 4]


def test_guests_are_searchable():
    interview = indexed(title="访谈甲")
    make_guest(interview, "李四", "某区区长")
    index_interview(interview)

    assert [r.entry.interview for r in search("李四")[:]] == [interview]


def test_unpublished_interviews_are_not_found():
    indexed(title="草稿访谈", status=Interview.Status.DRAFT, answer="独特词语甲乙丙")
    indexed(title="未来访谈", published_at=timezone.now() + timedelta(days=1), answer="独特词语甲乙丙")

    assert len(search("甲乙丙")) == 0


def test_withdrawing_removes_from_results_without_reindex():
    interview = indexed(answer="独特词语甲乙丙")
    assert search("甲乙丙")

    interview.status = Interview.Status.WITHDRAWN
    interview.save()

    assert len(search("甲乙丙")) == 0


def test_editing_content_and_reindexing_updates_results():
    interview = indexed(answer="旧的说法")
    question = interview.questions.get()
    question.answer = "新的说法"
    question.save()
    index_interview(interview)

    assert len(search("旧的")) == 0
    assert search("新的")


def test_filters_by_series_region_and_year():
    region, series = make_region(name="丙区"), make_series(name="丁系列")
    inside = indexed(region=region, series=series, answer="共同关键词")
    indexed(answer="共同关键词", published_at=timezone.now() - timedelta(days=800))

    assert [r.entry.interview for r in search("关键词", series=series)[:]] == [inside]
    assert [r.entry.interview for r in search("关键词", region=region)[:]] == [inside]
    assert [r.entry.interview for r in search("关键词", year=inside.published_at.year)[:]] == [inside]


def test_passage_with_more_matches_ranks_first():
    few = indexed(title="一次", answer="数字经济。" + "其他内容。" * 30)
    many = indexed(title="多次", answer="数字经济数字经济，数字经济发展。" + "其他内容。" * 5)

    ranked = [r.entry.interview for r in search("数字经济")[:] if r.entry.question]
    assert ranked == [many, few]


def test_search_page_highlights_query_and_links_question(client, sample):
    html = client.get(reverse("interviews:search"), {"q": "華為"}).content.decode()

    assert "<mark>华为</mark>" in html
    assert f'{sample.get_absolute_url()}#q1"' in html


@pytest.mark.parametrize(
    "query", ["", "   ", "！！！", "<script>alert(1)</script>", "a" * 500, "\"' OR 1=1 --", "NEAR(", "*"]
)
def test_empty_or_junk_query_gives_helpful_page(client, sample, query):
    response = client.get(reverse("interviews:search"), {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert "请输入" in html or "没有找到" in html
    assert "<script>alert(1)</script>" not in html


def test_search_box_on_every_page(client, sample):
    for url in ["/", "/interviews/", sample.get_absolute_url(), "/regions/", "/series/"]:
        assert 'role="search"' in client.get(url).content.decode(), url


def test_filter_finds_passages_ranked_below_the_fast_path_cut(monkeypatch):
    monkeypatch.setattr("interviews.search.MAX_HITS", 2)
    elsewhere = make_region(name="戊区")
    for _ in range(3):
        indexed(region=elsewhere, answer="数字经济数字经济数字经济。")
    target = make_region(name="己区")
    wanted = indexed(region=target, answer="数字经济。" + "其他内容。" * 30)

    assert [r.entry.interview for r in search("数字经济", region=target)] == [wanted]


def test_when_more_passages_match_than_are_listed_the_newest_are_ranked(monkeypatch):
    monkeypatch.setattr("interviews.search.MAX_HITS", 2)
    indexed(title="最早", answer="数字经济数字经济数字经济。")
    once = indexed(title="一次", answer="数字经济。" + "其他内容。" * 30)
    twice = indexed(title="两次", answer="数字经济，数字经济。")

    assert [r.entry.interview for r in search("数字经济")] == [twice, once]


def test_older_matches_are_found_behind_newer_passages_that_do_not_match(monkeypatch):
    monkeypatch.setattr("interviews.search.MAX_HITS", 2)
    monkeypatch.setattr("interviews.search.RECENT_PASSAGES", 2)
    older = {indexed(title="旧一"), indexed(title="旧二")}
    indexed(title="新", answer="别的内容。")

    assert {r.entry.interview for r in search("数字经济")} == older


def test_simplified_query_finds_traditional_text():
    indexed(answer="推動數字經濟發展，華為項目落地。")

    assert len(search("华为项目")) == 1
    assert len(search("数字经济")) == 1


@pytest.mark.parametrize("query", ["南关区", "营商环境"])
def test_three_and_four_character_words_match_only_where_they_occur_whole(query):
    whole = indexed(title="甲", answer="南关区优化营商环境。")
    indexed(title="乙", answer="南关的关区改革，营商的环境。")  # every pair of the query, never adjacent

    assert [r.entry.interview for r in search(query)[:]] == [whole]


def test_a_one_character_query_finds_the_character_anywhere():
    found = {indexed(title="甲", answer="南关区优化营商环境。"), indexed(title="乙", answer="城区改革。")}
    indexed(title="丙", answer="乡村振兴。")

    assert {r.entry.interview for r in search("区")[:]} == found


def test_a_snippet_shows_the_answer_where_most_words_match(client, sample):
    html = client.get(reverse("interviews:search"), {"q": "南关区 华为"}).content.decode()

    snippets = re.findall(r'<p class="search-result__snippet">(.*?)</p>', html)
    assert snippets
    assert all("<mark>华为</mark>" in snippet for snippet in snippets)  # not only the first word's window
    questions = {question.text for question in sample.questions.all()}
    assert not any(snippet.startswith(question[:20]) for snippet in snippets for question in questions if question)


def test_renaming_a_person_in_the_admin_finds_their_interviews_under_the_new_name(admin_client):
    interview = indexed(title="区长谈发展")
    make_guest(interview, "张三丰", "区长")
    index_interview(interview)
    person = interview.appearances.get().person

    admin_client.post(reverse("admin:interviews_person_change", args=[person.pk]), {"name": "张四丰", "note": ""})

    assert [result.entry.interview for result in search("张四丰")] == [interview]
    assert not search("张三丰")


@pytest.mark.parametrize("query", ["10万", "１０万", "突破10万", "495.7亿", "超30亿", "第1季度", "gdp增长"])
def test_figures_with_part_of_a_word_around_the_digits_are_found(query):
    interview = indexed(answer="市场主体突破10万户，GDP增长8%，今年第1季度达到495.7亿元，超30亿元的项目开工。")
    indexed(answer="我们大力发展数字经济，增长10个百分点。")

    assert [r.entry.interview for r in search(query)[:]] == [interview]


def test_migration_recuts_passages_indexed_before_numbers_paired_with_han_characters():
    interview = indexed(answer="市场主体突破10万户。")
    SearchEntry.objects.filter(interview=interview).update(terms="突破 10 万户 突 破 万 户")  # the old cut
    assert len(search("10万")) == 0

    import_module("interviews.migrations.0015_recut_search_terms").recut(apps, SimpleNamespace(connection=connection))

    assert [r.entry.interview for r in search("10万")[:]] == [interview]
    assert [r.entry.interview for r in search(interview.title)[:]] == [interview]


def test_a_search_that_stops_at_its_limit_does_not_claim_an_exact_count(client, monkeypatch):
    monkeypatch.setattr("interviews.search.MAX_HITS", 3)
    monkeypatch.setattr("interviews.views.MAX_HITS", 3)
    url = reverse("interviews:search")
    for _ in range(2):
        indexed(answer="我们大力发展数字经济。")
    below = client.get(url, {"q": "数字经济"}).content.decode()
    for _ in range(2):
        indexed(answer="我们大力发展数字经济。")
    capped = client.get(url, {"q": "数字经济"}).content.decode()

    assert "共找到 2 处相关访谈内容" in below
    assert "共找到" not in capped and "相关访谈内容不少于 3 处" in capped


def test_the_two_search_forms_of_the_search_page_have_their_own_names(client):
    # Screen readers list landmarks by name: two unnamed "search" landmarks cannot be told apart.
    html = client.get(reverse("interviews:search"), {"q": "发展"}).content.decode()
    names = re.findall(r'role="search" aria-label="([^"]+)"', html)

    assert html.count('role="search"') == len(names) == len(set(names)) == 2
