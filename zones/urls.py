from django.urls import path

from ftzportal.downloads import list_download_urls
from ftzportal.feeds import list_feed_urls

from . import views
from .lists import INCENTIVES

app_name = "zones"

urlpatterns = [
    path("incentives/", views.IncentiveListView.as_view(), name="incentive-list"),
    *list_download_urls(INCENTIVES),
    *list_feed_urls(INCENTIVES),
    path("incentives/<slug:slug>/", views.IncentiveDetailView.as_view(), name="incentive-detail"),
]
