from django.db.models import Max
from django.urls import reverse

from interviews.models import Region
from interviews.sitemaps import SiteSitemap

from .freshness import all_files_update, figure_dates, latest_update
from .models import Indicator


class IndicatorSitemap(SiteSitemap):
    """The catalogue, the open data page and every confirmed indicator with a figure visitors can see,
    each with the 开放数据 page's date (``lastmod``): an indicator's that of its files, the catalogue's
    and the page's that of all figures. One query."""

    changefreq = "weekly"

    def items(self):
        indicators = list(Indicator.objects.with_file_dates().order_by("pk"))
        self.all_updated = all_files_update(indicators)
        return ["catalogue", "opendata", *(indicator for indicator in indicators if indicator.records)]

    def location(self, item):
        pages = {"catalogue": "indicators:indicator_list", "opendata": "indicators:opendata"}
        return reverse(pages[item]) if item in pages else item.get_absolute_url()

    def lastmod(self, item):
        return self.all_updated if isinstance(item, str) else item.updated


class DashboardSitemap(SiteSitemap):
    """The figures page of every region with a figure visitors can see, with the latest date of its
    figures as the 开放数据 page dates them (``lastmod``, ``freshness``), and of what the files show of
    every indicator it has figures of, whatever their state (``Indicator.files_changed_at``). One query."""

    changefreq = "weekly"

    def items(self):
        regions = Region.objects.annotate(
            **figure_dates("region"), files_changed_at=Max("observations__indicator__files_changed_at")
        )
        return regions.filter(records__gt=0).order_by("pk")

    def location(self, item):
        return reverse("indicators:dashboard", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return latest_update([item])


sitemaps = {"indicators": IndicatorSitemap, "dashboards": DashboardSitemap}
