from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from indicators.sitemaps import sitemaps as indicator_sitemaps
from interviews.sitemaps import sitemaps as interview_sitemaps
from interviews.views import robots_txt
from media_library.views import serve_media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {**interview_sitemaps, **indicator_sitemaps}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("", include("interviews.urls")),
    path("", include("indicators.urls")),
]

if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # Local media (MEDIA_ROOT): served with the right headers; a production web server answers first.
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"))
