"""RSS and Atom feeds of published interviews: all, per series, per region."""

import re
import uuid

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Interview, Region, Series

FEED_LENGTH = 30
# C0 control characters other than tab and line ends, which an editor can paste into the admin (Word's
# manual line break is a vertical tab): XML 1.0 cannot carry them, and one would fail the whole feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(text: str) -> str:
    return _CONTROL.sub("", text)


def _items(*conditions, **filters):
    published = Interview.objects.published().select_related("series", "region").prefetch_related("questions")
    return published.filter(*conditions, **filters)[:FEED_LENGTH]


def _on_site(path: str) -> str:
    """``path`` on the canonical origin (SITE_URL); without one, Django puts it on the request's."""
    return settings.SITE_URL + path


class LatestInterviewsFeed(Feed):
    """Links are on SITE_URL like the pages' canonical links (subclasses' ``link`` too, through
    ``get_feed``), so a feed never gives a page a second address."""

    description = "最新发布的领导访谈"

    def title(self, obj=None):
        return f"{settings.SITE_NAME} · 最新访谈"

    def link(self, obj=None):
        return "/interviews/"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        if settings.SITE_URL:
            feed.feed["link"] = feed.feed["id"] = _on_site(self._get_dynamic_attr("link", obj))
            feed.feed["feed_url"] = _on_site(request.path)
        return feed

    def items(self, obj=None):
        return _items()

    def item_link(self, item):
        return _on_site(item.get_absolute_url())

    def item_title(self, item):
        return _xml_text(item.title)

    def item_description(self, item):
        # Feed readers take the description as HTML: the editor's plain text is escaped first.
        return escape(truncatechars(_xml_text(item.description), 200))

    # An item's id must never change: its address does when an editor changes the slug, and feed
    # readers would then show the interview again as new. The creation time keeps two sites apart.
    item_guid_is_permalink = False

    def item_guid(self, item):
        return uuid.uuid5(uuid.NAMESPACE_URL, f"interview:{item.pk}:{item.created_at.isoformat()}").urn

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        names = (item.series and item.series.name, item.region and item.region.name)
        return [_xml_text(name) for name in names if name]


class LatestInterviewsAtomFeed(LatestInterviewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestInterviewsFeed.description


class SeriesFeed(LatestInterviewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def title(self, obj=None):
        return _xml_text(f"{settings.SITE_NAME} · {obj.name}")

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return _items(series=obj)


class SeriesAtomFeed(SeriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestInterviewsFeed.description


class RegionFeed(LatestInterviewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, obj=None):
        return _xml_text(f"{settings.SITE_NAME} · {obj.name}")

    def link(self, obj=None):
        return obj.get_absolute_url()

    def items(self, obj=None):
        return _items(Q(region=obj) | Q(region__parent=obj))


class RegionAtomFeed(RegionFeed):
    feed_type = Atom1Feed
    subtitle = LatestInterviewsFeed.description
