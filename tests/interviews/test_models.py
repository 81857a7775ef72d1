import pytest
from django.db import IntegrityError

from interviews.models import Question
from interviews.slugs import pinyin_slug
from tests.factories import make_interview, make_question

pytestmark = pytest.mark.django_db


def test_chinese_title_gets_pinyin_slug():
    assert make_interview(title="南关区访谈").slug == "nanguanqufangtan"


def test_same_title_gets_a_distinct_slug():
    first = make_interview(title="南关区")
    second = make_interview(title="南关区")

    assert (first.slug, second.slug) == ("nanguanqu", "nanguanqu-2")


def test_slug_of_punctuation_only_title_is_not_empty():
    assert make_interview(title="！！！").slug == "interview"


def test_pinyin_slug_keeps_words_and_drops_punctuation():
    assert pinyin_slug("【视频】长春·南关区") == "shipin-changchun-nanguanqu"


def test_question_numbers_are_unique_per_interview():
    interview = make_interview()
    make_question(interview, number=1)

    with pytest.raises(IntegrityError):
        Question.objects.create(interview=interview, number=1, text="重复")
