from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("opendata/", views.opendata, name="opendata"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/data.csv", views.all_csv, name="all_csv"),
    path("indicators/data.json", views.all_json, name="all_json"),
    path("indicators/regions/<slug:slug>/", views.region_dashboard, name="dashboard"),
    path("indicators/compare/", views.compare_regions, name="compare"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:code>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("indicators/<slug:code>/data.json", views.indicator_json, name="indicator_json"),
]
