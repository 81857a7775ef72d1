from django.urls import path

from . import feeds, views

app_name = "interviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("interviews/", views.InterviewListView.as_view(), name="interview_list"),
    path("interviews/<slug:slug>/", views.InterviewDetailView.as_view(), name="interview_detail"),
    path("preview/<str:token>/", views.shared_preview, name="preview"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("regions/<slug:slug>/rss/", feeds.RegionFeed(), name="region_feed_rss"),
    path("regions/<slug:slug>/atom/", feeds.RegionAtomFeed(), name="region_feed_atom"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("series/<slug:slug>/rss/", feeds.SeriesFeed(), name="series_feed_rss"),
    path("series/<slug:slug>/atom/", feeds.SeriesAtomFeed(), name="series_feed_atom"),
    path("search/", views.search_view, name="search"),
    path("feeds/rss/", feeds.LatestInterviewsFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.LatestInterviewsAtomFeed(), name="feed_atom"),
]
