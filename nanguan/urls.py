from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = f"{settings.SITE_NAME} 内容管理"
admin.site.site_title = f"{settings.SITE_NAME} 内容管理"
admin.site.index_title = "管理首页"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("interviews.urls")),
    path("", include("indicators.urls")),
]
