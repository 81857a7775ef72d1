import pytest
from django.urls import reverse

from indicators.models import Indicator
from indicators.search import matching_indicators

pytestmark = pytest.mark.django_db


def names(query):
    return [indicator.name for indicator in matching_indicators(query)]


def test_name_alias_and_traditional_queries_find_seeded_indicators():
    assert "地区生产总值" in names("GDP")
    assert "地区生产总值" in names("地區生產總值")
    assert "市场主体" in names("市场主体数量")  # an alias


def test_unconfirmed_indicators_are_not_found():
    Indicator.objects.create(name="尚未确认的指标", code="unconfirmed-x", unit="个", is_confirmed=False)

    assert names("尚未确认") == []


def test_search_page_lists_matching_indicators_with_links(client):
    html = client.get(reverse("interviews:search"), {"q": "市场主体"}).content.decode()
    market = Indicator.objects.get(name="市场主体")

    assert "相关指标" in html
    assert f'href="{market.get_absolute_url()}"' in html
    assert "没有找到与“市场主体”相关的访谈；上面列出的是名称相符的指标。" in html  # no interview says it


def test_junk_query_lists_no_indicators(client):
    html = client.get(reverse("interviews:search"), {"q": "％％％"}).content.decode()

    assert "相关指标" not in html


def test_a_matching_indicator_without_public_figures_says_so_instead_of_zero(client):
    html = client.get(reverse("interviews:search"), {"q": "地区生产总值增速"}).content.decode()
    growth = Indicator.objects.get(name="地区生产总值增速")

    assert f'href="{growth.get_absolute_url()}"' in html
    assert "（经济发展，暂无已核实数值）" in html
    assert "0 个数值" not in html
