from django.urls import path

from . import feeds, match_views, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("areas/<slug:slug>/factsheet/", views.AreaFactsheetView.as_view(), name="area-factsheet"),
    path("areas/<slug:slug>/factsheet.pdf", views.area_factsheet_pdf, name="area-factsheet-pdf"),
    path("areas/<slug:slug>/feed/rss/", feeds.AREA_FEEDS["rss"], name="area-feed-rss"),
    path("areas/<slug:slug>/feed/atom/", feeds.AREA_FEEDS["atom"], name="area-feed-atom"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("industries/", views.IndustryListView.as_view(), name="industry-list"),
    path("industries/<slug:slug>/", views.IndustryDetailView.as_view(), name="industry-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggestions/", views.search_suggestions, name="search-suggestions"),
    path("match/", match_views.MatchView.as_view(), name="match"),
]
