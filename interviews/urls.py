from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/", views.InterviewListView.as_view(), name="interview_list"),
    path("interviews/<slug:slug>/", views.InterviewDetailView.as_view(), name="interview_detail"),
    path("preview/<str:token>/", views.shared_preview, name="preview"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
]
