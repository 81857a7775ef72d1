from django.urls import reverse

from interviews.models import Region
from interviews.sitemaps import SiteSitemap

from .models import Indicator, Observation


class IndicatorSitemap(SiteSitemap):
    """The catalogue, the open data page and every confirmed indicator with a figure visitors can see."""

    changefreq = "weekly"

    def items(self):
        public = Observation.objects.public()
        return ["catalogue", "opendata", *Indicator.objects.filter(observations__in=public).distinct().order_by("pk")]

    def location(self, item):
        pages = {"catalogue": "indicators:indicator_list", "opendata": "indicators:opendata"}
        return reverse(pages[item]) if item in pages else item.get_absolute_url()


class DashboardSitemap(SiteSitemap):
    """The figures page of every region with a figure visitors can see."""

    changefreq = "weekly"

    def items(self):
        return Region.objects.filter(observations__in=Observation.objects.public()).distinct().order_by("pk")

    def location(self, item):
        return reverse("indicators:dashboard", kwargs={"slug": item.slug})


sitemaps = {"indicators": IndicatorSitemap, "dashboards": DashboardSitemap}
