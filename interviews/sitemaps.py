from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Interview, Region, Series


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, like the pages' canonical links; on the request's origin without it."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme if settings.SITE_URL else super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc if settings.SITE_URL else super().get_domain(site)


class InterviewSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Interview.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class SeriesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Series.objects.filter(interviews__in=Interview.objects.published()).distinct().order_by("pk")


class RegionSitemap(SiteSitemap):
    """Regions with published interviews, in them or (a city) in their districts, as their pages list them."""

    changefreq = "weekly"

    def items(self):
        return Region.objects.with_public_interviews().order_by("pk")


class StaticSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["interviews:home", "interviews:interview_list", "interviews:series_list", "interviews:region_list"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "static": StaticSitemap,
    "interviews": InterviewSitemap,
    "series": SeriesSitemap,
    "regions": RegionSitemap,
}
